import { hasLabel, LABELS, sameName } from '../contract.js';
import { messageOf } from '../github/errors.js';
import type { StageContext } from '../stage.js';
import { type IssueListing, type ListIssuesOptions, listRepositoryIssuesWithMeta } from './enumerate.js';
import { decodeIssues, encodeIndex, INDEX_FILE_VERSION } from './index-format.js';
import {
  type IntegrityFinding,
  type IntegrityOptions,
  type KnownMilestone,
  scanIssueIntegrity,
} from './integrity.js';
import { type IssueRecord, type RawIssue, isoOrEmpty, normalizeIssue } from './normalize.js';

/**
 * The issue index: every open issue of the repository (pull requests kept out), stored on the
 * pages branch so that later runs read only what changed since the last one.
 *
 * Human activity. Any write by the suite (labels, milestone) bumps an issue's `updated_at`, which
 * would make a stale issue look active. When the suite writes, `recordSuiteEdit` stores the
 * `updated_at` GitHub returned for that write as `suite_updated_at`, and `human_activity_at` keeps
 * the last time a person (or anything but the suite) changed the issue. While
 * `updated_at <= suite_updated_at` nothing happened after the suite's own edit, so the activity
 * time is `human_activity_at`; a later human edit or comment moves `updated_at` past it and counts
 * again. This costs zero extra requests, where reading the events or timeline of each issue would
 * cost one request per issue per run. Limits: a human edit made between the suite's list and its
 * write, or within the same second as the write, is taken for the suite's.
 */
export interface IndexedIssue extends IssueRecord {
  /** last time something other than the suite changed the issue */
  human_activity_at: string;
  /** `updated_at` that the suite's latest own write returned */
  suite_updated_at?: string;
  /** member of the configured project (`IssueIndex.project`); absent when not known */
  in_project?: boolean;
  /** integrity defects seen the last time the issue was listed (see `scanIssueIntegrity`) */
  malformed?: string[];
  /** who acted last, read from the issue's timeline (activity/attribution.ts); absent until read */
  attribution?: Attribution;
}

/**
 * The last human activity as read from an issue's timeline. It answers for the issue as long as
 * `updated_at` has not moved past `through`; after that it is only a lower bound until the new part
 * of the timeline is read.
 */
export interface Attribution {
  /** last human activity (the issue's creation when no person acted since) */
  human_at: string;
  /** that person's login; empty when no one can be named (the issue's creation, or a change the
   * timeline does not show, which counts to be safe) */
  human_by: string;
  /** the `updated_at` the read covered */
  through: string;
  /** timeline items read so far (where the next read starts) */
  items: number;
}

/** Where an issue's last human activity comes from: its timeline, or `updated_at` (not read yet). */
export type ActivityBasis = 'attributed' | 'assumed';

export interface LastHumanActivity {
  readonly at: string;
  /** the person, when attributed and not the issue's creation */
  readonly by?: string;
  readonly basis: ActivityBasis;
}

export interface IssueIndex {
  /** the in-memory model's version; the file is saved in the compact form (index-format.ts) */
  version: 1;
  /** `owner/name` */
  repository: string;
  /** server time of the last list (the `date` of its first page) */
  synced_at: string;
  /** when the last full pass over open issues ran */
  full_scan_at: string;
  /** open issues by number; pull requests kept out */
  issues: Record<string, IndexedIssue>;
  /** the project (`orgs/x/projects/n`) that `in_project` refers to */
  project?: string;
  /** items of that project when they were last listed (decides re-list versus idempotent adds) */
  project_items?: number;
  /** who did not count when the attributions were read (`attributionRulesKey`); other rules
   * void them */
  attribution_rules?: string;
  /**
   * In memory only, never saved: the index equals the saved file but for `synced_at`, so
   * `saveIssueIndex` commits nothing. Set by a load that changed nothing and by a save; every
   * change made through this module clears it (deciding "unchanged" then costs nothing, where
   * comparing a canonical copy of a 50,000-issue index cost a second copy of it in memory).
   */
  matches_saved?: true;
}

