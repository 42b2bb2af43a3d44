import { componentSchema, count } from './common.js';

export const telemetryMergeSchema = componentSchema('telemetry-merge', {
  merged: { type: 'object' },
  invalid_files: { type: 'array', items: { type: 'object' } },
  published_files: count,
});
