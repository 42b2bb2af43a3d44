import { PIPELINE_STAGES } from '@codex-suite/core/stages';
/**
 * A realistic repository for the emulator, with every kind of drift the pipeline repairs. Shared
 * by `npm run demo` and the pipeline end-to-end tests, so both exercise the same data.
 */
import { runMarker, selftestEntryPath, selftestEntryText } from '@codex-suite/core/ledger/selftest-entry';
import { telemetryEntry, telemetryEntryText } from '@codex-suite/core/ledger/telemetry-entry';
import type { EmulatorState } from '@codex-suite/emulator/server';
import { type GeneratedReport, generateRepository } from '@codex-suite/emulator/generator';

const DAY = 86_400_000;

export interface DemoRepositoryOptions {
  /** `owner/name`; the owner is an organization that also owns the project. */
  repository?: string;
  /** `demo`: several hundred issues; `test`: a few dozen, for fast tests. */
  size?: 'demo' | 'test';
  seed?: number;
  /** Token the pipeline uses (registered with write access). */
  token?: string;
}

export interface DemoRepository {
  repository: string;
  owner: string;
  token: string;
  /** `orgs/<owner>/projects/<n>` */
  project: string;
  mainMilestone: string;
  dashboardMilestone: string;
  selftestMilestone: string;
  /** Repository variables (`vars.CODEX_*`) the workflows map into the environment. */
  vars: Record<string, string>;
  generated: GeneratedReport;
  /** Self-test issues (label `codex-selftest` in `Codex Internal`), oldest first. */
  selftestIssues: number[];
  /** Issues the cleaner must never touch although they look like self-test issues. */
  decoys: number[];
  /** Issues with contradictory data (both track labels, blank title...). */
  malformed: number[];
  /** Fully labelled open issues without human activity for a while. */
  stale: number[];
  longStale: number[];
  /** Telemetry files seeded on the pages branch, by age. */
  oldTelemetry: string[];
  recentTelemetry: string[];
}

const SIZES = {
  demo: { openIssues: 380, closedIssues: 170, pullRequests: 45, selftest: 12 },
  test: { openIssues: 36, closedIssues: 12, pullRequests: 5, selftest: 6 },
} as const;

