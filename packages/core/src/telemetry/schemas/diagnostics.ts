import { componentSchema } from './common.js';

export const diagnosticsSchema = componentSchema(
  'diagnostics',
  {
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
