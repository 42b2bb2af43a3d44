import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import type { HistoryPoint } from './history.js';
import { objectEntries } from './json-entries.js';

export const DASHBOARD_DIR = 'dashboard';
export const DASHBOARD_PATH = `${DASHBOARD_DIR}/dashboard.json`;

export interface Dashboard {
  schema_version: 1;
  generated_at: string;
  repository: string;
  server_url: string;
  sources: Record<DashboardKey, string | null>;
  supervisor: Record<string, unknown> | null;
  cleaner: Record<string, unknown> | null;
  selftest: Record<string, unknown> | null;
  sync: Record<string, unknown> | null;
  activity: Record<string, unknown> | null;
  diagnostics: Record<string, unknown> | null;
  codex_review: Record<string, unknown> | null;
  history: HistoryPoint[];
}

export function buildDashboard(input: {
  generatedAt: string;
  repository: string;
  serverUrl: string;
  latest: Readonly<Record<DashboardKey, { record: Record<string, unknown>; file: string } | null>>;
  history: HistoryPoint[];
}): Dashboard {
  const pick = (k: DashboardKey) => input.latest[k]?.record ?? null;
  return {
    schema_version: 1,
    generated_at: input.generatedAt,
    repository: input.repository,
    server_url: input.serverUrl,
    sources: Object.fromEntries(DASHBOARD_KEYS.map((k) => [k, input.latest[k]?.file ?? null])) as Record<
      DashboardKey,
      string | null
    >,
    supervisor: pick('supervisor'),
    cleaner: pick('cleaner'),
    selftest: pick('selftest'),
    sync: pick('sync'),
    activity: pick('activity'),
    diagnostics: pick('diagnostics'),
    codex_review: pick('codex_review'),
    history: input.history,
  };
}

/** A record the dashboard on the branch shows, and the branch file it came from. */
export interface ShownRecord {
  readonly file: string;
  /** the whole record, or with `text` only its `SLIM_FIELDS` (collect.ts) */
  readonly record: Record<string, unknown>;
  /** the record's JSON text, when `record` holds only its slim fields */
  readonly text?: string;
}

/** The dashboard.json on the branch, read once: its history and the records it shows. */
export interface BranchDashboard {
  readonly history: unknown[];
  /** why the history restarts (the file is unreadable), if it does */
  readonly problem?: string;
  /** component → the record shown and the branch file it came from */
  readonly sources: Map<string, ShownRecord>;
}

/**
 * Reads the dashboard.json on the branch (null: there is none) a top-level entry at a time: its
 * history and sources are parsed, and of each record it shows only the fields that decide which
 * record is newer (`slim`, given the record's JSON text); the caller parses a record whole from
 * that text only when the dashboard keeps it. A dashboard of a large repository holds every open
 * issue's activity entry, and a merge with a newer activity record of its own never needs those.
 * A text that is not a valid JSON object is parsed whole, for JSON.parse's own answer.
 */
export function readBranchDashboard(
  text: string | null,
  keyOfComponent: (component: string) => string | undefined,
  slim: (recordText: string) => Record<string, unknown>,
): BranchDashboard {
  const entries = text === null ? undefined : objectEntries(text);
  if (text === null || entries === undefined) {
    const parsed = parseDashboardText(text);
    const { history, problem } = previousHistoryOf(parsed);
    return { history, ...(problem ? { problem } : {}), sources: sourcesOf(parsed.data, keyOfComponent) };
  }
  const textOf = (key: string): string | undefined => {
    const range = entries.get(key);
    return range ? text.slice(range.start, range.end) : undefined;
  };
  const parsedEntry = (key: string): unknown => {
    const value = textOf(key);
    return value === undefined ? undefined : JSON.parse(value);
  };
  const { history, problem } = previousHistoryOf({ data: { history: parsedEntry('history') } });
  const sources = new Map<string, ShownRecord>();
  const files = parsedEntry('sources');
  for (const [key, file] of files && typeof files === 'object' ? Object.entries(files) : []) {
    const recordText = textOf(key);
    // an object (or a list, which has no component): what sourcesOf takes for a record
    if (typeof file !== 'string' || !file.startsWith('telemetry/') || !/^[[{]/.test(recordText ?? ''))
      continue;
    const record = slim(recordText!);
    const component = record.component;
    if (typeof component === 'string' && keyOfComponent(component) === key)
      sources.set(component, { file, record, text: recordText! });
  }
  return { history, ...(problem ? { problem } : {}), sources };
}

type ParsedText = { data?: unknown; problem?: string };

function parseDashboardText(text: string | null): ParsedText {
  if (text === null) return {};
  try {
    return { data: JSON.parse(text) };
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message}); replaced, history restarts` };
  }
}

function previousHistoryOf(parsed: ParsedText): { history: unknown[]; problem?: string } {
  if (parsed.problem) return { history: [], problem: parsed.problem };
  const { data } = parsed;
  if (data === undefined) return { history: [] };
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    return { history: [], problem: 'not a JSON object; replaced, history restarts' };
  }
  const history = (data as { history?: unknown }).history;
  if (!Array.isArray(history)) return { history: [], problem: '`history` is not a list; history restarts' };
  return { history };
}

/**
 * The history of the dashboard.json already on the branch. Anything unreadable (not JSON, not
 * an object, `history` not a list) is a problem to report; the history then starts again.
 */
export function previousHistory(text: string | null): { history: unknown[]; problem?: string } {
  return previousHistoryOf(parseDashboardText(text));
}

/**
 * What the dashboard.json already on the branch shows: per component, the record and the branch
 * file it came from. A later merge reuses these instead of reading the files again.
 */
export function previousSources(
  text: string | null,
  keyOfComponent: (component: string) => string | undefined,
): Map<string, { file: string; record: Record<string, unknown> }> {
  return sourcesOf(parseDashboardText(text).data, keyOfComponent);
}

function sourcesOf(
  parsed: unknown,
  keyOfComponent: (component: string) => string | undefined,
): Map<string, { file: string; record: Record<string, unknown> }> {
  const known = new Map<string, { file: string; record: Record<string, unknown> }>();
  if (!parsed || typeof parsed !== 'object') return known;
  const data = parsed as Record<string, unknown>;
  const sources = data.sources;
  if (!sources || typeof sources !== 'object') return known;
  for (const [key, file] of Object.entries(sources as Record<string, unknown>)) {
    const record = data[key];
    if (typeof file !== 'string' || !file.startsWith('telemetry/') || !record || typeof record !== 'object')
      continue;
    const component = (record as { component?: unknown }).component;
    if (typeof component === 'string' && keyOfComponent(component) === key) {
      known.set(component, { file, record: record as Record<string, unknown> });
    }
  }
  return known;
}
