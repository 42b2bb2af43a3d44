import { classifyActivity, inactiveDays, thresholdsOf } from '@codex-suite/core/activity/classify';
import { describe, expect, it } from 'vitest';
import { classifyIssues, managedOpenIssues } from '../src/classify-issues.js';
import { NOW, ago, indexed } from './fixtures.js';

const days = {
  mainStaleDays: 14,
  mainEscalationDays: 30,
  dashboardStaleDays: 3,
  dashboardEscalationDays: 7,
};
const thresholds = thresholdsOf(days);
const options = { selftestMilestone: 'Codex Internal', thresholds, now: NOW };

describe('classifyActivity at the day edges', () => {
  const main = thresholds.main;
  it.each([
    [ago(14, -1), 'active'], // one millisecond short of 14 days
    [ago(14), 'stale'], // exactly 14 days
    [ago(30, -1), 'stale'], // one millisecond short of 30 days
    [ago(30), 'escalation'], // exactly 30 days
    [ago(400), 'escalation'],
    [NOW.toISOString(), 'active'],
  ])('main track, last human activity %s → %s', (last, status) => {
    expect(classifyActivity(last, NOW, main)).toBe(status);
  });

  it('uses each track’s own thresholds', () => {
    expect(classifyActivity(ago(3), NOW, thresholds.dashboard)).toBe('stale');
    expect(classifyActivity(ago(3), NOW, thresholds.main)).toBe('active');
    expect(classifyActivity(ago(7), NOW, thresholds.dashboard)).toBe('escalation');
    expect(classifyActivity(ago(7, -1), NOW, thresholds.dashboard)).toBe('stale');
  });

  it('treats activity in the future (clock skew) as active now', () => {
    expect(classifyActivity(new Date(NOW.getTime() + 5000).toISOString(), NOW, thresholds.main)).toBe(
      'active',
    );
    expect(inactiveDays(new Date(NOW.getTime() + 5000).toISOString(), NOW)).toBe(0);
  });

  it('treats an unreadable timestamp as no inactivity: 0 days, active', () => {
    expect(inactiveDays('not a date', NOW)).toBe(0);
    expect(classifyActivity('not a date', NOW, thresholds.main)).toBe('active');
  });

  it('counts whole days', () => {
    expect(inactiveDays(ago(13, 1), NOW)).toBe(13);
    expect(inactiveDays(ago(14), NOW)).toBe(14);
  });
});

describe('classifyIssues', () => {
  it('assigns tracks by the title rule, in any letter case', () => {
    const issues = classifyIssues(
      [
        indexed(1, { title: 'Dashboard: sparkline', days: 4 }),
        indexed(2, { title: 'DASHBOARD colours', days: 4 }),
        indexed(3, { title: 'fix the dashBoard', days: 1 }),
        indexed(4, { title: 'Runner refactor', days: 4 }),
      ],
      options,
    );
    expect(issues.map((i) => [i.number, i.track, i.status])).toEqual([
      [1, 'dashboard', 'stale'],
      [2, 'dashboard', 'stale'],
      [3, 'dashboard', 'active'],
      [4, 'main', 'active'],
    ]);
  });

  it('excludes pull requests, closed issues, the self-test milestone and codex-selftest', () => {
    const issues = managedOpenIssues(
      [
        indexed(1),
        indexed(2, { is_pull_request: true }),
        indexed(3, { state: 'closed' }),
        indexed(4, { milestone: { number: 1, title: 'Codex Internal' } }),
        indexed(5, { milestone: { number: 1, title: 'codex internal' } }),
        indexed(6, { labels: ['codex', 'Codex-SelfTest'] }),
        indexed(7, { milestone: { number: 2, title: 'Sprint 1' } }),
      ],
      'Codex Internal',
    );
    expect(issues.map((i) => i.number)).toEqual([1, 7]);
  });

  it('honours a custom self-test milestone', () => {
    const issues = managedOpenIssues(
      [
        indexed(1, { milestone: { number: 1, title: 'Codex Internal' } }),
        indexed(2, { milestone: { number: 2, title: 'Bots' } }),
      ],
      'Bots',
    );
    expect(issues.map((i) => i.number)).toEqual([1]);
  });

  it('does not count the suite’s own edit as human activity', () => {
    // Labelled by the suite today; the last person touched it 20 days ago.
    const issue = indexed(1, { updated_at: ago(0), suite_updated_at: ago(0), human_activity_at: ago(20) });
    const [classified] = classifyIssues([issue], options);
    expect(classified?.status).toBe('stale');
    expect(classified?.daysInactive).toBe(20);
    // A human comment after the suite's edit moves updated_at past it: active again.
    const touched = { ...issue, updated_at: new Date(NOW.getTime() + 1000).toISOString() };
    expect(classifyIssues([touched], { ...options, now: new Date(NOW.getTime() + 2000) })[0]?.status).toBe(
      'active',
    );
  });
});
