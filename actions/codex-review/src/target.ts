import { messageOf } from '@codex-suite/core/github/errors';
import { decideGuard, type PullRequestInfo, pullRequestInfo } from './guards.js';
import { end, proceed, type Step } from './outcome.js';
import type { ReviewContext, ReviewRun } from './run.js';

/** Step 1: the pull request to review, and whether to review it at all (fork, key, none). */
export async function chooseTarget(ctx: ReviewContext, run: ReviewRun): Promise<Step<PullRequestInfo>> {
  const pr = await resolvePullRequest(ctx, ctx.settings.pullRequest);
  const guard = decideGuard({ pullRequest: pr, repository: ctx.repository, hasKey: run.key.length > 0 });
  if (guard.run) return proceed(guard.pullRequest);
  return end({
    kind: 'skipped',
    reason: guard.reason,
    message: guard.message,
    pr: guard.pullRequest,
    facts: guard.reason === 'missing_key' ? { preflight: 'missing_key' } : {},
  });
}

/** The input's pull request, else the event's; read from the API when it answers. */
async function resolvePullRequest(
  ctx: ReviewContext,
  wanted: number | undefined,
): Promise<PullRequestInfo | null> {
  const event = await ctx.event();
  const issue = event.issue as { number?: unknown; pull_request?: unknown } | undefined;
  const fromEvent =
    pullRequestInfo(event.pull_request, ctx.repository) ??
    (issue?.pull_request && typeof issue.number === 'number' ? { number: issue.number } : null);
  const number = wanted ?? fromEvent?.number;
  if (!number) return null;
  const payload = fromEvent && 'baseRepo' in fromEvent && fromEvent.number === number ? fromEvent : null;
  try {
    // The API has the current title and head (a payload can be stale or partial).
    const { data } = await ctx.github.rest.pulls.get({
      owner: ctx.repo.owner,
      repo: ctx.repo.repo,
      pull_number: number,
    });
    return pullRequestInfo(data, ctx.repository) ?? payload;
  } catch (error) {
    if (payload) {
      ctx.io.info(`Could not read #${number} from the API (${messageOf(error)}); using the event payload.`);
      return payload;
    }
    throw error;
  }
}
