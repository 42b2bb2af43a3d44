import { PIPELINE_STAGES } from '@codex-suite/core/stages';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { selftestEntryPath, selftestEntryText } from '@codex-suite/core/ledger/selftest-entry';
import { telemetryEntry, telemetryEntryText } from '@codex-suite/core/ledger/telemetry-entry';
import type { StageDefinition } from '@codex-suite/core/stage';
import type { Emulator } from '@codex-suite/emulator/server';
import { INTERNAL_MILESTONE, RELIABILITY_REPO, SUITE_LOGIN, startReliabilityEmulator } from './fixture.js';
import { issueViews, pagesView, pagesViolations, violations } from './invariants.js';
import { runStageOnce, type StageRun } from './run-stage.js';

export interface BadInputCase {
  readonly id: string;
  readonly description: string;
  /** stage ids it applies to */
  readonly stages: readonly string[];
  /** a sound result: the stage either reports a clear error or works */
  readonly expect: 'config-error' | 'sound';
  readonly env?: Readonly<Record<string, string>>;
  prepare?(
    emulator: Emulator,
  ): Promise<Record<string, string> | undefined> | Record<string, string> | undefined;
}

export interface BadInputResult {
  readonly case: string;
  readonly stage: string;
  readonly status: string;
  readonly exitCode: number | null;
  readonly writes: number;
  readonly errorCodes: readonly string[];
  readonly message: string;
  readonly violations: readonly string[];
  readonly holds: boolean;
}

/** The pipeline's stages whose telemetry the dashboard shows (all but telemetry-merge). */
const HOUSEKEEPING: string[] = PIPELINE_STAGES.filter((d) => d.dashboardKey !== null).map((d) => d.id);
const ALL: string[] = PIPELINE_STAGES.map((d) => d.id);

const invalidSetting = (
  id: string,
  variable: string,
  value: string,
  stages = HOUSEKEEPING,
): BadInputCase => ({
  id,
  description: `${variable}=${JSON.stringify(value)}`,
  stages,
  expect: 'config-error',
  env: { [variable]: value },
});

