import { defineStage } from '@codex-suite/core/stage';

export const settings = {} as const;

export const stage = defineStage({
  id: 'codex-review',
  component: 'codex-review',
  name: 'Codex review',
  description: 'Advisory pull-request review by the Codex CLI; never blocks CI.',
  branding: { icon: 'eye', color: 'blue' },
  settings,
  async run() {
    return { status: 'skipped', summary: 'Codex review: not implemented yet', telemetry: {} };
  },
});
