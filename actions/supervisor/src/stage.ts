import { defineStage } from '@codex-suite/core/stage';
import { repositorySettings } from '@codex-suite/core/settings';

export const settings = {
  mainMilestone: repositorySettings.mainMilestone,
  dashboardMilestone: repositorySettings.dashboardMilestone,
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
  mainStaleDays: repositorySettings.mainStaleDays,
  mainEscalationDays: repositorySettings.mainEscalationDays,
  dashboardStaleDays: repositorySettings.dashboardStaleDays,
  dashboardEscalationDays: repositorySettings.dashboardEscalationDays,
} as const;

export const stage = defineStage({
  id: 'supervisor',
  component: 'supervisor',
  name: 'Codex supervisor',
  description:
    'Judges the health of each track: drift left, stale and escalated work, a green/yellow/red verdict with reasons.',
  branding: { icon: 'activity', color: 'orange' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex supervisor: not implemented yet', telemetry: {} };
  },
});
