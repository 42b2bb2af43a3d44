import { type IssueIndex, recordSuiteEdit } from '@codex-suite/core/issues/issue-index';
import type { SettingDefs } from '@codex-suite/core/settings';
import type { StageContext } from '@codex-suite/core/stage';
import type { ClassifiedIssue } from './classify-issues.js';
import { type IssueMarking, escalationCommentBody, hasEscalationMarker } from './marking.js';
import type { MarkingResult } from './report.js';

type Ctx = Pick<StageContext<SettingDefs>, 'github' | 'repo' | 'writes' | 'io' | 'now'>;

export interface ApplyResult extends MarkingResult {
  /** escalation comments found or made this run: number → `since`, `commented_at` */
  readonly notified: Record<string, { since: string; commented_at: string }>;
  /** issues whose suite edit was recorded in the index */
  readonly edited: number;
}

/**
 * An earlier escalation comment for the issue's current period of inactivity, found by its hidden
 * marker. Only comments since that period began can carry it, so the read is bounded with `since`.
 */
async function findEarlierComment(ctx: Ctx, issue: ClassifiedIssue): Promise<string | undefined> {
  const comments = await ctx.github.paginate(ctx.github.rest.issues.listComments, {
    ...ctx.repo,
    issue_number: issue.number,
    since: issue.lastHumanActivity,
    per_page: 100,
  });
  const found = comments.find((c) => hasEscalationMarker(c.body, issue.lastHumanActivity));
  return found?.created_at;
}

/**
 * Applies the marking plan issue by issue, serially: the escalation comment first (when no earlier
 * one is found), then one PATCH with the full label list. Every applied write is recorded in the
 * index with the `updated_at` GitHub answered, so the suite's own marking never counts as activity.
 */
export async function applyMarking(
  ctx: Ctx,
  index: IssueIndex,
  plan: readonly IssueMarking[],
  escalationDays: (issue: ClassifiedIssue) => number,
): Promise<ApplyResult> {
  const labeled: number[] = [];
  const unlabeled: number[] = [];
  const commented: number[] = [];
  const notified: Record<string, { since: string; commented_at: string }> = {};
  let edited = 0;

  for (const change of plan) {
    const { issue } = change;
    let lastUpdatedAt: string | undefined;
    let commentApplied = false;

    if (change.comment) {
      const earlier = await findEarlierComment(ctx, issue);
      if (earlier !== undefined) {
        ctx.io.info(`#${issue.number}: escalation comment already made at ${earlier}; not repeated.`);
        notified[String(issue.number)] = { since: issue.lastHumanActivity, commented_at: earlier };
      } else {
        const result = await ctx.writes.apply(
          {
            kind: 'issue.comment',
            target: `#${issue.number}`,
            description: `comment on #${issue.number}: escalated after ${issue.daysInactive} days without human activity`,
          },
          ({ github }) =>
            github.rest.issues.createComment({
              ...ctx.repo,
              issue_number: issue.number,
              body: escalationCommentBody(issue, escalationDays(issue)),
            }),
        );
        if (result.outcome === 'applied' || result.outcome === 'planned') commented.push(issue.number);
        if (result.outcome === 'applied') {
          commentApplied = true;
          notified[String(issue.number)] = {
            since: issue.lastHumanActivity,
            commented_at: result.value.data.created_at,
          };
        }
      }
    }

    if (change.labels) {
      const what = [...change.added.map((l) => `add ${l}`), ...change.removed.map((l) => `remove ${l}`)].join(
        ', ',
      );
      const result = await ctx.writes.apply(
        {
          kind: 'issue.update',
          target: `#${issue.number}`,
          description: `${what} on #${issue.number} (${issue.status})`,
        },
        ({ github }) =>
          github.rest.issues.update({ ...ctx.repo, issue_number: issue.number, labels: change.labels }),
      );
      if (result.outcome === 'applied' || result.outcome === 'planned') {
        if (change.added.length > 0) labeled.push(issue.number);
        if (change.removed.length > 0) unlabeled.push(issue.number);
      }
      if (result.outcome === 'applied') {
        lastUpdatedAt = result.value.data.updated_at;
        recordSuiteEdit(index, issue.number, lastUpdatedAt, result.value.data as never);
        edited += 1;
      }
    }

    // A comment alone bumps updated_at too: read the issue once to record that time.
    if (commentApplied && lastUpdatedAt === undefined) {
      const { data } = await ctx.github.rest.issues.get({ ...ctx.repo, issue_number: issue.number });
      recordSuiteEdit(index, issue.number, data.updated_at);
      edited += 1;
    }
  }
  return { labeled, unlabeled, commented, notified, edited };
}