export interface LoadIssueIndexOptions {
  /** ignore the saved index and list every open issue */
  readonly fullScan?: boolean;
  /** a saved index whose last full pass is older than this is rebuilt (default 168 = a week) */
  readonly maxAgeHours?: number;
  /** milestones of the repository, to report issues in deleted milestones */
  readonly knownMilestones?: readonly KnownMilestone[];
  readonly integrity?: IntegrityOptions;
}

export interface LoadedIssueIndex {
  readonly index: IssueIndex;
  readonly mode: 'full' | 'incremental';
  /** numbers of the issues new to the index or different from the saved entry (numbers only: on
   * a full pass that is every issue, and a second copy of each would double the memory) */
  readonly changed: number[];
  /** issue numbers that left the index (closed, or gone on a full pass) */
  readonly closed: number[];
  /** integrity defects of the issues now in the index */
  readonly malformed: IntegrityFinding[];
  /** why a full pass ran (absent when incremental) */
  readonly fullReason?: string;
  /** list pages requested */
  readonly pages: number;
  /** list elements read (issues and pull requests, open and closed) */
  readonly listed: number;
  /** list elements without a usable issue number (skipped) */
  readonly unidentified: number;
}

/** The parts of a stage context the index uses (any stage's context fits). */
export type IndexContext = Pick<
  StageContext,
  'github' | 'repo' | 'repository' | 'pages' | 'now' | 'io' | 'writes'
>;

export const ISSUE_INDEX_PATH = 'state/issue-index.json';

/**
 * Self-test issues stay out of the index: no stage that reads it manages them, and the self-test
 * files one every run, which would otherwise change the index (and cost a commit) on every run.
 */
function isSelftestIssue(record: IssueRecord): boolean {
  return hasLabel(record.labels, LABELS.selftest);
}
export const DEFAULT_INDEX_MAX_AGE_HOURS = 24 * 7;
/**
 * `since` starts this long before the last list, against clock skew and replication lag: an edit
 * made just before the cursor but not yet listed then is listed next time. The price: whatever was
 * updated in that window (the suite's own writes right before the cursor included) is listed again.
 */
export const SINCE_OVERLAP_MS = 5 * 60_000;

/**
 * Loads the index and brings it up to date. Incremental when a valid saved index exists, is not
 * older than `maxAgeHours` and no full scan is asked: one list of issues updated since the last
 * list (state all, so closed ones leave). Otherwise a full pass over open issues.
 */
export async function loadIssueIndex(
  ctx: IndexContext,
  opts: LoadIssueIndexOptions = {},
): Promise<LoadedIssueIndex> {
  const maxAgeHours = opts.maxAgeHours ?? DEFAULT_INDEX_MAX_AGE_HOURS;
  const saved = await readSavedIndex(ctx);
  const now = ctx.now();

  let fullReason: string | undefined;
  if (opts.fullScan) fullReason = 'full scan requested';
  else if (saved.index === undefined) fullReason = saved.problem ?? 'no saved index';
  else if (now.getTime() - Date.parse(saved.index.full_scan_at) > maxAgeHours * 3_600_000)
    fullReason = `last full scan is older than ${maxAgeHours} hours`;

  const previous = saved.index;
  const pass =
    fullReason === undefined && previous ? incrementalPass(previous) : fullPass(ctx.repository, previous);
  const listed = await listPass(ctx, pass, opts);
  const index = pass.indexAt(listed.listing.serverDate ?? now.toISOString());
  // A full pass drops whatever it did not list; an incremental one only what it listed closed.
  const closed =
    pass.mode === 'incremental'
      ? listed.closed
      : Object.keys(previous?.issues ?? {})
          .filter((key) => index.issues[key] === undefined)
          .map(Number);
  if (pass.mode === 'incremental' && !listed.differs && closed.length === 0) index.matches_saved = true;
  const { count, pages } = listed.listing;
  const open = Object.keys(index.issues).length;
  ctx.io.info(
    pass.mode === 'incremental'
      ? `Issue index: incremental since ${pass.query.since}: ${count} listed in ${pages} page(s), ${listed.changed.length} changed, ${closed.length} closed, ${open} open.`
      : `Issue index: full pass (${fullReason}): ${count} listed in ${pages} page(s), ${open} open issues.`,
  );
  return {
    index,
    mode: pass.mode,
    changed: listed.changed,
    closed,
    malformed: findingsOf(index),
    ...(pass.mode === 'full' ? { fullReason } : {}),
    pages,
    listed: count,
    unidentified: listed.unidentified,
  };
}

