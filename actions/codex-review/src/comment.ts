import type { StageContext } from '@codex-suite/core/stage';
import { COMMENT_MARKER } from './render.js';

export interface ExistingComment {
  readonly id: number;
  readonly body?: string | null;
}

export type CommentPlan =
  | { readonly action: 'create' }
  | { readonly action: 'update'; readonly id: number }
  | { readonly action: 'unchanged'; readonly id: number };

/**
 * One sticky comment per pull request: the oldest comment carrying the marker is the one to
 * update (a duplicate left by an older tool is left alone, never deleted); identical text means
 * no write at all.
 */
export function planStickyComment(comments: readonly ExistingComment[], body: string): CommentPlan {
  const mine = comments.find((c) => (c.body ?? '').includes(COMMENT_MARKER));
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
): Promise<{ outcome: CommentOutcome; url?: string; error?: string }> {
  const comments = (await ctx.github.paginate(ctx.github.rest.issues.listComments, {
    owner: ctx.repo.owner,
    repo: ctx.repo.repo,
    issue_number: pullNumber,
    per_page: 100,
  })) as ExistingComment[];
  const plan = planStickyComment(comments, body);
  if (plan.action === 'unchanged') return { outcome: 'unchanged' };
  const target = `#${pullNumber}`;
  const result =
    plan.action === 'create'
      ? await ctx.writes.apply(
          { kind: 'comment.create', target, description: `create the Codex review comment on ${target}` },
          () =>
            ctx.github.rest.issues.createComment({
              owner: ctx.repo.owner,
              repo: ctx.repo.repo,
              issue_number: pullNumber,
              body,
            }),
        )
      : await ctx.writes.apply(
          { kind: 'comment.update', target, description: `update the Codex review comment on ${target}` },
          () =>
            ctx.github.rest.issues.updateComment({
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
