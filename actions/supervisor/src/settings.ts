import type { SettingDefs } from '@codex-suite/core/settings';
import { repositorySettings } from '@codex-suite/core/settings';

/**
 * Verdict thresholds. A track is red when any red rule fires, else yellow when any yellow rule
 * fires, else green. A threshold of 0 turns its rule off. See docs/supervisor.md.
 */
export const verdictSettings = {
  yellowStalePercent: {
    input: 'yellow-stale-percent',
    env: 'CODEX_SUPERVISOR_YELLOW_STALE_PERCENT',
    kind: 'integer',
    default: 25,
    min: 0,
    max: 100,
    description:
      'Yellow when at least this percentage of a track’s open issues is stale or escalated (0 turns the rule off).',
  },
  redStalePercent: {
    input: 'red-stale-percent',
    env: 'CODEX_SUPERVISOR_RED_STALE_PERCENT',
    kind: 'integer',
    default: 50,
    min: 0,
    max: 100,
    description:
      'Red when at least this percentage of a track’s open issues is stale or escalated (0 turns the rule off).',
  },
  yellowEscalatedCount: {
    input: 'yellow-escalated-count',
    env: 'CODEX_SUPERVISOR_YELLOW_ESCALATED_COUNT',
    kind: 'integer',
    default: 1,
    min: 0,
    max: 100_000,
    description: 'Yellow when a track has at least this many escalated issues (0 turns the rule off).',
  },
  redEscalatedCount: {
    input: 'red-escalated-count',
    env: 'CODEX_SUPERVISOR_RED_ESCALATED_COUNT',
    kind: 'integer',
    default: 3,
    min: 0,
    max: 100_000,
    description: 'Red when a track has at least this many escalated issues (0 turns the rule off).',
  },
  yellowDriftCount: {
    input: 'yellow-drift-count',
    env: 'CODEX_SUPERVISOR_YELLOW_DRIFT_COUNT',
    kind: 'integer',
    default: 1,
    min: 0,
    max: 100_000,
    description:
      'Yellow when at least this many of a track’s open issues have drift left (missing label, milestone or project membership; 0 turns the rule off).',
  },
  redDriftCount: {
    input: 'red-drift-count',
    env: 'CODEX_SUPERVISOR_RED_DRIFT_COUNT',
    kind: 'integer',
    default: 10,
    min: 0,
    max: 100_000,
    description:
      'Red when at least this many of a track’s open issues have drift left (0 turns the rule off).',
  },
} as const satisfies SettingDefs;

export const settings = {
  mainMilestone: repositorySettings.mainMilestone,
  dashboardMilestone: repositorySettings.dashboardMilestone,
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
  mainStaleDays: repositorySettings.mainStaleDays,
  mainEscalationDays: repositorySettings.mainEscalationDays,
  dashboardStaleDays: repositorySettings.dashboardStaleDays,
  dashboardEscalationDays: repositorySettings.dashboardEscalationDays,
  ...verdictSettings,
} as const satisfies SettingDefs;
