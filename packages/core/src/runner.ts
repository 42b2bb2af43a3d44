import { readFile } from 'node:fs/promises';
import { type ActionIO, actionsCoreIO, redact, redactable, redactingIO, safeOutputIO } from './action-io.js';
import { describeSetting, type Resolution, resolveSettings } from './config.js';
import { type ReadOnlyGitHub, WRITES_GO_THROUGH_THE_GUARD } from './github/read-only.js';
import { loadGitHubClient } from './github/load-client.js';
import {
  isRateLimitError,
  RateLimitStop,
  type StageError,
  messageOf,
  toStageError,
} from './github/errors.js';
import { visibleControls } from './log-safe.js';
import { GitPagesStore } from './pages/git-store.js';
import { ledgerFilesFor } from './ledger/entries.js';
import { addFile, type PagesStore, readOnlyPages } from './pages/store.js';
import { formatRepositoryRef, type RepositoryRef } from './repository-ref.js';
import { type RunnerEnv, readRunnerEnv, runKey } from './runner-env.js';
import { settingRuleErrors } from './setting-rules.js';
import { standInRecord } from './stage-post.js';
import { type SettingDefs, commonSettings } from './settings.js';
import type { StageContext, StageDefinition, StageOutcome, StageSettings, StageStatus } from './stage.js';
import {
  TELEMETRY_FILE_STATE,
  telemetryBranchPath,
  writeTelemetryFile,
  writeTelemetryText,
} from './telemetry/file.js';
import { jsonPieces, recordPieces } from './telemetry/record-text.js';
import { NO_TOKEN_MESSAGE, NO_TOKEN_OUTPUTS } from './token-gate.js';
import { validateAgainst, validateTelemetry } from './telemetry/validate.js';
import { renderStageSummary } from './stage-summary.js';
import { type ChangeRecord, WriteGuard } from './write-guard.js';

export interface RunnerDeps {
  readonly io?: ActionIO;
  readonly env?: NodeJS.ProcessEnv;
  /** replaces the HTTP transport of the GitHub client */
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /**
   * replaces the pages store (tests, the preview); given the run's read client to read the branch
   * with. Only the write guard commits through it; the stage is given a read-only face.
   */
  readonly pages?: (ctx: {
    repository: string;
    repo: RepositoryRef;
    branch: string;
    github: ReadOnlyGitHub;
  }) => PagesStore;
}

export interface StageRunResult {
  readonly exitCode: number;
  readonly status: StageStatus;
  readonly telemetryFile: string | undefined;
  readonly telemetry: Record<string, unknown> | undefined;
  /** every change the stage meant to make, with what became of it (planned in a dry run) */
  readonly changes: readonly ChangeRecord[];
}

/**
 * Runs one stage under the contract's failure rules: it never fails its job because of GitHub,
 * bad data or its own bug. Everything is caught into `{ code, message }`, telemetry is written
 * whatever happens, and the exit code is non-zero only for a missing token or, with
 * `fail-on-error`, a status of `error`.
 */
