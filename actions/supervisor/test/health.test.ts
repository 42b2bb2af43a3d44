import { thresholdsOf } from '@codex-suite/core/activity/classify';
import type { IndexedIssue, IssueIndex } from '@codex-suite/core/issues/issue-index';
import { describe, expect, it } from 'vitest';
import { ago, indexed, NOW } from '../../activity/test/fixtures.js';
import { type HealthOptions, describeDrift, driftOf, evaluateHealth } from '../src/health.js';
import { issuesForProject } from '../src/stage.js';
import { DEFAULT_VERDICT_THRESHOLDS } from './thresholds.js';

const options: HealthOptions = {
  selftestMilestone: 'Codex Internal',
  milestones: { main: 'Sprint 1', dashboard: 'Dashboard' },
  projectConfigured: true,
  thresholds: thresholdsOf({
    mainStaleDays: 14,
    mainEscalationDays: 30,
    dashboardStaleDays: 3,
    dashboardEscalationDays: 7,
  }),
  verdict: DEFAULT_VERDICT_THRESHOLDS,
  now: NOW,
};
const sprint = { number: 2, title: 'Sprint 1' };
const dash = { number: 3, title: 'Dashboard' };
const good = (n: number, extra: Partial<IndexedIssue> & { days?: number } = {}) =>
  indexed(n, { milestone: sprint, in_project: true, ...extra });

describe('driftOf', () => {
  it('finds nothing on a repaired issue', () => {
    expect(driftOf(good(1), options)).toEqual([]);
  });
  it('finds each kind of drift', () => {
    expect(driftOf(indexed(1, { labels: [], milestone: null, in_project: false }), options)).toEqual([
      'missing_codex_label',
      'missing_track_label',
      'missing_milestone',
      'not_in_project',
    ]);
    const wrong = indexed(2, {
      title: 'Dashboard',
      labels: ['CODEX', 'codex-trackmain'],
      milestone: sprint,
      in_project: true,
    });
    expect(driftOf(wrong, options)).toEqual(['wrong_track_label', 'wrong_milestone']);
    const both = indexed(3, {
      labels: ['codex', 'codex-trackmain', 'codex-trackdashboard'],
      milestone: sprint,
      in_project: true,
    });
    expect(driftOf(both, options)).toEqual(['wrong_track_label']);
  });
  it('leaves a milestone a person chose alone, as project-sync does', () => {
    const chosen = good(4, {
      labels: ['codex', 'codex-trackmain'],
      milestone: { number: 9, title: 'Someday' },
    });
    expect(driftOf(chosen, options)).toEqual([]);
  });
  it('skips milestone and project checks that are not configured or not known', () => {
    const bare = indexed(1, { milestone: null });
    expect(driftOf(bare, { ...options, milestones: { main: undefined, dashboard: 'Dashboard' } })).toEqual(
      [],
    );
    expect(
      driftOf(bare, {
        ...options,
        projectConfigured: false,
        milestones: { main: undefined, dashboard: undefined },
      }),
    ).toEqual([]);
    expect(driftOf(indexed(1, { milestone: sprint }), options)).toEqual([]); // in_project unknown
  });
  it('describes drift for a reason', () => {
    expect(
      describeDrift({
        missing_codex_label: 2,
        missing_track_label: 0,
        wrong_track_label: 1,
        missing_milestone: 0,
        wrong_milestone: 0,
        not_in_project: 3,
      }),
    ).toBe("2 without the codex label, 1 with the other track's label, 3 not in the project");
  });
});

describe('evaluateHealth', () => {
  const issues = [
    good(1, { days: 1 }),
    good(2, { days: 20 }),
    good(3, { days: 45 }),
    good(4, { days: 2, labels: ['codex'] }),
    indexed(5, {
      title: 'Dashboard tiles',
      labels: ['codex', 'codex-trackdashboard'],
      milestone: dash,
      in_project: true,
      days: 8,
    }),
    indexed(6, {
      title: 'DASHBOARD colour',
      labels: ['codex', 'codex-trackdashboard'],
      milestone: dash,
      days: 1,
    }),
    // excluded
    indexed(7, { labels: ['codex-selftest'], days: 400 }),
    indexed(8, { milestone: { number: 1, title: 'Codex Internal' }, days: 400 }),
    indexed(9, { is_pull_request: true, days: 400 }),
    indexed(10, { state: 'closed', days: 400 }),
    // labelled by the suite today, last touched by a person 16 days ago: stale, not active
    good(11, { updated_at: ago(0), suite_updated_at: ago(0), human_activity_at: ago(16) }),
  ];
  const health = evaluateHealth(issues, options);

  it('counts open, active, stale and escalated per track, excluding what the contract excludes', () => {
    expect(health.tracks.main).toMatchObject({ open: 5, active: 2, stale: 2, escalated: 1 });
    expect(health.tracks.dashboard).toMatchObject({ open: 2, active: 1, stale: 0, escalated: 1 });
  });

  it('reports drift left and the oldest untouched issue', () => {
    expect(health.tracks.main.drift).toMatchObject({ missing_track_label: 1, issues: 1 });
    expect(health.tracks.main.drifted).toEqual([{ number: 4, drift: ['missing_track_label'] }]);
    expect(health.tracks.main.oldest_untouched).toEqual({ number: 3, days: 45, attribution: 'assumed' });
    expect(health.tracks.dashboard.oldest_untouched).toEqual({ number: 5, days: 8, attribution: 'assumed' });
    expect(health.tracks.dashboard.project_unknown).toBe(1);
  });

  it('gives each track a verdict and the overall the worst, with track-prefixed reasons', () => {
    // main: 3 of 5 idle = 60% → red; escalated 1 → yellow; drift 1 → yellow
    expect(health.tracks.main.verdict).toBe('red');
    // dashboard: 1 of 2 idle = 50% → red
    expect(health.tracks.dashboard.verdict).toBe('red');
    expect(health.verdict).toBe('red');
    expect(health.reasons[0]).toBe(
      'main: 3 of 5 open issues (60%) have had no human activity for 14+ days (red at 50%)',
    );
    expect(health.reasons.some((r) => r.startsWith('dashboard: '))).toBe(true);
  });

  it('is green with empty tracks', () => {
    const empty = evaluateHealth([], options);
    expect(empty.verdict).toBe('green');
    expect(empty.reasons).toEqual(['both tracks are green']);
    expect(empty.tracks.main.oldest_untouched).toBeNull();
  });
});

describe('issuesForProject', () => {
  const index = (project?: string): IssueIndex => ({
    version: 1,
    repository: 'octo-org/widgets',
    synced_at: NOW.toISOString(),
    full_scan_at: NOW.toISOString(),
    issues: { '1': good(1, { in_project: false }) },
    ...(project ? { project } : {}),
  });
  it('keeps membership recorded for the configured project', () => {
    expect(
      issuesForProject(index('orgs/octo-org/projects/1'), 'orgs/Octo-Org/projects/1')[0]?.in_project,
    ).toBe(false);
    expect(issuesForProject(index(), 'orgs/octo-org/projects/1')[0]?.in_project).toBe(false);
  });
  it('forgets membership recorded for another project', () => {
    expect(
      issuesForProject(index('orgs/octo-org/projects/2'), 'orgs/octo-org/projects/1')[0]?.in_project,
    ).toBeUndefined();
  });
});
