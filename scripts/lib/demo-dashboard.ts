/**
 * What `npm run demo` adds so that its dashboard shows every section as a real repository's
 * would after a week: a week of merge history, a Codex review of a pull request, issues that
 * vanish while project-sync works on them (what its integrity scan reports), and a project
 * setting that stops resolving (a stage error). The pipeline end-to-end tests seed without these.
 */
import { telemetryEntry, telemetryEntryText } from '@codex-suite/core/ledger/telemetry-entry';
import { DASHBOARD_KEYS } from '@codex-suite/core/stages';
import { dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst, validateTelemetry } from '@codex-suite/core/telemetry/validate';
import type { Emulator } from '@codex-suite/emulator/server';
import type { DemoRepository } from './demo-repository.js';

const HOUR = 3_600_000;

/**
 * dashboard/dashboard.json as a week of merges every six hours left it (no records: the
 * pipeline's first merge fills them). The numbers drift the way a busy repository's do: issues
 * arrive, some go stale, a sync now and then finds something to repair, one run degraded.
 */
export function seedWeekOfHistory(emulator: Emulator, seed: DemoRepository): number {
  const now = emulator.state.nowMs();
  const points = 28;
  const history = Array.from({ length: points }, (_, i) => {
    const at = new Date(now - (points - i) * 6 * HOUR - 20 * 60_000).toISOString();
    const day = i / 4;
    const wave = Math.round(3 * Math.sin(i / 2));
    const stages = Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, k === 'codex_review' ? null : 'ok']));
    if (i === 17) stages.sync = 'degraded';
    return {
      at,
      run: String(7_000_000 + i * 37),
      stages,
      sync: { corrections: 4 + ((i * 5) % 9), malformed: i === 17 ? 1 : 0 },
      activity: {
        main: {
          open: 292 + Math.round(day * 2) + wave,
          stale: 61 - Math.round(day),
          escalated: 181 + Math.round(day * 2),
        },
        dashboard: {
          open: 76 + Math.round(day / 2),
          stale: 22 - Math.round(day / 2),
          escalated: 41 + Math.round(day),
        },
      },
      supervisor: {
        verdict: 'red',
        main: 'red',
        dashboard: i < 8 ? 'yellow' : 'red',
        drift: { main: 9 + ((i * 3) % 7), dashboard: 2 + (i % 3) },
      },
      cleaner: { closed: i % 4 === 0 ? 1 : 0, pruned: i % 4 === 0 ? 2 : 0 },
    };
  });
  const dashboard = {
    schema_version: 1,
    generated_at: history.at(-1)!.at,
    repository: seed.repository,
    server_url: 'https://github.com',
    sources: Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, null])),
    ...Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, null])),
    history,
  };
  const check = validateAgainst(dashboardSchema, dashboard);
  if (!check.valid) throw new Error(`seeded dashboard.json is invalid: ${check.errors.join('; ')}`);
  emulator.state.writeFiles(
    seed.repository,
    'gh-pages',
    { 'dashboard/dashboard.json': `${JSON.stringify(dashboard, null, 2)}\n` },
    'Seed a week of dashboard history',
  );
  return points;
}

/** The telemetry of a Codex review of one of the repository's pull requests, published yesterday. */
export function seedCodexReview(emulator: Emulator, seed: DemoRepository): number {
  const pull = emulator.state.listIssues(seed.repository).find((i) => i.pull && i.state === 'open');
  if (!pull) throw new Error('the demo repository has no open pull request to review');
  const finished = emulator.state.nowMs() - 20 * HOUR;
  const runId = '8999001';
  const record = {
    schema_version: 1,
    component: 'codex-review',
    status: 'ok',
    run_id: runId,
    run_attempt: 1,
    repository: seed.repository,
    started_at: new Date(finished - 95_000).toISOString(),
    finished_at: new Date(finished).toISOString(),
    dry_run: false,
    summary: `Advisory review of #${pull.number}: 3 findings (1 high, 2 low)`,
    api: { requests: 9, rate_limit_remaining: 4911 },
    changes: { applied: 1, planned: 0, deferred: 0, failed: 0 },
    errors: [],
    warnings: [],
    pull_request: pull.number,
    preflight: 'ok',
    review_status: 'ok',
    skip_reason: null,
    findings_count: 3,
    findings_by_severity: { high: 1, medium: 0, low: 2 },
    codex_exit_code: 0,
    comment: 'created',
    diff_bytes: 18_422,
    diff_truncated: false,
    duration_ms: 95_000,
  };
  const check = validateTelemetry(record);
  if (!check.valid) throw new Error(`seeded codex-review telemetry is invalid: ${check.errors.join('; ')}`);
  const path = `telemetry/codex-review-${runId}.json`;
  const text = `${JSON.stringify(record, null, 2)}\n`;
  const entry = telemetryEntry(path, text, finished);
  emulator.state.writeFiles(
    seed.repository,
    'gh-pages',
    { [path]: text, [entry.path]: telemetryEntryText(entry) },
    'Seed a Codex review',
  );
  return pull.number;
}

/**
 * Between the two runs people file two issues without labels and delete both while the second
 * run's project-sync repairs them: listed, then 410 Gone on every request about them (as GitHub
 * answers for a deleted issue), which the integrity scan reports. After the run they are gone.
 */
export function issuesThatVanish(
  emulator: Emulator,
  seed: DemoRepository,
): { numbers: number[]; finish: () => void } {
  const now = emulator.state.nowMs();
  const file = (title: string, user: string) =>
    emulator.state.addIssue(seed.repository, {
      title,
      body: 'Filed by hand.',
      user,
      created_at: new Date(now - 60_000),
      updated_at: new Date(now - 60_000),
    }).number;
  const deleted = file('Duplicate: export the dashboard as CSV', 'monalisa');
  const duplicate = file('Widget colours in the docs site (filed twice)', 'hubot');
  const numbers = [deleted, duplicate];
  const faults = numbers.flatMap((number) =>
    ['PATCH', 'GET', 'POST', 'DELETE'].map((method) =>
      emulator.faults.add({ method, route: new RegExp(`/issues/${number}(/|$)`), status: 410 }),
    ),
  );
  return {
    numbers,
    finish: () => {
      for (const id of faults) emulator.faults.remove(id);
      for (const number of numbers) emulator.state.deleteIssue(seed.repository, number);
    },
  };
}
