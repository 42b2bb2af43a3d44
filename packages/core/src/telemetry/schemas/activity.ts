import { componentSchema, issueNumber } from './common.js';

const trackList = {
  type: 'array',
  items: {
    type: 'object',
    required: ['number', 'status'],
    properties: { number: issueNumber, status: { enum: ['active', 'stale', 'escalation'] } },
  },
};

export const activitySchema = componentSchema('activity', { main: trackList, dashboard: trackList }, [
  'main',
  'dashboard',
]);
