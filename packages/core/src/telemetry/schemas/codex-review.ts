import { componentSchema } from './common.js';

export const codexReviewSchema = componentSchema('codex-review', {
  pull_request: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
  preflight: { type: 'string' },
});
