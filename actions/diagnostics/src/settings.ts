import { RULE_SETTINGS } from '@codex-suite/core/setting-rules';
import { type SettingDef, repositorySettings } from '@codex-suite/core/settings';
import type { StageSettings } from '@codex-suite/core/stage';

/** Diagnostics-only setting: create what is missing and safe to create. */
export const repairSetting = {
  input: 'repair',
  env: 'CODEX_DIAGNOSTICS_REPAIR',
  kind: 'boolean',
  default: false,
  description:
    'Create what is missing and safe to create: the required labels, the configured milestones and the pages branch with its `telemetry/` and `dashboard/` folders. With dry-run, report what it would create.',
} as const satisfies SettingDef;

export const settings = {
  mainMilestone: repositorySettings.mainMilestone,
  dashboardMilestone: repositorySettings.dashboardMilestone,
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
  selftestRetain: repositorySettings.selftestRetain,
  selftestMaxAgeDays: repositorySettings.selftestMaxAgeDays,
  telemetryMaxAgeDays: repositorySettings.telemetryMaxAgeDays,
  mainStaleDays: repositorySettings.mainStaleDays,
  mainEscalationDays: repositorySettings.mainEscalationDays,
  dashboardStaleDays: repositorySettings.dashboardStaleDays,
  dashboardEscalationDays: repositorySettings.dashboardEscalationDays,
  // Every setting a rule across settings reads: the runner then holds diagnostics to every rule
  // that any stage is held to.
  ...RULE_SETTINGS,
  repair: repairSetting,
} as const;

export type DiagnosticsSettings = StageSettings<typeof settings>;

/** The settings diagnostics checks one by one (every one but its own `repair`). */
export const REPOSITORY_SETTINGS = Object.entries(settings).filter(([key]) => key !== 'repair') as [
  string,
  SettingDef,
][];
