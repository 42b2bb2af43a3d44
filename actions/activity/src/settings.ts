import type { SettingDefs } from '@codex-suite/core/settings';
import { repositorySettings } from '@codex-suite/core/settings';

/** Settings of the activity stage besides the common ones. */
export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  mainStaleDays: repositorySettings.mainStaleDays,
  mainEscalationDays: repositorySettings.mainEscalationDays,
  dashboardStaleDays: repositorySettings.dashboardStaleDays,
  dashboardEscalationDays: repositorySettings.dashboardEscalationDays,
  activityIgnoreActors: repositorySettings.activityIgnoreActors,
  activityReadBudget: repositorySettings.activityReadBudget,
  markLabels: {
    input: 'mark-labels',
    env: 'CODEX_ACTIVITY_MARK_LABELS',
    kind: 'boolean',
    default: false,
    description:
      '`true`: add `codex-stale` / `codex-escalation` to an issue when it becomes stale or escalated, and remove them when human activity resumes.',
  },
  escalationComment: {
    input: 'escalation-comment',
    env: 'CODEX_ACTIVITY_ESCALATION_COMMENT',
    kind: 'boolean',
    default: false,
    description:
      '`true`: comment once on an issue when it becomes escalated, mentioning its assignees. Never repeated for the same period of inactivity.',
  },
} as const satisfies SettingDefs;
