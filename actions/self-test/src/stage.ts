import { LABELS, hasLabel } from '@codex-suite/core/contract';
import { messageOf, rethrowIfRateLimited } from '@codex-suite/core/github/errors';
import {
  type ListedIssue,
  type RepoInfo,
  findMilestone,
  getProject,
  getRepoInfo,
  listLabels,
  listMilestones,
  listSelftestIssues,
} from '@codex-suite/core/repo-lookups';
import {
  parseSelftestEntry,
  type SelftestEntry,
  selftestEntryPath,
} from '@codex-suite/core/ledger/selftest-entry';
import { readFiles } from '@codex-suite/core/pages/store';
import { commonSettings, repositorySettings } from '@codex-suite/core/settings';
import {
  type Check,
  attempt,
  milestoneMissing,
  pagesAccessCheck,
  projectCheck,
  tokenCheck,
} from '@codex-suite/core/checks';
import { defineStage, type StageContext } from '@codex-suite/core/stage';
import { table } from '@codex-suite/core/markdown-safe';
import { nextIssueDue, recentLookAlikes, recentSelftestIssue } from './cadence.js';
import { findRunIssue, selftestBody, selftestTitle } from './issue.js';
import { issueIntervalSetting } from './settings.js';

export const settings = {
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
  issueIntervalHours: issueIntervalSetting,
} as const;

export interface SelfTestTelemetry {
  issue_number: number | null;
  /** `user.login` of the create response: the identity the cleaner later checks the issue against */
  issue_author: string | null;
  issue_reused: boolean;
  milestone: { title: string; number: number } | null;
  skipped_reason: string | null;
  checks: Check[];
}

const empty: SelfTestTelemetry = {
  issue_number: null,
  issue_author: null,
  issue_reused: false,
  milestone: null,
  skipped_reason: null,
  checks: [],
};

type Ctx = StageContext<typeof settings>;

