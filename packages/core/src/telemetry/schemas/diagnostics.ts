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
  },
  ['checks', 'repairs'],
);
