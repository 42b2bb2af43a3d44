import { componentSchema, count, issueNumber } from './common.js';

const verdict = { enum: ['green', 'yellow', 'red'] };
const reasons = { type: 'array', items: { type: 'string' } };
const driftKinds = [
  'missing_codex_label',
  'missing_track_label',
  'wrong_track_label',
  'missing_milestone',
  'wrong_milestone',
  'not_in_project',
];

const track = {
  type: 'object',
  required: [
    'open',
    'active',
    'stale',
    'escalated',
    'drift',
    'oldest_untouched',
    'verdict',
    'reasons',
    'stale_days',
    'escalation_days',
  ],
  properties: {
    open: count,
    active: count,
    /** stale but not yet escalated */
    stale: count,
    escalated: count,
    drift: {
      type: 'object',
      required: [...driftKinds, 'issues'],
      properties: Object.fromEntries([...driftKinds, 'issues'].map((k) => [k, count])),
    },
    drifted: {
      type: 'array',
      items: {
        type: 'object',
        required: ['number', 'drift'],
        properties: { number: issueNumber, drift: { type: 'array', items: { enum: driftKinds } } },
      },
    },
    project_unknown: count,
    oldest_untouched: {
      anyOf: [
        {
          type: 'object',
          required: ['number', 'days'],
          properties: {
            number: issueNumber,
            days: count,
            by: { type: 'string', minLength: 1 },
            attribution: { enum: ['attributed', 'assumed'] },
          },
        },
        { type: 'null' },
      ],
    },
    verdict,
    reasons,
    stale_days: { type: 'integer', minimum: 1 },
    escalation_days: { type: 'integer', minimum: 1 },
  },
};

export const supervisorSchema = componentSchema(
  'supervisor',
  {
    tracks: {
      type: 'object',
      required: ['main', 'dashboard'],
      properties: { main: track, dashboard: track },
    },
    verdict,
    reasons,
    rules: {
      type: 'object',
      properties: Object.fromEntries(
        [
          'yellow_stale_percent',
          'red_stale_percent',
          'yellow_escalated_count',
          'red_escalated_count',
          'yellow_drift_count',
          'red_drift_count',
        ].map((k) => [k, count]),
      ),
    },
  },
  ['tracks', 'verdict', 'reasons'],
);
