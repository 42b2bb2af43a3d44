/**
 * The benchmark's repository: a generated population (open and closed issues, pull requests,
 * 5 % drift, project items) plus the traces of a suite that already ran for a while — old
 * self-test issues and old telemetry files — and the human edits of the steady-state phase.
 */
import type { EmulatorState } from '@codex-suite/emulator/server';
import { generateRepository, type GeneratedReport } from '@codex-suite/emulator/generator';

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

  for (let i = 0; i < OLD_SELFTEST_ISSUES; i += 1) {
    const created = now - (25 - i) * DAY;
    state.addIssue(BENCH_REPO, {
      title: `Codex self-test run ${900 + i}`,
      body: 'Filed by the self-test.',
      labels: ['codex-selftest'],
      milestone: BENCH_CONFIG.selftestMilestone,
      created_at: created,
      updated_at: created,
      user: 'github-actions[bot]',
    });
  }
  const files: Record<string, string> = {};
  const components = ['sync', 'supervisor'];
  for (let i = 0; i < OLD_TELEMETRY_FILES; i += 1) {
    const component = components[i % components.length]!;
    const finished = new Date(now - (45 - i) * DAY).toISOString();
    files[`telemetry/${component}-${900 + i}.json`] = `${JSON.stringify({
      component,
      status: 'ok',
      run_id: String(900 + i),
      repository: BENCH_REPO,
      started_at: finished,
      finished_at: finished,
    })}\n`;
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
