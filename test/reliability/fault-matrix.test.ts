import { describe, expect, it } from 'vitest';
import { FAULT_CASES } from '../../scripts/lib/reliability/faults.js';
import { RELIABILITY_TOKEN } from '../../scripts/lib/reliability/fixture.js';
import { cellHolds, runFaultCell } from '../../scripts/lib/reliability/matrix.js';
import { STAGES } from '../../scripts/lib/stages.js';

const stages = STAGES.filter((s) => s.id !== 'codex-review');

describe.each(stages.map((s) => [s.id, s] as const))('fault matrix: %s', (_id, stage) => {
  it.each(FAULT_CASES.map((f) => [f.id, f] as const))(
    '%s: exit 0, valid telemetry, nothing harmed, converges',
    async (_f, fault) => {
      const cell = await runFaultCell('in-process', stage, fault);
      expect(cell.violations).toEqual([]);
      expect(cell.exitCode).toBe(0);
      expect(cell.telemetryValid).toBe(true);
      expect(['ok', 'degraded', 'error', 'skipped']).toContain(cell.status);
      if (cell.status === 'degraded' || cell.status === 'error')
        expect(cell.errorCodes.length).toBeGreaterThan(0);
      if (fault.id === 'primary-far') {
        // Contract: a rate limit too long to wait out stops the stage cleanly as degraded.
        expect(cell.status).toBe('degraded');
        expect(cell.errorCodes).toContain('rate_limited');
      }
      expect(cell.notes).toEqual([]);
      expect(cell.convergedStatus).toBe('ok');
      expect(cellHolds(cell)).toBe(true);
      expect(cell.captured).not.toContain(RELIABILITY_TOKEN);
    },
  );
});

describe('fault matrix: the commit path', () => {
  const headMoved = FAULT_CASES.find((f) => f.id === 'head-moved')!;
  // The stages that commit to the pages branch in the fixture: their commit meets a moved head
  // (STALE_DATA) and is rebuilt on it, keeping the other writer's file.
  it.each(['self-test', 'cleaner', 'telemetry-merge'])(
    '%s: head-moved reaches the GraphQL commit and the retry lands',
    async (id) => {
      const cell = await runFaultCell('in-process', stages.find((s) => s.id === id)!, headMoved);
      expect(cell.faulted).toBe(1);
      expect(cell.status).toBe('ok');
      expect(cell.errorCodes).toEqual([]);
    },
  );

  it('telemetry-merge: a secondary limit on its write meets the GraphQL commit and is waited out', async () => {
    const fault = FAULT_CASES.find((f) => f.id === 'secondary-403')!;
    const cell = await runFaultCell('in-process', stages.find((s) => s.id === 'telemetry-merge')!, fault);
    expect(cell.faulted).toBe(1);
    expect(cell.status).toBe('ok');
  });
});
