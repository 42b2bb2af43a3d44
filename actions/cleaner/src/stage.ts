import { messageOf, rethrowIfRateLimited } from '@codex-suite/core/github/errors';
import { type ListedIssue, getRepoInfo, listSelftestIssues } from '@codex-suite/core/repo-lookups';
import { repositorySettings } from '@codex-suite/core/settings';
import { defineStage, type StageContext } from '@codex-suite/core/stage';
import { table } from '@codex-suite/core/stage-summary';
import { telemetrySchemas } from '@codex-suite/core/telemetry/schemas/index';
import { planRetention } from './retention.js';
import { deleteSetting } from './settings.js';
import { countOldPrefix, finishedAtOf, inRunOrder, selectPrune } from './telemetry-prune.js';

export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  selftestRetain: repositorySettings.selftestRetain,
  selftestMaxAgeDays: repositorySettings.selftestMaxAgeDays,
  telemetryMaxAgeDays: repositorySettings.telemetryMaxAgeDays,
  delete: deleteSetting,
} as const;

type Ctx = StageContext<typeof settings>;

export interface CleanerTelemetry {
  issues_closed: number[];
  issues_deleted: number[];
  telemetry_pruned_count: number;
  telemetry_pruned: string[];
  retained: number[];
  candidates: number;
  ignored: { number: number; reason: string }[];
  delete_requested: boolean;
  delete_unavailable_reason: string | null;
  telemetry_reads: number;
  notes: string[];
}

const DAY_MS = 86_400_000;
const COMPONENTS = Object.keys(telemetrySchemas);

function emptyTelemetry(): CleanerTelemetry {
  return {
    issues_closed: [],
    issues_deleted: [],
    telemetry_pruned_count: 0,
    telemetry_pruned: [],
    retained: [],
    candidates: 0,
    ignored: [],
    delete_requested: false,
    delete_unavailable_reason: null,
    telemetry_reads: 0,
    notes: [],
  };
}

interface Action {
  readonly number: number;
  readonly action: string;
  readonly outcome: string;
}

export const stage = defineStage({
  id: 'cleaner',
  component: 'cleaner',
  name: 'Codex cleaner',
  description: 'Retires old self-test issues and prunes old telemetry from the pages branch.',
  branding: { icon: 'trash-2', color: 'gray-dark' },
  settings,
  emptyTelemetry: emptyTelemetry(),
  async run(ctx) {
    const t = emptyTelemetry();
    t.delete_requested = ctx.settings.delete;
    const actions: Action[] = [];

    await retireSelftestIssues(ctx, t, actions);
    const pruneReport = await pruneTelemetry(ctx, t);

    const verb = ctx.dryRun ? 'would retire' : 'retired';
    const retiredCount = ctx.dryRun
      ? actions.filter((a) => a.outcome === 'planned').length
      : t.issues_closed.length + t.issues_deleted.length;
    const summary =
      `Codex cleaner: ${verb} ${retiredCount} self-test issue(s) ` +
      `(${t.issues_closed.length} closed, ${t.issues_deleted.length} deleted, ${t.retained.length} retained), ` +
      `${ctx.dryRun ? 'would prune' : 'pruned'} ${ctx.dryRun ? pruneReport.planned : t.telemetry_pruned_count} telemetry file(s).`;
    return { summary, report: renderReport(t, actions, pruneReport), telemetry: t };
  },
});

async function retireSelftestIssues(ctx: Ctx, t: CleanerTelemetry, actions: Action[]): Promise<void> {
  const milestoneTitle = ctx.settings.selftestMilestone;
  // Only deleting needs to know whether the token is an administrator.
  let admin = false;
  if (ctx.settings.delete) {
    try {
      admin = (await getRepoInfo(ctx.github, ctx.repo)).permissions?.admin === true;
    } catch (error) {
      rethrowIfRateLimited(error);
      ctx.report({
        code: 'repository_unreadable',
        message: `Could not read ${ctx.repository}: ${messageOf(error)}`,
      });
      return;
    }
  }
  // Listed by label alone: the plan keeps only issues in the self-test milestone (by title), so
  // no milestone lookup is needed first.
  const listed = await listSelftestIssues(ctx.github, ctx.repo);
  if (listed.length === 0) {
    t.notes.push(`No open self-test issues (label codex-selftest) to consider in '${milestoneTitle}'.`);
  }
  const plan = planRetention(listed, {
    milestone: milestoneTitle,
    retain: ctx.settings.selftestRetain,
    maxAgeDays: ctx.settings.selftestMaxAgeDays,
    now: ctx.now(),
  });
  t.candidates = listed.length;
  t.retained = [...plan.retained];
  t.ignored = [...plan.ignored];

  const canDelete = ctx.settings.delete && admin;
  if (ctx.settings.delete && !admin) {
    t.delete_unavailable_reason =
      'delete is set but the token is not an administrator of the repository (permissions.admin is false); GitHub lets only admins delete issues, so they were closed as not planned instead. Use a GH_CI_PAT of a repository admin to delete.';
    if (plan.retire.length > 0)
      ctx.io.warning(t.delete_unavailable_reason, { title: 'Codex cleaner: cannot delete' });
  }

  for (const issue of plan.retire) {
    if (canDelete) {
      const deleted = await deleteIssue(ctx, issue);
      if (deleted === 'applied') {
        t.issues_deleted.push(issue.number);
        actions.push({ number: issue.number, action: 'delete', outcome: 'applied' });
        continue;
      }
      if (deleted !== 'failed') {
        actions.push({ number: issue.number, action: 'delete', outcome: deleted });
        continue;
      }
      t.notes.push(`Deleting #${issue.number} failed; closed it instead.`);
    }
    const closed = await ctx.writes.apply(
      {
        kind: 'issue.close',
        target: `#${issue.number}`,
        description: `close self-test issue #${issue.number} as not planned`,
      },
      () =>
        ctx.github.rest.issues.update({
          ...ctx.repo,
          issue_number: issue.number,
          state: 'closed',
          state_reason: 'not_planned',
        }),
    );
    if (closed.outcome === 'applied') t.issues_closed.push(issue.number);
    actions.push({ number: issue.number, action: 'close', outcome: closed.outcome });
  }
}

