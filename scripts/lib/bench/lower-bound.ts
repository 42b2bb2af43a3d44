/**
 * The least number of counted requests a stage needs for the work in front of it, and the
 * reference's cost for the same work. Pure functions of the repository facts (see facts.ts) so
 * the benchmark's yardstick is unit-tested and written down in one place.
 */

/** Items per page of every REST list the suite uses. */
export const PAGE_SIZE = 100;

/** Stages the benchmark runs, in the reference order of a pipeline run (codex-review aside). */
export const PIPELINE = [
  'self-test',
  'cleaner',
  'project-sync',
  'supervisor',
  'activity',
  'telemetry-merge',
  'diagnostics',
] as const;
export type PipelineStage = (typeof PIPELINE)[number];

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

/** Publishing one new telemetry file: one contents PUT (a new path needs no sha, no tree walk). */
export const PUBLISH = { reads: 0, writes: 1 } as const;
/** A commit of several files through the Git Data API: ref + commit read; tree, commit, ref update. */
export const MULTI_FILE_COMMIT = { reads: 2, writes: 3 } as const;

/** What the benchmark knows about the repository when a stage starts. */
export interface StageFacts {
  /** open issues plus open pull requests: what `GET /issues?state=open` returns */
  readonly openListed: number;
  /** items of the configured project (0 when none) */
  readonly projectItems: number;
  readonly projectConfigured: boolean;
  /** whether the issue index exists on the pages branch */
  readonly indexExists: boolean;
  /** issues and pull requests (any state) updated at or after the index's `synced_at` */
  readonly updatedSinceIndex: number;
  /** open, managed issues whose labels or milestone need a repair (one PATCH each) */
  readonly issueRepairs: number;
  /** open, managed issues missing from the project (one item add each) */
  readonly projectAdds: number;
  /** labels and milestones of the contract that are missing (one create each) */
  readonly missingLabelsAndMilestones: number;
  /** open self-test issues the cleaner should retire */
  readonly selftestRetire: number;
  /** telemetry files on the pages branch with a run id (the cleaner's age search space) */
  readonly telemetryFiles: number;
  /** telemetry files old enough to prune */
  readonly telemetryPrune: number;
  /** components whose latest telemetry file is newer than the last merge */
  readonly componentsToMerge: number;
  /** whether dashboard/dashboard.json exists (history to carry over, page already published) */
  readonly dashboardExists: boolean;
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
  if (!f.indexExists) return { reads: full, formula: `ceil(${f.openListed}/100) list pages` };
  const incremental = 1 + listPages(f.updatedSinceIndex);
  if (incremental < full)
    return {
      reads: incremental,
      formula: `1 index read + ceil(${f.updatedSinceIndex}/100) since-pages`,
    };
  return { reads: full, formula: `ceil(${f.openListed}/100) list pages` };
}

/** The least counted requests for `stage` given the facts at its start. */
export function lowerBound(stage: PipelineStage, f: StageFacts): Bound {
  const project = f.projectConfigured ? 1 : 0;
  switch (stage) {
    case 'self-test': {
      // repository (token), labels page, milestones page, project, read the filed issue back
      const reads = 3 + project + 1;
      const writes = 1 + f.missingLabelsAndMilestones + PUBLISH.writes;
      return bound(
        reads,
        writes,
        `${reads} lookups + 1 create + ${f.missingLabelsAndMilestones} setup + 1 publish`,
      );
    }
    case 'cleaner': {
      const probes = binarySearchReads(f.telemetryFiles);
      const prune = f.telemetryPrune > 0 ? MULTI_FILE_COMMIT : { reads: 0, writes: 0 };
      const reads = 1 + 1 + probes + prune.reads;
      const writes = f.selftestRetire + prune.writes + PUBLISH.writes;
      return bound(
        reads,
        writes,
        `1 self-test list + 1 telemetry listing + ${probes} age probes${f.telemetryPrune > 0 ? ' + prune commit (2R+3W)' : ''} + ${f.selftestRetire} closes + 1 publish`,
      );
    }
    case 'project-sync': {
      const view = issueViewReads(f);
      const projectPages = f.projectConfigured && !f.indexExists ? listPages(f.projectItems) : 0;
      const saveIndex = !f.indexExists || f.updatedSinceIndex > 0 ? 1 : 0;
      // + 1 milestones page: a PATCH names the milestone by number
      const reads = view.reads + projectPages + 1;
      const writes = f.issueRepairs + f.projectAdds + saveIndex + PUBLISH.writes;
      return bound(
        reads,
        writes,
        `${view.formula}${projectPages ? ` + ceil(${f.projectItems}/100) project pages` : ''} + 1 milestones page + ${f.issueRepairs} repairs + ${f.projectAdds} project adds + ${saveIndex} index save + 1 publish`,
      );
    }
    case 'supervisor': {
      const view = issueViewReads(f);
      const projectPages = f.projectConfigured && !f.indexExists ? listPages(f.projectItems) : 0;
      return bound(
        view.reads + projectPages,
        PUBLISH.writes,
        `${view.formula}${projectPages ? ` + ceil(${f.projectItems}/100) project pages` : ''} + 1 publish`,
      );
    }
    case 'activity': {
      const view = issueViewReads(f);
      return bound(view.reads, PUBLISH.writes, `${view.formula} + 1 publish`);
    }
    case 'telemetry-merge': {
      const history = f.dashboardExists ? 1 : 0;
      const publish = f.dashboardExists ? { reads: 0, writes: 1 } : MULTI_FILE_COMMIT;
      const reads = 1 + f.componentsToMerge + history + publish.reads;
      return bound(
        reads,
        publish.writes,
        `1 telemetry listing + ${f.componentsToMerge} latest files + ${history} dashboard read + ${f.dashboardExists ? '1 dashboard.json PUT' : 'page commit (2R+3W)'}`,
      );
    }
    case 'diagnostics': {
      // variables, labels, milestones, project, pages layout
      const reads = 4 + project;
      const writes = f.missingLabelsAndMilestones + PUBLISH.writes;
      return bound(reads, writes, `${reads} checks + ${f.missingLabelsAndMilestones} repairs + 1 publish`);
    }
  }
}

/**
 * The reference's cost for the same work: every enumerating stage walks every open issue (pull
 * requests included) on every run, and project-sync every project item; the other reads are the
 * bound's fixed ones; the writes are the ones the suite actually made.
 */
export function baseline(stage: PipelineStage, f: StageFacts, measuredWrites: number): number {
  const b = lowerBound(stage, f);
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
