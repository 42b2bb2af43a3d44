/**
 * The benchmark's repository: a generated population (open and closed issues, pull requests,
 * 5 % drift, project items) plus the traces of a suite that already ran for a while — old
 * self-test issues and old telemetry files — and the human edits of the steady-state phase.
 */
import { ledgerFilesFor } from '@codex-suite/core/ledger/entries';
import { commonSettings, repositorySettings } from '@codex-suite/core/settings';
import { generateRepository, type GeneratedReport } from '@codex-suite/emulator/generator';
import type { EmulatorState } from '@codex-suite/emulator/server';
import { selftestBody, selftestTitle } from '../../../actions/self-test/src/issue.js';

export const BENCH_REPO = 'acme/app';
export const BENCH_TOKEN = 'ghs_benchmarktoken000000000000000000000';
export const BENCH_CONFIG = {
  mainMilestone: 'Codex Main',
  dashboardMilestone: 'Codex Dashboard',
  selftestMilestone: 'Codex Internal',
  project: 'orgs/acme/projects/1',
  pagesBranch: 'gh-pages',
} as const;
/** Old self-test issues left by earlier runs (the cleaner retires those beyond the newest 3). */
export const OLD_SELFTEST_ISSUES = 6;
/** Old telemetry files on the pages branch (older than the 30-day retention). */
export const OLD_TELEMETRY_FILES = 8;
const DAY = 86_400_000;
/** The token's identity: what the suite files issues as. */
const SUITE_LOGIN = 'github-actions[bot]';

export interface ScenarioSize {
  readonly openIssues: number;
  readonly closedIssues: number;
  readonly pullRequests: number;
  readonly driftRate: number;
  readonly seed: number;
}

/** The mix for `n` open issues: 30 % as many closed issues, 5 % as many pull requests, 5 % drift. */
export function scenarioSize(openIssues: number, seed = 42): ScenarioSize {
  return {
    openIssues,
    closedIssues: Math.round(openIssues * 0.3),
    pullRequests: Math.max(1, Math.round(openIssues * 0.05)),
    driftRate: 0.05,
    seed,
  };
}

/**
 * Activity's read budget in the three phases: the default (the benchmark sets no variable for
 * it), so each phase measures what a repository's run costs with the settings it ships with.
 */
export const PHASE_ACTIVITY_READ_BUDGET: number = repositorySettings.activityReadBudget.default;
/**
 * Activity's read budget in the convergence runs between the first pass and the steady state
 * (scripts/bench.ts `converge`): its largest setting, so the issues a first pass left unread are
 * read in as few runs as may be.
 */
export const CONVERGENCE_ACTIVITY_READ_BUDGET: number = repositorySettings.activityReadBudget.max;

/**
 * The repository variables of the benchmark's repository (`vars.CODEX_*`): the contract's names,
 * the write budget at its largest (the default is 500) so a first pass finishes its repairs in one
 * run, and short retries.
 */
export function benchVariables(): Record<string, string> {
  return {
    ...settingsEnv(),
    CODEX_MAX_WRITES: String(commonSettings.maxWrites.max),
    CODEX_RETRY_BASE_MS: '20',
  };
}

/** Environment a pipeline gets from the repository variables (`vars.CODEX_*`). */
export function settingsEnv(): Record<string, string> {
  return {
    CODEX_MAIN_MILESTONE: BENCH_CONFIG.mainMilestone,
    CODEX_DASHBOARD_MILESTONE: BENCH_CONFIG.dashboardMilestone,
    CODEX_SELFTEST_MILESTONE: BENCH_CONFIG.selftestMilestone,
    CODEX_PROJECT: BENCH_CONFIG.project,
  };
}

