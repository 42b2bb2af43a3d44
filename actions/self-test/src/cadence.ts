import { isPullRequest } from '@codex-suite/core/contract';
import { runMarker } from '@codex-suite/core/ledger/selftest-entry';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';
import { selftestTitle } from './issue.js';

const HOUR_MS = 3_600_000;
/** The marker around a run id, taken apart from the one definition of the marker. */
const [MARKER_PREFIX, MARKER_SUFFIX] = runMarker('\u0000').split('\u0000') as [string, string];

/**
 * The self-test issue a run may prove the pipeline on instead of filing a new one: the newest
 * open issue of the self-test list (label and milestone, as listed) that looks like one the suite
 * filed — its marker opens the body, its title is the self-test title of that run — and that was
 * filed less than `intervalHours` ago. Nothing here is written to: a look-alike can only make the
 * self-test skip filing for a while, never make it change someone else's issue.
 */
export function recentSelftestIssue(
  issues: readonly ListedIssue[],
  options: { readonly now: Date; readonly intervalHours: number },
): ListedIssue | undefined {
  if (options.intervalHours <= 0) return undefined;
  const now = options.now.getTime();
  const recent = issues.filter((issue) => {
    if (isPullRequest(issue) || (issue.state !== undefined && issue.state !== 'open')) return false;
    const runId = runIdOf(issue.body ?? '');
    if (runId === undefined || issue.title !== selftestTitle(runId)) return false;
    const age = now - Date.parse(issue.created_at);
    return Number.isFinite(age) && age >= 0 && age < options.intervalHours * HOUR_MS;
  });
  return recent.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number)[0];
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
