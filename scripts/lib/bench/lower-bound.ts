/**
 * The least number of counted requests a stage needs for the work in front of it, and the
 * reference's cost for the same work. Pure functions of the repository facts (see facts.ts) so
 * the benchmark's yardstick is unit-tested and written down in one place.
 */

/** Items per page of every REST list the suite uses. */
export const PAGE_SIZE = 100;

/**
 * Stages the benchmark runs, in the order of `codex-pipeline.yml` (codex-review aside): the chain
 * self-test → cleaner → project-sync → supervisor → activity, diagnostics beside it, and
 * telemetry-merge last (it needs every other job).
 */
export const PIPELINE = [
  'self-test',
  'cleaner',
  'project-sync',
  'supervisor',
  'activity',
  'diagnostics',
  'telemetry-merge',
] as const;
export type PipelineStage = (typeof PIPELINE)[number];

/**
 * How the stages are run. `pipeline`: as `codex-pipeline.yml` runs them — every stage with
 * `publish: none` and a local telemetry folder, telemetry-merge publishing the whole run (the
 * folder given as `telemetry-source`) in one commit. `standalone`: each stage on its own,
 * publishing its own telemetry file to the pages branch (the action default).
 */
export type BenchMode = 'pipeline' | 'standalone';
export const MODES: readonly BenchMode[] = ['pipeline', 'standalone'];

/** Stages that walk the whole open issue list in the reference. */
export const ENUMERATING_STAGES: readonly PipelineStage[] = [
  'cleaner',
  'project-sync',
  'supervisor',
  'activity',
];

/** List requests for `n` items: an empty list still costs one request. */
export function listPages(n: number): number {
  return Math.max(1, Math.ceil(Math.max(0, n) / PAGE_SIZE));
}

/** Reads of a binary search over `n` ordered files (0 for none). */
export function binarySearchReads(n: number): number {
  return n <= 0 ? 0 : Math.ceil(Math.log2(n + 1));
}

/**
 * Publishing one new telemetry file: one contents PUT (a new path needs no sha, no tree walk), and
 * its ledger entry, the proof that the suite published it, which the cleaner needs before it may
 * ever prune the file (docs/cleaner.md, "The ledger"): a second PUT. (One commit of both is a head
 * read and a write: no fewer.)
 */
export const PUBLISH = { reads: 0, writes: 2 } as const;
/**
 * A commit of several files onto an existing branch: one GraphQL query for the branch head (it
 * also names the repository's default branch, which the suite never writes), then one
 * `createCommitOnBranch` that expects that head — 1 read + 1 write. A missing branch costs more
 * (tree, commit, create ref), once in a repository's life.
 *
 * Not in the bound: a stage whose only pages writes are contents PUTs asks for the default branch
 * once (one GraphQL query) before the first of them, unless the workflow's event payload names it
 * (a real run; the benchmark's runs have no payload); the reference did not check.
 */
export const MULTI_FILE_COMMIT = { reads: 1, writes: 1 } as const;

/** Telemetry publishing a stage needs in `mode`: none in the pipeline (telemetry-merge publishes the run). */
export function publishCost(stage: PipelineStage, mode: BenchMode): number {
  if (mode === 'standalone') return PUBLISH.writes;
  // telemetry-merge's own file is written after its commit (it records that commit), so the
  // runner still publishes it with its ledger entry.
  return stage === 'telemetry-merge' ? PUBLISH.writes : 0;
}

/** What the benchmark knows about the repository when a stage starts. */
export interface StageFacts {
  /** open issues plus open pull requests: what `GET /issues?state=open` returns */
  readonly openListed: number;
  /** items of the configured project (0 when none) */
  readonly projectItems: number;
  readonly projectConfigured: boolean;
  /** whether the issue index exists on the pages branch */
  readonly indexExists: boolean;
  /** issues and pull requests (any state) updated at or after the index's `synced_at`: the since-list */
  readonly updatedSinceIndex: number;
  /** of those, the ones that change the index (see facts.ts `countIndexUpdates`): any of them means an index save */
  readonly indexUpdates: number;
  /** open, managed issues whose labels or milestone need a repair (one PATCH each) */
  readonly issueRepairs: number;
  /** open, managed issues missing from the project (one item add each) */
  readonly projectAdds: number;
  /** labels and milestones of the contract that are missing (one create each) */
  readonly missingLabelsAndMilestones: number;
  /** open self-test issues the cleaner should retire (old, beyond the newest kept, proven by the ledger) */
  readonly selftestRetire: number;
  /** open self-test issues with a ledger entry: the cleaner reads each entry */
  readonly selftestLedgerReads: number;
  /** telemetry files on the pages branch with a run id (the cleaner's age search space) */
  readonly telemetryFiles: number;
  /** telemetry files old enough to prune */
  readonly telemetryPrune: number;
  /** dashboard components whose latest telemetry file on the branch is newer than the last merge */
  readonly componentsToMerge: number;
  /** dashboard components with a file in this run's local telemetry folder (pipeline mode; 0 standalone) */
  readonly localComponents: number;
  /** dashboard components without a local file that have at least one telemetry file on the branch */
  readonly branchOnlyComponents: number;
  /** whether dashboard/dashboard.json exists (history to carry over, page already published) */
  readonly dashboardExists: boolean;
  /**
   * open managed issues whose activity status depends on who acted last (updated_at and the last
   * attribution give different statuses): activity reads their timelines (core/activity/attribution.ts)
   */
  readonly attributionCandidates: number;
  /** activity's read budget for that (activity-read-budget) */
  readonly attributionBudget: number;
  /** open self-test issues filed within the self-test's issue interval (24 h): their ledger entries are read */
  readonly selftestRecent: number;
  /** whether the newest of those has its ledger entry: the suite filed it, so no issue is due */
  readonly selftestProven: boolean;
}

