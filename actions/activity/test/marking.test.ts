import { thresholdsOf } from '@codex-suite/core/activity/classify';
import { describe, expect, it } from 'vitest';
import { type ClassifiedIssue, classifyIssues } from '../src/classify-issues.js';
import {
  escalationCommentBody,
  escalationMarker,
  hasEscalationMarker,
  keepNotified,
  planMarking,
} from '../src/marking.js';
import { activityReport, activityTelemetry, countByTrack } from '../src/report.js';
import { parseActivityState, serializeActivityState } from '../src/state.js';
import { NOW, indexed } from './fixtures.js';

const thresholds = thresholdsOf({
  mainStaleDays: 14,
  mainEscalationDays: 30,
  dashboardStaleDays: 14,
  dashboardEscalationDays: 30,
});

function classify(...issues: Parameters<typeof indexed>[]): ClassifiedIssue[] {
  return classifyIssues(
    issues.map((args) => indexed(...args)),
    { selftestMilestone: 'Codex Internal', thresholds, now: NOW },
  );
}

const on = { markLabels: true, escalationComment: true, notified: {} };

describe('planMarking', () => {
  it('plans nothing when marking is off', () => {
    const issues = classify([1, { days: 40 }], [2, { days: 20, labels: ['codex-stale'] }]);
    expect(planMarking(issues, { markLabels: false, escalationComment: false, notified: {} })).toEqual([]);
  });

  it('adds the label of the state, keeping every other label in order and spelling', () => {
    const [stale, escalated] = planMarking(
      classify(
        [1, { days: 20, labels: ['Bug', 'codex', 'codex-trackmain'] }],
        [2, { days: 31, labels: ['codex'] }],
      ),
      on,
    );
    expect(stale).toMatchObject({
      labels: ['Bug', 'codex', 'codex-trackmain', 'codex-stale'],
      added: ['codex-stale'],
      removed: [],
      comment: false,
    });
    expect(escalated).toMatchObject({
      labels: ['codex', 'codex-escalation'],
      added: ['codex-escalation'],
      comment: true,
    });
  });

  it('swaps stale for escalation, and removes both when activity resumes (any letter case)', () => {
    const plan = planMarking(
      classify(
        [1, { days: 31, labels: ['codex', 'codex-stale'] }],
        [2, { days: 1, labels: ['CODEX-Escalation', 'codex'] }],
      ),
      on,
    );
    expect(plan[0]).toMatchObject({
      labels: ['codex', 'codex-escalation'],
      added: ['codex-escalation'],
      removed: ['codex-stale'],
    });
    expect(plan[1]).toMatchObject({
      labels: ['codex'],
      added: [],
      removed: ['CODEX-Escalation'],
      comment: false,
    });
  });

  it('leaves labels that are already right alone', () => {
    const plan = planMarking(
      classify([1, { days: 20, labels: ['codex', 'Codex-Stale'] }], [2, { days: 1 }]),
      {
        ...on,
        escalationComment: false,
      },
    );
    expect(plan).toEqual([]);
  });

  it('comments only on escalated issues not yet notified for the same period', () => {
    const issues = classify([1, { days: 31 }], [2, { days: 40 }], [3, { days: 20 }]);
    const since2 = issues[1]!.lastHumanActivity;
    const plan = planMarking(issues, {
      markLabels: false,
      escalationComment: true,
      notified: {
        '2': { since: since2, commented_at: NOW.toISOString() },
        '1': { since: 'an older period', commented_at: '' },
      },
    });
    expect(plan.map((p) => [p.issue.number, p.comment, p.labels])).toEqual([[1, true, undefined]]);
  });

  it('does not write back labels that came from a malformed listing', () => {
    const issues = classify([1, { days: 20, labels: [], malformed: ['missing labels array'] }]);
    expect(issues[0]?.labelsTrusted).toBe(false);
    expect(planMarking(issues, on)).toEqual([]);
  });
});

describe('escalation comment', () => {
  it('mentions the assignees and carries the hidden marker of its period', () => {
    const [issue] = classify([7, { days: 33, assignees: ['alice', 'bob'] }]);
    const body = escalationCommentBody(issue!, 30);
    expect(body.startsWith(escalationMarker(issue!.lastHumanActivity))).toBe(true);
    expect(body).toContain('@alice @bob');
    expect(body).toContain('33 days');
    expect(hasEscalationMarker(body, issue!.lastHumanActivity)).toBe(true);
    expect(hasEscalationMarker(body, '2020-01-01T00:00:00.000Z')).toBe(false);
    expect(hasEscalationMarker(null, issue!.lastHumanActivity)).toBe(false);
  });
  it('reads well without assignees', () => {
    const [issue] = classify([7, { days: 33, title: 'Dashboard tiles' }]);
    expect(escalationCommentBody(issue!, 30)).toContain(
      'This dashboard-track issue has had no human activity for 33 days',
    );
  });
});

