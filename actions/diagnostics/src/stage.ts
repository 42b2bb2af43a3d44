import { defineStage } from '@codex-suite/core/stage';
import { repositorySettings } from '@codex-suite/core/settings';

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
} as const;

export const stage = defineStage({
  id: 'diagnostics',
  component: 'diagnostics',
  name: 'Codex diagnostics',
  description:
    'Validates configuration: variables, labels, milestones, project and pages-branch layout; can repair.',
  branding: { icon: 'tool', color: 'red' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex diagnostics: not implemented yet', telemetry: {} };
  },
});
