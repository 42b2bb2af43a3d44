import { DASHBOARD_KEYS } from '../../stages.js';
import { componentSchema, count, STATUSES } from './common.js';

const mergedEntry = {
  anyOf: [
    {
      type: 'object',
      required: ['file', 'status'],
      properties: {
        /** the telemetry file shown (pages-branch path, or the local source path) */
        file: { type: 'string' },
        status: { enum: [...STATUSES] },
        finished_at: { type: 'string', format: 'date-time' },
      },
    },
    { type: 'null' },
  ],
};

export const telemetryMergeSchema = componentSchema(
  'telemetry-merge',
  {
    /** dashboard key → the file merged under it, or null when the component has no valid telemetry */
    merged: {
      type: 'object',
      required: [...DASHBOARD_KEYS],
      properties: Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, mergedEntry])),
    },
    /** telemetry files (and a corrupt dashboard.json) that were skipped, with why */
    invalid_files: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'reason'],
        properties: { path: { type: 'string' }, reason: { type: 'string' } },
      },
    },
    /** files in the pages commit (dashboard, page assets, local telemetry); 0 in dry-run */
    published_files: count,
    /** telemetry files read to choose the latest of each component */
    files_read: count,
    history_points: count,
    /** where the dashboard was written locally (dry-run or publish: none), else null */
    preview_dir: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    /** commit sha of the pages commit, null when nothing was committed */
    commit: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  ['merged', 'invalid_files', 'published_files'],
);
