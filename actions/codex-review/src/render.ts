import type { PreflightClass } from './codex/preflight.js';
import type { Review, ReviewFinding } from './codex/review.js';
import { ANNOTATIONS_PER_LEVEL } from './annotations.js';
import { type DiffScope, inScope } from './diff-scope.js';
import { type LinkPolicy, bounded, mdBlock, mdLine } from '@codex-suite/core/markdown-safe';

/** The hidden marker that identifies the one sticky comment of this action. */
export const COMMENT_MARKER = '<!-- codex-review -->';
/**
 * GitHub rejects comment bodies above 65,536 characters; the step summary takes 1 MiB. The review
 * is rendered within this budget (what does not fit stays in review.json), the footer after it.
 */
export const MAX_REVIEW_MARKDOWN = 60_000;
/** Per-field limits: one answer cannot fill the comment with a single finding. */
export const MAX_SUMMARY = 4_000;
export const MAX_TITLE = 200;
export const MAX_PATH = 300;
export const MAX_BODY = 4_000;

const ICON: Record<ReviewFinding['severity'], string> = { high: '🔴', medium: '🟠', low: '🔵' };

export interface RenderContext extends LinkPolicy {
  readonly repository: string;
  readonly pullRequest: number | null;
  readonly model: string;
  readonly codexVersion: string;
  /** e.g. a link to the workflow run */
  readonly runUrl?: string;
  readonly headSha?: string | null;
  /** files and line ranges of the diff; findings outside it are listed apart (null: no diff known) */
  readonly scope?: DiffScope | null;
  /** in-diff findings not annotated because GitHub shows only so many per step (annotations.ts) */
  readonly unannotated?: ReadonlySet<ReviewFinding>;
}

function location(f: ReviewFinding, ctx: LinkPolicy): string {
  const path = mdLine(bounded(f.path, MAX_PATH), ctx);
  return f.line ? `${path}:${f.line}` : path;
}

function findingSection(f: ReviewFinding, ctx: RenderContext, outside: boolean): string[] {
  const note = outside
    ? ' · outside the diff, not annotated'
    : ctx.unannotated?.has(f)
      ? ` · not annotated (GitHub shows ${ANNOTATIONS_PER_LEVEL} ${f.severity} findings per step)`
      : '';
  return [
    `#### ${ICON[f.severity]} ${mdLine(bounded(f.title, MAX_TITLE), ctx)}`,
    '',
    `${location(f, ctx)} · ${f.severity}${note}`,
    '',
    mdBlock(bounded(f.body.trim(), MAX_BODY), ctx),
    '',
  ];
}

/** review.md: the review as a person reads it (also the body of the sticky comment). */
export function renderReviewMarkdown(review: Review, ctx: RenderContext): string {
  const lines: string[] = ['## Codex review', ''];
  if (review.status !== 'ok') {
    lines.push(
      `**${review.status === 'skipped' ? 'Skipped' : 'No review this time'}:** ${mdBlock(bounded(review.summary, MAX_SUMMARY), ctx)}`,
      '',
    );
  } else {
    lines.push(mdBlock(bounded(review.summary, MAX_SUMMARY), ctx) || '_No summary._', '');
    const placed = review.findings.map((f) => ({
      f,
      outside: ctx.scope ? !inScope(ctx.scope, f.path, f.line) : false,
    }));
    if (placed.length === 0) lines.push('No findings.', '');
    const unannotated = ctx.unannotated?.size ?? 0;
    if (unannotated > 0)
      lines.push(
        `_${unannotated} finding(s) in the diff are not annotated: GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step. Each is marked "not annotated" below (all are in review.json)._`,
        '',
      );
    let used = lines.join('\n').length;
    let shown = 0;
    for (const { f, outside } of [...placed.filter((p) => !p.outside), ...placed.filter((p) => p.outside)]) {
      const section = findingSection(f, ctx, outside);
      const size = section.join('\n').length + 1;
      if (used + size > MAX_REVIEW_MARKDOWN) break;
      lines.push(...section);
      used += size;
      shown += 1;
    }
    if (shown < placed.length)
      lines.push(`_${placed.length - shown} more finding(s) did not fit here; all are in review.json._`, '');
  }
  const meta = [`model \`${ctx.model}\``, `Codex CLI ${ctx.codexVersion}`];
  if (ctx.headSha) meta.push(`commit ${ctx.headSha.slice(0, 7)}`);
  if (ctx.runUrl) meta.push(`[run](${ctx.runUrl})`);
  lines.push(`<sub>Advisory review by Codex — it never blocks merging. ${meta.join(' · ')}</sub>`, '');
  return lines.join('\n');
}

export function renderComment(markdown: string): string {
  return `${COMMENT_MARKER}\n${markdown}`;
}

export function placeholderReview(status: 'skipped' | 'failed', summary: string): Review {
  return { status, summary, findings: [] };
}

export function preflightTitle(result: PreflightClass): string {
  return {
    ok: 'key accepted',
    missing_key: 'no API key',
    invalid_key: 'API key rejected',
    quota: 'quota exhausted',
    rate_limited: 'rate limited',
    upstream: 'API error',
    unreachable: 'API unreachable',
  }[result];
}
