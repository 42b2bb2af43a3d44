import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import type { HistoryPoint } from './history.js';

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

/** The dashboard.json on the branch, parsed once: its history and the records it shows. */
export interface BranchDashboard {
  readonly history: unknown[];
  /** why the history restarts (the file is unreadable), if it does */
  readonly problem?: string;
  /** component → the record shown and the branch file it came from */
  readonly sources: Map<string, { file: string; record: Record<string, unknown> }>;
}

/**
 * Reads the dashboard.json on the branch (null: there is none) in one parse: a dashboard of a
 * large repository holds every open issue's activity entry, and each further parse of it was
 * another copy of all of them in memory.
 */
export function readBranchDashboard(
  text: string | null,
  keyOfComponent: (component: string) => string | undefined,
): BranchDashboard {
  const parsed = parseDashboardText(text);
  const { history, problem } = previousHistoryOf(parsed);
  return { history, ...(problem ? { problem } : {}), sources: sourcesOf(parsed.data, keyOfComponent) };
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