export const BAD_INPUT_CASES: readonly BadInputCase[] = [
  invalidSetting('negative-days', 'CODEX_MAIN_STALE_DAYS', '-5', ['supervisor', 'activity', 'diagnostics']),
  invalidSetting('zero-days', 'CODEX_DASHBOARD_ESCALATION_DAYS', '0', [
    'supervisor',
    'activity',
    'diagnostics',
  ]),
  invalidSetting('non-numeric-retain', 'CODEX_SELFTEST_RETAIN', 'three', ['cleaner', 'diagnostics']),
  invalidSetting('huge-age', 'CODEX_SELFTEST_MAX_AGE_DAYS', '99999999999', ['cleaner', 'diagnostics']),
  invalidSetting('malformed-project', 'CODEX_PROJECT', 'acme/projects/one', [
    'project-sync',
    'supervisor',
    'self-test',
    'diagnostics',
  ]),
  invalidSetting('bad-boolean', 'CODEX_DRY_RUN', 'maybe', ALL),
  {
    id: 'missing-milestone',
    description: 'CODEX_MAIN_MILESTONE names a milestone that does not exist',
    stages: ['project-sync', 'supervisor', 'diagnostics'],
    expect: 'sound',
    env: { CODEX_MAIN_MILESTONE: 'Sprint that never was' },
  },
  {
    id: 'odd-titles',
    description: 'issues titled "", 256 KB, unicode, "DashBoard", "DASHBOARD"',
    stages: ['project-sync', 'supervisor', 'activity'],
    expect: 'sound',
    prepare: (emulator) => {
      for (const title of [
        '',
        'x'.repeat(256 * 1024),
        'Ünïcödé 🚀 — 漢字 dashboard?',
        'DashBoard widgets',
        'DASHBOARD',
      ]) {
        emulator.state.addIssue(RELIABILITY_REPO, { title });
      }
      return undefined;
    },
  },
  {
    id: 'malformed-issues',
    description:
      'a list page with labels as strings, a label without a name, labels missing, a null milestone, no updated_at',
    stages: ['project-sync', 'supervisor', 'activity', 'cleaner'],
    expect: 'sound',
    prepare: (emulator) => {
      const base = {
        state: 'open',
        locked: false,
        assignees: [],
        comments: 0,
        body: null,
        user: { login: 'someone' },
      };
      const page = [
        {
          ...base,
          id: 9001,
          node_id: 'I_9001',
          number: 9001,
          title: 'labels as strings',
          labels: ['bug', 'codex'],
          milestone: null,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-02T00:00:00Z',
        },
        {
          ...base,
          id: 9002,
          node_id: 'I_9002',
          number: 9002,
          title: 'nameless label',
          labels: [{ color: 'fff' }],
          milestone: null,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-02T00:00:00Z',
        },
        {
          ...base,
          id: 9003,
          node_id: 'I_9003',
          number: 9003,
          title: 'no labels array',
          milestone: null,
          created_at: '2026-01-01T00:00:00Z',
          updated_at: '2026-01-02T00:00:00Z',
        },
        {
          ...base,
          id: 9004,
          node_id: 'I_9004',
          number: 9004,
          title: 'no timestamps',
          labels: [],
          milestone: { title: 'Deleted', number: 999 },
        },
      ];
      emulator.faults.add({
        route: 'GET /repos/{owner}/{repo}/issues',
        status: 200,
        body: JSON.stringify(page),
        at: [1],
      });
      return undefined;
    },
  },
  {
    id: 'many-labels',
    description: '10,000 labels on the repository',
    stages: ['project-sync', 'diagnostics', 'self-test'],
    expect: 'sound',
    prepare: (emulator) => {
      for (let i = 0; i < 10_000; i += 1) emulator.state.addLabel(RELIABILITY_REPO, { name: `area/${i}` });
      return undefined;
    },
  },
  {
    id: 'corrupt-pages-files',
    description: 'a corrupt dashboard.json and a corrupt telemetry file on the pages branch',
    stages: ['telemetry-merge', 'cleaner'],
    expect: 'sound',
    prepare: (emulator) => {
      emulator.state.writeFiles(
        RELIABILITY_REPO,
        'gh-pages',
        {
          'dashboard/dashboard.json': '{"supervisor": {"status": "ok"',
          'telemetry/activity-900.json': 'not json at all',
        },
        'corrupt',
      );
      return undefined;
    },
  },
  {
    id: 'lookalike-selftest-issues',
    description:
      "issues that look like the suite's self-test issues but are not: a person's assigned bug report in Codex Internal, a duplicate `Codex Internal` milestone, `codex internal`, a Greek-Iota lookalike, a marker copied by hand, another bot",
    stages: ['cleaner'],
    expect: 'sound',
    prepare: (emulator) => {
      const { state } = emulator;
      const old = '2020-01-01T00:00:00Z';
      const lookalikes = [INTERNAL_MILESTONE, 'codex internal', 'Codex \u0399nternal'].map(
        (title) => state.addMilestone(RELIABILITY_REPO, { title }).number,
      );
      const file = (
        user: string,
        milestone: string | number,
        extra: { body?: string; assignees?: string[] } = {},
      ) =>
        state.addIssue(RELIABILITY_REPO, {
          title: `Codex self-test lookalike ${state.listIssues(RELIABILITY_REPO).length}`,
          labels: ['codex', 'codex-selftest'],
          milestone,
          user,
          created_at: old,
          updated_at: old,
          ...extra,
        });
      file('octocat', INTERNAL_MILESTONE, { assignees: ['octocat'], body: 'The dashboard crashes.' });
      for (const milestone of lookalikes) file('octocat', milestone);
      file('octocat', INTERNAL_MILESTONE, { body: '<!-- codex-selftest-run: 1000 -->' });
      file('renovate[bot]', INTERNAL_MILESTONE, { body: '<!-- codex-selftest-run: 1001 -->' });
      return undefined;
    },
  },
  {
    id: 'foreign-telemetry-files',
    description:
      "telemetry/ files the suite did not publish: a person's backup-1.json, a corrupt file, an unrecorded re-run sync-102-2.json, and a published file rewritten by hand",
    stages: ['cleaner', 'telemetry-merge'],
    expect: 'sound',
    prepare: (emulator) => {
      const old = JSON.stringify({
        component: 'sync',
        status: 'ok',
        run_id: '102',
        finished_at: '2020-01-01T00:00:00Z',
      });
      emulator.state.writeFiles(
        RELIABILITY_REPO,
        'gh-pages',
        {
          'telemetry/backup-1.json': old,
          'telemetry/sync-7.json': '{ corrupt',
          'telemetry/sync-102-2.json': old,
          'telemetry/sync-100.json': '{"edited by hand":true}',
        },
        'a person edits the pages branch',
      );
      return undefined;
    },
  },
  {
    id: 'future-dated-records',
    description: 'a self-test issue and a telemetry record dated two years ahead (a skewed clock)',
    stages: ['cleaner'],
    expect: 'sound',
    prepare: (emulator) => {
      const ahead = new Date(Date.now() + 730 * 86_400_000).toISOString();
      const issue = emulator.state.addIssue(RELIABILITY_REPO, {
        title: 'Codex self-test 2000',
        body: '<!-- codex-selftest-run: 2000 -->',
        labels: ['codex', 'codex-selftest'],
        milestone: INTERNAL_MILESTONE,
        user: SUITE_LOGIN,
        created_at: ahead,
        updated_at: ahead,
      });
      const internal = emulator.state.findMilestone(RELIABILITY_REPO, INTERNAL_MILESTONE)!.number;
      const text = JSON.stringify({
        component: 'activity',
        status: 'ok',
        run_id: '3000',
        finished_at: ahead,
      });
      const entry = telemetryEntry('telemetry/activity-3000.json', text, Date.parse(ahead));
      emulator.state.writeFiles(
        RELIABILITY_REPO,
        'gh-pages',
        {
          [selftestEntryPath(issue.number)]: selftestEntryText({
            kind: 'selftest-issue',
            repository: RELIABILITY_REPO,
            number: issue.number,
            author: SUITE_LOGIN,
            milestone: internal,
            run_id: '2000',
            recorded_at: ahead,
          }),
          'telemetry/activity-3000.json': text,
          [entry.path]: telemetryEntryText(entry),
        },
        'skewed clock',
      );
      return undefined;
    },
  },
  {
    id: 'malformed-event',
    description: 'the event payload at GITHUB_EVENT_PATH is not JSON',
    stages: ALL,
    expect: 'sound',
    prepare: async () => {
      const path = join(tmpdir(), `codex-bad-event-${process.pid}.json`);
      await writeFile(path, '{"pull_request": ');
      return { GITHUB_EVENT_PATH: path };
    },
  },
];

