import { describe, expect, it } from 'vitest';
import {
  countRepairs,
  type IssueSnapshot,
  isManaged,
  needsIssueRepair,
  trackOf,
} from '../../scripts/lib/bench/repairs.js';

const config = {
  mainMilestone: 'Codex Main',
  dashboardMilestone: 'Codex Dashboard',
  selftestMilestone: 'Codex Internal',
  projectConfigured: true,
};
const issue = (over: Partial<IssueSnapshot> = {}): IssueSnapshot => ({
  number: 1,
  title: 'Fix pagination in CLI',
  labels: ['codex', 'codex-trackmain'],
  milestone: 'Codex Main',
  isPullRequest: false,
  open: true,
  inProject: true,
  ...over,
});

describe('repairs', () => {
  it('tracks by "dashboard" in any case', () => {
    expect(trackOf('[DashBoard] chart broken')).toBe('dashboard');
    expect(trackOf('near the dash board')).toBe('main');
  });

  it('leaves pull requests, closed issues and self-test issues alone', () => {
    expect(isManaged(issue({ isPullRequest: true }), 'Codex Internal')).toBe(false);
    expect(isManaged(issue({ open: false }), 'Codex Internal')).toBe(false);
    expect(isManaged(issue({ milestone: 'codex internal' }), 'Codex Internal')).toBe(false);
    expect(isManaged(issue({ labels: ['Codex-Selftest'] }), 'Codex Internal')).toBe(false);
    expect(isManaged(issue(), 'Codex Internal')).toBe(true);
  });

  it('needs a repair for a missing codex label, a wrong or missing track label, a wrong milestone', () => {
    expect(needsIssueRepair(issue(), config)).toBe(false);
    expect(needsIssueRepair(issue({ labels: ['CODEX', 'Codex-TrackMain'] }), config)).toBe(false);
    expect(needsIssueRepair(issue({ labels: ['codex-trackmain'] }), config)).toBe(true);
    expect(needsIssueRepair(issue({ labels: ['codex'] }), config)).toBe(true);
    expect(
      needsIssueRepair(issue({ labels: ['codex', 'codex-trackmain', 'codex-trackdashboard'] }), config),
    ).toBe(true);
    expect(needsIssueRepair(issue({ milestone: null }), config)).toBe(true);
    expect(needsIssueRepair(issue({ title: 'Dashboard: empty state' }), config)).toBe(true);
  });

  it('counts one PATCH per broken issue and one add per issue outside the project', () => {
    const counted = countRepairs(
      [
        issue(),
        issue({ number: 2, labels: ['codex-trackmain'], milestone: null, inProject: false }),
        issue({ number: 3, inProject: false }),
        issue({ number: 4, isPullRequest: true, labels: [] }),
      ],
      config,
    );
    expect(counted).toEqual({ managed: 3, issueRepairs: 1, projectAdds: 2 });
    expect(
      countRepairs([issue({ inProject: false })], { ...config, projectConfigured: false }).projectAdds,
    ).toBe(0);
  });
});