async function deleteIssue(
  ctx: Ctx,
  issue: ListedIssue,
): Promise<'applied' | 'planned' | 'deferred' | 'failed'> {
  if (!issue.node_id) return 'failed';
  const result = await ctx.writes.apply(
    {
      kind: 'issue.delete',
      target: `#${issue.number}`,
      description: `delete self-test issue #${issue.number}`,
    },
    () =>
      ctx.github.graphql('mutation($id: ID!) { deleteIssue(input: { issueId: $id }) { clientMutationId } }', {
        id: issue.node_id,
      }),
  );
  return result.outcome;
}

interface PruneReport {
  readonly planned: number;
  readonly reason: string | undefined;
}

async function pruneTelemetry(ctx: Ctx, t: CleanerTelemetry): Promise<PruneReport> {
  const branch = ctx.settings.pagesBranch;
  let paths: string[];
  try {
    paths = (await ctx.pages.list('telemetry/')).map((e) => e.path);
  } catch (error) {
    ctx.report({ code: 'pages_unreadable', message: `Could not list ${branch}: ${messageOf(error)}` });
    return { planned: 0, reason: 'the pages branch could not be read' };
  }
  if (paths.length === 0) return { planned: 0, reason: `no telemetry files on ${branch}` };

  const cutoff = ctx.now().getTime() - ctx.settings.telemetryMaxAgeDays * DAY_MS;
  const ordered = inRunOrder(paths, COMPONENTS);
  const oldCount = await countOldPrefix(ordered, cutoff, async (file) => {
    t.telemetry_reads += 1;
    try {
      return finishedAtOf(await ctx.pages.read(file.path));
    } catch {
      return null;
    }
  });
  const old = new Set(ordered.slice(0, oldCount).map((f) => f.path));
  const selection = selectPrune(paths, COMPONENTS, (file) =>
    file.run ? old.has(file.path) : (file.localTime ?? Number.POSITIVE_INFINITY) < cutoff,
  );
  if (selection.prune.length === 0) return { planned: 0, reason: 'no telemetry file is old enough' };

  const files = Object.fromEntries(selection.prune.map((p) => [p, null]));
  const result = await ctx.writes.apply(
    {
      kind: 'pages.commit',
      target: branch,
      description: `prune ${selection.prune.length} telemetry file(s) older than ${ctx.settings.telemetryMaxAgeDays} days from ${branch}`,
      cost: 3,
    },
    () =>
      ctx.pages.commit(
        files,
        `cleaner: prune ${selection.prune.length} telemetry file(s) older than ${ctx.settings.telemetryMaxAgeDays} days`,
      ),
  );
  if (result.outcome === 'applied') {
    t.telemetry_pruned_count = selection.prune.length;
    t.telemetry_pruned = [...selection.prune];
  }
  return { planned: result.outcome === 'planned' ? selection.prune.length : 0, reason: undefined };
}

function renderReport(t: CleanerTelemetry, actions: readonly Action[], prune: PruneReport): string {
  const parts: string[] = [];
  if (actions.length > 0) {
    parts.push(
      `### Self-test issues\n\n${table(
        ['issue', 'action', 'outcome'],
        actions.map((a) => [`#${a.number}`, a.action, a.outcome]),
      )}`,
    );
  } else {
    parts.push('### Self-test issues\n\nNothing to retire.\n');
  }
  if (t.retained.length > 0) parts.push(`Retained (newest): ${t.retained.map((n) => `#${n}`).join(', ')}\n`);
  if (t.delete_unavailable_reason) parts.push(`> ${t.delete_unavailable_reason}\n`);
  parts.push('### Telemetry');
  if (t.telemetry_pruned_count > 0) parts.push(`Pruned ${t.telemetry_pruned_count} file(s).`);
  else if (prune.planned > 0) parts.push(`Would prune ${prune.planned} file(s).`);
  else parts.push(`Nothing pruned: ${prune.reason ?? 'see errors'}.`);
  parts.push(`(${t.telemetry_reads} file(s) read to date the others.)\n`);
  for (const note of t.notes) parts.push(`- ${note}`);
  return parts.join('\n');
}