export interface Bound {
  readonly reads: number;
  readonly writes: number;
  readonly total: number;
  /** how the figure is made, for the report */
  readonly formula: string;
}

function bound(reads: number, writes: number, formula: string): Bound {
  return { reads, writes, total: reads + writes, formula };
}

/**
 * The issue view an enumerating stage needs: the whole open list, or — when the saved index
 * exists — one read of it plus the issues updated since it was synced, whichever is less.
 */
export function issueViewReads(f: StageFacts): { reads: number; formula: string } {
  const full = listPages(f.openListed);
  // Without an index the stage still has to look for one: a read answered 404.
  if (!f.indexExists)
    return { reads: 1 + full, formula: `1 index lookup (404) + ceil(${f.openListed}/100) list pages` };
  const incremental = 1 + listPages(f.updatedSinceIndex);
  if (incremental < full)
    return {
      reads: incremental,
      formula: `1 index read + ceil(${f.updatedSinceIndex}/100) since-pages`,
    };
  return { reads: full, formula: `ceil(${f.openListed}/100) list pages` };
}

/**
 * Activity's attribution reads: who acted last on an issue is on its timeline, at least one page
 * each, and the issues' own edit times take one GraphQL lookup per 100 node ids. A run spends at
 * most its read budget (pages and lookups together) and leaves the rest to later runs, so the
 * least is the most issues that fit: k pages + ceil(k/100) lookups ≤ budget.
 */
export function attributionReads(candidates: number, budget: number): { issues: number; reads: number } {
  let issues = Math.min(candidates, budget);
  while (issues > 0 && issues + Math.ceil(issues / 100) > budget) issues -= 1;
  return { issues, reads: issues + Math.ceil(issues / 100) };
}

