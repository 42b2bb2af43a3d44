import { defineStage } from '@codex-suite/core/stage';
import { repositorySettings } from '@codex-suite/core/settings';

export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
} as const;

export const stage = defineStage({
  id: 'self-test',
  component: 'self-test',
  name: 'Codex self-test',
  description:
    'Proves the pipeline works: token, labels, milestone, issue create and read; files one self-test issue.',
  branding: { icon: 'check-circle', color: 'green' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex self-test: not implemented yet', telemetry: {} };
  },
});
