import { componentSchema, count, issueNumber } from './common.js';

export const cleanerSchema = componentSchema(
  'cleaner',
  {
    /** self-test issues closed as not planned by this run */
    issues_closed: { type: 'array', items: issueNumber },
    /** self-test issues deleted (GraphQL deleteIssue) by this run */
    issues_deleted: { type: 'array', items: issueNumber },
    telemetry_pruned_count: count,
    /** paths removed from the pages branch */
    telemetry_pruned: { type: 'array', items: { type: 'string', pattern: '^telemetry/[^/]+\\.json$' } },
    /** the newest self-test issues kept by `selftest-retain` */
    retained: { type: 'array', items: issueNumber },
    /** issues the REST list returned for the self-test label and milestone */
    candidates: count,
    /** listed issues left alone, with why (not the rule's label/milestone, a pull request...) */
    ignored: {
      type: 'array',
      items: {
        type: 'object',
        required: ['number', 'reason'],
        properties: { number: issueNumber, reason: { type: 'string' } },
      },
    },
    delete_requested: { type: 'boolean' },
    /** why issues were closed although `delete` was set; null when not applicable */
    delete_unavailable_reason: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    /** telemetry files read to date the others (binary search over run ids) */
    telemetry_reads: count,
    notes: { type: 'array', items: { type: 'string' } },
  },
  ['issues_closed', 'issues_deleted', 'telemetry_pruned_count'],
);
