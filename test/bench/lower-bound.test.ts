import { describe, expect, it } from 'vitest';
import {
  attributionReads,
  baseline,
  binarySearchReads,
  issueViewReads,
  listPages,
  lowerBound,
  MULTI_FILE_COMMIT,
  PIPELINE,
  publishCost,
  ratio,
  type StageFacts,
} from '../../scripts/lib/bench/lower-bound.js';

const facts = (over: Partial<StageFacts> = {}): StageFacts => ({
  openListed: 10_500,
  projectItems: 9_500,
  projectConfigured: true,
  indexExists: false,
  updatedSinceIndex: 0,
  indexUpdates: 0,
  issueRepairs: 300,
  projectAdds: 250,
  missingLabelsAndMilestones: 0,
  selftestRetire: 3,
  selftestLedgerReads: 5,
  telemetryFiles: 8,
  telemetryPrune: 6,
  componentsToMerge: 5,
  localComponents: 0,
  branchOnlyComponents: 0,
  dashboardExists: false,
  attributionCandidates: 0,
  attributionBudget: 200,
  selftestRecent: 0,
  selftestProven: false,
  ...over,
});

describe('list arithmetic', () => {
  it('counts 100 per page and one request for an empty list', () => {
    expect(listPages(0)).toBe(1);
    expect(listPages(1)).toBe(1);
    expect(listPages(100)).toBe(1);
    expect(listPages(101)).toBe(2);
    expect(listPages(10_500)).toBe(105);
  });

  it('binary search probes', () => {
    expect(binarySearchReads(0)).toBe(0);
    expect(binarySearchReads(1)).toBe(1);
    expect(binarySearchReads(8)).toBe(4);
    expect(binarySearchReads(500)).toBe(9);
  });
});

describe('self-test cadence', () => {
  it('files no issue while one the ledger proves the suite filed is within the interval: one ledger read instead', () => {
    expect(
      lowerBound('self-test', facts({ selftestRecent: 1, selftestProven: true }), 'pipeline'),
    ).toMatchObject({
      reads: 7 + 1,
      writes: 0,
    });
  });

  it('files one when the recent issue is not proven (its ledger entry read to find out)', () => {
    expect(
      lowerBound('self-test', facts({ selftestRecent: 2, selftestProven: false }), 'pipeline'),
    ).toMatchObject({ reads: 7 + 1, writes: 1 });
    expect(lowerBound('self-test', facts(), 'pipeline')).toMatchObject({ reads: 7, writes: 1 });
  });
});

describe('activity attribution', () => {
  it('reads a timeline page per issue whose status depends on who acted last, and one editor lookup per 100', () => {
    expect(attributionReads(0, 200)).toEqual({ issues: 0, reads: 0 });
    expect(attributionReads(45, 200)).toEqual({ issues: 45, reads: 45 + 1 });
    expect(attributionReads(150, 500)).toEqual({ issues: 150, reads: 150 + 2 });
  });

  it('within the read budget: pages and lookups together spend at most it', () => {
    // 198 issues + 2 lookups = 200; a 199th would need 199 + 2
    expect(attributionReads(1_000, 200)).toEqual({ issues: 198, reads: 200 });
    expect(attributionReads(1_000, 0)).toEqual({ issues: 0, reads: 0 });
    expect(attributionReads(1_000, 1)).toEqual({ issues: 0, reads: 0 });
    expect(attributionReads(1_000, 2)).toEqual({ issues: 1, reads: 2 });
  });

  it('activity: the issue view, the token identity, the attribution reads and one index save when any issue is attributed', () => {
    const f = facts({ indexExists: true, updatedSinceIndex: 30, attributionCandidates: 45 });
    expect(lowerBound('activity', f, 'pipeline')).toMatchObject({ reads: 2 + 1 + 46, writes: 1 });
    expect(lowerBound('activity', { ...f, attributionCandidates: 0 }, 'pipeline')).toMatchObject({
      reads: 2,
      writes: 0,
    });
  });
});

describe('issue view', () => {
  it('walks the open list when there is no index, after looking for one (404)', () => {
    expect(issueViewReads(facts()).reads).toBe(1 + 105);
  });

  it('reads the index plus the since-list when that is cheaper', () => {
    const view = issueViewReads(facts({ indexExists: true, updatedSinceIndex: 20 }));
    expect(view.reads).toBe(2);
    expect(view.formula).toContain('index read');
  });

  it('falls back to the full list when the since-list would be longer', () => {
    expect(issueViewReads(facts({ openListed: 50, indexExists: true, updatedSinceIndex: 5_000 })).reads).toBe(
      1,
    );
  });
});