export async function runStage<D extends SettingDefs, T extends object>(
  stage: StageDefinition<D, T>,
  deps: RunnerDeps = {},
): Promise<StageRunResult> {
  const env = deps.env ?? process.env;
  const secrets: string[] = [];
  // Untrusted text never reaches the log as a command, nor the summary unescaped or oversized.
  const rawIO = safeOutputIO(deps.io ?? actionsCoreIO(env));
  // Every value a stage registers as secret is also scrubbed from what the runner writes.
  const io = redactingIO(
    {
      ...rawIO,
      setSecret: (value) => {
        if (value && !secrets.includes(value)) secrets.push(value);
        rawIO.setSecret(value);
      },
    },
    () => secrets,
  );
  const now = deps.now ?? (() => new Date());
  const startedAt = now();
  const runner = readRunnerEnv((name) => env[name]);
  const key = runKey(runner);

  // The token comes first: without one nothing may reach GitHub.
  const token = io.getInput(commonSettings.githubToken.input).trim();
  if (!token) {
    // What a bundle's entry reports itself, before loading this library (token-gate.ts).
    io.setFailed(NO_TOKEN_MESSAGE);
    for (const [name, value] of Object.entries(NO_TOKEN_OUTPUTS)) io.setOutput(name, value);
    return { exitCode: 1, status: 'error', telemetryFile: undefined, telemetry: undefined, changes: [] };
  }
  io.setSecret(token);

  const defs = { ...commonSettings, ...stage.settings } as typeof commonSettings & D;
  const resolution = resolveSettings(defs, { input: (n) => io.getInput(n), env: (n) => env[n] });
  logSettings(io, resolution);
  const settings = resolution.values as StageSettings<D>;
  const failOnError = settings.failOnError === true;
  const dryRun = settings.dryRun === true;
  const telemetryDir = settings.telemetryDir ?? `${runner.runnerTemp}/codex-telemetry`;
  const repository = settings.repository
    ? formatRepositoryRef(settings.repository)
    : (runner.repository ?? 'unknown/unknown');
  // Write-ahead: until the stage's own record replaces it (same file, atomically), a stand-in
  // `error` record says the step ended without telemetry, whatever ends it (a crash, the step's
  // timeout): it is there for the job's later steps, the upload of this folder among them.
  try {
    await writeTelemetryFile(
      telemetryDir,
      stage.component,
      key,
      standInRecord({
        stageId: stage.id,
        component: stage.component,
        runner,
        repository,
        dryRun,
        at: startedAt,
      }),
    );
  } catch (error) {
    io.warning(`Could not write the stand-in record in ${telemetryDir}: ${messageOf(error)}`);
  }
  const errors: StageError[] = resolution.errors.map((e) => ({ code: 'invalid_config', message: e.message }));
  if (!settings.repository) {
    errors.push({
      code: 'invalid_config',
      message: 'No repository: set the input "repository" (owner/name).',
    });
  }
  // Rules across settings (one table, shared with diagnostics) count as invalid values.
  if (errors.length === 0) {
    const broken = [...settingRuleErrors(defs, settings), ...(stage.validate?.(settings) ?? [])];
    for (const message of broken) errors.push({ code: 'invalid_config', message });
  }

  const { createGitHubClient } = await loadGitHubClient();
  const client = createGitHubClient({
    token,
    baseUrl: runner.apiUrl,
    maxRateLimitWaitSeconds: settings.maxRateLimitWait,
    writeIntervalMs: settings.writeIntervalMs,
    retryBaseMs: settings.retryBaseMs,
    timeoutMs: settings.requestTimeoutMs,
    log: (m) => io.info(m),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
  });
  let status: StageStatus;
  let outcome: StageOutcome<T> | undefined;
  const reported: StageError[] = [];

  // One store for the stage and for publishing its telemetry: it remembers what it has read.
  const pages: PagesStore | undefined =
    errors.length > 0
      ? undefined
      : (deps.pages?.({
          repository,
          repo: settings.repository!,
          branch: settings.pagesBranch,
          github: client.reader,
        }) ??
        new GitPagesStore(
          { reads: client.reader, writes: client.octokit },
          settings.repository!,
          settings.pagesBranch,
          {
            log: (m) => io.info(m),
            defaultBranch: await eventDefaultBranch(runner, repository),
          },
        ));
  // The guard alone holds what writes: the client's writer and the store that commits.
  const writes = new WriteGuard({
    dryRun,
    maxWrites: settings.maxWrites,
    log: (m) => io.info(m),
    github: client.octokit,
    ...(pages ? { pages } : {}),
  });

  if (errors.length > 0 || !pages) {
    status = 'error';
    for (const e of errors) io.error(e.message, { title: 'Invalid configuration' });
  } else {
    const repo = settings.repository!;
    const ctx: StageContext<D> = {
      settings,
      repo,
      repository,
      github: client.reader,
      writes,
      pages: readOnlyPages(pages, WRITES_GO_THROUGH_THE_GUARD),
      runner,
      runKey: key,
      io,
      settingWarnings: resolution.warnings,
      now,
      report: (error) => reported.push(error),
      event: () => readEvent(runner),
    };
    try {
      outcome = await stage.run(ctx);
      const hadProblems = reported.length > 0 || writes.count('failed') > 0 || writes.count('deferred') > 0;
      status = outcome.status ?? (hadProblems ? 'degraded' : 'ok');
    } catch (error) {
      const stageError =
        error instanceof RateLimitStop ? { code: error.code, message: error.message } : toStageError(error);
      reported.push(stageError);
      // Contract: a rate limit too long to wait out stops the stage cleanly as degraded.
      status = isRateLimitError(error) || writes.count('applied') > 0 ? 'degraded' : 'error';
      io.error(`${stage.name} stopped: ${stageError.message}`);
    }
  }

  const allErrors = dedupeErrors([...errors, ...reported, ...writes.failures()]);
  // One line, whatever an error message quoted: it is an output, a telemetry field and a log line.
  const summary = visibleControls(
    outcome?.summary ??
      (status === 'error'
        ? `${stage.name} failed: ${allErrors[0]?.message ?? 'unknown error'}`
        : `${stage.name}: ${status}`),
  );

  const record: Record<string, unknown> = {
    schema_version: 1,
    component: stage.component,
    status,
    run_id: runner.runId,
    run_attempt: runner.runAttempt,
    repository,
    started_at: startedAt.toISOString(),
    finished_at: now().toISOString(),
    dry_run: dryRun,
    summary,
    api: client.meter.snapshot(),
    changes: writes.stats(),
    errors: allErrors,
    warnings: [...resolution.warnings],
    ...(stage.emptyTelemetry ?? {}),
    ...(outcome?.telemetry ?? {}),
  };

  const validation = stage.telemetrySchema
    ? validateAgainst(stage.telemetrySchema, record)
    : validateTelemetry(record);
  if (!validation.valid) {
    (record.errors as StageError[]).push({
      code: 'telemetry_schema',
      message: `Telemetry does not match its schema: ${validation.errors.slice(0, 5).join('; ')}`,
    });
    io.warning(`Telemetry of ${stage.component} does not match its schema: ${validation.errors.join('; ')}`);
  }

  if (settings.publish === 'gh-pages' && pages) {
    const published = await writes.publishRecord(async ({ pages }) => {
      const path = telemetryBranchPath(stage.component, key);
      const text = serialize(record, secrets);
      await addFile(pages, path, text, `telemetry: ${stage.component} run ${key}`);
      io.info(`Published ${path} to ${settings.pagesBranch}.`);
      // After the file: an entry without its file proves nothing, a file without one is only orphaned.
      await recordInLedger(pages, path, text, record);
    });
    if (published.outcome === 'failed') {
      const publishError = {
        code: 'publish_failed',
        message: `Could not publish telemetry: ${messageOf(published.error)}`,
      };
      (record.errors as StageError[]).push(publishError);
      if (record.status === 'ok') record.status = 'degraded';
      io.warning(publishError.message);
    }
  }
  status = record.status as StageStatus;

  // From here on only the scrubbed record exists: what is written, returned and summarised. It is
  // made a field at a time, each field of the stage's own record let go once its text is made, and
  // kept as text: the file is written from those pieces, and the record returned parses a field
  // only when it is read. A record with a list per open issue (activity) is never held twice,
  // never parsed back and never joined into one string.
  // A long list is made a slice of entries at a time, each redacted alone: its pieces meet only at
  // its '[', its ']' and the comma that starts every slice after the first, so a secret can span
  // two pieces only if it has one of those, and then the field is joined first.
  const whole = secrets.some((secret) => redactable(secret) && /[,[\]]/.test(secret));
  const fields: [string, string[]][] = [];
  for (const key of Object.keys(record)) {
    const pieces = jsonPieces(record[key]);
    delete record[key];
    if (pieces !== undefined)
      fields.push([
        JSON.parse(redact(JSON.stringify(key), secrets)) as string,
        (whole && pieces.length > 1 ? [pieces.join('')] : pieces).map((piece) => redact(piece, secrets)),
      ]);
  }
  // On the stage's outcome itself, not a copy: the promise it came in still points at it (a frozen
  // outcome is left as it is).
  if (outcome) Reflect.set(outcome, 'telemetry', undefined);
  const finalRecord = lazyRecord(fields);
  let telemetryFile: string | undefined;
  try {
    telemetryFile = await writeTelemetryText(telemetryDir, stage.component, key, recordPieces(fields));
  } catch (error) {
    io.error(`Could not write the telemetry file in ${telemetryDir}: ${messageOf(error)}`);
  }

  // The post step writes a stand-in record unless this state says the stage wrote its own.
  if (telemetryFile) io.saveState(TELEMETRY_FILE_STATE, telemetryFile);
  io.setOutput('status', status);
  io.setOutput('telemetry-file', telemetryFile ?? '');
  io.setOutput('summary', summary);
  for (const [name, value] of Object.entries(outcome?.outputs ?? {})) io.setOutput(name, value);
  try {
    await io.appendSummary(
      renderStageSummary({
        stage,
        status,
        summary,
        report: outcome?.report,
        errors: finalRecord.errors as StageError[],
        record: finalRecord,
        resolution,
      }),
    );
  } catch (error) {
    io.warning(`Could not write the job summary: ${messageOf(error)}`);
  }
  // The guard logs only the first changes one by one; the counts of all of them close the log.
  if (writes.records.length > 0) io.info(writes.summaryLine());
  io.info(`${stage.name}: ${status} — ${summary}`);

  const exitCode = failOnError && status === 'error' ? 1 : 0;
  if (exitCode !== 0)
    io.setFailed(`${stage.name} ended with status error (${commonSettings.failOnError.input} is set).`);
  return { exitCode, status, telemetryFile, telemetry: finalRecord, changes: writes.records };
}

