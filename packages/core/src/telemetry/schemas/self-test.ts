import { componentSchema, issueNumber } from './common.js';

export const selfTestSchema = componentSchema(
  'self-test',
  {
    issue_number: { anyOf: [issueNumber, { type: 'null' }] },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['name', 'ok', 'message'],
        properties: { name: { type: 'string' }, ok: { type: 'boolean' }, message: { type: 'string' } },
      },
    },
  },
  ['checks'],
);
