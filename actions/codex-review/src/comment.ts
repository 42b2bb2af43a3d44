import { isAuthoredBy, type TokenIdentity } from '@codex-suite/core/github/identity';
import type { StageContext } from '@codex-suite/core/stage';
import { COMMENT_MARKER } from './render.js';

export interface ExistingComment {
  readonly id: number;
  readonly body?: string | null;
  readonly user?: { readonly login?: string | null } | null;
}

export type CommentPlan =
  | { readonly action: 'create' }
  | { readonly action: 'update'; readonly id: number }
  | { readonly action: 'unchanged'; readonly id: number };

/** A comment the stage can prove it made: written by its own identity and starting with the marker. */
export function isOwnComment(comment: ExistingComment, identity: TokenIdentity): boolean {
  return isAuthoredBy(comment.user, identity) && (comment.body ?? '').startsWith(COMMENT_MARKER);
}

/**
 * One sticky comment per pull request: the oldest comment the stage made (its identity, its
 * marker) is updated; identical text means no write at all. A marker in anyone else's comment
 * is text, not ownership: that comment is never touched. Without a known identity nothing is
 * provably the stage's, so a new comment is made.
 */
export function planStickyComment(
  comments: readonly ExistingComment[],
  body: string,
  identity: TokenIdentity | null,
): CommentPlan {
  const mine = identity ? comments.find((c) => isOwnComment(c, identity)) : undefined;
  if (!mine) return { action: 'create' };
  return (mine.body ?? '').trim() === body.trim()
    ? { action: 'unchanged', id: mine.id }
    : { action: 'update', id: mine.id };
}

export type CommentOutcome = 'created' | 'updated' | 'unchanged' | 'planned' | 'deferred' | 'failed';

export async function upsertStickyComment(
  ctx: StageContext,
  pullNumber: number,
  body: string,
  identity: TokenIdentity | null,
): Promise<{ outcome: CommentOutcome; url?: string; error?: string }> {
  const comments = (await ctx.github.paginate(ctx.github.rest.issues.listComments, {
    owner: ctx.repo.owner,
    repo: ctx.repo.repo,
    issue_number: pullNumber,
    per_page: 100,
  })) as ExistingComment[];
  const plan = planStickyComment(comments, body, identity);
  if (plan.action === 'unchanged') return { outcome: 'unchanged' };
  const target = `#${pullNumber}`;
  const result =
    plan.action === 'create'
      ? await ctx.writes.apply(
          { kind: 'comment.create', target, description: `create the Codex review comment on ${target}` },
          ({ github }) =>
            github.rest.issues.createComment({
              owner: ctx.repo.owner,
              repo: ctx.repo.repo,
              issue_number: pullNumber,
              body,
            }),
        )
      : await ctx.writes.apply(
          { kind: 'comment.update', target, description: `update the Codex review comment on ${target}` },
          ({ github }) =>
            github.rest.issues.updateComment({
              owner: ctx.repo.owner,
              repo: ctx.repo.repo,
              comment_id: plan.id,
              body,
            }),
        );
  if (result.outcome === 'applied') {
    return { outcome: plan.action === 'create' ? 'created' : 'updated', url: result.value.data.html_url };
  }
  if (result.outcome === 'failed') return { outcome: 'failed', error: result.error.message };
  return { outcome: result.outcome };
}
