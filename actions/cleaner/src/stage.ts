import { messageOf, rethrowIfRateLimited } from '@codex-suite/core/github/errors';
import { LEDGER_DIR } from '@codex-suite/core/ledger/dir';
import {
  parseSelftestEntry,
  type SelftestEntry,
  selftestEntryPath,
  selftestEntryText,
} from '@codex-suite/core/ledger/selftest-entry';
import { selftestOwnershipFailure } from '@codex-suite/core/ledger/selftest-proof';
import { TELEMETRY_LEDGER_DIR, telemetryEntryText } from '@codex-suite/core/ledger/telemetry-entry';
import type { PagesEntry, PagesFiles, PagesView } from '@codex-suite/core/pages/store';
import { readFiles } from '@codex-suite/core/pages/store';
import {
  type ListedIssue,
  getRepoInfo,
  listCommentAuthors,
  listSelftestIssues,
} from '@codex-suite/core/repo-lookups';
import { repositorySettings } from '@codex-suite/core/settings';
import { defineStage, type StageContext } from '@codex-suite/core/stage';
import { table } from '@codex-suite/core/markdown-safe';
import { telemetrySchemas } from '@codex-suite/core/telemetry/schemas/index';
import { hasComments, planRetention, type Suspect } from './retention.js';
import { deleteSetting } from './settings.js';
import { type PrunePlan, planPrune } from './telemetry-prune.js';

export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  selftestRetain: repositorySettings.selftestRetain,
  selftestMaxAgeDays: repositorySettings.selftestMaxAgeDays,
  telemetryMaxAgeDays: repositorySettings.telemetryMaxAgeDays,
  delete: deleteSetting,
} as const;

type Ctx = StageContext<typeof settings>;

/** How many unproven telemetry paths the telemetry names (the count is always exact). */
const UNPROVEN_LISTED = 50;

export interface CleanerTelemetry {
  issues_closed: number[];
  issues_deleted: number[];
  telemetry_pruned_count: number;
  telemetry_pruned: string[];
  retained: number[];
  candidates: number;
  ignored: { number: number; reason: string }[];
  suspects: { number: number; reason: string }[];
  telemetry_unproven_count: number;
  telemetry_unproven: { path: string; reason: string }[];
  future_dated: string[];
  delete_requested: boolean;
  delete_unavailable_reason: string | null;
  ledger_reads: number;
  notes: string[];
}

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
    suspects: [],
    telemetry_unproven_count: 0,
    telemetry_unproven: [],
    future_dated: [],
    delete_requested: false,
    delete_unavailable_reason: null,
    ledger_reads: 0,
    notes: [],
  };
}

interface Action {
  readonly number: number;
  readonly action: string;
  readonly outcome: string;
}

/** Ledger changes the cleaner makes in its one pages commit (path → text, null deletes). */
type LedgerChanges = Record<string, string | null>;

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
    const changes: LedgerChanges = {};

    const ledger = await listLedger(ctx);
    await retireSelftestIssues(ctx, t, actions, ledger, changes);
    const pruneReport = await pruneTelemetry(ctx, t, ledger, changes);

    const verb = ctx.writes.dryRun ? 'would retire' : 'retired';
    const retiredCount = ctx.writes.dryRun
      ? actions.filter((a) => a.outcome === 'planned').length
      : t.issues_closed.length + t.issues_deleted.length;
    const leftAlone =
      t.suspects.length + t.telemetry_unproven_count > 0
        ? ` Left alone: ${t.suspects.length} issue(s) and ${t.telemetry_unproven_count} file(s) the suite cannot prove it made.`
        : '';
    const summary =
      `Codex cleaner: ${verb} ${retiredCount} self-test issue(s) ` +
      `(${t.issues_closed.length} closed, ${t.issues_deleted.length} deleted, ${t.retained.length} retained), ` +
      `${ctx.writes.dryRun ? 'would prune' : 'pruned'} ${ctx.writes.dryRun ? pruneReport.planned : t.telemetry_pruned_count} telemetry file(s).${leftAlone}`;
    return { summary, report: renderReport(t, actions, pruneReport), telemetry: t };
  },
});

/** The ledger's listing, or undefined when the pages branch cannot be read (then nothing is proven). */
async function listLedger(ctx: Ctx): Promise<PagesEntry[] | undefined> {
  try {
    return await ctx.pages.list(LEDGER_DIR);
  } catch (error) {
    rethrowIfRateLimited(error);
    ctx.report({
      code: 'ledger_unreadable',
      message: `Could not read the suite's ledger on ${ctx.settings.pagesBranch}: ${messageOf(error)}. Nothing can be proven the suite's, so nothing is removed.`,
    });
    return undefined;
  }
}

