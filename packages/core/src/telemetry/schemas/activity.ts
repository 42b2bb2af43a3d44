import { componentSchema, count, dateTime, issueNumber } from './common.js';

const status = { enum: ['active', 'stale', 'escalation'] };

const trackList = {
  type: 'array',
  items: {
    type: 'object',
    required: ['number', 'status'],
    properties: {
      number: issueNumber,
      status,
      days_inactive: count,
      title: { type: 'string' },
      html_url: { type: 'string' },
      assignees: { type: 'array', items: { type: 'string' } },
      labels: { type: 'array', items: { type: 'string' } },
      last_human_activity_at: dateTime,
      last_human_actor: { type: 'string', minLength: 1 },
      attribution: { enum: ['attributed', 'assumed'] },
    },
  },
};

const trackCounts = {
  type: 'object',
  required: ['open', 'active', 'stale', 'escalation'],
  properties: { open: count, active: count, stale: count, escalation: count },
};

const trackThresholds = {
  type: 'object',
  required: ['stale_days', 'escalation_days'],
  properties: {
    stale_days: { type: 'integer', minimum: 1 },
    escalation_days: { type: 'integer', minimum: 1 },
  },
};

const numbers = { type: 'array', items: issueNumber };

export const activitySchema = componentSchema(
  'activity',
  {
    main: trackList,
    dashboard: trackList,
    counts: {
      type: 'object',
      required: ['main', 'dashboard'],
      properties: { main: trackCounts, dashboard: trackCounts },
    },
    thresholds: {
      type: 'object',
      required: ['main', 'dashboard'],
      properties: { main: trackThresholds, dashboard: trackThresholds },
    },
    marking: {
      type: 'object',
      required: ['labels', 'comment', 'labeled', 'unlabeled', 'commented'],
      properties: {
        labels: { type: 'boolean' },
        comment: { type: 'boolean' },
        labeled: numbers,
        unlabeled: numbers,
        commented: numbers,
      },
    },
    attribution: {
      type: 'object',
      required: ['candidates', 'attributed', 'pending', 'timeline_pages', 'edit_lookups', 'budget'],
      properties: {
        candidates: count,
        attributed: count,
        pending: count,
        timeline_pages: count,
        edit_lookups: count,
        budget: count,
      },
    },
  },
  ['main', 'dashboard', 'counts', 'thresholds'],
);
