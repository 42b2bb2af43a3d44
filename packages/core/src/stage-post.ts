import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ActionIO, actionsCoreIO, safeOutputIO } from './action-io.js';
import { resolveSettings } from './config.js';
import { messageOf } from './github/errors.js';
import { formatRepositoryRef } from './repository-ref.js';
import { type RunnerEnv, readRunnerEnv, runKey } from './runner-env.js';
import { commonSettings } from './settings.js';
import { STAGE_DESCRIPTORS } from './stages.js';
import { TELEMETRY_FILE_STATE, telemetryFileName, writeTelemetryFile } from './telemetry/file.js';

export interface StagePostDeps {
  readonly io?: ActionIO;
  readonly env?: NodeJS.ProcessEnv;
  readonly now?: () => Date;
}

/** What a stand-in record says: the stage's step ended without writing its own record. */
export function standInMessage(stageId: string): string {
  return `The ${stageId} step ended without writing telemetry (a crash, a timeout or a missing token).`;
}

export interface StandInFields {
  /** action folder name, e.g. `project-sync` */
  readonly stageId: string;
  /** telemetry component, e.g. `sync` */
  readonly component: string;
  readonly runner: Pick<RunnerEnv, 'runId' | 'runAttempt'>;
  readonly repository: string;
  readonly dryRun: boolean;
  readonly at: Date;
}

/**
 * The schema-valid `error` record of a stage that ended without its own (code `stage_crashed`).
 * The runner writes it ahead, as soon as it knows the telemetry folder, under the stage's
 * telemetry file name, and replaces it with the stage's record when the stage ends; a crash, a
 * kill at the step's timeout or an exit leaves it there, before the job's later steps (the upload
 * of the telemetry folder) run. The post step writes it when the main step never got that far.
 */
export function standInRecord(fields: StandInFields): Record<string, unknown> {
  const message = standInMessage(fields.stageId);
  const at = fields.at.toISOString();
  return {
    schema_version: 1,
    component: fields.component,
    status: 'error',
    run_id: fields.runner.runId,
    run_attempt: fields.runner.runAttempt,
    repository: fields.repository,
    started_at: at,
    finished_at: at,
    dry_run: fields.dryRun,
    summary: message,
    api: { requests: 0, rate_limit_remaining: null },
    changes: { applied: 0, planned: 0, deferred: 0, failed: 0 },
    errors: [{ code: 'stage_crashed', message }],
    warnings: [],
  };
}

/** Whether the telemetry file at `path` is a stand-in record (the stage never replaced it). */
async function isStandIn(path: string): Promise<boolean> {
  try {
    const record = JSON.parse(await readFile(path, 'utf8')) as { errors?: { code?: unknown }[] };
    return Array.isArray(record.errors) && record.errors.some((e) => e?.code === 'stage_crashed');
  } catch {
    return false;
  }
}

/**
 * The post step of every stage action (`runs.post`, `post-if: always()`): the runner starts it at
 * the end of the job even when the main step crashed, timed out or never got a token. When the
 * main step saved no telemetry file (state `telemetry-file`), the step ended without its record:
 * it warns, and writes the stand-in record (see standInRecord) unless one of this run is there
 * already (written ahead by the stage). It never fails: whatever it cannot do, it says.
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
  const message = standInMessage(stageId);
  if (
    await access(existing).then(
      () => true,
      () => false,
    )
  ) {
    if (await isStandIn(existing)) io.warning(message, { title: `Codex ${stageId}` });
    else io.info(`${existing} is there already: no stand-in record for the ${stageId} step.`);
    return { written: undefined };
  }
  const record = standInRecord({
    stageId,
    component: descriptor.component,
    runner,
    repository: values.repository
      ? formatRepositoryRef(values.repository)
      : (runner.repository ?? 'unknown/unknown'),
    dryRun: values.dryRun === true,
    at: (deps.now ?? (() => new Date()))(),
  });
  io.warning(message, { title: `Codex ${stageId}` });
  try {
    return { written: await writeTelemetryFile(dir, descriptor.component, key, record) };
  } catch (error) {
    // A post step that fails would fail the job: the stage's failure is told by the warning above.
    io.warning(`Could not write the stand-in record in ${dir}: ${messageOf(error)}`);
    return { written: undefined };
  }
}
