import { isPullRequest } from '@codex-suite/core/contract';
import { runMarker, type SelftestEntry } from '@codex-suite/core/ledger/selftest-entry';
import { selftestOwnershipFailure, type SelftestOwnership } from '@codex-suite/core/ledger/selftest-proof';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';
import { selftestTitle } from './issue.js';

const HOUR_MS = 3_600_000;
/** The marker around a run id, taken apart from the one definition of the marker. */
const [MARKER_PREFIX, MARKER_SUFFIX] = runMarker('\u0000').split('\u0000') as [string, string];

/**
 * Open issues of the self-test list (label and milestone, as listed) filed less than
 * `intervalHours` ago that look like the suite's — the marker opens the body, the title is the
 * self-test title of that run — newest first. Looks prove nothing (anyone can copy an issue):
 * these are only the ones whose ledger entries are worth reading.
 */
export function recentLookAlikes(
  issues: readonly ListedIssue[],
  options: { readonly now: Date; readonly intervalHours: number },
): ListedIssue[] {
  if (options.intervalHours <= 0) return [];
  const now = options.now.getTime();
  const recent = issues.filter((issue) => {
    if (isPullRequest(issue) || (issue.state !== undefined && issue.state !== 'open')) return false;
    const runId = runIdOf(issue.body ?? '');
    if (runId === undefined || issue.title !== selftestTitle(runId)) return false;
    const age = now - Date.parse(issue.created_at);
    return Number.isFinite(age) && age >= 0 && age < options.intervalHours * HOUR_MS;
  });
  return recent.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number);
}

/**
 * The self-test issue a run may prove the pipeline on instead of filing a new one: the newest
 * recent look-alike that its ledger entry proves the suite filed (the cleaner's proof: same
 * author, same milestone, the marker of the recorded run). A copy made by a person has no entry,
 * so it never keeps the self-test from filing. Nothing here is written to.
 */
export function recentSelftestIssue(
  issues: readonly ListedIssue[],
  ledger: ReadonlyMap<number, SelftestEntry>,
  options: SelftestOwnership & { readonly now: Date; readonly intervalHours: number },
): ListedIssue | undefined {
  return recentLookAlikes(issues, options).find(
    (issue) => selftestOwnershipFailure(issue, ledger.get(issue.number), options) === undefined,
  );
}

/** When the next self-test issue is due after the one filed at `createdAt`. */
export function nextIssueDue(createdAt: string, intervalHours: number): Date {
  return new Date(Date.parse(createdAt) + intervalHours * HOUR_MS);
}

function runIdOf(body: string): string | undefined {
  if (!body.startsWith(MARKER_PREFIX)) return undefined;
  const end = body.indexOf(MARKER_SUFFIX, MARKER_PREFIX.length);
  const runId = end < 0 ? '' : body.slice(MARKER_PREFIX.length, end);
  return /^[A-Za-z0-9_-]{1,64}$/.test(runId) ? runId : undefined;
}
