import { readFileSync } from 'node:fs';
import { dashboardKeys } from '@codex-suite/core/telemetry/schemas/index';
import { DASHBOARD_KEYS, PIPELINE_STAGES, STAGE_DESCRIPTORS } from '@codex-suite/core/stages';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { STAGES } from '../scripts/lib/stages.js';

describe('one stage descriptor (packages/core/src/stages.ts)', () => {
  it('names every stage definition with its action id and telemetry component, in its order', () => {
    expect(STAGES.map((s) => [s.id, s.component])).toEqual(STAGE_DESCRIPTORS.map((d) => [d.id, d.component]));
  });

  it('is the job order of the pipeline workflow', () => {
    const workflow = parse(readFileSync('.github/workflows/codex-pipeline.yml', 'utf8')) as {
      jobs: Record<string, unknown>;
    };
    expect(Object.keys(workflow.jobs)).toEqual(PIPELINE_STAGES.map((d) => d.id));
  });

  it('gives the dashboard its keys', () => {
    expect(dashboardKeys).toEqual({
      'self-test': 'selftest',
      cleaner: 'cleaner',
      sync: 'sync',
      supervisor: 'supervisor',
      activity: 'activity',
      diagnostics: 'diagnostics',
      'codex-review': 'codex_review',
    });
  });

  it('lists every dashboard key once, in the contract order', () => {
    expect(DASHBOARD_KEYS).toEqual([
      'supervisor',
      'cleaner',
      'selftest',
      'sync',
      'activity',
      'diagnostics',
      'codex_review',
    ]);
    expect([...DASHBOARD_KEYS].sort()).toEqual(
      STAGE_DESCRIPTORS.flatMap((d) => (d.dashboardKey ? [d.dashboardKey] : [])).sort(),
    );
  });
});
