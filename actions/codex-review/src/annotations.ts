import type { ActionIO } from '@codex-suite/core/action-io';
import type { ReviewFinding } from './codex/review.js';

/**
 * GitHub shows at most 10 annotations of each level (error, warning, notice) per step, and 50 per
 * job (actions/toolkit, docs/problem-matchers.md, "Limitations"); the rest are dropped without a
 * word. So at most this many of each level are annotated (3 × 10 stays under the job's 50), and
 * the others are named as not annotated in the comment and the summary.
 */
export const ANNOTATIONS_PER_LEVEL = 10;

const LEVEL: Record<ReviewFinding['severity'], 'error' | 'warning' | 'notice'> = {
  high: 'error',
  medium: 'warning',
  low: 'notice',
};

/** Which findings become annotations (the first of each level, in review order) and which cannot. */
export function planAnnotations(findings: readonly ReviewFinding[]): {
  readonly shown: readonly ReviewFinding[];
  readonly unshown: readonly ReviewFinding[];
} {
  const used = { error: 0, warning: 0, notice: 0 };
  const shown: ReviewFinding[] = [];
  const unshown: ReviewFinding[] = [];
  for (const f of findings) {
    const level = LEVEL[f.severity];
    if (used[level] < ANNOTATIONS_PER_LEVEL) {
      used[level] += 1;
      shown.push(f);
    } else unshown.push(f);
  }
  return { shown, unshown };
}

/** high → error, medium → warning, low → notice (annotations never fail the job). */
export function annotate(io: ActionIO, findings: readonly ReviewFinding[]): number {
  for (const f of findings) {
    const props = { file: f.path, title: `Codex: ${f.title}`, ...(f.line ? { startLine: f.line } : {}) };
    const body = f.body.trim() || f.title;
    io[LEVEL[f.severity]](body, props);
  }
  return findings.length;
}