export async function runBadInput(
  stage: StageDefinition<any, any>,
  badCase: BadInputCase,
): Promise<BadInputResult> {
  const emulator = await startReliabilityEmulator();
  try {
    const before = issueViews(emulator);
    const extraEnv = (await badCase.prepare?.(emulator)) ?? {};
    const pagesBefore = pagesView(emulator);
    emulator.resetLog();
    const run: StageRun = await runStageOnce('in-process', stage, emulator, {
      runId: '801',
      env: { ...badCase.env, ...extraEnv },
      // publish stays on: a config error must still write nothing.
    });
    const writes = emulator.log.filter((e) => e.write && e.status < 400).length;
    const errors = (run.telemetry?.errors as { code: string; message: string }[] | undefined) ?? [];
    const problems = [
      ...violations(before, issueViews(emulator)),
      ...pagesViolations(pagesBefore, pagesView(emulator)),
    ];
    const holds =
      run.exitCode === 0 &&
      run.telemetry !== null &&
      problems.length === 0 &&
      (badCase.expect === 'config-error'
        ? run.status === 'error' && writes === 0 && errors.some((e) => e.code === 'invalid_config')
        : ['ok', 'degraded', 'skipped', 'error'].includes(run.status) &&
          (run.status === 'ok' || errors.length > 0 || run.status === 'skipped'));
    return {
      case: badCase.id,
      stage: stage.id,
      status: run.status,
      exitCode: run.exitCode,
      writes,
      errorCodes: errors.map((e) => e.code),
      message: errors[0]?.message ?? run.outputs.summary ?? '',
      violations: problems,
      holds,
    };
  } finally {
    await emulator.close();
  }
}
