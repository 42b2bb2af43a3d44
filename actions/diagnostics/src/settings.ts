import type { SettingDef } from '@codex-suite/core/settings';

/** Diagnostics-only setting: create what is missing and safe to create. */
export const repairSetting = {
  input: 'repair',
  env: 'CODEX_DIAGNOSTICS_REPAIR',
  kind: 'boolean',
  default: false,
  description:
    'Create what is missing and safe to create: the required labels, the configured milestones and the pages branch with its `telemetry/` and `dashboard/` folders. With dry-run, report what it would create.',
} as const satisfies SettingDef;