describe('keepNotified and the state file', () => {
  it('forgets issues that are active again, closed or in a new period', () => {
    const issues = classify([1, { days: 31 }], [2, { days: 2 }], [4, { days: 35 }]);
    const kept = keepNotified(
      {
        '1': { since: issues[0]!.lastHumanActivity, commented_at: 'a' },
        '2': { since: 'x', commented_at: 'b' },
        '3': { since: 'y', commented_at: 'c' },
        '4': { since: 'older', commented_at: 'd' },
      },
      issues,
    );
    expect(kept).toEqual({ '1': { since: issues[0]!.lastHumanActivity, commented_at: 'a' } });
  });

  it('round-trips and tolerates garbage', () => {
    const state = {
      version: 1 as const,
      escalation_comments: {
        '10': { since: 's', commented_at: 'c' },
        '9': { since: 't', commented_at: 'd' },
      },
    };
    const text = serializeActivityState(state);
    expect(Object.keys(JSON.parse(text).escalation_comments)).toEqual(['9', '10']);
    expect(parseActivityState(text)).toEqual(state);
    expect(parseActivityState('not json')).toEqual({ version: 1, escalation_comments: {} });
    expect(parseActivityState(null)).toEqual({ version: 1, escalation_comments: {} });
    expect(parseActivityState('{"escalation_comments":{"1":{"nope":1},"2":{"since":"s"}}}')).toEqual({
      version: 1,
      escalation_comments: { '2': { since: 's', commented_at: '' } },
    });
  });
});

describe('report and telemetry', () => {
  const issues = classify(
    [1, { days: 1 }],
    [2, { days: 20, title: 'Dashboard | tiles' }],
    [3, { days: 40, assignees: ['carol'] }],
  );
  const marking = { labels: true, comment: true, labeled: [3], unlabeled: [], commented: [3] };

  it('counts per track', () => {
    expect(countByTrack(issues)).toEqual({
      main: { open: 2, active: 1, stale: 0, escalation: 1 },
      dashboard: { open: 1, active: 0, stale: 1, escalation: 0 },
    });
  });

  it('lists number and status per track (details for stale and escalated), with the thresholds used', () => {
    const t = activityTelemetry(issues, thresholds, marking);
    expect(t.main).toEqual([
      // active issues: number and status only (the file grows with the repository)
      { number: 1, status: 'active' },
      {
        number: 3,
        status: 'escalation',
        days_inactive: 40,
        title: 'Issue 3',
        html_url: 'https://github.com/octo-org/widgets/issues/3',
        // as read at the start of the run, for the dashboard's assignee and label filters
        assignees: ['carol'],
        labels: ['codex', 'codex-trackmain'],
        last_human_activity_at: '2025-05-06T12:00:00.000Z',
        attribution: 'assumed',
      },
    ]);
    expect(t.dashboard).toEqual([
      {
        number: 2,
        status: 'stale',
        days_inactive: 20,
        title: 'Dashboard | tiles',
        html_url: 'https://github.com/octo-org/widgets/issues/2',
        assignees: [],
        labels: ['codex', 'codex-trackmain'],
        last_human_activity_at: '2025-05-26T12:00:00.000Z',
        attribution: 'assumed',
      },
    ]);
    expect(t.thresholds.main).toEqual({ stale_days: 14, escalation_days: 30 });
  });

  it('links stale and escalated issues in the job summary', () => {
    const md = activityReport(issues, thresholds, marking, true);
    expect(md).toContain('[#3](https://github.com/octo-org/widgets/issues/3)');
    expect(md).toContain('Dashboard \\| tiles');
    expect(md).toContain('would be labelled, commented');
    expect(md).not.toContain('[#1]');
  });
});

describe('job summary report within a byte budget', () => {
  const none = { labels: false, comment: false, labeled: [], unlabeled: [], commented: [] };
  // 200 stale issues: 100 idle 20 days, 100 idle 40 days (escalated)
  const many = classify(
    ...Array.from(
      { length: 200 },
      (_, i): Parameters<typeof indexed> => [i + 1, { days: i < 100 ? 20 : 40 }],
    ),
  );
  const rowsOf = (md: string) => md.split('\n').filter((line) => /^\| \[#\d+\]/.test(line));

  it('lists every issue when the report fits', () => {
    const md = activityReport(many, thresholds, none, false);
    expect(rowsOf(md)).toHaveLength(200);
    expect(md).not.toContain('not listed here');
  });

  it('stops making rows at the budget and says how many issues it left out', () => {
    const whole = activityReport(many, thresholds, none, false);
    const budget = 6000;
    const md = activityReport(many, thresholds, none, false, undefined, budget);
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThanOrEqual(budget);
    const shown = rowsOf(md);
    expect(shown.length).toBeGreaterThan(10);
    expect(shown.length).toBeLessThan(200);
    // the rows kept are the whole report's first ones, in its order
    expect(shown).toEqual(rowsOf(whole).slice(0, shown.length));
    expect(md).toContain(
      `${200 - shown.length} more stale or escalated issue(s) not listed here (the job summary is limited to 1024 KiB); the telemetry file has every one.`,
    );
  });
});
