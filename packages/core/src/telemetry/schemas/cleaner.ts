import { componentSchema, count, issueNumber } from './common.js';

/** `[{ number, reason }]`: issues left alone, with why */
const issuesWithReasons = {
  type: 'array',
  items: {
    type: 'object',
    required: ['number', 'reason'],
    properties: { number: issueNumber, reason: { type: 'string' } },
  },
};

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
    /** listed items that are not self-test issues (pull requests, closed issues), with why */
    ignored: issuesWithReasons,
    /** listed issues that look like the suite's but fail the ownership proof, or that a person took up */
    suspects: issuesWithReasons,
    /** `.json` files under telemetry/ the suite cannot prove it published (left alone) */
    telemetry_unproven_count: count,
    /** the first of them, with why */
    telemetry_unproven: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'reason'],
        properties: { path: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    /** issues (`#n`) and telemetry paths dated in the future, counted as now */
    future_dated: { type: 'array', items: { type: 'string' } },
    delete_requested: { type: 'boolean' },
    /** why issues were closed although `delete` was set; null when not applicable */
    delete_unavailable_reason: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    /** ledger entries read (one per listed issue that has one) */
    ledger_reads: count,
    notes: { type: 'array', items: { type: 'string' } },
  },
  ['issues_closed', 'issues_deleted', 'telemetry_pruned_count'],
);
