import { defineStage } from '@codex-suite/core/stage';
import { repositorySettings } from '@codex-suite/core/settings';

export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  selftestRetain: repositorySettings.selftestRetain,
  selftestMaxAgeDays: repositorySettings.selftestMaxAgeDays,
  telemetryMaxAgeDays: repositorySettings.telemetryMaxAgeDays,
} as const;

export const stage = defineStage({
  id: 'cleaner',
  component: 'cleaner',
  name: 'Codex cleaner',
  description: 'Retires old self-test issues and prunes old telemetry from the pages branch.',
  branding: { icon: 'trash-2', color: 'gray-dark' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex cleaner: not implemented yet', telemetry: {} };
  },
});
