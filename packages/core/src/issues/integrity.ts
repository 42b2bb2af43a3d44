import { isPullRequest } from '../contract.js';
import { issueNumberOf } from './normalize.js';

/** One defect of one issue, as reported in `integrity.malformed` (reference §16.1). */
export interface IntegrityFinding {
  readonly number: number;
  readonly reason: string;
}

export interface KnownMilestone {
  readonly number: number;
  readonly title: string;
}

export interface IntegrityOptions {
  /**
   * Whether an issue must carry a milestone. Off by default: for project-sync a missing milestone
   * is a repair, not a defect. A predicate lets a caller require it for some issues only.
   */
  readonly requireMilestone?: boolean | ((raw: Readonly<Record<string, unknown>>) => boolean);
}

/**
 * Looks for defects in one element of a REST issue list without ever throwing. Reported, one
 * finding per defect:
 * - `missing labels[]` / `labels is not an array`
 * - `malformed label at labels[i]`: null, a number, an object without a non-empty string `name`.
 *   Plain strings are tolerated and NOT reported: GitHub's REST description allows a label to be
 *   a string or an object, and `labelNames()` reads both.
 * - `missing milestone field` (the key is absent; GitHub always sends `null` for "none"),
 *   `invalid milestone reference` (not an object with a number and a title),
 *   `milestone #n "title" does not exist (deleted?)` when `knownMilestoneNumbers` is given,
 *   `no milestone` when `requireMilestone` says one is required.
 * - `missing created_at` / `invalid created_at`, the same for `updated_at`.
 * - `missing id` (the Projects (v2) endpoints add items by it), `missing title`.
 * Pull requests are skipped: the suite never manages them. Elements without a usable number
 * cannot be named; the index counts them as `unidentified`.
 * "Listed but its own GET answers 404/410" is found when a stage touches the issue: see
 * `vanishedIssue`.
 */
export function scanIssueIntegrity(
  raw: unknown,
  knownMilestoneNumbers?: ReadonlySet<number>,
  options: IntegrityOptions = {},
): IntegrityFinding[] {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return [];
  const number = issueNumberOf(raw);
  if (number === undefined) return [];
  const issue = raw as Readonly<Record<string, unknown>>;
  if (isPullRequest(issue)) return [];
  const reasons: string[] = [];

  if (!('labels' in issue) || issue.labels === null || issue.labels === undefined) {
    reasons.push('missing labels[]');
  } else if (!Array.isArray(issue.labels)) {
    reasons.push('labels is not an array');
  } else {
    issue.labels.forEach((label: unknown, i: number) => {
      if (typeof label === 'string') return;
      const name = (label as { name?: unknown } | null)?.name;
      if (label === null || typeof label !== 'object' || typeof name !== 'string' || name.trim() === '') {
        reasons.push(`malformed label at labels[${i}]`);
      }
    });
  }

  if (!('milestone' in issue)) {
    reasons.push('missing milestone field');
  } else if (issue.milestone === null) {
    const required =
      typeof options.requireMilestone === 'function'
        ? options.requireMilestone(issue)
        : options.requireMilestone === true;
    if (required) reasons.push('no milestone');
  } else {
    const m = issue.milestone as { number?: unknown; title?: unknown };
    if (typeof m !== 'object' || typeof m.number !== 'number' || typeof m.title !== 'string') {
      reasons.push('invalid milestone reference');
    } else if (knownMilestoneNumbers && !knownMilestoneNumbers.has(m.number)) {
      reasons.push(`milestone #${m.number} "${m.title}" does not exist (deleted?)`);
    }
  }

  for (const field of ['created_at', 'updated_at'] as const) {
    const value = issue[field];
    if (value === undefined || value === null || value === '') reasons.push(`missing ${field}`);
    else if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) reasons.push(`invalid ${field}`);
  }

  if (typeof issue.id !== 'number') reasons.push('missing id');
  if (typeof issue.title !== 'string') reasons.push('missing title');

  return reasons.map((reason) => ({ number, reason }));
}

/** Elements of a list that carry no usable issue number (they cannot be reported by number). */

/** An issue the REST list showed but whose own endpoint answered 404 or 410 when touched. */
export function vanishedIssue(number: number, status: number): IntegrityFinding {
  const what = status === 410 ? '410 Gone (deleted)' : `${status} (transferred or deleted)`;
  return { number, reason: `listed by the REST list but its own endpoint answered ${what}` };
}

/** Merges findings, dropping exact duplicates, ordered by issue number. */
export function mergeFindings(...lists: readonly (readonly IntegrityFinding[])[]): IntegrityFinding[] {
  const seen = new Set<string>();
  const out: IntegrityFinding[] = [];
  for (const finding of lists.flat()) {
    const key = `${finding.number}\u0000${finding.reason}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(finding);
  }
  return out.sort((a, b) => a.number - b.number);
}
