import type { IndexedIssue, IssueIndex } from './issue-index.js';
import { shareNames, sharedMilestone } from './normalize.js';

/**
 * The saved form of the issue index, version 2: one array per issue in a fixed order instead of an
 * object with named fields, times as epoch milliseconds, each milestone title once, and an
 * issue's web address only when it is not `url_base` + its number. About 40 % of the size of
 * version 1 (plain objects), which matters at every read and write: at 50,000 issues version 1
 * was 23 MB, sent base64-encoded inside a JSON body on every save.
 *
 * Version 1 files are still read (an index saved by an earlier release); every save writes
 * version 2.
 */
export const INDEX_FILE_VERSION = 2;

/**
 * number, id, node_id, title, state, labels, milestone, created, updated, assignees, url, human,
 * suite, in_project, malformed, attribution. Trailing fields are left out when absent; malformed is
 * `[]` when only the attribution follows (files without the attribution read as before).
 */
type Row = [
  number,
  number,
  string,
  string,
  string,
  string[],
  number | [number, string] | null,
  number | null,
  number | null,
  string[],
  string | 0,
  number | null,
  number | null,
  boolean | null,
  string[]?,
  AttributionRow?,
];

/** human_at, human_by, through, items */
type AttributionRow = [number, string, number, number];

interface SavedIndexV2 {
  version: 2;
  repository: string;
  synced_at: string;
  full_scan_at: string;
  project?: string;
  project_items?: number;
  attribution_rules?: string;
  /** milestone number → title, for rows that name the milestone by number only */
  milestones: Record<string, string>;
  /** web address of an issue without its number */
  url_base: string;
  issues: Row[];
}

/** rows serialised per piece of the saved text */
const ROWS_PER_PIECE = 512;

/**
 * The saved text: `JSON.stringify` of the saved form, byte for byte, built from the rows a piece
 * of `ROWS_PER_PIECE` at a time. The array of every row (one array and four numbers per issue) is
 * never made, nor the text twice: a single `JSON.stringify` of the whole form left its pieces
 * behind it, and the line end appended to it made one more copy.
 */
export function encodeIndex(index: IssueIndex): string {
  const entries = Object.values(index.issues);
  const urlBase = urlBaseOf(entries);
  const milestones: Record<string, string> = {};
  // the head goes first, once every milestone title is known
  const pieces: string[] = [''];
  for (let start = 0; start < entries.length; start += ROWS_PER_PIECE) {
    const rows = entries.slice(start, start + ROWS_PER_PIECE).map((e) => rowOf(e, urlBase, milestones));
    // `[...]` without its brackets: the rows' text as it stands inside the whole array
    const text = JSON.stringify(rows).slice(1, -1);
    pieces.push(start === 0 ? text : `,${text}`);
  }
  const saved: Omit<SavedIndexV2, 'issues'> = {
    version: 2,
    repository: index.repository,
    synced_at: index.synced_at,
    full_scan_at: index.full_scan_at,
    ...(index.project !== undefined ? { project: index.project } : {}),
    ...(index.project_items !== undefined ? { project_items: index.project_items } : {}),
    ...(index.attribution_rules !== undefined ? { attribution_rules: index.attribution_rules } : {}),
    milestones,
    url_base: urlBase,
  };
  // `{...,"issues":[` + rows + `]}`: the key comes last, as in the whole form; one join, one copy
  pieces[0] = `${JSON.stringify(saved).slice(0, -1)},"issues":[`;
  pieces.push(']}\n');
  return pieces.join('');
}

/** One issue's row; its milestone's title goes into `milestones` the first time it is seen. */
function rowOf(e: IndexedIssue, urlBase: string, milestones: Record<string, string>): Row {
  let milestone: Row[6] = null;
  if (e.milestone) {
    const key = String(e.milestone.number);
    milestones[key] ??= e.milestone.title;
    milestone =
      milestones[key] === e.milestone.title ? e.milestone.number : [e.milestone.number, e.milestone.title];
  }
  const row: Row = [
    e.number,
    e.id,
    e.node_id,
    e.title,
    e.state,
    e.labels,
    milestone,
    epoch(e.created_at),
    epoch(e.updated_at),
    e.assignees,
    e.html_url === `${urlBase}${e.number}` ? 0 : e.html_url,
    epoch(e.human_activity_at),
    epoch(e.suite_updated_at),
    e.in_project ?? null,
  ];
  const malformed = e.malformed && e.malformed.length > 0 ? e.malformed : undefined;
  const a = e.attribution;
  const attribution =
    a && epoch(a.human_at) !== null && epoch(a.through) !== null
      ? ([epoch(a.human_at), a.human_by, epoch(a.through), a.items] as AttributionRow)
      : undefined;
  if (malformed || attribution) row.push(malformed ?? []);
  if (attribution) row.push(attribution);
  return row;
}

