import type { IndexedIssue } from '@codex-suite/core/issues/issue-index';
import { describe, expect, it } from 'vitest';
import { countCorrections, exclusionOf, type PlanConfig, planIssue, planSync } from '../src/plan.js';

const MAIN = { number: 1, title: 'Main track' };
const DASH = { number: 2, title: 'Dashboard track' };
const full: PlanConfig = {
  selftestMilestone: 'Codex Internal',
  milestones: { main: MAIN, dashboard: DASH },
  project: true,
};

let next = 1;
function issue(overrides: Partial<IndexedIssue> = {}): IndexedIssue {
  const number = overrides.number ?? next++;
  return {
    number,
    id: 1000 + number,
    node_id: `I_${number}`,
    title: 'Fix the pipeline',
    state: 'open',
    labels: [],
    milestone: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-01T00:00:00.000Z',
    assignees: [],
    html_url: '',
    is_pull_request: false,
    human_activity_at: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}
const compliant = (overrides: Partial<IndexedIssue> = {}) =>
  issue({ labels: ['codex', 'codex-trackmain'], milestone: MAIN, in_project: true, ...overrides });

describe('planIssue', () => {
  it('needs nothing for a compliant issue', () => {
    expect(planIssue(compliant(), full)).toMatchObject({ changes: [], addToProject: false });
    expect(planIssue(compliant(), full).labels).toBeUndefined();
    expect(planIssue(compliant(), full).milestone).toBeUndefined();
  });

  it('repairs a bare human issue in one label list, the milestone and the project', () => {
    const plan = planIssue(issue({ labels: ['bug', 'Help Wanted'] }), full);
    expect(plan.changes).toEqual(['add_codex_label', 'codex-trackmain', 'milestone', 'project']);
    expect(plan.labels).toEqual(['bug', 'Help Wanted', 'codex', 'codex-trackmain']);
    expect(plan.milestone).toEqual(MAIN);
    expect(plan.addToProject).toBe(true);
  });

  it('chooses the dashboard track for "dashboard" in any letter case', () => {
    for (const title of ['Dashboard: legend', 'new DASHBOARD tiles', 'fix dashboard', 'DashBoard']) {
      const plan = planIssue(issue({ title, labels: ['codex'], milestone: DASH, in_project: true }), full);
      expect(plan.changes).toEqual(['codex-trackdashboard']);
      expect(plan.track).toBe('dashboard');
    }
  });

  it('replaces a wrong track label (every case variant) and keeps one track label', () => {
    const plan = planIssue(
      compliant({ title: 'Dashboard colours', labels: ['codex', 'Codex-TrackMain', 'ux'], milestone: DASH }),
      full,
    );
    expect(plan.changes).toEqual(['codex-trackdashboard', 'remove:codex-trackmain']);
    expect(plan.labels).toEqual(['codex', 'ux', 'codex-trackdashboard']);
  });

  it('removes the wrong one when both track labels are present', () => {
    const plan = planIssue(compliant({ labels: ['codex', 'codex-trackmain', 'codex-trackdashboard'] }), full);
    expect(plan.changes).toEqual(['remove:codex-trackdashboard']);
    expect(plan.labels).toEqual(['codex', 'codex-trackmain']);
  });

  it('compares labels case-insensitively: CODEX counts as codex', () => {
    expect(planIssue(compliant({ labels: ['CODEX', 'CODEX-TRACKMAIN'] }), full).changes).toEqual([]);
  });

  it("uses the repository's spelling of a label it adds", () => {
    const config = { ...full, labelSpelling: new Map([['codex', 'Codex']]) };
    expect(planIssue(issue({ milestone: MAIN, in_project: true }), config).labels).toEqual([
      'Codex',
      'codex-trackmain',
    ]);
  });

  it("moves an issue out of the other track's milestone but leaves a human's other milestone", () => {
    const moved = planIssue(
      compliant({ title: 'dashboard x', labels: ['codex', 'codex-trackdashboard'] }),
      full,
    );
    expect(moved.changes).toEqual(['milestone']);
    expect(moved.milestone).toEqual(DASH);
    const other = planIssue(compliant({ milestone: { number: 9, title: 'v2.0 release' } }), full);
    expect(other.changes).toEqual([]);
  });

  it('skips a repair whose setting is missing: milestone per track, project', () => {
    const noMain: PlanConfig = { ...full, milestones: { dashboard: DASH } };
    expect(
      planIssue(issue({ labels: ['codex', 'codex-trackmain'], in_project: true }), noMain).changes,
    ).toEqual([]);
    const noDash: PlanConfig = { ...full, milestones: { main: MAIN } };
    expect(
      planIssue(
        issue({ title: 'dashboard', labels: ['codex', 'codex-trackdashboard'], in_project: true }),
        noDash,
      ).changes,
    ).toEqual([]);
    const noProject: PlanConfig = { ...full, project: false };
    expect(planIssue(compliant({ in_project: false }), noProject).changes).toEqual([]);
  });

  it('adds an issue known to be outside the project to it', () => {
    const plan = planIssue(compliant({ in_project: false }), full);
    expect(plan.changes).toEqual(['project']);
    expect(plan.addToProject).toBe(true);
  });

  it('sends no label list when only the milestone or the project changes', () => {
    const milestoneOnly = planIssue(compliant({ milestone: null }), full);
    expect(milestoneOnly.changes).toEqual(['milestone']);
    expect(milestoneOnly.labels).toBeUndefined();
    const projectOnly = planIssue(compliant({ in_project: false }), full);
    expect(projectOnly.changes).toEqual(['project']);
    expect(projectOnly.labels).toBeUndefined();
    const both = planIssue(compliant({ milestone: null, in_project: false }), full);
    expect(both.changes).toEqual(['milestone', 'project']);
    expect(both.labels).toBeUndefined();
  });

  it('adds to the project when membership is unknown', () => {
    const { in_project: _p, ...unknown } = compliant();
    expect(planIssue(unknown as IndexedIssue, full).changes).toEqual(['project']);
  });
});

describe('planSync', () => {
  it('excludes pull requests, Codex Internal (any case) and codex-selftest issues', () => {
    const issues = [
      issue({ is_pull_request: true }),
      issue({ milestone: { number: 6, title: 'Codex Internal' } }),
      issue({ milestone: { number: 6, title: 'codex internal' } }),
      issue({ labels: ['Codex-Selftest'] }),
      issue({ labels: ['bug'] }),
      compliant(),
    ];
    const plan = planSync(issues, full);
    expect(plan.excluded).toEqual({ pull_request: 1, selftest_milestone: 2, selftest_label: 1 });
    expect(plan.managed).toBe(2);
    expect(plan.plans.map((p) => p.number)).toEqual([issues[4]!.number]);
    expect(exclusionOf(issues[4]!, 'Codex Internal')).toBeUndefined();
  });

  it('plans the issues in number order, whatever the order of the index', () => {
    for (const order of [
      [5, 3, 4, 1, 2],
      [1, 2, 3, 4, 5],
      [2, 5, 1, 4, 3],
    ]) {
      const plan = planSync(
        order.map((number) => issue({ number, labels: ['bug'] })),
        full,
      );
      expect(plan.plans.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    }
  });

  it('honours a custom self-test milestone', () => {
    const plan = planSync([issue({ milestone: { number: 3, title: 'Bots' } })], {
      ...full,
      selftestMilestone: 'Bots',
    });
    expect(plan.managed).toBe(0);
  });
});

describe('countCorrections', () => {
  it('counts each correction kind once per issue', () => {
    expect(
      countCorrections([
        { changes: ['add_codex_label', 'codex-trackmain', 'milestone', 'project'] },
        { changes: ['codex-trackdashboard', 'remove:codex-trackmain'] },
        { changes: ['remove:codex-trackdashboard'] },
        { changes: ['project'] },
      ]),
    ).toEqual({ codex_label: 1, track_main: 2, track_dashboard: 1, milestone: 1, project_adjustments: 2 });
  });

  it('counts a removed main label alone as a dashboard track correction', () => {
    expect(countCorrections([{ changes: ['remove:codex-trackmain'] }])).toEqual({
      codex_label: 0,
      track_main: 0,
      track_dashboard: 1,
      milestone: 0,
      project_adjustments: 0,
    });
  });
});