/** The least counted requests for `stage` given the facts at its start, run the `mode` way. */
export function lowerBound(stage: PipelineStage, f: StageFacts, mode: BenchMode = 'standalone'): Bound {
  const project = f.projectConfigured ? 1 : 0;
  const pub = publishCost(stage, mode);
  const pubText = pub ? ' + publish (file + ledger entry)' : ' + 0 publish (pipeline)';
  switch (stage) {
    case 'self-test': {
      // The checks docs/self-test.md specifies: token (the repository), labels page, milestones
      // page, project; the self-test issue list before filing (a re-run reuses its issue, and at
      // most one is filed per issue interval), the same list again (the enumeration check), the
      // pages branch (write access). A recent issue costs one ledger read (the proof that the
      // suite filed it); when it is proven nothing is filed.
      const ledger = f.selftestRecent > 0 ? 1 : 0;
      const create = f.selftestRecent > 0 && f.selftestProven ? 0 : 1;
      const reads = 3 + project + 3 + ledger;
      const writes = create + f.missingLabelsAndMilestones + pub;
      return bound(
        reads,
        writes,
        `${3 + project + 3} lookups + ${ledger} ledger read + ${create} create + ${f.missingLabelsAndMilestones} setup${pubText}`,
      );
    }
    case 'cleaner': {
      // One listing of the branch dates every telemetry file by its ledger entry's name (no file
      // is read); a self-test issue's entry is read to prove the suite filed it (docs/cleaner.md).
      const prune = f.telemetryPrune > 0 ? MULTI_FILE_COMMIT : { reads: 0, writes: 0 };
      const reads = 1 + 1 + f.selftestLedgerReads + prune.reads;
      const writes = f.selftestRetire + prune.writes + pub;
      return bound(
        reads,
        writes,
        `1 self-test list + 1 listing of telemetry and ledger + ${f.selftestLedgerReads} self-test ledger reads${f.telemetryPrune > 0 ? ' + prune commit (1R+1W)' : ''} + ${f.selftestRetire} closes${pubText}`,
      );
    }
    case 'project-sync': {
      const view = issueViewReads(f);
      const projectPages = f.projectConfigured && !f.indexExists ? listPages(f.projectItems) : 0;
      // The index is saved only when an issue it holds changed (one contents PUT: the index read
      // gave its blob sha); the suite's own self-test issue and pull requests do not change it.
      const saveIndex = !f.indexExists || f.indexUpdates > 0 ? 1 : 0;
      // + 1 milestones page: a PATCH names the milestone by number
      const reads = view.reads + projectPages + 1;
      const writes = f.issueRepairs + f.projectAdds + saveIndex + pub;
      return bound(
        reads,
        writes,
        `${view.formula}${projectPages ? ` + ceil(${f.projectItems}/100) project pages` : ''} + 1 milestones page + ${f.issueRepairs} repairs + ${f.projectAdds} project adds + ${saveIndex} index save${pubText}`,
      );
    }
    case 'supervisor': {
      const view = issueViewReads(f);
      const projectPages = f.projectConfigured && !f.indexExists ? listPages(f.projectItems) : 0;
      return bound(
        view.reads + projectPages,
        pub,
        `${view.formula}${projectPages ? ` + ceil(${f.projectItems}/100) project pages` : ''}${pubText}`,
      );
    }
    case 'activity': {
      const view = issueViewReads(f);
      const attribution = attributionReads(f.attributionCandidates, f.attributionBudget);
      // Before reading timelines the stage learns who its token is (its own actions are not a
      // person's): one lookup. Attributions are recorded in the issue index: one save.
      const identity = attribution.issues > 0 ? 1 : 0;
      const save = attribution.issues > 0 ? 1 : 0;
      return bound(
        view.reads + identity + attribution.reads,
        save + pub,
        `${view.formula}${identity ? ' + 1 token identity' : ''} + ${attribution.reads} attribution reads (${attribution.issues} of ${f.attributionCandidates} issue(s) whose status depends on who acted last: a timeline page each + ceil(${attribution.issues}/100) editor lookups, within the budget of ${f.attributionBudget}) + ${save} index save${pubText}`,
      );
    }
    case 'telemetry-merge': {
      const history = f.dashboardExists ? 1 : 0;
      if (mode === 'pipeline') {
        // The run's files come from the local folder: the branch is read only for components
        // that did not run (their newest file), then one commit of dashboard + page + the run's
        // telemetry files, then its own telemetry file (written after that commit).
        const reads = 1 + f.branchOnlyComponents + history + MULTI_FILE_COMMIT.reads;
        const writes = MULTI_FILE_COMMIT.writes + pub;
        return bound(
          reads,
          writes,
          `1 telemetry listing + ${f.branchOnlyComponents} branch files (components without a local file) + ${history} dashboard read + one commit of dashboard and ${f.localComponents} run files (1R+1W) + publish of its own file (file + ledger entry)`,
        );
      }
      const publish = f.dashboardExists ? { reads: 0, writes: 1 } : MULTI_FILE_COMMIT;
      const reads = 1 + f.componentsToMerge + history + publish.reads;
      return bound(
        reads,
        publish.writes + pub,
        `1 telemetry listing + ${f.componentsToMerge} latest files + ${history} dashboard read + ${f.dashboardExists ? '1 dashboard.json PUT' : 'page commit (1R+1W)'} + publish of its own file (file + ledger entry)`,
      );
    }
    case 'diagnostics': {
      // token (GET the repository: a check of its own, docs/diagnostics.md), variables, labels,
      // milestones, project, pages branch and layout (one listing of the branch by name: a 404
      // says it is missing), the GitHub Pages site
      const reads = 6 + project;
      const writes = f.missingLabelsAndMilestones + pub;
      return bound(reads, writes, `${reads} checks + ${f.missingLabelsAndMilestones} repairs${pubText}`);
    }
  }
}

/**
 * The reference's cost for the same work: every enumerating stage walks every open issue (pull
 * requests included) on every run, and project-sync every project item; the other reads are the
 * bound's fixed ones; the writes are the ones the suite actually made.
 */
export function baseline(
  stage: PipelineStage,
  f: StageFacts,
  measuredWrites: number,
  mode: BenchMode = 'standalone',
): number {
  const b = lowerBound(stage, f, mode);
  let reads = b.reads;
  if (ENUMERATING_STAGES.includes(stage)) {
    const view = stage === 'cleaner' ? 1 : issueViewReads(f).reads;
    reads = reads - view + listPages(f.openListed);
    if (stage === 'project-sync' || stage === 'supervisor') {
      const projectPages = f.projectConfigured && !f.indexExists ? listPages(f.projectItems) : 0;
      reads =
        reads -
        projectPages +
        (stage === 'project-sync' && f.projectConfigured ? listPages(f.projectItems) : 0);
    }
  }
  return reads + measuredWrites;
}

/** measured / bound, rounded to two decimals (bound 0 gives Infinity unless measured is 0 too). */
export function ratio(measured: number, least: number): number {
  if (least === 0) return measured === 0 ? 1 : Number.POSITIVE_INFINITY;
  return Math.round((measured / least) * 100) / 100;
}
