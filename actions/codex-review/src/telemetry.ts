import type { CommentOutcome } from './comment.js';
import type { CodexInstallation } from './codex/install.js';
import type { PreflightClass } from './codex/preflight.js';
import type { Review } from './codex/review.js';
import type { SkipReason } from './outcome.js';
import type { SandboxCheck } from './sandbox.js';

/** The stage's telemetry fields (schema: packages/core/src/telemetry/schemas/codex-review.ts). */
export interface CodexReviewTelemetry {
  pull_request: number | null;
  preflight: PreflightClass | null;
  review_status: Review['status'];
  skip_reason: SkipReason | null;
  findings_count: number;
  findings_by_severity: { high: number; medium: number; low: number };
  codex_version: string;
  model: string;
  codex_exit_code: number | null;
  codex_timed_out: boolean;
  codex_install: CodexInstallation['source'] | null;
  diff_bytes: number;
  diff_truncated: boolean;
  comment: CommentOutcome | 'disabled' | 'none';
  /** the login the comment is written (and recognised) as; null when not resolved */
  comment_identity: string | null;
  annotations: number;
  /** findings whose file or line is not in the diff: listed, never annotated */
  findings_outside_diff: number;
  /** whether Codex's sandbox could start (null: Codex did not run) */
  sandbox: SandboxCheck['state'] | null;
  /** review fields in which a secret of the run was redacted or that were withheld for one */
  secrets_redacted: number;
  duration_ms: number;
  output_dir: string;
}

export const emptyTelemetry: CodexReviewTelemetry = {
  pull_request: null,
  preflight: null,
  review_status: 'skipped',
  skip_reason: null,
  findings_count: 0,
  findings_by_severity: { high: 0, medium: 0, low: 0 },
  codex_version: '',
  model: '',
  codex_exit_code: null,
  codex_timed_out: false,
  codex_install: null,
  diff_bytes: 0,
  diff_truncated: false,
  comment: 'none',
  comment_identity: null,
  annotations: 0,
  findings_outside_diff: 0,
  sandbox: null,
  secrets_redacted: 0,
  duration_ms: 0,
  output_dir: '',
};

/** Findings per severity, counted afresh for each review (never into a shared object). */
export function countBySeverity(review: Review): CodexReviewTelemetry['findings_by_severity'] {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const f of review.findings) counts[f.severity] += 1;
  return counts;
}
