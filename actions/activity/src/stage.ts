import { defineStage } from '@codex-suite/core/stage';
import { repositorySettings } from '@codex-suite/core/settings';

export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  mainStaleDays: repositorySettings.mainStaleDays,
  mainEscalationDays: repositorySettings.mainEscalationDays,
  dashboardStaleDays: repositorySettings.dashboardStaleDays,
  dashboardEscalationDays: repositorySettings.dashboardEscalationDays,
} as const;

export const stage = defineStage({
  id: 'activity',
  component: 'activity',
  name: 'Codex activity',
  description: 'Classifies every open track issue as active, stale or escalation from day thresholds.',
  branding: { icon: 'clock', color: 'yellow' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex activity: not implemented yet', telemetry: {} };
  },
});
