import { table } from '@codex-suite/core/markdown-safe';
import type { Review } from './codex/review.js';
import type { OutputFiles } from './output-files.js';
import type { CodexReviewTelemetry } from './telemetry.js';

/** The job summary: the review as posted, then what the run did. */
export function reviewReport(markdown: string, review: Review, telemetry: CodexReviewTelemetry): string {
  const rows = [
    ['pull request', telemetry.pull_request === null ? '—' : `#${telemetry.pull_request}`],
    ['preflight', telemetry.preflight ?? '—'],
    ['review', review.status],
    ['findings', String(review.findings.length)],
    ['Codex exit code', telemetry.codex_exit_code === null ? '—' : String(telemetry.codex_exit_code)],
    ['comment', telemetry.comment],
    ['output', telemetry.output_dir],
  ];
  return `${markdown}\n${table(['', ''], rows)}`;
}

/** The step's outputs: the files are always there, whatever happened. */
export function reviewOutputs(
  files: OutputFiles,
  review: Review,
  telemetry: CodexReviewTelemetry,
): Record<string, string> {
  return {
    'review-status': review.status,
    'review-json': files.json,
    'review-md': files.md,
    'output-dir': files.dir,
    'findings-count': String(review.findings.length),
    preflight: telemetry.preflight ?? '',
  };
}
