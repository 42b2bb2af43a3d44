import { isPullRequest } from '../contract.js';

/**
 * One element of `GET /repos/{owner}/{repo}/issues` exactly as it arrived. Nothing in it is
 * trusted: GitHub's own list has returned issues without a label array, label objects without
 * names and milestones that no longer exist (reference §15, §16.1).
 */
export type RawIssue = { readonly [key: string]: unknown };

/** The fields of an issue the suite works with, in a shape every stage can rely on. */
export interface IssueRecord {
  readonly number: number;
  /** database id (0 when GitHub sent none); the Projects (v2) REST endpoints add items by it */
  readonly id: number;
  readonly node_id: string;
  readonly title: string;
  readonly state: 'open' | 'closed';
  /** label names; strings and `{ name }` objects both count, anything else is dropped */
  readonly labels: string[];
  readonly milestone: { readonly number: number; readonly title: string } | null;
  /** ISO 8601; empty when GitHub sent none (the integrity scan reports that) */
  readonly created_at: string;
  /** ISO 8601; falls back to `created_at` when absent */
  readonly updated_at: string;
  readonly assignees: string[];
  readonly html_url: string;
  readonly is_pull_request: boolean;
}

/** The issue number of a raw element, or undefined when it has none a person could look up. */
export function issueNumberOf(raw: unknown): number | undefined {
  const value = (raw as { number?: unknown } | null | undefined)?.number;
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/** A valid ISO timestamp, normalized to `toISOString()` form, or '' when absent or unparsable. */
export function isoOrEmpty(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString();
}

/**
 * Turns a raw list element into an IssueRecord; `undefined` only when it has no usable number
 * (nothing could be done with it, not even reported). Every other defect is tolerated here and
 * reported by `scanIssueIntegrity`.
 */
export function normalizeIssue(raw: unknown): IssueRecord | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const number = issueNumberOf(raw);
  if (number === undefined) return undefined;
  const issue = raw as RawIssue;
  const created = isoOrEmpty(issue.created_at);
  const updated = isoOrEmpty(issue.updated_at) || created;
  return {
    number,
    id: typeof issue.id === 'number' && Number.isSafeInteger(issue.id) ? issue.id : 0,
    node_id: typeof issue.node_id === 'string' ? issue.node_id : '',
    title: typeof issue.title === 'string' ? issue.title : '',
    state: issue.state === 'closed' ? 'closed' : 'open',
    labels: sharedLabelNames(issue.labels),
    milestone: milestoneOf(issue.milestone),
    created_at: created,
    updated_at: updated,
    assignees: assigneeLogins(issue.assignees),
    html_url: typeof issue.html_url === 'string' ? issue.html_url : '',
    is_pull_request: isPullRequest(issue),
  };
}

/*
 * What many issues share is kept once: an index of 50,000 issues otherwise holds 50,000 copies of
 * the same few label names and milestones, each parsed afresh from its own list entry. The shared
 * values are frozen, so no issue can change them behind the others' backs. The tables are bounded:
 * a repository's labels and milestones are few, and past the bound values are simply not shared.
 */
const MAX_SHARED = 2048;
const sharedNames = new Map<string, string>();
const sharedMilestones = new Map<number, NonNullable<IssueRecord['milestone']>>();
/** The one empty assignee (or label) list every issue without any shares. */
const NO_NAMES: string[] = Object.freeze([]) as unknown as string[];

/** The first copy seen of a label name (or another short string many issues repeat). */
function sharedName(name: string): string {
  const known = sharedNames.get(name);
  if (known !== undefined) return known;
  if (sharedNames.size < MAX_SHARED) sharedNames.set(name, name);
  return name;
}

/** One frozen `{ number, title }` per milestone (a renamed one gets its own). */
export function sharedMilestone(number: number, title: string): NonNullable<IssueRecord['milestone']> {
  const known = sharedMilestones.get(number);
  if (known !== undefined && known.title === title) return known;
  const milestone = Object.freeze({ number, title: sharedName(title) });
  if (known === undefined && sharedMilestones.size < MAX_SHARED) sharedMilestones.set(number, milestone);
  return milestone;
}

/** Shares the names of a decoded list in place (the list itself is the caller's). */
export function shareNames(names: string[]): string[] {
  if (names.length === 0) return NO_NAMES;
  for (let i = 0; i < names.length; i += 1) names[i] = sharedName(names[i]!);
  return names;
}

/** Label names as `labelNames` (contract.ts) reads them: strings and `{ name }` objects. */
function sharedLabelNames(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_NAMES;
  const names: string[] = [];
  for (const l of value as unknown[]) {
    const name = typeof l === 'string' ? l : (l as { name?: unknown } | null)?.name;
    if (typeof name === 'string' && (name !== '' || typeof l === 'string')) names.push(sharedName(name));
  }
  return names.length === 0 ? NO_NAMES : names;
}

function milestoneOf(value: unknown): IssueRecord['milestone'] {
  if (value === null || typeof value !== 'object') return null;
  const { number, title } = value as { number?: unknown; title?: unknown };
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || typeof title !== 'string') return null;
  return sharedMilestone(number, title);
}

function assigneeLogins(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0) return NO_NAMES;
  const logins: string[] = [];
  for (const a of value as unknown[]) {
    const login = (a as { login?: unknown } | null)?.login;
    if (typeof login === 'string' && login !== '') logins.push(sharedName(login));
  }
  return logins.length === 0 ? NO_NAMES : logins;
}