/** The ledger entries of a published telemetry file (and of what its run made), in one write. */
async function recordInLedger(
  pages: PagesStore,
  path: string,
  text: string,
  record: Record<string, unknown>,
) {
  const files = ledgerFilesFor(path, text, record);
  const paths = Object.keys(files);
  const message = `ledger: ${path}`;
  if (paths.length === 1) await addFile(pages, paths[0]!, files[paths[0]!]!, message);
  else if (paths.length > 1) await pages.commit(files, message);
}

function logSettings(io: ActionIO, resolution: Resolution<SettingDefs>): void {
  for (const entry of resolution.entries) {
    io.info(`setting ${describeSetting(entry.def)} = ${entry.display} (${entry.source})`);
  }
  for (const warning of resolution.warnings) io.warning(warning, { title: 'Setting not configured' });
}

async function readEvent(runner: RunnerEnv): Promise<Record<string, unknown>> {
  if (!runner.eventPath) return {};
  let text: string;
  try {
    text = await readFile(runner.eventPath, 'utf8');
  } catch {
    return {};
  }
  try {
    const payload = JSON.parse(text) as unknown;
    if (payload && typeof payload === 'object' && !Array.isArray(payload))
      return payload as Record<string, unknown>;
  } catch {
    // fall through to the clear error below
  }
  throw Object.assign(new Error(`The event payload at ${runner.eventPath} is not a JSON object.`), {
    code: 'malformed_event',
  });
}