/** What the two kinds of pass over the issue list differ in; `listPass` runs either. */
interface ListingPass {
  readonly mode: 'full' | 'incremental';
  readonly query: ListIssuesOptions;
  /** the entries the pass merges listed issues into */
  readonly issues: Record<string, IndexedIssue>;
  /** the entry a listed issue is compared with and keeps its history from */
  readonly priorOf: (key: string) => IndexedIssue | undefined;
  /** the index after the pass, listed at `syncedAt` */
  readonly indexAt: (syncedAt: string) => IssueIndex;
}

/** Issues updated since the last list, closed ones too (they leave the saved entries). */
function incrementalPass(
  previous: IssueIndex,
): ListingPass & { mode: 'incremental'; query: { since: string } } {
  const since = new Date(Date.parse(previous.synced_at) - SINCE_OVERLAP_MS).toISOString();
  const issues = { ...previous.issues };
  return {
    mode: 'incremental',
    query: { state: 'all', since, sort: 'updated', direction: 'asc' },
    issues,
    priorOf: (key) => issues[key],
    indexAt: (syncedAt) => ({ ...previous, synced_at: syncedAt, issues }),
  };
}

/** Every open issue into a fresh index; what the saved one knew carries over per issue. */
function fullPass(repository: string, previous: IssueIndex | undefined): ListingPass & { mode: 'full' } {
  const issues: Record<string, IndexedIssue> = {};
  return {
    mode: 'full',
    // Oldest first: issues created during the pass append at the end instead of shifting pages.
    query: { state: 'open', sort: 'created', direction: 'asc' },
    issues,
    priorOf: (key) => previous?.issues[key],
    indexAt: (syncedAt) => {
      const index: IssueIndex = {
        version: 1,
        repository,
        synced_at: syncedAt,
        full_scan_at: syncedAt,
        issues,
      };
      if (previous?.project !== undefined) index.project = previous.project;
      if (previous?.project_items !== undefined) index.project_items = previous.project_items;
      if (previous?.attribution_rules !== undefined) index.attribution_rules = previous.attribution_rules;
      return index;
    },
  };
}

/**
 * The one listing loop: every listed issue is merged into `pass.issues` with what its prior entry
 * knew. A closed or self-test issue is skipped; on an incremental pass it also leaves the index.
 */
async function listPass(
  ctx: IndexContext,
  pass: ListingPass,
  opts: LoadIssueIndexOptions,
): Promise<{
  listing: IssueListing;
  changed: number[];
  closed: number[];
  unidentified: number;
  differs: boolean;
}> {
  const known = opts.knownMilestones ? new Set(opts.knownMilestones.map((m) => m.number)) : undefined;
  const incremental = pass.mode === 'incremental';
  const { issues } = pass;
  const changed: number[] = [];
  const closed: number[] = [];
  let unidentified = 0;
  let differs = false;
  const listing = await listRepositoryIssuesWithMeta(ctx.github, ctx.repo, pass.query, (raw) => {
    const record = normalizeIssue(raw);
    if (!record) unidentified += 1;
    if (!record || record.is_pull_request) return;
    const key = String(record.number);
    const prior = pass.priorOf(key);
    if (record.state === 'closed' || isSelftestIssue(record)) {
      if (incremental && prior) {
        delete issues[key];
        closed.push(record.number);
      }
      return;
    }
    const entry = mergeEntry(prior, record, scanIssueIntegrity(raw, known, opts.integrity));
    if (!prior || !sameRecord(prior, record)) changed.push(record.number);
    // Only an incremental pass can leave the saved file as it was.
    if (incremental && (!prior || !sameValue(prior, entry))) differs = true;
    issues[key] = entry;
  });
  return { listing, changed, closed, unidentified, differs };
}

/**
 * Commits the index to the pages branch in one commit, through the write guard (dry-run plans
 * it instead). Skipped when nothing but `synced_at` changed since it was loaded: the next run then
 * lists from the older time, which returns the same few issues.
 */
