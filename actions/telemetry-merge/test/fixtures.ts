/** Realistic telemetry records of every dashboard component, valid against their schemas. */
export const REPOSITORY = 'octo-org/codex-demo';

export function common(
  component: string,
  runId: string,
  finishedAt: string,
  extra: Record<string, unknown> = {},
) {
  const finished = Date.parse(finishedAt);
  return {
    schema_version: 1,
    component,
    status: 'ok',
    run_id: runId,
    run_attempt: 1,
    repository: REPOSITORY,
    started_at: new Date(finished - 42_000).toISOString(),
    finished_at: new Date(finished).toISOString(),
    dry_run: false,
    summary: `${component} finished`,
    api: { requests: 12, reads: 10, writes: 2, not_modified: 1, rate_limit_remaining: 4870 },
    changes: { applied: 2, planned: 0, deferred: 0, failed: 0 },
    errors: [],
    warnings: [],
    ...extra,
  };
}

const track = (
  open: number,
  active: number,
  stale: number,
  escalated: number,
  verdict: string,
  reasons: string[],
) => ({
  open,
  active,
  stale,
  escalated,
  drift: {
    missing_codex_label: 1,
    missing_track_label: 0,
    wrong_track_label: 0,
    missing_milestone: 2,
    wrong_milestone: 0,
    not_in_project: 1,
    issues: 3,
  },
  drifted: [{ number: 61, drift: ['missing_milestone'] }],
  project_unknown: 0,
  oldest_untouched: { number: 12, days: 41 },
  verdict,
  reasons,
  stale_days: 14,
  escalation_days: 30,
});

export function fullRecords(at = '2026-11-21T10:00:00.000Z'): Record<string, Record<string, unknown>> {
  return {
    supervisor: common('supervisor', '9001', at, {
      tracks: {
        main: track(23, 17, 4, 2, 'yellow', ['4 of 23 open issues are stale (17%)', '2 escalated issues']),
        dashboard: track(6, 6, 0, 0, 'green', []),
      },
      verdict: 'yellow',
      reasons: ['main: 4 of 23 open issues are stale (17%)', 'main: 2 escalated issues'],
      rules: { yellow_stale_percent: 10, red_stale_percent: 30 },
    }),
    cleaner: common('cleaner', '9001', at, {
      issues_closed: [140, 141],
      issues_deleted: [],
      telemetry_pruned_count: 5,
      retained: [150, 151, 152],
    }),
    'self-test': common('self-test', '9001', at, {
      issue_number: 152,
      milestone: { title: 'Codex Internal', number: 1 },
      checks: [
        { name: 'token', ok: true, message: 'token can read and write issues' },
        {
          name: 'labels',
          ok: true,
          message: 'codex, codex-trackmain, codex-trackdashboard, codex-selftest exist',
        },
        { name: 'issue', ok: true, message: 'created #152 and read it back' },
      ],
    }),
    sync: common('sync', '9001', at, {
      status: 'degraded',
      errors: [{ code: 'project_missing', message: 'CODEX_PROJECT orgs/octo-org/projects/9 was not found' }],
      corrections: {
        codex_label: 3,
        track_main: 2,
        track_dashboard: 1,
        milestone: 4,
        project_adjustments: 0,
      },
      details: [
        { number: 88, changes: ['milestone', 'codex-trackmain'] },
        { number: 102, changes: ['add_codex_label'] },
      ],
      integrity: {
        malformed: [
          { number: 77, reason: 'two track labels: codex-trackmain, codex-trackdashboard' },
          { number: 79, reason: 'title is empty <script>alert(1)</script>' },
        ],
      },
    }),
    activity: common('activity', '9001', at, {
      main: [
        {
          number: 12,
          status: 'escalation',
          days_inactive: 41,
          title: 'Flaky <img src=x onerror=alert(1)> export',
          // a test bed's address: the page links every issue on the repository's server instead
          html_url: 'http://127.0.0.1:9/octo-org/codex-demo/issues/12',
          assignees: ['mona'],
          labels: ['codex', 'codex-trackmain', 'codex-escalation'],
        },
        { number: 15, status: 'escalation', days_inactive: 33, assignees: [], labels: ['codex', 'bug'] },
        { number: 31, status: 'stale', days_inactive: 20, assignees: ['hubot', 'mona'], labels: ['codex'] },
        { number: 34, status: 'stale', days_inactive: 18, assignees: [], labels: ['codex', 'bug'] },
        { number: 36, status: 'stale', days_inactive: 16, assignees: ['octocat'], labels: ['codex'] },
        { number: 38, status: 'stale', days_inactive: 15, assignees: [], labels: [] },
        { number: 45, status: 'active', days_inactive: 1 },
      ],
      dashboard: [{ number: 50, status: 'active', days_inactive: 2 }],
      counts: {
        main: { open: 23, active: 17, stale: 4, escalation: 2 },
        dashboard: { open: 6, active: 6, stale: 0, escalation: 0 },
      },
      thresholds: {
        main: { stale_days: 14, escalation_days: 30 },
        dashboard: { stale_days: 14, escalation_days: 30 },
      },
    }),
    diagnostics: common('diagnostics', '9001', at, {
      status: 'degraded',
      checks: [
        { name: 'labels', ok: true, message: 'all required labels exist' },
        {
          name: 'variable CODEX_MAIN_MILESTONE',
          ok: false,
          message: 'not set. Fix: gh variable set CODEX_MAIN_MILESTONE --body "v1"',
        },
      ],
      repairs: [],
      failed_checks: 1,
    }),
    'codex-review': common('codex-review', '8990', at, {
      summary: 'Advisory review of #140: 3 findings',
      pull_request: 140,
      preflight: 'ok',
      review_status: 'ok',
      findings_count: 3,
      codex_exit_code: 0,
      duration_ms: 48000,
    }),
  };
}
