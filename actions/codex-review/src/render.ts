import type { PreflightClass } from '@codex-suite/core/codex/preflight';
import type { Review, ReviewFinding } from '@codex-suite/core/codex/review';
import { cell } from '@codex-suite/core/stage-summary';

/** The hidden marker that identifies the one sticky comment of this action. */
export const COMMENT_MARKER = '<!-- codex-review -->';
/** GitHub rejects comment bodies above 65,536 characters. */
const MAX_COMMENT = 60_000;

const ICON: Record<ReviewFinding['severity'], string> = { high: '🔴', medium: '🟠', low: '🔵' };

export interface RenderContext {
  readonly repository: string;
  readonly pullRequest: number | null;
  readonly model: string;
  readonly codexVersion: string;
  /** e.g. a link to the workflow run */
  readonly runUrl?: string;
  readonly headSha?: string | null;
}

function location(f: ReviewFinding): string {
  return f.line ? `${f.path}:${f.line}` : f.path;
}

/** review.md: the review as a person reads it (also the body of the sticky comment). */
export function renderReviewMarkdown(review: Review, ctx: RenderContext): string {
  const lines: string[] = ['## Codex review', ''];
  if (review.status !== 'ok') {
    lines.push(
      `> **${review.status === 'skipped' ? 'Skipped' : 'No review this time'}:** ${review.summary}`,
      '',
    );
  } else {
    lines.push(review.summary || '_No summary._', '');
    if (review.findings.length === 0) lines.push('No findings.', '');
    else {
      lines.push('| | location | finding |', '| --- | --- | --- |');
      for (const f of review.findings)
        lines.push(`| ${ICON[f.severity]} ${f.severity} | \`${cell(location(f))}\` | ${cell(f.title)} |`);
      lines.push('');
      for (const f of review.findings) {
        lines.push(
          `### ${ICON[f.severity]} ${f.title}`,
          '',
          `\`${location(f)}\` · ${f.severity}`,
          '',
          f.body.trim(),
          '',
        );
      }
    }
  }
  const meta = [`model \`${ctx.model}\``, `Codex CLI ${ctx.codexVersion}`];
  if (ctx.headSha) meta.push(`commit ${ctx.headSha.slice(0, 7)}`);
  if (ctx.runUrl) meta.push(`[run](${ctx.runUrl})`);
  lines.push(`<sub>Advisory review by Codex — it never blocks merging. ${meta.join(' · ')}</sub>`, '');
  return lines.join('\n');
}

export function renderComment(markdown: string): string {
  const body =
    markdown.length > MAX_COMMENT
      ? `${markdown.slice(0, MAX_COMMENT)}\n\n_(review shortened to fit a comment; the full text is in review.md)_\n`
      : markdown;
  return `${COMMENT_MARKER}\n${body}`;
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
