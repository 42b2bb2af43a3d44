import { httpStatusOf, toStageError } from '@codex-suite/core/github/errors';
import { type IntegrityFinding, scanIssueIntegrity, vanishedIssue } from '@codex-suite/core/issues/integrity';
import {
  forgetIssue,
  type IssueIndex,
  labelsUntrusted,
  recordProjectMembership,
  recordSuiteEdit,
  refreshEntry,
} from '@codex-suite/core/issues/issue-index';
import { normalizeIssue } from '@codex-suite/core/issues/normalize';
import { formatProjectRef, type ProjectRef } from '@codex-suite/core/project-ref';
import type { StageContext } from '@codex-suite/core/stage';
import type { ChangeName, IssuePlan, PlanConfig } from './plan.js';
import { planIssue } from './plan.js';
import { projectPath } from './snapshot.js';

export type RowOutcome = 'applied' | 'planned' | 'deferred' | 'failed' | 'vanished' | 'partial' | 'skipped';

/** One line of the job summary: an issue, what it needed and what happened. */
export interface AppliedRow {
  readonly number: number;
  readonly title: string;
  /** the changes made (or, in dry-run, that would be made) */
  readonly changes: ChangeName[];
  /** the changes planned */
  readonly planned: ChangeName[];
  readonly outcome: RowOutcome;
  readonly note?: string;
}

export interface ApplyResult {
  readonly rows: AppliedRow[];
  readonly findings: IntegrityFinding[];
}

type SyncContext = Pick<StageContext, 'github' | 'repo' | 'writes' | 'io'>;

const LABEL_AND_MILESTONE = (c: ChangeName) => c !== 'project';

/**
 * Applies the plans one issue at a time, through the write guard: at most one PATCH per issue
 * (the full label list and the milestone together) and one project add. Each applied write's
 * answer goes into the index as the suite's own edit, so it never counts as human activity.
 */
export async function applyPlans(
  ctx: SyncContext,
  index: IssueIndex,
  plans: readonly IssuePlan[],
  config: PlanConfig,
  project: ProjectRef | undefined,
): Promise<ApplyResult> {
  const rows: AppliedRow[] = [];
  const findings: IntegrityFinding[] = [];

  for (const original of plans) {
    let plan = original;
    const number = plan.number;
    const notes: string[] = [];

    // Labels replace on PATCH: never write back a list that came from a malformed entry.
    if (plan.labels && labelsUntrusted(index.issues[String(number)] ?? {})) {
      const refreshed = await refreshUntrusted(ctx, index, plan, config);
      if ('vanished' in refreshed) {
        findings.push(vanishedIssue(number, refreshed.vanished));
        forgetIssue(index, number);
        rows.push({ number, title: plan.title, changes: [], planned: original.changes, outcome: 'vanished' });
        continue;
      }
      plan = refreshed.plan;
      if (refreshed.note) notes.push(refreshed.note);
    }

    const done: ChangeName[] = [];
    const outcomes: string[] = [];
    const patchChanges = plan.changes.filter(LABEL_AND_MILESTONE);
    let vanished: number | undefined;

    if (plan.labels || plan.milestone) {
      const result = await ctx.writes.apply(
        {
          kind: 'issue.update',
          target: `#${number}`,
          description: `update #${number}: ${patchChanges.join(', ')}`,
        },
        ({ github }) =>
          github.rest.issues.update({
            ...ctx.repo,
            issue_number: number,
            ...(plan.labels ? { labels: plan.labels } : {}),
            ...(plan.milestone ? { milestone: plan.milestone.number } : {}),
          }),
      );
      outcomes.push(result.outcome);
      if (result.outcome === 'applied') {
        recordSuiteEdit(index, number, result.value.data.updated_at, result.value.data as never);
        done.push(...patchChanges);
      } else if (result.outcome === 'planned') {
        done.push(...patchChanges);
      } else if (
        result.outcome === 'failed' &&
        (result.error.code === 'not_found' || result.error.code === 'gone')
      ) {
        vanished = await confirmVanished(ctx, number, result.error.code === 'gone' ? 410 : 404);
      }
    }

    if (vanished !== undefined) {
      findings.push(vanishedIssue(number, vanished));
      forgetIssue(index, number);
      rows.push({ number, title: plan.title, changes: done, planned: original.changes, outcome: 'vanished' });
      continue;
    }

    if (plan.addToProject && project) {
      const id = index.issues[String(number)]?.id ?? 0;
      if (id > 0) {
        const result = await ctx.writes.apply(
          {
            kind: 'project.item.add',
            target: `#${number}`,
            description: `add #${number} to project ${formatProjectRef(project)}`,
          },
          ({ github }) => github.request(`POST ${projectPath(project)}/items`, { type: 'Issue', id }),
        );
        outcomes.push(result.outcome);
        if (result.outcome === 'applied') {
          recordProjectMembership(index, number, true);
          const updated = (result.value.data as { content?: { updated_at?: unknown } } | undefined)?.content
            ?.updated_at;
          if (typeof updated === 'string') recordSuiteEdit(index, number, updated);
          done.push('project');
        } else if (result.outcome === 'planned') {
          done.push('project');
        }
      } else {
        notes.push('not added to the project: GitHub sent no issue id');
      }
    }

    rows.push({
      number,
      title: plan.title,
      changes: done,
      planned: original.changes,
      outcome: rowOutcome(outcomes, ctx.writes.dryRun),
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
    });
  }
  return { rows, findings };
}

