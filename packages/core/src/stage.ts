import type { ActionIO } from './action-io.js';
import type { ResolvedSettings } from './config.js';
import type { StageError } from './github/errors.js';
import type { ReadOnlyGitHub } from './github/read-only.js';
import type { PagesReader } from './pages/store.js';
import type { RepositoryRef } from './repository-ref.js';
import type { RunnerEnv } from './runner-env.js';
import type { SettingDefs, commonSettings } from './settings.js';
import type { JsonSchema, StageStatus } from './telemetry/schemas/common.js';
import type { WriteGuard } from './write-guard.js';

export type { StageStatus } from './telemetry/schemas/common.js';

export type StageSettings<D extends SettingDefs> = ResolvedSettings<typeof commonSettings> &
  ResolvedSettings<D>;

/**
 * What a stage is given: settings, the repository, one client for reads, one guard for writes.
 * The client and the pages branch only read; the guard alone holds what writes, hands it to the
 * change it applies, and alone decides dry-run (`writes.dryRun`).
 */
export interface StageContext<D extends SettingDefs = SettingDefs> {
  readonly settings: StageSettings<D>;
  readonly repo: RepositoryRef;
  /** `owner/name` */
  readonly repository: string;
  /** reads only: any other request is refused before it is sent */
  readonly github: ReadOnlyGitHub;
  /** every mutation goes through here (dry-run, budget, statistics) */
  readonly writes: WriteGuard;
  /** the pages branch (`publish: gh-pages`) or a local folder, to read; commits go through `writes` */
  readonly pages: PagesReader;
  readonly runner: RunnerEnv;
  /** `<run_id>` or `<run_id>-<attempt>` */
  readonly runKey: string;
  readonly io: ActionIO;
  /** warnings from settings resolution (absent optional settings) */
  readonly settingWarnings: readonly string[];
  now(): Date;
  /** records a structured, non-fatal problem; the stage ends `degraded` unless it says otherwise */
  report(error: StageError): void;
  /** the event payload at GITHUB_EVENT_PATH ({} when absent; throws a clear error when malformed) */
  event(): Promise<Record<string, unknown>>;
}

export interface StageOutcome<T extends object = Record<string, unknown>> {
  /** defaults to `ok`, or `degraded` when errors were reported or writes failed */
  readonly status?: StageStatus;
  /** one line a person can read (output `summary`) */
  readonly summary: string;
  /** markdown for the job summary */
  readonly report?: string;
  /** the component's own telemetry fields */
  readonly telemetry: T;
  /** extra outputs of this stage */
  readonly outputs?: Readonly<Record<string, string>>;
}

export interface StageDefinition<
  D extends SettingDefs = SettingDefs,
  T extends object = Record<string, unknown>,
> {
  /** action folder name, e.g. `project-sync` */
  readonly id: string;
  /** telemetry component, e.g. `sync` */
  readonly component: string;
  readonly name: string;
  readonly description: string;
  /** action.yml branding (Feather icon name and colour) */
  readonly branding: { readonly icon: string; readonly color: string };
  /** the settings this stage reads besides the common ones */
  readonly settings: D;
  /** outputs besides status, telemetry-file and summary */
  readonly outputs?: Readonly<Record<string, string>>;
  /**
   * Rules on settings only this stage reads (e.g. a version it must have a pin for). Each message
   * is an invalid-configuration error: the stage then does not run. Rules that compare shared
   * settings (escalation days not below stale days…) are not a stage's own: they live in
   * setting-rules.ts, where the runner and diagnostics both apply them.
   */
  readonly validate?: (settings: StageSettings<D>) => readonly string[];
  /** the schema its telemetry validates against; defaults to the registered schema of `component` */
  readonly telemetrySchema?: JsonSchema;
  /** telemetry fields of a stage that did not run (skipped, invalid settings) */
  readonly emptyTelemetry?: T;
  run(ctx: StageContext<D>): Promise<StageOutcome<T>>;
}

export function defineStage<D extends SettingDefs, T extends object>(
  def: StageDefinition<D, T>,
): StageDefinition<D, T> {
  return def;
}