export const stage = defineStage({
  id: 'self-test',
  component: 'self-test',
  name: 'Codex self-test',
  description:
    'Proves the pipeline works: token, labels, milestone, issue create and read; files one self-test issue.',
  branding: { icon: 'check-circle', color: 'green' },
  settings,
  outputs: { 'issue-number': 'Number of the self-test issue this run filed or reused; empty when none.' },
  emptyTelemetry: empty,
  async run(ctx) {
    const checks: Check[] = [];
    const check = (name: string, ok: boolean, message: string) => {
      checks.push({ name, ok, message });
      if (!ok) ctx.io.warning(message, { title: `Codex self-test: ${name}` });
    };
    const record = (c: Check) => check(c.name, c.ok, c.message);
    const telemetry: SelfTestTelemetry = { ...empty, checks };
    const finish = (status: 'ok' | 'degraded' | 'error' | 'skipped', summary: string) => ({
      status,
      summary,
      report: renderReport(checks, telemetry),
      telemetry,
      outputs: { 'issue-number': telemetry.issue_number ? String(telemetry.issue_number) : '' },
    });

    // 1. The token: reading the repository proves it is valid and tells what it may do.
    const token = await attempt(() => getRepoInfo(ctx.github, ctx.repo));
    if (!token.ok) rethrowIfRateLimited(token.error);
    record(tokenCheck(ctx.repository, token));
    if (!token.ok) {
      ctx.report({ code: 'token_invalid', message: checks[0]!.message });
      return finish('error', `Codex self-test: the token cannot read ${ctx.repository}.`);
    }
    const repoInfo = token.value;

    // 2. Labels (case-insensitive, as GitHub compares them).
    try {
      const names = (await listLabels(ctx.github, ctx.repo)).map((l) => l.name);
      const missing = [LABELS.codex, LABELS.selftest].filter((name) => !hasLabel(names, name));
      check(
        'labels',
        missing.length === 0,
        missing.length === 0
          ? `Labels ${LABELS.codex} and ${LABELS.selftest} exist.`
          : `Missing label(s): ${missing.join(', ')}. Run Codex diagnostics with repair: true, or create them under Issues → Labels.`,
      );
    } catch (error) {
      check('labels', false, `Could not list labels: ${messageOf(error)}.`);
    }

    // 3. The milestone: without it the self-test has nowhere to file its issue, and skips.
    const milestoneTitle = ctx.settings.selftestMilestone;
    let milestone: { number: number; title: string } | undefined;
    try {
      milestone = findMilestone(await listMilestones(ctx.github, ctx.repo), milestoneTitle);
    } catch (error) {
      check('milestone', false, `Could not list milestones: ${messageOf(error)}.`);
      return finish('error', 'Codex self-test: could not list milestones.');
    }
    if (!milestone) {
      const reason = milestoneMissing(milestoneTitle, repositorySettings.selftestMilestone.env);
      check('milestone', false, reason);
      telemetry.skipped_reason = reason;
      await accessChecks(ctx, repoInfo, record);
      return finish('skipped', `Codex self-test skipped: the milestone '${milestoneTitle}' does not exist.`);
    }
    telemetry.milestone = { title: milestone.title, number: milestone.number };
    check('milestone', true, `Milestone '${milestone.title}' (#${milestone.number}) exists.`);

    // 4. One issue per run: reuse the issue an earlier attempt of this run filed.
    const runId = ctx.runner.runId;
    const title = selftestTitle(runId);
    let before: ListedIssue[] | undefined;
    try {
      before = await listSelftestIssues(ctx.github, ctx.repo, milestone.number);
    } catch (error) {
      check('issue enumeration', false, `Could not list self-test issues: ${messageOf(error)}.`);
    }
    const existing = before ? findRunIssue(before, runId) : undefined;
    // At most one new issue per interval: each one notifies every watcher of the repository.
    const interval = ctx.settings.issueIntervalHours;
    const cadence = {
      now: ctx.now(),
      intervalHours: interval,
      milestone: milestone.title,
      repository: ctx.repository,
    };
    const recent =
      before && !existing
        ? recentSelftestIssue(before, await readLedger(ctx, recentLookAlikes(before, cadence)), cadence)
        : undefined;
    let issueNumber: number | undefined;
    if (existing) {
      issueNumber = existing.number;
      telemetry.issue_reused = true;
      check('issue create', true, `Reused #${existing.number}, filed earlier by this run (${runId}).`);
    } else if (recent) {
      issueNumber = recent.number;
      telemetry.issue_reused = true;
      check(
        'issue create',
        true,
        `Not filed: #${recent.number} was filed ${recent.created_at}, less than ${interval} h ago (${issueIntervalSetting.input}); the next self-test issue is filed from ${nextIssueDue(recent.created_at, interval).toISOString()}. This run proves the pipeline on #${recent.number}.`,
      );
    } else if (before) {
      const runUrl = `${ctx.runner.serverUrl}/${ctx.repository}/actions/runs/${runId}`;
      const result = await ctx.writes.apply(
        { kind: 'issue.create', target: title, description: `create the self-test issue "${title}"` },
        ({ github }) =>
          github.rest.issues.create({
            ...ctx.repo,
            title,
            body: selftestBody({ runId, runUrl, repository: ctx.repository, at: ctx.now() }),
            labels: [LABELS.codex, LABELS.selftest],
            milestone: milestone.number,
          }),
      );
      if (result.outcome === 'applied') {
        const created = result.value.data;
        issueNumber = created.number;
        check('issue create', true, `Created #${issueNumber} "${title}".`);
        // Part of the proof the cleaner needs later (the ledger entry is made from the telemetry);
        // without the author GitHub returned, nothing is recorded.
        telemetry.issue_author = created.user?.login ?? null;
      } else if (result.outcome === 'planned') {
        check('issue create', true, `Dry run: would create "${title}" in '${milestone.title}'.`);
      } else if (result.outcome === 'failed') {
        check('issue create', false, createFailure(result.error.message));
      } else {
        check(
          'issue create',
          false,
          `The write budget (${commonSettings.maxWrites.input}) allowed no issue to be created.`,
        );
      }
    }

    // 5. Find it again through the enumeration the other stages rely on.
    if (before && issueNumber !== undefined) {
      try {
        const after = await listSelftestIssues(ctx.github, ctx.repo, milestone.number);
        const found = after.find((i) => i.number === issueNumber);
        check(
          'issue enumeration',
          found !== undefined,
          found
            ? `#${issueNumber} is listed by the REST issue list (labels=${LABELS.selftest}, milestone=${milestone.number}).`
            : `#${issueNumber} was created but the REST issue list (labels=${LABELS.selftest}, milestone=${milestone.number}) does not return it.`,
        );
      } catch (error) {
        check('issue enumeration', false, `Could not list self-test issues: ${messageOf(error)}.`);
      }
    } else if (before && ctx.writes.dryRun) {
      check(
        'issue enumeration',
        true,
        `The REST issue list answers (${before.length} open self-test issue(s)); nothing was created to find in a dry run.`,
      );
    }
    telemetry.issue_number = issueNumber ?? null;

    await accessChecks(ctx, repoInfo, record);

    const failed = checks.filter((c) => !c.ok);
    // A degraded run names its causes in the structured errors, as every stage does.
    for (const c of failed) ctx.report({ code: 'check_failed', message: `${c.name}: ${c.message}` });
    const status = failed.length === 0 ? 'ok' : 'degraded';
    const what = issueNumber
      ? `${telemetry.issue_reused ? 'reused' : 'filed'} #${issueNumber}`
      : ctx.writes.dryRun
        ? 'dry run, no issue filed'
        : 'no issue filed';
    return finish(
      status,
      `Codex self-test: ${checks.length - failed.length}/${checks.length} checks passed, ${what}${
        failed.length > 0 ? `; failed: ${failed.map((c) => c.name).join(', ')}` : ''
      }.`,
    );
  },
});

