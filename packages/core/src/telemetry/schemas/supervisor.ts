import { componentSchema } from './common.js';

export const supervisorSchema = componentSchema(
  'supervisor',
  {
    tracks: { type: 'object' },
  },
  ['tracks'],
);
