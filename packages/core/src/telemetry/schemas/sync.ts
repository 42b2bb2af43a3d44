import { componentSchema, count, issueNumber } from './common.js';

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
        malformed: {
          type: 'array',
          items: {
            type: 'object',
            required: ['number', 'reason'],
            properties: { number: issueNumber, reason: { type: 'string' } },
          },
        },
      },
    },
  },
  ['corrections', 'details', 'integrity'],
);
