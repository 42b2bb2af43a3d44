import { componentSchema, count, issueNumber } from './common.js';

const finding = {
  type: 'object',
  required: ['number', 'reason'],
  properties: { number: issueNumber, reason: { type: 'string' } },
};

export const syncSchema = componentSchema(
  'sync',
  {
    corrections: {
      type: 'object',
      required: ['codex_label', 'track_main', 'track_dashboard', 'milestone', 'project_adjustments'],
      properties: {
        codex_label: count,
        track_main: count,
        track_dashboard: count,
        milestone: count,
        project_adjustments: count,
      },
    },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['number', 'changes'],
        properties: { number: issueNumber, changes: { type: 'array', items: { type: 'string' } } },
      },
    },
    integrity: {
      type: 'object',
      required: ['malformed'],
      properties: {
        malformed: { type: 'array', items: finding },
        /** listed elements without a usable issue number */
        unidentified: count,
      },
    },
    /** how the issue index was brought up to date */
    mode: { enum: ['full', 'incremental'] },
    full_scan_reason: { type: 'string' },
    /** issue-list elements read this run (issues and pull requests, open and closed) */
    issues_scanned: count,
    list_pages: count,
    /** open issues in the index */
    issues_open: count,
    /** open issues the stage manages (not excluded) */
    managed: count,
    excluded: {
      type: 'object',
      properties: { selftest_milestone: count },
    },
    /** repairs that could not run, one line each (setting absent, milestone or project missing) */
    disabled_repairs: { type: 'array', items: { type: 'string' } },
    project_items_listed: { type: 'boolean' },
    /** issues whose changes were deferred by the write budget or failed; retried next run */
    pending: { type: 'array', items: issueNumber },
  },
  ['corrections', 'details', 'integrity'],
);