/** Seeds token, repository, population and history. The token's limit is high: counting, not throttling. */
export function seedScenario(state: EmulatorState, size: ScenarioSize): GeneratedReport {
  state.addToken(BENCH_TOKEN, {
    login: 'github-actions[bot]',
    permissions: {
      issues: 'write',
      contents: 'write',
      projects: 'write',
      variables: 'read',
      pull_requests: 'read',
    },
    rateLimit: { limit: 10_000_000 },
  });
  state.addRepo(BENCH_REPO);
  const now = state.nowMs();
  const report = generateRepository(state, BENCH_REPO, { ...size, now });
  for (const [name, value] of Object.entries(settingsEnv())) state.setVariable(BENCH_REPO, name, value);

  // The traces of earlier runs, as the suite made them: each old self-test run filed its issue
  // and published its telemetry file, and with it the ledger entries that prove both the suite's
  // (core/ledger/entries.ts); the other stages' files the same way. The cleaner may then retire
  // and prune them (docs/cleaner.md), as it would in a repository the suite has run on.
  const files: Record<string, string> = {};
  const publish = (path: string, record: Record<string, unknown>): void => {
    const text = `${JSON.stringify(record)}\n`;
    files[path] = text;
    Object.assign(files, ledgerFilesFor(path, text, record));
  };
  const internal = state.findMilestone(BENCH_REPO, BENCH_CONFIG.selftestMilestone);
  if (!internal) throw new Error(`the generator made no milestone '${BENCH_CONFIG.selftestMilestone}'`);
  for (let i = 0; i < OLD_SELFTEST_ISSUES; i += 1) {
    const runId = String(900 + i);
    const created = now - (25 - i) * DAY;
    const issue = state.addIssue(BENCH_REPO, {
      title: selftestTitle(runId),
      body: selftestBody({
        runId,
        runUrl: `https://github.com/${BENCH_REPO}/actions/runs/${runId}`,
        repository: BENCH_REPO,
        at: new Date(created),
      }),
      labels: ['codex', 'codex-selftest'],
      milestone: BENCH_CONFIG.selftestMilestone,
      created_at: created,
      updated_at: created,
      user: SUITE_LOGIN,
    });
    const finished = new Date(created + 60_000).toISOString();
    publish(`telemetry/self-test-${runId}.json`, {
      component: 'self-test',
      status: 'ok',
      run_id: runId,
      repository: BENCH_REPO,
      dry_run: false,
      started_at: new Date(created).toISOString(),
      finished_at: finished,
      issue_number: issue.number,
      issue_author: SUITE_LOGIN,
      issue_reused: false,
      milestone: { number: internal.number, title: internal.title },
    });
  }
  const components = ['sync', 'supervisor'];
  for (let i = 0; i < OLD_TELEMETRY_FILES; i += 1) {
    const component = components[i % components.length]!;
    const finished = new Date(now - (45 - i) * DAY).toISOString();
    publish(`telemetry/${component}-${800 + i}.json`, {
      component,
      status: 'ok',
      run_id: String(800 + i),
      repository: BENCH_REPO,
      dry_run: false,
      started_at: finished,
      finished_at: finished,
    });
  }
  files['.nojekyll'] = '';
  state.writeFiles(BENCH_REPO, BENCH_CONFIG.pagesBranch, files, 'telemetry from earlier runs');
  // An installed repository: GitHub Pages serves the pages branch, so diagnostics finds nothing to fix.
  state.enablePages(BENCH_REPO, { branch: BENCH_CONFIG.pagesBranch });
  return report;
}

export interface HumanEdit {
  readonly number: number;
  readonly kind: 'title' | 'label-removed' | 'comment';
}

/**
 * Edits `count` open, managed issues as people do, spread over the repository: every third a new
 * title (some into the dashboard track), every third the `codex` label removed, every third a comment.
 */
export function humanEdits(state: EmulatorState, count: number): HumanEdit[] {
  const candidates = state
    .listIssues(BENCH_REPO)
    .filter(
      (i) =>
        !i.pull &&
        i.state === 'open' &&
        i.labels.some((l) => l.name === 'codex') &&
        !i.labels.some((l) => l.name === 'codex-selftest'),
    );
  const step = Math.max(1, Math.floor(candidates.length / count));
  const edits: HumanEdit[] = [];
  for (let k = 0; k < count && k * step < candidates.length; k += 1) {
    const issue = candidates[k * step]!;
    const kind = (['title', 'label-removed', 'comment'] as const)[k % 3]!;
    if (kind === 'title') {
      issue.title = k % 2 === 0 ? `${issue.title} (Dashboard follow-up)` : `Reworded: ${issue.title}`;
      state.touchIssue(issue);
    } else if (kind === 'label-removed') {
      issue.labels = issue.labels.filter((l) => l.name !== 'codex');
      state.touchIssue(issue);
    } else {
      state.addComment(BENCH_REPO, issue.number, 'Any news on this? It still happens for me.', 'alice');
    }
    edits.push({ number: issue.number, kind });
  }
  return edits;
}