describe('lowerBound', () => {
  it('project-sync first pass: full list + project pages + one write per repair + index save + publish', () => {
    const b = lowerBound('project-sync', facts());
    expect(b.reads).toBe(1 + 105 + 95 + 1);
    expect(b.writes).toBe(300 + 250 + 1 + 2);
    expect(b.total).toBe(b.reads + b.writes);
  });

  it('project-sync with nothing changed: index read + one empty since-page + milestones + publish', () => {
    const b = lowerBound(
      'project-sync',
      facts({ indexExists: true, updatedSinceIndex: 0, issueRepairs: 0, projectAdds: 0 }),
    );
    expect(b).toMatchObject({ reads: 3, writes: 2, total: 5 });
  });

  it('supervisor and activity: issue view + publish', () => {
    expect(lowerBound('activity', facts({ indexExists: true, updatedSinceIndex: 30 })).total).toBe(2 + 2);
    expect(lowerBound('supervisor', facts()).total).toBe(1 + 105 + 95 + 2);
  });

  it('self-test, cleaner, diagnostics, telemetry-merge fixed costs', () => {
    // token, labels, milestones, project, the self-test list (reuse, cadence), the list again (the
    // enumeration check), the pages branch (write access) + 1 create + publish
    expect(lowerBound('self-test', facts()).total).toBe(7 + 1 + 2);
    expect(
      lowerBound('self-test', facts({ projectConfigured: false, missingLabelsAndMilestones: 2 })).total,
    ).toBe(6 + 1 + 2 + 2);
    // self-test list + one listing (telemetry files dated by their ledger entries' names) + 5
    // self-test ledger entries + prune commit (1R+1W) + 3 closes + publish
    expect(lowerBound('cleaner', facts())).toMatchObject({ reads: 8, writes: 3 + 1 + 2 });
    expect(lowerBound('cleaner', facts({ telemetryPrune: 0, selftestRetire: 0 }))).toMatchObject({
      reads: 7,
      writes: 2,
    });
    // token, variables, labels, milestones, project, the pages branch's listing, the Pages site + publish
    expect(lowerBound('diagnostics', facts()).total).toBe(7 + 2);
    // listing + 5 files + page commit (1R+1W) + its own telemetry file and ledger entry
    expect(lowerBound('telemetry-merge', facts())).toMatchObject({ reads: 1 + 5 + 1, writes: 1 + 2 });
    expect(lowerBound('telemetry-merge', facts({ dashboardExists: true }))).toMatchObject({
      reads: 7,
      writes: 3,
    });
  });

  it('project-sync saves the index only when an issue it holds changed', () => {
    // the since-list brought back the new self-test issue and a pull request: read, not saved
    const quiet = facts({
      indexExists: true,
      updatedSinceIndex: 11,
      indexUpdates: 0,
      issueRepairs: 0,
      projectAdds: 0,
    });
    expect(lowerBound('project-sync', quiet)).toMatchObject({ reads: 3, writes: 2 });
    expect(lowerBound('project-sync', { ...quiet, indexUpdates: 2 })).toMatchObject({ reads: 3, writes: 3 });
  });
});

describe('pipeline mode', () => {
  const quiet = facts({ indexExists: true, updatedSinceIndex: 11, issueRepairs: 0, projectAdds: 0 });

  it('runs the stages in the workflow order, telemetry-merge last', () => {
    expect(PIPELINE.at(-1)).toBe('telemetry-merge');
    expect(PIPELINE.indexOf('diagnostics')).toBeLessThan(PIPELINE.indexOf('telemetry-merge'));
  });

  it('no stage but telemetry-merge publishes (a file and its ledger entry)', () => {
    for (const stage of PIPELINE) {
      expect(publishCost(stage, 'standalone')).toBe(2);
      expect(publishCost(stage, 'pipeline')).toBe(stage === 'telemetry-merge' ? 2 : 0);
    }
    expect(lowerBound('self-test', facts(), 'pipeline').total).toBe(
      lowerBound('self-test', facts()).total - 2,
    );
  });

  it('nothing changed: an enumerating stage needs the index and one since-page, and writes nothing', () => {
    expect(lowerBound('supervisor', quiet, 'pipeline')).toMatchObject({ reads: 2, writes: 0 });
    expect(lowerBound('activity', quiet, 'pipeline')).toMatchObject({ reads: 2, writes: 0 });
    // + the milestones page
    expect(lowerBound('project-sync', quiet, 'pipeline')).toMatchObject({ reads: 3, writes: 0 });
  });

  it('one multi-file commit is a head query and one createCommitOnBranch', () => {
    expect(MULTI_FILE_COMMIT).toEqual({ reads: 1, writes: 1 });
  });

  it('telemetry-merge: the run comes from the local folder, then one commit and its own file', () => {
    const b = lowerBound(
      'telemetry-merge',
      facts({ dashboardExists: true, localComponents: 6, branchOnlyComponents: 0, componentsToMerge: 2 }),
      'pipeline',
    );
    // listing + dashboard read + head query; createCommitOnBranch + its own telemetry file and ledger entry
    expect(b).toMatchObject({ reads: 3, writes: 3 });
    expect(b.formula).toContain('one commit');
    // a component that did not run this time (e.g. codex-review) is read from the branch
    expect(
      lowerBound(
        'telemetry-merge',
        facts({ dashboardExists: true, localComponents: 6, branchOnlyComponents: 1 }),
        'pipeline',
      ).reads,
    ).toBe(4);
  });
});

describe('baseline (the reference)', () => {
  it('enumerating stages walk every open issue every run; project-sync every project item too', () => {
    const steady = facts({ indexExists: true, updatedSinceIndex: 20 });
    expect(baseline('activity', steady, 1)).toBe(105 + 1);
    expect(baseline('supervisor', steady, 1)).toBe(105 + 1);
    expect(baseline('project-sync', steady, 12)).toBe(105 + 95 + 1 + 12);
    expect(baseline('cleaner', facts({ telemetryPrune: 0 }), 4)).toBe(105 + 1 + 5 + 4);
  });

  it('other stages: the bound’s reads plus the measured writes', () => {
    expect(baseline('diagnostics', facts(), 3)).toBe(7 + 3);
  });
});

describe('ratio', () => {
  it('rounds to two decimals and handles a zero bound', () => {
    expect(ratio(110, 100)).toBe(1.1);
    expect(ratio(1, 3)).toBe(0.33);
    expect(ratio(0, 0)).toBe(1);
    expect(ratio(2, 0)).toBe(Number.POSITIVE_INFINITY);
  });
});
