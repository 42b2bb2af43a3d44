import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localTelemetryComponents, mergeSources } from '../../scripts/lib/bench/facts.js';
import { evaluateEnvValue, readPipelineEnv } from '../../scripts/lib/bench/pipeline-env.js';

describe('the pipeline workflow env', () => {
  it('evaluates inputs (empty on a schedule), repository variables and literals', () => {
    const vars = { CODEX_PROJECT: 'orgs/acme/projects/1' };
    expect(evaluateEnvValue('${{ inputs.project || vars.CODEX_PROJECT }}', vars)).toBe(
      'orgs/acme/projects/1',
    );
    expect(evaluateEnvValue('${{ vars.CODEX_PUBLISH }}', vars)).toBe('');
    expect(evaluateEnvValue("${{ inputs.dry-run && 'true' || vars.CODEX_DRY_RUN || 'false' }}", vars)).toBe(
      'false',
    );
    expect(evaluateEnvValue('plain', vars)).toBe('plain');
    expect(() => evaluateEnvValue('${{ github.token }}', vars)).toThrow(/cannot evaluate/);
  });

  it('reads codex-pipeline.yml: dry-run off, variables through, the rest empty', () => {
    const env = readPipelineEnv(process.cwd(), { CODEX_MAIN_MILESTONE: 'Codex Main', CODEX_MAX_WRITES: '9' });
    expect(env.CODEX_DRY_RUN).toBe('false');
    expect(env.CODEX_MAIN_MILESTONE).toBe('Codex Main');
    expect(env.CODEX_MAX_WRITES).toBe('9');
    expect(env.CODEX_PUBLISH).toBe('');
  });
});

describe('telemetry-merge sources', () => {
  it('counts the components of a local folder and those only the branch has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-local-'));
    for (const name of ['self-test-1003.json', 'sync-1003.json', 'activity-1003-2.json', 'notes.txt'])
      writeFileSync(join(dir, name), '{}');
    const local = localTelemetryComponents(dir);
    expect(local).toEqual(new Set(['self-test', 'sync', 'activity']));
    expect(localTelemetryComponents(join(dir, 'missing')).size).toBe(0);
    const branch = [
      'telemetry/sync-900.json',
      'telemetry/supervisor-901.json',
      'telemetry/telemetry-merge-2.json',
    ];
    expect(mergeSources(branch, local, ['self-test', 'sync', 'supervisor', 'codex-review'])).toEqual({
      localComponents: 2,
      branchOnlyComponents: 1,
    });
  });
});
