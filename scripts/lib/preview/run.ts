import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { GitPagesStore } from '@codex-suite/core/pages/git-store';
import { runStage } from '@codex-suite/core/runner';
import type { StageDefinition, StageStatus } from '@codex-suite/core/stage';
import type { ChangeRecord } from '@codex-suite/core/write-guard';
import { recordingIO } from '@codex-suite/harness/in-process';
import { PreviewPagesStore } from './pages.js';
import { readOnlyFetch } from './read-only.js';
import { serverUrlOf } from './token.js';

export interface PreviewOptions {
  /** `owner/name` */
  readonly repository: string;
  readonly token: string;
  readonly apiUrl: string;
  /** in the order they run */
  readonly stages: readonly StageDefinition<any, any>[];
  readonly outDir: string;
  /** where CODEX_* settings are read from (the maintainer's shell) */
  readonly env: NodeJS.ProcessEnv;
  readonly fetch?: typeof fetch;
  readonly now?: () => Date;
  /** called as each stage finishes */
  readonly progress?: (stage: StagePreview) => void;
}

export interface StagePreview {
  readonly id: string;
  readonly status: StageStatus;
  readonly summary: string;
  /** what the stage would change, from its write guard */
  readonly changes: readonly ChangeRecord[];
  readonly telemetryFile: string | undefined;
  readonly logFile: string;
}

export interface PreviewResult {
  readonly stages: readonly StagePreview[];
  /** the dashboard page telemetry-merge would publish, written locally; undefined when it did not run */
  readonly dashboard: string | undefined;
  /** write requests the transport refused: always empty unless a stage went around its write guard */
  readonly refused: readonly string[];
  readonly reportFile: string;
}

/** Inputs no preview can be talked out of: dry run, nothing published, telemetry kept in the folder. */
function forcedInputs(options: PreviewOptions, telemetryDir: string): Record<string, string> {
  return {
    'github-token': options.token,
    repository: options.repository,
    'dry-run': 'true',
    publish: 'none',
    'telemetry-dir': telemetryDir,
    // diagnostics: show what the bootstrap (repair) would create
    repair: 'true',
    // telemetry-merge: merge what the stages of this preview just wrote
    'telemetry-source': telemetryDir,
  };
}

/** Only the suite's own settings pass from the shell; nothing of a runner (GITHUB_OUTPUT, event files). */
function stageEnv(options: PreviewOptions, runId: string, runnerTemp: string): NodeJS.ProcessEnv {
  const settings = Object.fromEntries(
    Object.entries(options.env).filter(([name]) => name.startsWith('CODEX_')),
  );
  return {
    ...settings,
    CODEX_DRY_RUN: 'true',
    GITHUB_API_URL: options.apiUrl,
    GITHUB_SERVER_URL: serverUrlOf(options.apiUrl),
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: options.repository,
    RUNNER_TEMP: runnerTemp,
  };
}

/**
 * Runs the stages as the actions do — the same definitions through the same runner — in a dry
 * run that cannot be switched off: the dry-run input is forced, the transport refuses every write
 * request, and the pages store writes to a local folder. What each stage would change, its
 * telemetry and the dashboard telemetry-merge would publish end up under `outDir`.
 */
export async function runPreview(options: PreviewOptions): Promise<PreviewResult> {
  const out = resolve(options.outDir);
  const telemetryDir = join(out, 'telemetry');
  const logDir = join(out, 'logs');
  // Only what an earlier preview wrote here is replaced; the folder itself may hold other things.
  for (const owned of [telemetryDir, logDir, join(out, 'pages'), join(out, 'runner')])
    await rm(owned, { recursive: true, force: true });
  await mkdir(logDir, { recursive: true });
  await mkdir(join(out, 'runner'), { recursive: true });

  const now = options.now ?? (() => new Date());
  const runId = `local-${now().getTime()}`;
  const inputs = forcedInputs(options, telemetryDir);
  const env = stageEnv(options, runId, join(out, 'runner'));
  const refused: string[] = [];
  const transport = readOnlyFetch(options.fetch ?? fetch, refused);
  const stages: StagePreview[] = [];
  const reports: string[] = [`# Codex Suite preview of ${options.repository}`, ''];

  for (const stage of options.stages) {
    const recording = recordingIO(inputs, env);
    const result = await runStage(stage, {
      io: recording.io,
      env,
      fetch: transport,
      now,
      pages: ({ repo, branch, github }) =>
        new PreviewPagesStore(new GitPagesStore({ reads: github }, repo, branch), join(out, 'pages')),
    });
    if (result.telemetry?.dry_run !== true)
      throw new Error(`${stage.id} did not run as a dry run; the preview stopped.`);
    const logFile = join(logDir, `${stage.id}.log`);
    await writeFile(logFile, `${recording.logs.map((l) => `${l.level}: ${l.message}`).join('\n')}\n`);
    const preview: StagePreview = {
      id: stage.id,
      status: result.status,
      summary: String(result.telemetry?.summary ?? ''),
      changes: result.changes,
      telemetryFile: result.telemetryFile,
      logFile,
    };
    stages.push(preview);
    reports.push(`## ${stage.name}`, '', recording.summary, '');
    options.progress?.(preview);
  }

  const reportFile = join(out, 'report.md');
  await writeFile(reportFile, reports.join('\n'));
  const page = join(telemetryDir, 'dashboard-preview', 'index.html');
  const dashboard = (await stat(page).catch(() => undefined))?.isFile() ? page : undefined;
  return { stages, dashboard, refused, reportFile };
}
