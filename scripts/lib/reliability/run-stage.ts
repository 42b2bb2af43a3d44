import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Emulator } from '@codex-suite/emulator/server';
import { runAction } from '@codex-suite/harness/run-action';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import type { StageDefinition } from '@codex-suite/core/stage';
import { RELIABILITY_ENV, RELIABILITY_REPO, RELIABILITY_TOKEN } from './fixture.js';

export type RunMode = 'in-process' | 'bundle';

/** What one stage run left behind, whichever way it ran. */
export interface StageRun {
  readonly exitCode: number | null;
  readonly status: string;
  readonly telemetry: Record<string, unknown> | null;
  readonly outputs: Record<string, string>;
  /** every text the run produced: logs, outputs, summary, telemetry */
  readonly captured: string;
}

const root = join(import.meta.dirname, '..', '..', '..');

export async function runStageOnce(
  mode: RunMode,
  stage: StageDefinition<any, any>,
  emulator: Emulator,
  options: { runId: string; env?: Record<string, string>; inputs?: Record<string, string> },
): Promise<StageRun> {
  const env = { ...RELIABILITY_ENV, ...options.env };
  const inputs = { publish: 'gh-pages', ...options.inputs };
  if (mode === 'in-process') {
    const run = await runStageInProcess(stage, {
      apiUrl: emulator.url,
      token: RELIABILITY_TOKEN,
      repository: RELIABILITY_REPO,
      runId: options.runId,
      env,
      inputs,
    });
    const telemetryText = run.telemetryFile ? await readFile(run.telemetryFile, 'utf8').catch(() => '') : '';
    return {
      exitCode: run.exitCode,
      status: run.status,
      telemetry: telemetryText ? JSON.parse(telemetryText) : null,
      outputs: run.outputs,
      captured: [JSON.stringify(run.logs), JSON.stringify(run.outputs), run.summary, telemetryText].join(
        '\n',
      ),
    };
  }
  const result = await runAction({
    actionDir: join(root, 'actions', stage.id),
    inputs: { ...inputs, 'write-interval-ms': '0' },
    env,
    github: {
      api_url: emulator.url,
      token: RELIABILITY_TOKEN,
      repository: RELIABILITY_REPO,
      run_id: options.runId,
    },
    timeoutMs: 120_000,
  });
  const file = result.outputs['telemetry-file'];
  const telemetryText = file ? await readFile(file, 'utf8').catch(() => '') : '';
  return {
    exitCode: result.exitCode,
    status: result.outputs.status ?? 'missing',
    telemetry: telemetryText ? JSON.parse(telemetryText) : null,
    outputs: result.outputs,
    // The raw process output: the runner masks registered secrets, but the suite must not rely on it.
    captured: [
      result.stdout.replace(/^::add-mask::.*$/gm, ''),
      result.stderr,
      JSON.stringify(result.outputs),
      result.summary,
      telemetryText,
    ].join('\n'),
  };
}
