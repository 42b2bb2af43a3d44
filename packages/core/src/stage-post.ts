import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { type ActionIO, actionsCoreIO, safeOutputIO } from './action-io.js';
import { resolveSettings } from './config.js';
import { messageOf } from './github/errors.js';
import { formatRepositoryRef } from './repository-ref.js';
import { readRunnerEnv, runKey } from './runner-env.js';
import { commonSettings } from './settings.js';
import { STAGE_DESCRIPTORS } from './stages.js';
import { TELEMETRY_FILE_STATE, telemetryFileName, writeTelemetryFile } from './telemetry/file.js';

export interface StagePostDeps {
  readonly io?: ActionIO;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/**
 * The post step of every stage action (`runs.post`, `post-if: always()`): the runner starts it at
 * the end of the job even when the main step crashed, timed out or never got a token. When the
 * main step saved no telemetry file (state `telemetry-file`) and none of this run is there, it
 * writes a schema-valid `error` record under the stage's telemetry file name, so the failure is
 * seen, and a warning. It never fails: whatever it cannot do, it says.
 */
export async function runStagePost(stageId: string, deps: StagePostDeps = {}): Promise<{ written?: string }> {
  const descriptor = STAGE_DESCRIPTORS.find((d) => d.id === stageId);
  if (!descriptor) throw new Error(`unknown stage "${stageId}"`);
  const env = deps.env ?? process.env;
  const io = safeOutputIO(deps.io ?? actionsCoreIO(env));
  if (env[`STATE_${TELEMETRY_FILE_STATE}`]) return { written: undefined };

  const runner = readRunnerEnv((name) => env[name]);
  const key = runKey(runner);
  // The settings this record needs, from the sources the stage reads them from (input > env > default).
  const { values } = resolveSettings(
    {
      repository: commonSettings.repository,
      dryRun: commonSettings.dryRun,
      telemetryDir: commonSettings.telemetryDir,
    },
    { input: (name) => io.getInput(name), env: (name) => env[name] },
  );
  const dir = values.telemetryDir ?? `${runner.runnerTemp}/codex-telemetry`;
  const existing = join(dir, telemetryFileName(descriptor.component, key));
  if (
    await access(existing).then(
      () => true,
      () => false,
    )
  ) {
    io.info(`${existing} is there already: no stand-in record for the ${stageId} step.`);
    return { written: undefined };
  }
  const now = (deps.now ?? (() => new Date()))().toISOString();
  const message = `The ${stageId} step ended without writing telemetry (a crash, a timeout or a missing token).`;
  const record = {
    schema_version: 1,
    component: descriptor.component,
    status: 'error',
    run_id: runner.runId,
    run_attempt: runner.runAttempt,
    repository: values.repository
      ? formatRepositoryRef(values.repository)
      : (runner.repository ?? 'unknown/unknown'),
    started_at: now,
    finished_at: now,
    dry_run: values.dryRun === true,
    summary: message,
    api: { requests: 0, rate_limit_remaining: null },
    changes: { applied: 0, planned: 0, deferred: 0, failed: 0 },
    errors: [{ code: 'stage_crashed', message }],
    warnings: [],
  };
  io.warning(message, { title: `Codex ${stageId}` });
  try {
    return { written: await writeTelemetryFile(dir, descriptor.component, key, record) };
  } catch (error) {
    // A post step that fails would fail the job: the stage's failure is told by the warning above.
    io.warning(`Could not write the stand-in record in ${dir}: ${messageOf(error)}`);
    return { written: undefined };
  }
}
