import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, REPO, WRITER, runActivity, startBed, writesIn } from '../../activity/test/bed.js';
import type { SupervisorTelemetry } from '../src/report.js';
import { stage } from '../src/stage.js';

type Telemetry = SupervisorTelemetry & Record<string, unknown>;

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

function runSupervisor(b: Bed, inputs: Record<string, string> = {}) {
  return runStageInProcess(stage, {
    apiUrl: b.emulator.url,
    token: WRITER,
    repository: REPO,
    inputs: { publish: 'none', 'main-milestone': 'Sprint 1', 'dashboard-milestone': 'Dashboard', ...inputs },
    deps: { now: () => b.now() },
  });
}

/** Main: 4 issues (one drifted, one stale, one escalated); dashboard: 2 healthy; 3 excluded. */
function seed(b: Bed): void {
  const { state } = b.emulator;
  const add = (title: string, days: number, labels: string[], milestone: string | null, extra = {}) =>
    state.addIssue(REPO, {
      title,
      labels,
      milestone,
      created_at: b.ago(300),
      updated_at: b.ago(days),
      ...extra,
    });
  add('Runner refactor', 1, ['codex', 'codex-trackmain'], 'Sprint 1');
  add('Cache layer', 20, ['codex', 'codex-trackmain'], 'Sprint 1');
  add('Old API cleanup', 45, ['codex', 'codex-trackmain'], 'Sprint 1');
  add('Logging', 2, ['bug'], null); // drift: no codex, no track label, no milestone
  add('Dashboard charts', 1, ['codex', 'codex-trackdashboard'], 'Dashboard');
  add('DASHBOARD export', 2, ['codex', 'codex-trackdashboard'], 'Dashboard');
  add('Codex self-test 7', 90, ['codex', 'codex-selftest'], 'Codex Internal');
  add('Internal chore', 90, ['codex'], 'Codex Internal');
  state.addPullRequest(REPO, {
    title: 'Dashboard PR',
    created_at: b.ago(90),
    updated_at: b.ago(90),
    head: { ref: 'x', sha: 'b'.repeat(40) },
  });
}

describe('supervisor against the emulator', () => {
  it('judges each track from the index alone and writes nothing', async () => {
    bed = await startBed();
    seed(bed);
    const result = await runSupervisor(bed);
    expect(result.status).toBe('ok');
    expect(writesIn(bed.emulator)).toEqual([]);
    // Only the saved index and the issue list are read: no labels, milestones or comments.
    const routes = new Set(bed.emulator.log.map((e) => e.route));
    expect([...routes].sort()).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path}',
      'GET /repos/{owner}/{repo}/issues',
    ]);
    const t = result.telemetry as Telemetry;
    expect(validateTelemetry(t).valid).toBe(true);
    expect(t.tracks.main).toMatchObject({
      open: 4,
      active: 2,
      stale: 1,
      escalated: 1,
      oldest_untouched: { number: 3, days: 45 },
      verdict: 'red',
      stale_days: 14,
      escalation_days: 30,
    });
    expect(t.tracks.main.drift).toMatchObject({
      missing_codex_label: 1,
      missing_track_label: 1,
      missing_milestone: 1,
      not_in_project: 0,
      issues: 1,
    });
    expect(t.tracks.main.drifted).toEqual([
      { number: 4, drift: ['missing_codex_label', 'missing_track_label', 'missing_milestone'] },
    ]);
    expect(t.tracks.main.reasons).toEqual([
      '2 of 4 open issues (50%) have had no human activity for 14+ days (red at 50%)',
      '1 issue is escalated: no human activity for 30+ days (yellow at 1)',
      '1 issue has drift left (1 without the codex label, 1 without a track label, 1 without the track milestone); yellow at 1',
    ]);
    expect(t.tracks.dashboard).toMatchObject({ open: 2, active: 2, verdict: 'green' });
    expect(t.tracks.dashboard.reasons).toEqual([
      '2 open issues: 0 stale (0%), 0 escalated, 0 with drift; no threshold reached',
    ]);
    expect(t.verdict).toBe('red');
    expect(t.reasons[0]).toMatch(/^main: /);
    expect(result.outputs.verdict).toBe('red');
    expect(result.outputs.summary).toBe(
      'Codex supervisor: red: main red (4 open), dashboard green (2 open).',
    );
    expect(result.summary).toContain('Main track: red');
    expect(result.summary).toContain(`[#4](http`);
  });

  it('follows its verdict settings', async () => {
    bed = await startBed();
    seed(bed);
    const result = await runSupervisor(bed, {
      'red-stale-percent': '0',
      'yellow-stale-percent': '0',
      'yellow-escalated-count': '0',
      'red-escalated-count': '0',
      'yellow-drift-count': '2',
      'red-drift-count': '5',
    });
    const t = result.telemetry as Telemetry;
    expect(t.tracks.main.verdict).toBe('green');
    expect(t.verdict).toBe('green');
    expect(t.rules).toMatchObject({ yellow_drift_count: 2, red_drift_count: 5, red_stale_percent: 0 });
  });

  it('counts the suite’s own marking as no activity, and a human comment as activity', async () => {
    bed = await startBed();
    seed(bed);
    await runActivity(bed, { 'mark-labels': 'true' }); // labels #2 stale and #3 escalated, saves the index
    bed.emulator.resetLog();
    const before = (await runSupervisor(bed)).telemetry as Telemetry;
    expect(before.tracks.main).toMatchObject({ stale: 1, escalated: 1 });
    expect(writesIn(bed.emulator)).toEqual([]);
    bed.advance(60_000);
    bed.emulator.state.addComment(REPO, 3, 'on it', 'alice');
    bed.advance(60_000);
    const after = (await runSupervisor(bed)).telemetry as Telemetry;
    expect(after.tracks.main).toMatchObject({ stale: 1, escalated: 0, active: 3 });
    // #2's last activity was read from its timeline by the activity stage (the supervisor reads none)
    expect(after.tracks.main.oldest_untouched).toEqual({ number: 2, days: 20, attribution: 'attributed' });
  });

  it('refuses yellow thresholds above red ones before any request', async () => {
    bed = await startBed();
    const result = await runSupervisor(bed, { 'yellow-drift-count': '20' });
    expect(result.status).toBe('error');
    expect((result.telemetry?.errors as { message: string }[] | undefined)?.[0]?.message).toContain(
      'red-drift-count',
    );
    expect(bed.emulator.log).toEqual([]);
    expect(validateTelemetry(result.telemetry).valid).toBe(true);
  });
});
