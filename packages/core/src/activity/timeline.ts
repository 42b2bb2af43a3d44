import { type ActorLike, type ActorRules, isHumanActor } from './actors.js';

/**
 * What counts as human activity on an issue, read from its REST timeline
 * (`GET /repos/{owner}/{repo}/issues/{number}/timeline`). This list is a contract (docs/activity.md):
 * - `commented`: a new comment, by its author (`user`), at `created_at`;
 * - title edits (`renamed`); label, milestone and assignee changes (`labeled`, `unlabeled`,
 *   `milestoned`, `demilestoned`, `assigned`, `unassigned`); state changes (`closed`,
 *   `reopened`), each by its `actor` at `created_at`;
 * - `cross-referenced` (a pull request or issue that mentions this one) and `referenced`
 *   (a commit that mentions it), by the `actor` who made the reference.
 * Edits of comments and of the issue body carry no editor in REST; they are looked up through
 * GraphQL (`editor`, `lastEditedAt`) and count when the editor is human (see `EditLookup`).
 */
const COUNTED_EVENTS: ReadonlySet<string> = new Set([
  'commented',
  'renamed',
  'labeled',
  'unlabeled',
  'milestoned',
  'demilestoned',
  'assigned',
  'unassigned',
  'closed',
  'reopened',
  'cross-referenced',
  'referenced',
]);

/** The fields of a timeline item the fold reads (every other field is ignored). */
export interface TimelineItem {
  readonly event?: unknown;
  readonly actor?: ActorLike | null;
  readonly user?: ActorLike | null;
  readonly created_at?: unknown;
  readonly updated_at?: unknown;
  readonly node_id?: unknown;
}

export interface HumanActivity {
  /** ISO time */
  readonly at: string;
  /** the person's login */
  readonly by: string;
}

export interface TimelineFold {
  /** the latest human activity among the items, after the cutoff */
  human?: HumanActivity;
  /** node ids of comments edited after the cutoff: who edited them is asked of GraphQL */
  readonly edited: string[];
  /** the latest time of any item, by anyone (what explains a move of `updated_at`) */
  latestMs?: number;
}

/** The later of two activities (the first on a tie). */
export function laterActivity(
  a: HumanActivity | undefined,
  b: HumanActivity | undefined,
): HumanActivity | undefined {
  if (!a) return b;
  if (!b) return a;
  return Date.parse(b.at) > Date.parse(a.at) ? b : a;
}

function time(value: unknown): number {
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
}

/**
 * Folds timeline items into the latest human activity after `afterMs` (exclusive) and the comments
 * whose edit needs an editor. Pure: items of any shape are read defensively, unknown events and
 * items without a readable time are skipped.
 */
export function foldTimeline(
  items: Iterable<TimelineItem>,
  afterMs: number,
  rules: ActorRules,
  into: TimelineFold = { edited: [] },
): TimelineFold {
  for (const item of items) {
    if (!item || typeof item !== 'object' || typeof item.event !== 'string') continue;
    const created = time(item.created_at);
    if (Number.isNaN(created)) continue;
    const touched = Math.max(created, time(item.updated_at) || created);
    into.latestMs = Math.max(into.latestMs ?? Number.NEGATIVE_INFINITY, touched);
    if (!COUNTED_EVENTS.has(item.event)) continue;
    const who = item.event === 'commented' ? (item.user ?? item.actor) : item.actor;
    if (created > afterMs && isHumanActor(who, rules))
      into.human = laterActivity(into.human, { at: new Date(created).toISOString(), by: who.login });
    if (item.event === 'commented') {
      const updated = time(item.updated_at);
      // A comment edited after the cutoff: REST does not say by whom.
      if (updated > created && updated > afterMs && typeof item.node_id === 'string')
        into.edited.push(item.node_id);
    }
  }
  return into;
}

/** A GraphQL answer about an edited comment or issue body. */
export interface EditLookup {
  readonly lastEditedAt?: unknown;
  readonly editor?: ActorLike | null;
}

/** Seconds between a change and the `updated_at` it leaves, within which the change explains it. */
const EXPLAINS_WITHIN_MS = 10_000;

/**
 * Whether something the suite can see (an item of the timeline by anyone, an edit, the suite's own
 * write) accounts for the issue's `updated_at`. A move nothing accounts for may be a person doing
 * something the timeline does not show, so it counts as activity of someone unknown: missing
 * information never makes an issue look staler.
 */
export function explainsUpdate(updatedAtMs: number, seenMs: readonly number[]): boolean {
  return seenMs.some((ms) => Number.isFinite(ms) && ms >= updatedAtMs - EXPLAINS_WITHIN_MS);
}

/** The human edit an editor lookup shows, when the last editor is human and edited after the cutoff. */
export function humanEdit(
  lookup: EditLookup | null | undefined,
  afterMs: number,
  rules: ActorRules,
): HumanActivity | undefined {
  if (!lookup) return undefined;
  const at = time(lookup.lastEditedAt);
  if (Number.isNaN(at) || at <= afterMs || !isHumanActor(lookup.editor, rules)) return undefined;
  return { at: new Date(at).toISOString(), by: lookup.editor.login };
}
