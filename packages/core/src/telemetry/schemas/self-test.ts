import { componentSchema, issueNumber } from './common.js';

export const check = {
  type: 'object',
  required: ['name', 'ok', 'message'],
  properties: { name: { type: 'string' }, ok: { type: 'boolean' }, message: { type: 'string' } },
};

export const selfTestSchema = componentSchema(
  'self-test',
  {
    /** the issue this run filed or reused; null when none (skipped, dry run, create failed) */
    issue_number: { anyOf: [issueNumber, { type: 'null' }] },
    /** who filed it (the create response's user.login), recorded in the ledger; null when none */
    issue_author: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    /** true when an earlier attempt of the same run had filed it */
    issue_reused: { type: 'boolean' },
    milestone: {
      anyOf: [
        {
          type: 'object',
          required: ['title', 'number'],
          properties: { title: { type: 'string' }, number: issueNumber },
        },
        { type: 'null' },
      ],
    },
    skipped_reason: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    checks: { type: 'array', items: check },
  },
  ['checks', 'issue_number'],
);