/**
 * The ledger entries of the given issues (the proof that the suite filed them). An entry that is
 * absent, malformed or unreadable proves nothing: the issue is not reused and a new one is filed.
 */
async function readLedger(ctx: Ctx, issues: readonly ListedIssue[]): Promise<Map<number, SelftestEntry>> {
  const entries = new Map<number, SelftestEntry>();
  if (issues.length === 0) return entries;
  try {
    const texts = await readFiles(
      ctx.pages,
      issues.map((i) => selftestEntryPath(i.number)),
    );
    for (const issue of issues) {
      const entry = parseSelftestEntry(texts.get(selftestEntryPath(issue.number)) ?? null);
      if (entry) entries.set(issue.number, entry);
    }
  } catch (error) {
    rethrowIfRateLimited(error);
    ctx.io.info(
      `Could not read the suite's ledger on ${ctx.settings.pagesBranch}: ${messageOf(error)}. No earlier issue is proven the suite's, so none is reused.`,
    );
  }
  return entries;
}

/**
 * The access checks diagnostics makes too, from the same functions: write access to the pages
 * branch (proven without writing) and, when a project is configured, the project.
 */
async function accessChecks(ctx: Ctx, repoInfo: RepoInfo, record: (c: Check) => void): Promise<void> {
  const exists = await attempt(() => ctx.pages.exists());
  record(pagesAccessCheck(ctx.repository, ctx.settings.pagesBranch, repoInfo, exists));
  const project = ctx.settings.project;
  if (!project) return;
  record(projectCheck('project access', project, await attempt(() => getProject(ctx.github, project))));
}

function createFailure(message: string): string {
  return /HTTP 403/.test(message)
    ? `The token may not create issues (${message}). Give it issues: write (permissions: issues: write in the workflow, or a GH_CI_PAT with repo scope).`
    : `Could not create the self-test issue: ${message}.`;
}

function renderReport(checks: readonly Check[], telemetry: SelfTestTelemetry): string {
  const parts = [
    table(
      ['check', 'result', 'details'],
      checks.map((c) => [c.name, c.ok ? '✅' : '❌', c.message]),
    ),
  ];
  if (telemetry.skipped_reason) parts.unshift(`**Skipped:** ${telemetry.skipped_reason}\n`);
  return parts.join('\n');
}
