import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageDefinition } from '@codex-suite/core/stage';
import type { Emulator } from '@codex-suite/emulator/server';
import { RELIABILITY_REPO, startReliabilityEmulator } from './fixture.js';
import { issueViews, violations } from './invariants.js';
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

const HOUSEKEEPING = ['self-test', 'cleaner', 'project-sync', 'supervisor', 'activity', 'diagnostics'];
const ALL = [...HOUSEKEEPING, 'telemetry-merge'];

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
    emulator.resetLog();
    const run: StageRun = await runStageOnce('in-process', stage, emulator, {
      runId: '801',
      env: { ...badCase.env, ...extraEnv },
      // publish stays on: a config error must still write nothing.
    });
    const writes = emulator.log.filter((e) => e.write && e.status < 400).length;
    const errors = (run.telemetry?.errors as { code: string; message: string }[] | undefined) ?? [];
    const problems = violations(before, issueViews(emulator));
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
