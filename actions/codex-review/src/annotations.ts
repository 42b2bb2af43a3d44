import type { ActionIO } from '@codex-suite/core/action-io';
import type { ReviewFinding } from './codex/review.js';

/** GitHub shows at most 50 annotations per step; more are dropped silently, so say so instead. */
export const MAX_ANNOTATIONS = 50;

/** high → error, medium → warning, low → notice (annotations never fail the job). */
export function annotate(io: ActionIO, findings: readonly ReviewFinding[]): number {
  const shown = findings.slice(0, MAX_ANNOTATIONS);
  for (const f of shown) {
    const props = { file: f.path, title: `Codex: ${f.title}`, ...(f.line ? { startLine: f.line } : {}) };
    const body = f.body.trim() || f.title;
    if (f.severity === 'high') io.error(body, props);
    else if (f.severity === 'medium') io.warning(body, props);
    else io.notice(body, props);
  }
  if (findings.length > shown.length) {
    io.info(
      `${findings.length - shown.length} more finding(s) are in review.md and the comment, not annotated.`,
    );
  }
  return shown.length;
}