/** Ledger entries of the listed issues that have one; an unreadable or malformed entry is no entry. */
async function readSelftestEntries(
  ctx: Ctx,
  t: CleanerTelemetry,
  ledger: readonly PagesEntry[],
  issues: readonly ListedIssue[],
): Promise<Map<number, SelftestEntry>> {
  const listed = new Map(ledger.map((e) => [e.path, e]));
  const wanted = issues.flatMap((i) => listed.get(selftestEntryPath(i.number)) ?? []);
  const entries = new Map<number, SelftestEntry>();
  if (wanted.length === 0) return entries;
  t.ledger_reads += wanted.length;
  const texts = await readFiles(ctx.pages, wanted);
  for (const issue of issues) {
    const entry = parseSelftestEntry(texts.get(selftestEntryPath(issue.number)) ?? null);
    if (entry) entries.set(issue.number, entry);
  }
  return entries;
}

async function retireSelftestIssues(
  ctx: Ctx,
  t: CleanerTelemetry,
  actions: Action[],
  ledger: readonly PagesEntry[] | undefined,
  changes: LedgerChanges,
): Promise<void> {
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
  // Listed by label alone (every page): the plan proves each issue against the ledger.
  const listed = await listSelftestIssues(ctx.github, ctx.repo);
  if (listed.length === 0) {
    t.notes.push(`No open self-test issues (label codex-selftest) to consider in '${milestoneTitle}'.`);
  }
  const owned = { milestone: milestoneTitle, repository: ctx.repository };
  let entries = new Map<number, SelftestEntry>();
  try {
    entries = ledger ? await readSelftestEntries(ctx, t, ledger, listed) : entries;
  } catch (error) {
    rethrowIfRateLimited(error);
    ctx.report({ code: 'ledger_unreadable', message: `Could not read ledger entries: ${messageOf(error)}` });
  }
  // Comments cost a request per issue: read only for issues proven otherwise.
  const commentAuthors = new Map<number, string[]>();
  for (const issue of listed) {
    if (!hasComments(issue) || selftestOwnershipFailure(issue, entries.get(issue.number), owned)) continue;
    try {
      commentAuthors.set(issue.number, await listCommentAuthors(ctx.github, ctx.repo, issue.number));
    } catch (error) {
      rethrowIfRateLimited(error); // otherwise the issue stays unproven: left alone
    }
  }
  const plan = planRetention(
    { issues: listed, ledger: entries, commentAuthors },
    {
      ...owned,
      retain: ctx.settings.selftestRetain,
      maxAgeDays: ctx.settings.selftestMaxAgeDays,
      now: ctx.now(),
    },
  );
  t.candidates = listed.length;
  t.retained = [...plan.retained];
  t.ignored = [...plan.ignored];
  t.suspects = [...plan.suspects];
  t.future_dated.push(...plan.futureDated.map((n) => `#${n}`));
  for (const s of plan.suspects) ctx.io.info(`Left alone #${s.number}: ${s.reason}.`);
  for (const entry of plan.clamp) changes[selftestEntryPath(entry.number)] = selftestEntryText(entry);
  if (plan.futureDated.length > 0)
    ctx.io.warning(
      `Self-test issue(s) ${plan.futureDated.map((n) => `#${n}`).join(', ')} are dated in the future; they count as created when first seen.`,
    );

  const canDelete = ctx.settings.delete && admin;
  if (ctx.settings.delete && !admin) {
    t.delete_unavailable_reason = `${deleteSetting.input} is set but the token is not an administrator of the repository (permissions.admin is false); GitHub lets only admins delete issues, so they were closed as not planned instead. Use a GH_CI_PAT of a repository admin to delete.`;
    if (plan.retire.length > 0)
      ctx.io.warning(t.delete_unavailable_reason, { title: 'Codex cleaner: cannot delete' });
  }

  for (const { issue } of plan.retire) {
    const retired = (outcome: string) => {
      if (outcome === 'applied') changes[selftestEntryPath(issue.number)] = null;
    };
    if (canDelete) {
      const deleted = await deleteIssue(ctx, issue);
      if (deleted === 'applied') {
        t.issues_deleted.push(issue.number);
        actions.push({ number: issue.number, action: 'delete', outcome: 'applied' });
        retired(deleted);
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
      ({ github }) =>
        github.rest.issues.update({
          ...ctx.repo,
          issue_number: issue.number,
          state: 'closed',
          state_reason: 'not_planned',
        }),
    );
    if (closed.outcome === 'applied') t.issues_closed.push(issue.number);
    actions.push({ number: issue.number, action: 'close', outcome: closed.outcome });
    retired(closed.outcome);
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
    ({ github }) =>
      github.graphql('mutation($id: ID!) { deleteIssue(input: { issueId: $id }) { clientMutationId } }', {
        id: issue.node_id,
      }),
  );
  return result.outcome;
}

interface PruneReport {
  readonly planned: number;
  readonly reason: string | undefined;
}

/** The pages-branch changes of a prune plan: pruned files and entries deleted, clamped entries re-recorded. */
function pruneChanges(plan: PrunePlan): LedgerChanges {
  const changes: LedgerChanges = {};
  for (const path of [...plan.prune, ...plan.dropEntries]) changes[path] = null;
  for (const entry of plan.reRecord) changes[entry.path] = telemetryEntryText(entry);
  return changes;
}

/**
 * Plans the telemetry prune, then makes one pages commit: the pruned files, their ledger entries,
 * entries re-recorded at the time first seen, and the changes to retired or clamped issues'
 * entries. The commit is built on the head it lands on: the plan is made again from that head, so
 * a file someone rewrote (or an entry someone removed) after the first listing is not touched.
 */
async function pruneTelemetry(
  ctx: Ctx,
  t: CleanerTelemetry,
  ledger: readonly PagesEntry[] | undefined,
  issueChanges: LedgerChanges,
): Promise<PruneReport> {
  const branch = ctx.settings.pagesBranch;
  const planOn = async (view: Pick<PagesView, 'list'>, entries: readonly PagesEntry[]) =>
    planPrune({
      files: await view.list('telemetry/'),
      entries: entries.filter((e) => e.path.startsWith(TELEMETRY_LEDGER_DIR)),
      components: COMPONENTS,
      now: ctx.now(),
      maxAgeDays: ctx.settings.telemetryMaxAgeDays,
    });
  let plan: PrunePlan | undefined;
  let reason: string | undefined;
  if (!ledger) reason = "the suite's ledger could not be read";
  else {
    try {
      plan = await planOn(ctx.pages, ledger);
    } catch (error) {
      rethrowIfRateLimited(error);
      ctx.report({ code: 'pages_unreadable', message: `Could not list ${branch}: ${messageOf(error)}` });
      reason = 'the pages branch could not be read';
    }
  }
  if (plan) {
    t.telemetry_unproven_count = plan.unproven.length;
    t.telemetry_unproven = plan.unproven.slice(0, UNPROVEN_LISTED);
    t.future_dated.push(...plan.futureDated);
    if (plan.futureDated.length > 0)
      ctx.io.warning(
        `${plan.futureDated.length} telemetry file(s) finished in the future by their record; they count as finished when first seen.`,
      );
    if (plan.prune.length === 0) reason = 'no telemetry file the suite published is old enough';
  }
  const planned = { ...issueChanges, ...(plan ? pruneChanges(plan) : {}) };
  if (Object.keys(planned).length === 0) return { planned: 0, reason };

  let landed: PrunePlan | undefined;
  const onHead = async (view: PagesView): Promise<PagesFiles> => {
    const ledgerAtHead = await view.list(LEDGER_DIR);
    // The branch or its ledger is gone: nothing can be proven, and nothing is recreated.
    if (ledgerAtHead.length === 0) return {};
    landed = plan ? await planOn(view, ledgerAtHead) : undefined;
    const present = new Set(ledgerAtHead.map((e) => e.path));
    const issues = Object.entries(issueChanges).filter(([path]) => present.has(path));
    return { ...Object.fromEntries(issues), ...(landed ? pruneChanges(landed) : {}) };
  };
  const count = plan?.prune.length ?? 0;
  const days = ctx.settings.telemetryMaxAgeDays;
  const message =
    count > 0
      ? `cleaner: prune ${count} telemetry file(s) older than ${days} days`
      : 'cleaner: update the ledger';
  const result = await ctx.writes.apply(
    { kind: 'pages.commit', target: branch, description: `${message} on ${branch}`, cost: 3 },
    ({ pages }) => pages.commit(onHead, message),
  );
  if (result.outcome === 'applied' && landed && !result.value.unchanged) {
    t.telemetry_pruned_count = landed.prune.length;
    t.telemetry_pruned = [...landed.prune];
  }
  return { planned: result.outcome === 'planned' ? count : 0, reason };
}

function leftAloneRows(suspects: readonly Suspect[], files: CleanerTelemetry['telemetry_unproven']) {
  return [...suspects.map((s) => [`#${s.number}`, s.reason]), ...files.map((f) => [f.path, f.reason])];
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
  const rows = leftAloneRows(t.suspects, t.telemetry_unproven);
  if (rows.length > 0) {
    const more = t.telemetry_unproven_count - t.telemetry_unproven.length;
    parts.push(
      `\n### Left alone: not provably made by the suite\n\n${table(['item', 'why'], rows)}${
        more > 0 ? `…and ${more} more file(s).\n` : ''
      }`,
    );
  }
  if (t.future_dated.length > 0)
    parts.push(`Dated in the future (counted as now): ${t.future_dated.join(', ')}\n`);
  for (const note of t.notes) parts.push(`- ${note}`);
  return parts.join('\n');
}
