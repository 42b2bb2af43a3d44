import type { SettingDef } from '@codex-suite/core/settings';

/** The settings telemetry-merge reads besides the common ones. */
export const settings = {
  telemetrySource: {
    input: 'telemetry-source',
    env: 'CODEX_TELEMETRY_SOURCE',
    kind: 'string',
    description:
      'Local folder of telemetry files to merge too (searched recursively for `*.json`), for example the downloaded artifacts of this run. Its valid files are also published to `telemetry/` in the dashboard commit. Optional.',
  },
  historyLimit: {
    input: 'history-limit',
    env: 'CODEX_HISTORY_LIMIT',
    kind: 'integer',
    default: 200,
    min: 1,
    max: 5000,
    description:
      'Most points kept in the `history` of dashboard.json (one per merge run; the oldest are dropped).',
  },
  mergeDepth: {
    input: 'merge-depth',
    env: 'CODEX_MERGE_DEPTH',
    kind: 'integer',
    default: 3,
    min: 1,
    max: 50,
    description:
      'Telemetry files read per component from the pages branch, newest run ids first: the latest is chosen among them by its recorded time, and an invalid one falls back to the next. More are read only when all of these are invalid.',
  },
} as const satisfies Record<string, SettingDef>;