function rowOutcome(outcomes: readonly string[], dryRun: boolean): RowOutcome {
  if (outcomes.length === 0) return 'skipped';
  const has = (o: string) => outcomes.includes(o);
  if (has('failed')) return outcomes.every((o) => o === 'failed') ? 'failed' : 'partial';
  if (has('deferred')) return outcomes.every((o) => o === 'deferred') ? 'deferred' : 'partial';
  return dryRun ? 'planned' : 'applied';
}

/**
 * A write answered 404 or 410: the issue may have been deleted or transferred since it was listed,
 * or the answer was a passing fault. One GET tells them apart. Only an issue that its own GET
 * cannot return leaves the index; otherwise it stays, and the next run makes the write again.
 */
async function confirmVanished(
  ctx: SyncContext,
  number: number,
  writeStatus: number,
): Promise<number | undefined> {
  try {
    const { data } = await ctx.github.rest.issues.get({ ...ctx.repo, issue_number: number });
    return data.state === 'open' ? undefined : writeStatus;
  } catch (error) {
    const status = httpStatusOf(error);
    return status === 404 || status === 410 ? status : undefined;
  }
}

/**
 * Re-reads an issue whose listed labels were malformed: with a sound label list the plan is made
 * again from it; otherwise label changes are dropped for this run (milestone and project stay).
 */
async function refreshUntrusted(
  ctx: SyncContext,
  index: IssueIndex,
  plan: IssuePlan,
  config: PlanConfig,
): Promise<{ plan: IssuePlan; note?: string } | { vanished: number }> {
  try {
    const { data } = await ctx.github.rest.issues.get({ ...ctx.repo, issue_number: plan.number });
    const fresh = normalizeIssue(data);
    const labelDefects = scanIssueIntegrity(data).filter((f) => /label/.test(f.reason));
    const refreshed =
      fresh && labelDefects.length === 0 ? refreshEntry(index, plan.number, fresh) : undefined;
    if (refreshed) return { plan: planIssue(refreshed, config) };
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === 404 || status === 410) return { vanished: status };
    ctx.io.warning(`Could not re-read #${plan.number}: ${toStageError(error).message}`);
  }
  const changes = plan.changes.filter((c) => c === 'milestone' || c === 'project');
  const { labels: _labels, ...rest } = plan;
  return {
    plan: { ...rest, changes },
    note: 'labels not repaired: the issue’s label list is malformed',
  };
}
