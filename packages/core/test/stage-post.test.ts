import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingIO } from '@codex-suite/harness/in-process';
import { describe, expect, it } from 'vitest';
import { runStagePost } from '../src/stage-post.js';
import { STAGE_DESCRIPTORS } from '../src/stages.js';
import { validateTelemetry } from '../src/telemetry/validate.js';

const NOW = new Date('2026-03-01T12:00:00Z');

function post(stageId: string, options: { env?: NodeJS.ProcessEnv; inputs?: Record<string, string> } = {}) {
  const runnerTemp = mkdtempSync(join(tmpdir(), 'codex-post-'));
  const env: NodeJS.ProcessEnv = {
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'acme/home',
    RUNNER_TEMP: runnerTemp,
    ...options.env,
  };
  const inputs = { 'telemetry-dir': join(runnerTemp, 'codex-telemetry'), ...options.inputs };
  const recording = recordingIO(inputs, env);
  return {
    dir: inputs['telemetry-dir'],
    recording,
    run: () => runStagePost(stageId, { io: recording.io, env, now: () => NOW }),
  };
}

describe('post step of a stage', () => {
  it('does nothing when the main step saved its telemetry file as state', async () => {
    const p = post('supervisor', { env: { 'STATE_telemetry-file': '/tmp/x/supervisor-4242.json' } });
    expect(await p.run()).toEqual({ written: undefined });
    expect(p.recording.logs).toEqual([]);
  });

  it('writes a schema-valid error record under the telemetry file name when there is no state', async () => {
    for (const { id, component } of STAGE_DESCRIPTORS) {
      const p = post(id, { inputs: { repository: 'acme/widgets' } });
      const { written } = await p.run();
      expect(written, id).toBe(join(p.dir, `${component}-4242.json`));
      const record = JSON.parse(readFileSync(written!, 'utf8'));
      expect(validateTelemetry(record), id).toEqual({ valid: true, errors: [] });
      const message = `The ${id} step ended without writing telemetry (a crash, a timeout or a missing token).`;
      expect(record).toEqual({
        schema_version: 1,
        component,
        status: 'error',
        run_id: '4242',
        run_attempt: 1,
        repository: 'acme/widgets',
        started_at: NOW.toISOString(),
        finished_at: NOW.toISOString(),
        dry_run: false,
        summary: message,
        api: { requests: 0, rate_limit_remaining: null },
        changes: { applied: 0, planned: 0, deferred: 0, failed: 0 },
        errors: [{ code: 'stage_crashed', message }],
        warnings: [],
      });
      expect(p.recording.logs, id).toEqual([{ level: 'warning', message, props: { title: `Codex ${id}` } }]);
    }
  });

  it('names a later attempt in the file, takes dry-run and repository as the stage would', async () => {
    const p = post('project-sync', {
      env: { GITHUB_RUN_ATTEMPT: '2', CODEX_DRY_RUN: 'true' },
    });
    const { written } = await p.run();
    expect(written).toBe(join(p.dir, 'sync-4242-2.json'));
    const record = JSON.parse(readFileSync(written!, 'utf8'));
    expect(record).toMatchObject({ run_attempt: 2, dry_run: true, repository: 'acme/home' });
    // The input wins over the environment, as for the stage.
    const q = post('project-sync', { env: { CODEX_DRY_RUN: 'true' }, inputs: { 'dry-run': 'false' } });
    expect(JSON.parse(readFileSync((await q.run()).written!, 'utf8')).dry_run).toBe(false);
  });

  it('leaves a telemetry file of this run alone: the stage wrote it before it died', async () => {
    const p = post('cleaner');
    await p.run();
    const file = join(p.dir, 'cleaner-4242.json');
    writeFileSync(file, '{"status":"ok"}\n');
    const again = post('cleaner', {
      env: { RUNNER_TEMP: join(p.dir, '..') },
      inputs: { 'telemetry-dir': p.dir },
    });
    expect(await again.run()).toEqual({ written: undefined });
    expect(readFileSync(file, 'utf8')).toBe('{"status":"ok"}\n');
    expect(readdirSync(p.dir)).toEqual(['cleaner-4242.json']);
    expect(again.recording.logs.map((l) => l.level)).toEqual(['info']);
  });

  it('finds the stand-in the stage wrote ahead: warns, leaves the record as it is', async () => {
    const p = post('supervisor');
    const { written } = await p.run();
    const ahead = readFileSync(written!, 'utf8');
    const again = post('supervisor', {
      env: { RUNNER_TEMP: join(p.dir, '..') },
      inputs: { 'telemetry-dir': p.dir },
    });
    expect(await again.run()).toEqual({ written: undefined });
    expect(readFileSync(written!, 'utf8')).toBe(ahead);
    expect(readdirSync(p.dir)).toEqual(['supervisor-4242.json']);
    const message =
      'The supervisor step ended without writing telemetry (a crash, a timeout or a missing token).';
    expect(again.recording.logs).toEqual([
      { level: 'warning', message, props: { title: 'Codex supervisor' } },
    ]);
  });

  it('refuses a stage it does not know', async () => {
    await expect(post('nope').run()).rejects.toThrow(/unknown stage "nope"/);
  });
});