/**
 * The default branch of `repository` as the workflow's event payload names it (most events carry
 * `repository`), or undefined when the payload is about another repository or says nothing.
 */
async function eventDefaultBranch(runner: RunnerEnv, repository: string): Promise<string | undefined> {
  let payload: Record<string, unknown>;
  try {
    payload = await readEvent(runner);
  } catch {
    return undefined;
  }
  const repo = payload.repository as { full_name?: unknown; default_branch?: unknown } | undefined;
  if (typeof repo?.full_name !== 'string' || typeof repo.default_branch !== 'string') return undefined;
  return repo.full_name.toLowerCase() === repository.toLowerCase() && repo.default_branch !== ''
    ? repo.default_branch
    : undefined;
}

function serialize(record: unknown, secrets: readonly string[]): string {
  return redact(JSON.stringify(record), secrets);
}

/**
 * A record whose fields are kept as their JSON text and parsed when first read (then kept):
 * the runner reads a few small fields (errors, api, changes), a caller of `runStage` may read
 * them all.
 */
function lazyRecord(
  fields: readonly (readonly [key: string, json: readonly string[]])[],
): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const [key, json] of fields) {
    Object.defineProperty(record, key, {
      enumerable: true,
      configurable: true,
      get() {
        const value = JSON.parse(json.length === 1 ? json[0]! : json.join('')) as unknown;
        Object.defineProperty(record, key, { value, enumerable: true, configurable: true, writable: true });
        return value;
      },
      set(value: unknown) {
        Object.defineProperty(record, key, { value, enumerable: true, configurable: true, writable: true });
      },
    });
  }
  return record;
}

function dedupeErrors(errors: readonly StageError[]): StageError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.code}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
