import { defineStage } from '@codex-suite/core/stage';
import { repositorySettings } from '@codex-suite/core/settings';

export const settings = {
  mainMilestone: repositorySettings.mainMilestone,
  dashboardMilestone: repositorySettings.dashboardMilestone,
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
} as const;

export const stage = defineStage({
  id: 'project-sync',
  component: 'sync',
  name: 'Codex project sync',
  description:
    'Repairs human-made issues: codex label, track label, milestone and Projects (v2) membership; reports malformed issues.',
  branding: { icon: 'refresh-cw', color: 'blue' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex project sync: not implemented yet', telemetry: {} };
  },
});