/**
 * The issues of a version 2 file as index entries; a string names the first defect (the whole file
 * is then distrusted, as with version 1).
 */
export function decodeIssues(data: Record<string, unknown>): Record<string, IndexedIssue> | string {
  const { issues, milestones, url_base: urlBase } = data;
  if (!Array.isArray(issues)) return 'saved index has no issues array';
  if (!milestones || typeof milestones !== 'object' || typeof urlBase !== 'string')
    return 'saved index has no milestone table or address base';
  const titles = milestones as Record<string, unknown>;
  const result: Record<string, IndexedIssue> = {};
  for (const row of issues as unknown[]) {
    const entry = Array.isArray(row) ? decodeRow(row, titles, urlBase) : undefined;
    if (!entry || result[String(entry.number)])
      return `saved index has a malformed entry (${Array.isArray(row) ? String(row[0]) : typeof row})`;
    result[String(entry.number)] = entry;
  }
  return result;
}

function decodeRow(
  row: unknown[],
  titles: Record<string, unknown>,
  urlBase: string,
): IndexedIssue | undefined {
  const [
    number,
    id,
    nodeId,
    title,
    state,
    labels,
    milestone,
    created,
    updated,
    assignees,
    url,
    human,
    suite,
    inProject,
    malformed,
    attribution,
  ] = row;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number <= 0) return undefined;
  if (typeof id !== 'number' || typeof nodeId !== 'string' || typeof title !== 'string') return undefined;
  if ((state !== 'open' && state !== 'closed') || !stringArray(labels) || !stringArray(assignees))
    return undefined;
  if (!optionalEpoch(created) || !optionalEpoch(updated) || !optionalEpoch(human) || !optionalEpoch(suite))
    return undefined;
  if (url !== 0 && typeof url !== 'string') return undefined;
  if (inProject !== null && typeof inProject !== 'boolean') return undefined;
  if (malformed !== undefined && !stringArray(malformed)) return undefined;
  if (attribution !== undefined && !attributionRow(attribution)) return undefined;
  let resolved: IndexedIssue['milestone'] = null;
  if (typeof milestone === 'number') {
    const name = titles[String(milestone)];
    if (typeof name !== 'string') return undefined;
    resolved = sharedMilestone(milestone, name);
  } else if (Array.isArray(milestone)) {
    if (typeof milestone[0] !== 'number' || typeof milestone[1] !== 'string') return undefined;
    resolved = sharedMilestone(milestone[0], milestone[1]);
  } else if (milestone !== null) return undefined;
  const entry: IndexedIssue = {
    number,
    id,
    node_id: nodeId,
    title,
    state,
    labels: shareNames(labels),
    milestone: resolved,
    created_at: iso(created),
    updated_at: iso(updated),
    assignees: shareNames(assignees),
    html_url: url === 0 ? `${urlBase}${number}` : url,
    is_pull_request: false,
    human_activity_at: iso(human),
  };
  if (suite !== null) entry.suite_updated_at = iso(suite);
  if (inProject !== null) entry.in_project = inProject;
  if (malformed !== undefined && malformed.length > 0) entry.malformed = malformed;
  if (attribution !== undefined)
    entry.attribution = {
      human_at: iso(attribution[0]),
      human_by: attribution[1],
      through: iso(attribution[2]),
      items: attribution[3],
    };
  return entry;
}

/** The address every issue's web address starts with, read off the first one that has it. */
function urlBaseOf(entries: readonly IndexedIssue[]): string {
  for (const e of entries) {
    const suffix = String(e.number);
    if (e.html_url.endsWith(`/${suffix}`)) return e.html_url.slice(0, -suffix.length);
  }
  return '';
}

function epoch(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

function iso(value: unknown): string {
  return typeof value === 'number' ? new Date(value).toISOString() : '';
}

function optionalEpoch(value: unknown): boolean {
  return value === null || (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < 8.64e15);
}

function attributionRow(value: unknown): value is AttributionRow {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    typeof value[0] === 'number' &&
    optionalEpoch(value[0]) &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'number' &&
    optionalEpoch(value[2]) &&
    Number.isSafeInteger(value[3]) &&
    (value[3] as number) >= 0
  );
}

function stringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