export async function saveIssueIndex(ctx: IndexContext, index: IssueIndex): Promise<void> {
  if (index.matches_saved) {
    ctx.io.info('Issue index unchanged; not committed.');
    return;
  }
  const count = Object.keys(index.issues).length;
  const result = await ctx.writes.apply(
    {
      kind: 'pages.commit',
      target: `${ctx.pages.branch}:${ISSUE_INDEX_PATH}`,
      description: `save the issue index (${count} open issues) to ${ctx.pages.branch}/${ISSUE_INDEX_PATH}`,
    },
    ({ pages }) =>
      pages.commit(
        { [ISSUE_INDEX_PATH]: serializeIndex(index) },
        `state: issue index (${count} open issues)`,
      ),
  );
  if (result.outcome === 'applied') index.matches_saved = true;
  else if (result.outcome === 'failed')
    ctx.io.warning(`Could not save the issue index: ${result.error.message}`);
}

/**
 * Records a write the suite made to an issue: `updatedAtAfterWrite` is the `updated_at` of the
 * write's answer. Pass `after` (the answer itself) to also store the issue's new labels and
 * milestone.
 */
export function recordSuiteEdit(
  index: IssueIndex,
  number: number,
  updatedAtAfterWrite: string,
  after?: RawIssue | IssueRecord,
): void {
  const entry = index.issues[String(number)];
  if (!entry) return;
  const updated = isoOrEmpty(updatedAtAfterWrite);
  if (updated === '') return;
  const human = lastHumanActivity(entry);
  const covered = attributionCovers(entry);
  const next = after
    ? 'is_pull_request' in after
      ? (after as IssueRecord)
      : normalizeIssue(after)
    : undefined;
  const merged: IndexedIssue = { ...entry, ...(next ?? {}), updated_at: updated };
  merged.human_activity_at = human;
  const earlier = entry.suite_updated_at;
  merged.suite_updated_at = earlier && Date.parse(earlier) > Date.parse(updated) ? earlier : updated;
  if (entry.in_project !== undefined) merged.in_project = entry.in_project;
  if (entry.malformed) merged.malformed = entry.malformed;
  // Nothing but this write happened since the timeline was read: the read still answers.
  if (covered && entry.attribution) merged.attribution = { ...entry.attribution, through: updated };
  setEntry(index, merged);
}

/** When a person last changed the issue: the suite's own edits never count as activity. */
export function lastHumanActivity(issue: IndexedIssue): string {
  return humanActivityOf(issue).at;
}

/** Whether the timeline read of the issue covers everything up to its `updated_at`. */
export function attributionCovers(issue: IndexedIssue): boolean {
  const a = issue.attribution;
  return a !== undefined && Date.parse(issue.updated_at) <= Date.parse(a.through);
}

/**
 * The last human activity: read from the timeline when the read covers the issue, else today's
 * rule (`updated_at`, the suite's own edits excluded), which is an upper bound and reported as
 * assumed.
 */
export function humanActivityOf(issue: IndexedIssue): LastHumanActivity {
  const a = issue.attribution;
  if (a && attributionCovers(issue))
    return a.human_by
      ? { at: a.human_at, by: a.human_by, basis: 'attributed' }
      : { at: a.human_at, basis: 'attributed' };
  return { at: activityUpperBound(issue), basis: 'assumed' };
}

/**
 * Drops every attribution made under other rules (another token identity, another
 * `activity-ignore-actors`): who counted has changed, so the timelines are read afresh.
 */
export function useAttributionRules(index: IssueIndex, key: string): number {
  if (index.attribution_rules === key) return 0;
  let dropped = 0;
  for (const entry of Object.values(index.issues)) {
    if (!entry.attribution) continue;
    delete entry.attribution;
    dropped += 1;
  }
  index.attribution_rules = key;
  markChanged(index);
  return dropped;
}

/** Records what a timeline read found (activity/attribution.ts decides what to read). */
export function recordAttribution(index: IssueIndex, number: number, attribution: Attribution): void {
  const entry = index.issues[String(number)];
  if (!entry) return;
  setEntry(index, { ...entry, attribution });
}

