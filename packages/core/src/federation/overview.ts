/**
 * One row of the federation overview per repository, built from the telemetry files its stages
 * wrote in this run. Pure: files in, row out. The page renders rows with textContent only.
 */

export type RowStatus = 'ok' | 'degraded' | 'error' | 'skipped';

export interface FailingStage {
  readonly component: string;
  readonly status: RowStatus;
  /** first error code the stage recorded (`rate_limited`, `stage_crashed`, ...) */
  readonly code: string | null;
}

export interface OverviewRow {
  readonly repository: string;
  /** the worst status of its stages */
  readonly status: RowStatus;
  readonly verdict: 'green' | 'yellow' | 'red' | null;
  readonly open: number | null;
  readonly stale: number | null;
  readonly escalated: number | null;
  readonly drift: number | null;
  readonly malformed: number | null;
  /** latest finish time among its stages */
  readonly finished_at: string | null;
  readonly failing: readonly FailingStage[];
  readonly run_url: string;
  readonly dashboard_url: string;
}

export interface OverviewDocument {
  readonly version: 1;
  readonly generated_at: string;
  readonly run_url: string;
  readonly repositories: readonly OverviewRow[];
}

/** Stages the federation runs for every repository, in the reference order. */
export const FEDERATED_STAGES: ReadonlyArray<{ readonly action: string; readonly component: string }> = [
  { action: 'self-test', component: 'self-test' },
  { action: 'cleaner', component: 'cleaner' },
  { action: 'project-sync', component: 'sync' },
  { action: 'supervisor', component: 'supervisor' },
  { action: 'activity', component: 'activity' },
  { action: 'diagnostics', component: 'diagnostics' },
  { action: 'telemetry-merge', component: 'telemetry-merge' },
];

const RANK: Record<RowStatus, number> = { skipped: 0, ok: 1, degraded: 2, error: 3 };
type Json = Record<string, unknown>;

function asNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function sum(values: Array<number | null>): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
}

function statusOf(v: unknown): RowStatus {
  return v === 'ok' || v === 'degraded' || v === 'skipped' ? v : 'error';
}

/**
 * `files`: the telemetry of this repository's stages (anything else is ignored). `expected`:
 * components that must have written one; a missing file counts as a crash.
 */
export function overviewRow(
  repository: string,
  files: readonly unknown[],
  links: { run_url: string; dashboard_url: string },
  expected: readonly string[] = [],
): OverviewRow {
  const telemetry = files.filter(
    (f): f is Json => !!f && typeof f === 'object' && typeof (f as Json).component === 'string',
  );
  const byComponent = new Map(telemetry.map((t) => [String(t.component), t]));
  const failing: FailingStage[] = [];
  let status: RowStatus = 'skipped';
  for (const t of telemetry) {
    const s = statusOf(t.status);
    if (RANK[s] > RANK[status]) status = s;
    if (s === 'degraded' || s === 'error') {
      const errors = Array.isArray(t.errors) ? (t.errors as Json[]) : [];
      const code = typeof errors[0]?.code === 'string' ? (errors[0].code as string) : null;
      failing.push({ component: String(t.component), status: s, code });
    }
  }
  for (const component of expected) {
    if (!byComponent.has(component)) {
      failing.push({ component, status: 'error', code: 'stage_crashed' });
      status = 'error';
    }
  }
  // A supervisor that ended in error reports no health: its zeros are not a green repository.
  const supervisorFile = byComponent.get('supervisor');
  const supervisor =
    supervisorFile && statusOf(supervisorFile.status) !== 'error' ? supervisorFile : undefined;
  const tracks = Object.values((supervisor?.tracks as Record<string, Json> | undefined) ?? {});
  const syncFile = byComponent.get('sync');
  const sync = syncFile && statusOf(syncFile.status) !== 'error' ? syncFile : undefined;
  const malformed = (sync?.integrity as Json | undefined)?.malformed;
  const verdict = supervisor?.verdict;
  const finished = telemetry
    .map((t) => t.finished_at)
    .filter((v): v is string => typeof v === 'string')
    .sort();
  return {
    repository,
    status,
    verdict: verdict === 'green' || verdict === 'yellow' || verdict === 'red' ? verdict : null,
    open: supervisor ? sum(tracks.map((t) => asNumber(t.open))) : null,
    stale: supervisor ? sum(tracks.map((t) => asNumber(t.stale))) : null,
    escalated: supervisor ? sum(tracks.map((t) => asNumber(t.escalated))) : null,
    drift: supervisor ? sum(tracks.map((t) => asNumber((t.drift as Json | undefined)?.issues))) : null,
    malformed: Array.isArray(malformed) ? malformed.length : null,
    finished_at: finished.at(-1) ?? null,
    failing: failing.sort((a, b) => a.component.localeCompare(b.component)),
    ...links,
  };
}

/** The overview file: rows sorted by repository, newest row kept when one repository appears twice. */
export function overviewDocument(
  rows: readonly OverviewRow[],
  meta: { generated_at: string; run_url: string },
): OverviewDocument {
  const latest = new Map<string, OverviewRow>();
  for (const row of rows) {
    const key = row.repository.toLowerCase();
    const seen = latest.get(key);
    if (!seen || (row.finished_at ?? '') > (seen.finished_at ?? '')) latest.set(key, row);
  }
  return {
    version: 1,
    ...meta,
    repositories: [...latest.values()].sort((a, b) => a.repository.localeCompare(b.repository, 'en')),
  };
}

/** `https://{owner}.github.io/{name}/dashboard/` with the repository's parts filled in (URL-encoded). */
export function dashboardUrl(template: string, repository: string): string {
  const [owner = '', name = ''] = repository.split('/');
  return template
    .replaceAll('{owner}', encodeURIComponent(owner.toLowerCase()))
    .replaceAll('{name}', encodeURIComponent(name));
}

/**
 * Rows of the previous overview for repositories this run deferred (the budget did not cover
 * them): they stay as they were, with their age, until their turn. Anything unreadable is dropped.
 */
export function deferredRows(previousJson: string | null, deferred: readonly string[]): OverviewRow[] {
  if (!previousJson || deferred.length === 0) return [];
  const wanted = new Set(deferred.map((r) => r.toLowerCase()));
  try {
    const previous = JSON.parse(previousJson) as Partial<OverviewDocument>;
    const rows = Array.isArray(previous.repositories) ? previous.repositories : [];
    return rows.filter((r) => typeof r?.repository === 'string' && wanted.has(r.repository.toLowerCase()));
  } catch {
    return [];
  }
}