function telemetryRecord(
  component: string,
  runId: string,
  repository: string,
  at: Date,
  status: 'ok' | 'degraded' = 'ok',
): string {
  const record = {
    schema_version: 1,
    component,
    status,
    run_id: runId,
    run_attempt: 1,
    repository,
    started_at: new Date(at.getTime() - 40_000).toISOString(),
    finished_at: at.toISOString(),
    dry_run: false,
    summary: `${component}: seeded history`,
    api: { requests: 12, rate_limit_remaining: 4800 },
    changes: { applied: 0, planned: 0, deferred: 0, failed: 0 },
    errors: [],
    warnings: [],
  };
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Seeds the emulator with the demo repository and returns what was made. */
export function seedDemoRepository(
  state: EmulatorState,
  options: DemoRepositoryOptions = {},
): DemoRepository {
  const repository = options.repository ?? 'codex-demo/widgets';
  const token = options.token ?? 'ghp_demoPipelineToken000000000000000001';
  const size = SIZES[options.size ?? 'demo'];
  const [owner] = repository.split('/') as [string, string];
  const now = state.nowMs();
  const daysAgo = (days: number) => new Date(now - days * DAY);

  state.addToken(token, {
    login: 'codex-bot',
    permissions: {
      issues: 'write',
      contents: 'write',
      pull_requests: 'write',
      projects: 'write',
      variables: 'read',
      admin: true,
    },
  });
  const repo = state.addRepo(repository, {
    ownerType: 'Organization',
    description: 'A busy repository managed by the Codex Suite',
    defaultLabels: true,
    createdAt: daysAgo(400),
  });

  const mainMilestone = 'Codex Main';
  const dashboardMilestone = 'Codex Dashboard';
  const selftestMilestone = 'Codex Internal';
  const generated = generateRepository(state, repository, {
    openIssues: size.openIssues,
    closedIssues: size.closedIssues,
    pullRequests: size.pullRequests,
    driftRate: 0.35,
    seed: options.seed ?? 2024,
    maxAgeDays: 150,
    mainMilestone,
    dashboardMilestone,
    internalMilestone: selftestMilestone,
    project: { owner: 'org', login: owner, number: 1, title: 'Codex' },
  });
  const project = state.findProject({ owner: 'org', login: owner, number: 1 })!;

  // Self-test issues of earlier runs, one every two days, each recorded in the suite's ledger as
  // the self-test records it; the newest few must survive the cleaner.
  const selftestIssues: number[] = [];
  const ledger: Record<string, string> = {};
  const internal = state.findMilestone(repo, selftestMilestone)!.number;
  for (let i = size.selftest; i >= 1; i -= 1) {
    const at = daysAgo(i * 2);
    const runId = String(8_000_000 + i);
    const issue = state.addIssue(repo, {
      title: `Codex self-test ${runId}`,
      body: `${runMarker(runId)}\nFiled by the Codex self-test stage.`,
      labels: ['codex', 'codex-selftest'],
      milestone: selftestMilestone,
      user: 'codex-bot',
      created_at: at,
      updated_at: at,
      state: i % 4 === 0 ? 'closed' : 'open',
    });
    selftestIssues.push(issue.number);
    ledger[selftestEntryPath(issue.number)] = selftestEntryText({
      kind: 'selftest-issue',
      repository,
      number: issue.number,
      author: 'codex-bot',
      milestone: internal,
      run_id: runId,
      recorded_at: at.toISOString(),
    });
  }

  // Look-alikes the cleaner must leave alone: the label without the milestone, and the reverse.
  const decoys = [
    state.addIssue(repo, {
      title: 'Discuss the self-test schedule',
      labels: ['codex-selftest'],
      user: 'alice',
      created_at: daysAgo(60),
      updated_at: daysAgo(60),
    }).number,
    state.addIssue(repo, {
      title: 'Internal: rotate the CI token',
      labels: ['codex'],
      milestone: selftestMilestone,
      user: 'bob',
      created_at: daysAgo(50),
      updated_at: daysAgo(50),
    }).number,
    // Label, milestone and a self-test marker copied by hand, but filed by a person.
    state.addIssue(repo, {
      title: 'Codex self-test 8000001',
      body: `${runMarker('8000001')}\nCopied from the self-test issue to ask about it.`,
      labels: ['codex', 'codex-selftest'],
      milestone: selftestMilestone,
      user: 'alice',
      created_at: daysAgo(40),
      updated_at: daysAgo(40),
    }).number,
  ];

  // Malformed issues the sync stage reports.
  const malformed = [
    state.addIssue(repo, {
      title: 'Fix the chart legend on the dashboard',
      labels: ['codex', 'codex-trackmain', 'codex-trackdashboard'],
      milestone: dashboardMilestone,
      user: 'monalisa',
      created_at: daysAgo(9),
      updated_at: daysAgo(3),
    }).number,
    state.addIssue(repo, {
      title: '   ',
      body: 'Title got lost while filing.',
      user: 'hubot',
      created_at: daysAgo(12),
      updated_at: daysAgo(12),
    }).number,
  ];

  // Fully managed issues without human activity: stale and long stale (escalation).
  const managed = (title: string, dashboard: boolean, days: number) => {
    const issue = state.addIssue(repo, {
      title,
      labels: ['codex', dashboard ? 'codex-trackdashboard' : 'codex-trackmain'],
      milestone: dashboard ? dashboardMilestone : mainMilestone,
      user: 'octocat',
      created_at: daysAgo(days + 10),
      updated_at: daysAgo(days),
    });
    state.addProjectItem(project, issue);
    return issue.number;
  };
  const stale = [
    managed('Speed up the issue enumeration', false, 18),
    managed('Dashboard: sparkline for sync corrections', true, 20),
  ];
  const longStale = [
    managed('Retry logic for the pages commit', false, 45),
    managed('DASHBOARD history trend is empty', true, 60),
  ];
  // A wrong track label: the title says dashboard, the label says main.
  const wrongTrack = state.addIssue(repo, {
    title: 'Dashboard tooltips overflow',
    labels: ['codex', 'codex-trackmain'],
    milestone: mainMilestone,
    user: 'alice',
    created_at: daysAgo(5),
    updated_at: daysAgo(5),
  });
  state.addProjectItem(project, wrongTrack);

  // Telemetry history on the pages branch: some past the 30-day retention, some recent.
  const oldTelemetry: string[] = [];
  const recentTelemetry: string[] = [];
  const files: Record<string, string> = {};
  const components = PIPELINE_STAGES.filter((d) => d.dashboardKey !== null).map((d) => d.component);
  components.forEach((component, index) => {
    for (const [age, list] of [
      [45 + index, oldTelemetry],
      [90 + index, oldTelemetry],
      [3 + index, recentTelemetry],
    ] as const) {
      // Run ids grow with time, as GitHub's do: older runs have smaller ids.
      const runId = String(9_000_000 - age * 100 + index);
      const path = `telemetry/${component}-${runId}.json`;
      const text = telemetryRecord(component, runId, repository, daysAgo(age));
      files[path] = text;
      // Published by the suite: recorded in its ledger with the run's finish time.
      const entry = telemetryEntry(path, text, daysAgo(age).getTime());
      files[entry.path] = telemetryEntryText(entry);
      list.push(path);
    }
  });
  files['README.md'] = '# Codex telemetry\n\nWritten by the Codex Suite pipeline.\n';
  files['.nojekyll'] = '';
  state.writeFiles(repo, 'gh-pages', { ...files, ...ledger }, 'Seed telemetry history');
  // Installed: GitHub Pages serves the pages branch (docs/install.md, step 4).
  state.enablePages(repo, { branch: 'gh-pages' });

  const vars: Record<string, string> = {
    CODEX_MAIN_MILESTONE: mainMilestone,
    CODEX_DASHBOARD_MILESTONE: dashboardMilestone,
    CODEX_SELFTEST_MILESTONE: selftestMilestone,
    CODEX_PROJECT: `orgs/${owner}/projects/1`,
  };
  for (const [name, value] of Object.entries(vars)) state.setVariable(repo, name, value);

  return {
    repository,
    owner,
    token,
    project: vars.CODEX_PROJECT!,
    mainMilestone,
    dashboardMilestone,
    selftestMilestone,
    vars: {
      ...vars,
      // A local test bed: no pause between writes, quick retries.
      CODEX_WRITE_INTERVAL_MS: '0',
      CODEX_RETRY_BASE_MS: '20',
    },
    generated,
    selftestIssues,
    decoys,
    malformed,
    stale,
    longStale,
    oldTelemetry,
    recentTelemetry,
  };
}