/** `updated_at` with the suite's own edits taken out: no human can have acted later than this. */
export function activityUpperBound(issue: IndexedIssue): string {
  const suite = issue.suite_updated_at;
  if (suite && issue.human_activity_at && Date.parse(issue.updated_at) <= Date.parse(suite)) {
    return issue.human_activity_at;
  }
  return issue.updated_at || issue.human_activity_at || issue.created_at;
}

/** Marks an issue as member (or not) of the index's project. */
export function recordProjectMembership(index: IssueIndex, number: number, inProject: boolean): void {
  const entry = index.issues[String(number)];
  if (!entry || entry.in_project === inProject) return;
  entry.in_project = inProject;
  markChanged(index);
}

/**
 * Records a full listing of the project's items: which indexed issues are members (by database
 * id) and how many items it had.
 */
export function recordProjectListing(
  index: IssueIndex,
  project: string,
  items: { readonly count: number; readonly contentIds: ReadonlySet<number> },
): void {
  if (index.project !== project || index.project_items !== items.count) markChanged(index);
  index.project = project;
  index.project_items = items.count;
  for (const issue of Object.values(index.issues))
    recordProjectMembership(index, issue.number, items.contentIds.has(issue.id));
}

/** Counts items the suite added to the index's project (`project_items`, when known). */
export function recordProjectItemsAdded(index: IssueIndex, added: number): void {
  if (index.project_items === undefined || added === 0) return;
  index.project_items += added;
  markChanged(index);
}

/**
 * Replaces an entry with a fresh read of the issue (a list entry whose labels could not be
 * trusted): the human activity time and the project membership are kept, the old defects dropped.
 */
export function refreshEntry(
  index: IssueIndex,
  number: number,
  fresh: IssueRecord,
): IndexedIssue | undefined {
  const entry = index.issues[String(number)];
  if (!entry || fresh.number !== number) return undefined;
  const { malformed: _dropped, ...rest } = entry;
  return setEntry(index, { ...rest, ...fresh, human_activity_at: entry.human_activity_at });
}

/** Drops an issue from the index (it answered 404/410: transferred or deleted). */
export function forgetIssue(index: IssueIndex, number: number): void {
  const key = String(number);
  if (index.issues[key] === undefined) return;
  delete index.issues[key];
  markChanged(index);
}

/** The index no longer equals the saved file. */
function markChanged(index: IssueIndex): void {
  delete index.matches_saved;
}

function setEntry(index: IssueIndex, entry: IndexedIssue): IndexedIssue {
  const key = String(entry.number);
  const prior = index.issues[key];
  if (!prior || !sameValue(prior, entry)) markChanged(index);
  index.issues[key] = entry;
  return entry;
}

/** Issues of the index in number order. */
export function indexedIssues(index: IssueIndex): IndexedIssue[] {
  return Object.values(index.issues).sort((a, b) => a.number - b.number);
}

/** Whether the labels of an entry came from a malformed list entry and must not be written back as-is. */
export function labelsUntrusted(issue: Pick<IndexedIssue, 'malformed'>): boolean {
  return (issue.malformed ?? []).some((reason) =>
    /^(missing labels|labels is not|malformed label)/.test(reason),
  );
}

/** The saved form: the compact version 2 (see index-format.ts). */
export function serializeIndex(index: IssueIndex): string {
  return encodeIndex(index);
}

/**
 * Parses a saved index, version 2 (compact) or version 1 (plain objects, written by earlier
 * releases); `undefined` with the reason when it cannot be trusted.
 */
