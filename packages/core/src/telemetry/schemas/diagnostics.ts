import { componentSchema, count } from './common.js';
import { check } from './self-test.js';

export const diagnosticsSchema = componentSchema(
  'diagnostics',
  {
    /** every check, after any repair; a failed one says the exact fix */
    checks: { type: 'array', items: check },
    /** what repair did (or, in a dry run, would do) */
    repairs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'target', 'outcome'],
        properties: {
          kind: { type: 'string' },
          target: { type: 'string' },
          description: { type: 'string' },
          outcome: { enum: ['applied', 'planned', 'deferred', 'failed'] },
          error: { type: 'string' },
        },
      },
    },
    failed_checks: count,
    /** whether the token could read the repository variables; null when not tried */
    variables_readable: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
    /** whether GitHub Pages is on; null when it could not be read */
    pages_enabled: { anyOf: [{ type: 'boolean' }, { type: 'null' }] },
    /** where GitHub Pages serves (or will serve) the dashboard; null when unknown */
    dashboard_url: { anyOf: [{ type: 'string' }, { type: 'null' }] },
  },
  ['checks', 'repairs'],
);
