import { componentSchema, count } from './common.js';

const PREFLIGHT = ['ok', 'missing_key', 'invalid_key', 'quota', 'rate_limited', 'upstream', 'unreachable'];

export const codexReviewSchema = componentSchema(
  'codex-review',
  {
    pull_request: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
    /** preflight class; null when the stage stopped before it (fork, no pull request) */
    preflight: { anyOf: [{ enum: PREFLIGHT }, { type: 'null' }] },
    /** status written into review.json */
    review_status: { enum: ['ok', 'skipped', 'failed'] },
    /** why there is no review: fork, missing_key, not_a_pull_request, preflight, install, codex_failed, timeout, invalid_output */
    skip_reason: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    findings_count: count,
    findings_by_severity: {
      type: 'object',
      properties: { high: count, medium: count, low: count },
    },
    codex_version: { type: 'string' },
    model: { type: 'string' },
    codex_exit_code: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
    codex_timed_out: { type: 'boolean' },
    codex_install: { anyOf: [{ enum: ['tool-cache', 'actions-cache', 'npm'] }, { type: 'null' }] },
    diff_bytes: count,
    diff_truncated: { type: 'boolean' },
    comment: {
      enum: ['created', 'updated', 'unchanged', 'planned', 'deferred', 'failed', 'disabled', 'none'],
    },
    comment_identity: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    annotations: count,
    findings_outside_diff: count,
    sandbox: { anyOf: [{ enum: ['ok', 'unavailable', 'not_checked'] }, { type: 'null' }] },
    secrets_redacted: count,
    duration_ms: count,
    output_dir: { type: 'string' },
  },
  ['pull_request', 'preflight', 'review_status', 'findings_count', 'codex_exit_code', 'duration_ms'],
);
