import { componentSchema, count, issueNumber } from './common.js';

export const cleanerSchema = componentSchema(
  'cleaner',
  {
    issues_closed: { type: 'array', items: issueNumber },
    issues_deleted: { type: 'array', items: issueNumber },
    telemetry_pruned_count: count,
  },
  ['issues_closed', 'telemetry_pruned_count'],
);
