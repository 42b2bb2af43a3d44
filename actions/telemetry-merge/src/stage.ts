import { defineStage } from '@codex-suite/core/stage';

export const settings = {} as const;

export const stage = defineStage({
  id: 'telemetry-merge',
  component: 'telemetry-merge',
  name: 'Codex telemetry merge',
  description:
    'Merges the latest telemetry of every component into dashboard/dashboard.json and publishes the dashboard page.',
  branding: { icon: 'layers', color: 'purple' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex telemetry merge: not implemented yet', telemetry: {} };
  },
});
