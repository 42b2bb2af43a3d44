import type { ActionIO } from '@codex-suite/core/action-io';
import { messageOf } from '@codex-suite/core/github/errors';
import { resolveTokenIdentity, type TokenIdentity } from '@codex-suite/core/github/identity';
import { annotate } from './annotations.js';
import type { Review, ReviewFinding } from './codex/review.js';
import { upsertStickyComment } from './comment.js';
import type { PullRequestInfo } from './guards.js';
import { renderComment } from './render.js';
import type { ReviewContext, ReviewRun } from './run.js';
import type { CodexReviewTelemetry } from './telemetry.js';

export type Feedback = Pick<CodexReviewTelemetry, 'comment' | 'comment_identity' | 'annotations'>;

export const NO_FEEDBACK: Feedback = { comment: 'none', comment_identity: null, annotations: 0 };

/** The review on the pull request: the sticky comment, then the annotations GitHub will show. */
export async function publishFeedback(
  ctx: ReviewContext,
  run: ReviewRun,
  pr: PullRequestInfo,
  review: { readonly status: Review['status']; readonly markdown: string },
  annotated: readonly ReviewFinding[],
): Promise<Feedback> {
  const comment = await publishComment(ctx, run, pr, review.markdown);
  const annotations = ctx.settings.annotations && review.status === 'ok' ? annotate(ctx.io, annotated) : 0;
  return { ...comment, annotations };
}

async function publishComment(
  ctx: ReviewContext,
  run: ReviewRun,
  pr: PullRequestInfo,
  markdown: string,
): Promise<Omit<Feedback, 'annotations'>> {
  if (!ctx.settings.comment) return { comment: 'disabled', comment_identity: null };
  const io = ctx.io;
  let login: string | null = null;
  try {
    const identity = await commentIdentity(ctx, io);
    login = identity?.login ?? null;
    const result = await upsertStickyComment(ctx, pr.number, renderComment(markdown), identity);
    if (result.outcome === 'failed') io.warning(`Could not write the review comment: ${result.error}`);
    else io.info(`Review comment: ${result.outcome}${result.url ? ` (${result.url})` : ''}`);
    return { comment: result.outcome, comment_identity: login };
  } catch (error) {
    const message = run.clean(`Could not write the review comment: ${messageOf(error)}`);
    ctx.report({ code: 'comment_failed', message });
    io.warning(message);
    return { comment: 'failed', comment_identity: login };
  }
}

/** Who the comment is written as: only a comment by this login, with the marker, is ever edited. */
async function commentIdentity(ctx: ReviewContext, io: ActionIO): Promise<TokenIdentity | null> {
  const result = await resolveTokenIdentity(ctx.github);
  if (result.known) {
    io.info(`Comment identity: ${result.identity.login} (${result.identity.kind})`);
    return result.identity;
  }
  io.warning(
    `Could not tell which account the token acts as (${result.reason}): a new review comment is written and no existing comment is edited.`,
    { title: 'Codex review: unknown identity' },
  );
  return null;
}
