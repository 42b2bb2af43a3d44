import { describe, expect, it } from 'vitest';
import { concurrentPagesWriters, overlappingPipelines } from '../../scripts/lib/reliability/concurrency.js';
import { PIPELINE_RUN } from '../../scripts/lib/stages.js';

describe('concurrency', () => {
  it('eight writers to the pages branch at once: no telemetry file lost', async () => {
    const result = await concurrentPagesWriters(8);
    expect(result.filesLanded).toBe(8);
    expect(result.retries).toBeGreaterThan(0);
  });

  it('two overlapping pipeline runs: every telemetry file lands, dashboard valid, no contradictory repairs', async () => {
    const result = await overlappingPipelines(PIPELINE_RUN);
    expect(result.violations).toEqual([]);
    expect(result.unrepaired).toEqual([]);
    expect(result.telemetryLanded).toBe(result.telemetryExpected);
    expect(result.dashboardValid).toBe(true);
  });
});