export function parseIssueIndex(text: string, repository: string): { index?: IssueIndex; problem?: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'saved index is not valid JSON' };
  }
  const saved = data as (Partial<Omit<IssueIndex, 'version'>> & { version?: unknown }) | null;
  if (!saved || typeof saved !== 'object' || (saved.version !== 1 && saved.version !== INDEX_FILE_VERSION))
    return { problem: 'saved index has an unknown version' };
  if (typeof saved.repository !== 'string' || !sameName(saved.repository, repository))
    return { problem: 'saved index belongs to another repository' };
  if (!validDate(saved.synced_at) || !validDate(saved.full_scan_at))
    return { problem: 'saved index has invalid timestamps' };
  if (saved.project !== undefined && typeof saved.project !== 'string')
    return { problem: 'saved index has an invalid project' };
  if (saved.project_items !== undefined && typeof saved.project_items !== 'number')
    return { problem: 'saved index has an invalid project item count' };
  if (saved.attribution_rules !== undefined && typeof saved.attribution_rules !== 'string')
    return { problem: 'saved index has invalid attribution rules' };
  const issues =
    saved.version === 1 ? objectIssues(saved.issues) : decodeIssues(saved as Record<string, unknown>);
  if (typeof issues === 'string') return { problem: issues };
  const index: IssueIndex = {
    version: 1,
    repository: saved.repository,
    synced_at: saved.synced_at,
    full_scan_at: saved.full_scan_at,
    issues,
  };
  if (saved.project !== undefined) index.project = saved.project;
  if (saved.project_items !== undefined) index.project_items = saved.project_items;
  if (saved.attribution_rules !== undefined) index.attribution_rules = saved.attribution_rules;
  return { index };
}

/** The issues of a version 1 file (plain objects keyed by number). */
function objectIssues(issues: unknown): Record<string, IndexedIssue> | string {
  if (!issues || typeof issues !== 'object' || Array.isArray(issues))
    return 'saved index has no issues object';
  for (const [key, entry] of Object.entries(issues)) {
    const e = entry as Partial<IndexedIssue> | null;
    if (
      !e ||
      typeof e !== 'object' ||
      String(e.number) !== key ||
      typeof e.title !== 'string' ||
      !Array.isArray(e.labels) ||
      typeof e.updated_at !== 'string' ||
      typeof e.human_activity_at !== 'string'
    ) {
      return `saved index has a malformed entry (${key})`;
    }
  }
  return issues as Record<string, IndexedIssue>;
}

// ---- internals ------------------------------------------------------------------

async function readSavedIndex(ctx: IndexContext): Promise<{ index?: IssueIndex; problem?: string }> {
  let text: string | null;
  try {
    text = await ctx.pages.read(ISSUE_INDEX_PATH);
  } catch (error) {
    ctx.io.warning(`Could not read the saved issue index (${messageOf(error)}); listing every open issue.`);
    return { problem: 'saved index unreadable' };
  }
  if (text === null) return { problem: 'no saved index' };
  const parsed = parseIssueIndex(text, ctx.repository);
  if (parsed.problem) ctx.io.warning(`Ignoring the saved issue index: ${parsed.problem}.`);
  return parsed;
}

function mergeEntry(
  prior: IndexedIssue | undefined,
  record: IssueRecord,
  findings: readonly IntegrityFinding[],
): IndexedIssue {
  const entry: IndexedIssue = {
    ...record,
    human_activity_at: record.updated_at || record.created_at,
  };
  const suite = prior?.suite_updated_at;
  if (prior && suite && Date.parse(record.updated_at) <= Date.parse(suite)) {
    // Nothing happened after the suite's own write: keep the human time and the marker.
    entry.human_activity_at = prior.human_activity_at;
    entry.suite_updated_at = suite;
  }
  if (prior?.in_project !== undefined) entry.in_project = prior.in_project;
  if (prior?.attribution) entry.attribution = prior.attribution;
  if (findings.length > 0) entry.malformed = findings.map((f) => f.reason);
  return entry;
}

function sameRecord(prior: IndexedIssue, record: IssueRecord): boolean {
  return (
    prior.updated_at === record.updated_at &&
    prior.title === record.title &&
    prior.state === record.state &&
    prior.labels.join('\u0000') === record.labels.join('\u0000') &&
    (prior.milestone?.number ?? null) === (record.milestone?.number ?? null)
  );
}

function findingsOf(index: IssueIndex): IntegrityFinding[] {
  return indexedIssues(index).flatMap((issue) =>
    (issue.malformed ?? []).map((reason) => ({ number: issue.number, reason })),
  );
}

/** Deep equality of plain JSON values, independent of key order; an absent key equals `undefined`. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  for (const key of Object.keys(left)) if (!sameValue(left[key], right[key])) return false;
  for (const key of Object.keys(right)) if (!(key in left) && right[key] !== undefined) return false;
  return true;
}

function validDate(value: unknown): value is string {
  return typeof value === 'string' && !Number.isNaN(Date.parse(value));
}
