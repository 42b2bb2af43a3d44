import { httpStatusOf, messageOf, rethrowIfRateLimited } from '../github/errors.js';
import {
  type Attribution,
  activityUpperBound,
  attributionCovers,
  type IndexedIssue,
  type IssueIndex,
  recordAttribution,
} from '../issues/issue-index.js';
import type { StageContext } from '../stage.js';
import type { ActorRules } from './actors.js';
import { classifyActivity, type TrackThresholds } from './classify.js';
import {
  type EditLookup,
  explainsUpdate,
  foldTimeline,
  type HumanActivity,
  humanEdit,
  laterActivity,
  type TimelineFold,
  type TimelineItem,
} from './timeline.js';

/**
 * Attribution: who acted last on an issue, read from its timeline, at a cost that scales with
 * change rather than with the repository (docs/activity.md).
 *
 * `updated_at` (the suite's own edits taken out) is an upper bound on the last human activity; the
 * last attribution (or the issue's creation) is a lower bound. Only an issue whose status differs
 * between the two bounds is worth a read, and only the part of its timeline added since the last
 * read is requested. A run spends at most its read budget; issues left over keep today's rule
 * (`updated_at`, reported as assumed) and are read by later runs.
 */

/** Timeline items per page (GitHub's maximum). */
const TIMELINE_PAGE = 100;
/** Node ids per GraphQL editor lookup (GitHub's maximum for `nodes`). */
const LOOKUP_BATCH = 100;
/** Edited comments looked up per issue read, the most recently edited first. */
const EDITS_PER_ISSUE = 50;

/** The lower bound of an issue's last human activity: its last attribution, else its creation. */
function knownHumanActivity(issue: IndexedIssue): HumanActivity {
  return issue.attribution
    ? { at: issue.attribution.human_at, by: issue.attribution.human_by }
    : { at: issue.created_at, by: '' };
}

/** Whether the two bounds give the issue different statuses (only then is a read worth it). */
export function needsCloserLook(issue: IndexedIssue, thresholds: TrackThresholds, now: Date): boolean {
  if (attributionCovers(issue)) return false;
  return (
    classifyActivity(activityUpperBound(issue), now, thresholds) !==
    classifyActivity(knownHumanActivity(issue).at, now, thresholds)
  );
}

/**
 * The issues to read, in the order a budget should spend on them: those read before first (their
 * read is incremental, usually one page, and keeps a known status from flapping back to the
 * assumed one), then the longest-idle by their lower bound, then by number.
 */
export function attributionCandidates(
  issues: Iterable<IndexedIssue>,
  thresholdsOf: (issue: IndexedIssue) => TrackThresholds,
  now: Date,
): IndexedIssue[] {
  const picked: IndexedIssue[] = [];
  for (const issue of issues) if (needsCloserLook(issue, thresholdsOf(issue), now)) picked.push(issue);
  const rank = (i: IndexedIssue) => (i.attribution ? 0 : 1);
  return picked.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      Date.parse(knownHumanActivity(a).at) - Date.parse(knownHumanActivity(b).at) ||
      a.number - b.number,
  );
}

export interface AttributionRun {
  /** issues whose bounds disagree this run */
  readonly candidates: number;
  /** issues read to the end and recorded */
  readonly attributed: number[];
  /** candidates left for a later run (budget spent, or a read failed) */
  readonly pending: number[];
  /** timeline pages requested */
  readonly timelinePages: number;
  /** GraphQL editor lookups requested */
  readonly editLookups: number;
  readonly budget: number;
}

type Ctx = Pick<StageContext, 'github' | 'repo' | 'io'>;

interface Read {
  readonly issue: IndexedIssue;
  readonly afterMs: number;
  human: HumanActivity | undefined;
  /** latest time of any timeline item read */
  readonly latestMs: number;
  readonly lookups: string[];
  readonly items: number;
}

/**
 * Reads the candidates' timelines within `budget` requests (timeline pages and editor lookups
 * together) and records each finished read in the index. Reads only: nothing is written to GitHub.
 */
