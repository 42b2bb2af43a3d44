import { describe, expect, it } from 'vitest';
import { FAULT_CASES } from '../../scripts/lib/reliability/faults.js';
import { RELIABILITY_TOKEN } from '../../scripts/lib/reliability/fixture.js';
import { cellHolds, runFaultCell } from '../../scripts/lib/reliability/matrix.js';
import { PIPELINE_DEFINITIONS } from '../../scripts/lib/stages.js';

const stages = PIPELINE_DEFINITIONS;

/**
 * Stages whose result is a list of checks: a read that keeps failing is a failed check (degraded,
 * check_failed) and the other checks still run, where any other stage stops with an error.
 */
const CHECKING = new Set(['self-test', 'diagnostics']);
/**
 * Stages that make the faulted write on the reliability fixture (telemetry-merge's is its GraphQL
 * commit). Diagnostics finds every label in place (no POST) and supervisor writes nothing there,
 * so a fault on their write route never fires: the cell only shows nothing else breaks.
 */
const WRITES_ON_FIXTURE = new Set(['self-test', 'cleaner', 'project-sync', 'activity', 'telemetry-merge']);

/** Stages that commit to the pages branch on the fixture (GraphQL createCommitOnBranch). */
const COMMITS_ON_FIXTURE = new Set(['self-test', 'cleaner', 'telemetry-merge']);

interface Expected {
  status: 'ok' | 'degraded' | 'error';
  /** error codes the telemetry must contain (an ok run has none) */
  codes: string[];
  /** whether the injected fault answers at least one request */
  fires: boolean;
}

/** What each stage reports under each fault, and why. */
function expected(stage: string, fault: string): Expected {
  const checking = CHECKING.has(stage);
  switch (fault) {
    case 'http-503-persistent':
      return checking
        ? { status: 'degraded', codes: ['check_failed'], fires: true }
        : { status: 'error', codes: ['github_unavailable'], fires: true };
    case 'malformed-json':
    case 'truncated-json':
      // One bad 200 is not retried (it is not a transient status): the read fails once.
      return checking
        ? { status: 'degraded', codes: ['check_failed'], fires: true }
        : { status: 'error', codes: ['internal'], fires: true };
    case 'primary-far':
      // Contract: a rate limit too long to wait out stops the stage cleanly as degraded.
      return { status: 'degraded', codes: ['rate_limited'], fires: false };
    case 'primary-near':
      // Reset in 2 s: the client waits and carries on.
      return { status: 'ok', codes: [], fires: false };
    case 'gone-404':
    case 'gone-410': {
      // The issue vanished between list and update: that one is skipped and reported.
      const writes = WRITES_ON_FIXTURE.has(stage);
      const code = fault === 'gone-404' ? 'not_found' : 'gone';
      return writes
        ? { status: 'degraded', codes: [code], fires: true }
        : { status: 'ok', codes: [], fires: false };
    }
    case 'secondary-403':
    case 'secondary-429':
      // Retry-after 1 s is waited out.
      return { status: 'ok', codes: [], fires: WRITES_ON_FIXTURE.has(stage) };
    case 'head-moved':
      // The commit is rebuilt on the moved head and retried; only the stages that commit to the
      // pages branch on the fixture meet it.
      return { status: 'ok', codes: [], fires: COMMITS_ON_FIXTURE.has(stage) };
    default:
      // Transient read faults (500, 502, 503 twice, resets, slow answers) are retried away.
      return { status: 'ok', codes: [], fires: true };
  }
}

describe.each(stages.map((s) => [s.id, s] as const))('fault matrix: %s', (_id, stage) => {
  it.each(FAULT_CASES.map((f) => [f.id, f] as const))(
    '%s: exit 0, valid telemetry, the expected status, nothing harmed, converges',
    async (_f, fault) => {
      const cell = await runFaultCell('in-process', stage, fault);
      const want = expected(stage.id, fault.id);
      expect(cell.violations).toEqual([]);
      expect(cell.exitCode).toBe(0);
      expect(cell.telemetryValid).toBe(true);
      expect(cell.faulted > 0, 'the fault answered a request').toBe(want.fires);
      expect(cell.status, cell.errorCodes.join(', ')).toBe(want.status);
      if (want.status === 'ok') expect(cell.errorCodes).toEqual([]);
      else expect(cell.errorCodes).toEqual(expect.arrayContaining(want.codes));
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
  it.each([...COMMITS_ON_FIXTURE])(
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