export async function attributeActivity(
  ctx: Ctx,
  index: IssueIndex,
  candidates: readonly IndexedIssue[],
  rules: ActorRules,
  budget: number,
): Promise<AttributionRun> {
  const attributed: number[] = [];
  const pending: number[] = [];
  let pages = 0;
  let lookups = 0;
  let batch: Read[] = [];
  const batchIds = () => batch.reduce((n, r) => n + r.lookups.length, 0);
  // One request stays reserved for the lookup of the reads in `batch`.
  const spent = () => pages + lookups;

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const reads = batch;
    batch = [];
    const ids = reads.flatMap((r) => r.lookups);
    let found: Map<string, EditLookup> | undefined;
    try {
      if (ids.length > 0) lookups += 1;
      found = await lookUpEdits(ctx, ids);
    } catch (error) {
      rethrowIfRateLimited(error);
      ctx.io.warning(
        `Activity attribution: the editor lookup failed (${messageOf(error)}); those issues are read again next run.`,
      );
    }
    for (const read of reads) {
      if (!found) {
        pending.push(read.issue.number);
        continue;
      }
      let human = read.human;
      const seen = [read.latestMs, Date.parse(read.issue.suite_updated_at ?? '')];
      for (const id of read.lookups) {
        const lookup = found.get(id);
        human = laterActivity(human, humanEdit(lookup, read.afterMs, rules));
        seen.push(typeof lookup?.lastEditedAt === 'string' ? Date.parse(lookup.lastEditedAt) : Number.NaN);
      }
      if (!explainsUpdate(Date.parse(read.issue.updated_at), seen))
        human = laterActivity(human, { at: read.issue.updated_at, by: '' });
      const attribution: Attribution = {
        human_at: (human ?? knownHumanActivity(read.issue)).at,
        human_by: (human ?? knownHumanActivity(read.issue)).by,
        through: read.issue.updated_at,
        items: read.items,
      };
      recordAttribution(index, read.issue.number, attribution);
      attributed.push(read.issue.number);
    }
  };

  for (const issue of candidates) {
    // A read adds at most 1 + EDITS_PER_ISSUE ids: the batch never outgrows one lookup.
    if (batchIds() + 1 + EDITS_PER_ISSUE > LOOKUP_BATCH) await flush();
    if (spent() + 2 > budget) {
      pending.push(issue.number);
      continue;
    }
    const prior = issue.attribution;
    const afterMs = prior ? Date.parse(prior.through) : Number.NEGATIVE_INFINITY;
    const fold: TimelineFold = { human: knownHumanActivity(issue), edited: [] };
    const edited: { id: string; at: number }[] = [];
    let page = prior ? Math.floor(prior.items / TIMELINE_PAGE) + 1 : 1;
    let items = (page - 1) * TIMELINE_PAGE;
    let complete = false;
    try {
      while (spent() + 2 <= budget) {
        pages += 1;
        const { data } = await ctx.github.rest.issues.listEventsForTimeline({
          ...ctx.repo,
          issue_number: issue.number,
          per_page: TIMELINE_PAGE,
          page,
        });
        const list = (Array.isArray(data) ? data : []) as TimelineItem[];
        // Items were removed since the last read (deleted comments): start over from the first page.
        if (list.length === 0 && page > 1 && items > 0) {
          page = 1;
          items = 0;
          continue;
        }
        const before = fold.edited.length;
        foldTimeline(list, afterMs, rules, fold);
        for (const id of fold.edited.slice(before)) {
          const item = list.find((i) => i.node_id === id);
          edited.push({ id, at: Date.parse(String(item?.updated_at)) });
        }
        items += list.length;
        if (list.length < TIMELINE_PAGE) {
          complete = true;
          break;
        }
        page += 1;
      }
    } catch (error) {
      rethrowIfRateLimited(error);
      const status = httpStatusOf(error);
      ctx.io.warning(
        `Activity attribution: could not read the timeline of #${issue.number} (${status ?? messageOf(error)}); it keeps today's rule this run.`,
      );
    }
    if (!complete) {
      pending.push(issue.number);
      continue;
    }
    const ids = [
      issue.node_id,
      ...edited
        .sort((a, b) => b.at - a.at)
        .slice(0, EDITS_PER_ISSUE)
        .map((e) => e.id),
    ].filter((id) => typeof id === 'string' && id !== '');
    batch.push({
      issue,
      afterMs,
      human: fold.human,
      latestMs: fold.latestMs ?? Number.NEGATIVE_INFINITY,
      lookups: ids,
      items,
    });
  }
  await flush();
  if (candidates.length > 0)
    ctx.io.info(
      `Activity attribution: ${candidates.length} issue(s) to read, ${attributed.length} attributed, ${pending.length} left for later runs; ${pages} timeline page(s) and ${lookups} editor lookup(s) of a budget of ${budget}.`,
    );
  return {
    candidates: candidates.length,
    attributed,
    pending,
    timelinePages: pages,
    editLookups: lookups,
    budget,
  };
}

const EDIT_QUERY = `query($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    ... on Issue { id lastEditedAt editor { __typename login } }
    ... on IssueComment { id lastEditedAt editor { __typename login } }
  }
}`;

/** Who last edited each node (issue bodies and comments), by node id; unknown ids are left out. */
async function lookUpEdits(ctx: Ctx, ids: readonly string[]): Promise<Map<string, EditLookup>> {
  const found = new Map<string, EditLookup>();
  if (ids.length === 0) return found;
  const answer = await ctx.github.graphql<{ nodes?: unknown }>(EDIT_QUERY, { ids });
  const nodes = Array.isArray(answer.nodes) ? answer.nodes : [];
  for (const node of nodes) {
    const n = node as { id?: unknown } & EditLookup;
    if (n && typeof n.id === 'string') found.set(n.id, n);
  }
  return found;
}
