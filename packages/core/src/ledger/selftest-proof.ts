import { LABELS, labelNames } from '../contract.js';
import type { ListedIssue } from '../repo-lookups.js';
import { runMarker, type SelftestEntry } from './selftest-entry.js';

/** What an issue must still match to be the self-test issue its ledger entry records. */
export interface SelftestOwnership {
  /** the self-test milestone's title (`Codex Internal` by default), compared exactly */
  readonly milestone: string;
  /** `owner/name` the ledger entry must name */
  readonly repository: string;
}

/**
 * Why the issue cannot be proven the suite's from what GitHub says now and what the ledger
 * recorded when the suite filed it; undefined when every part of the proof holds. The one proof
 * for every stage that treats an issue as the suite's self-test issue (the cleaner retiring it,
 * the self-test reusing it). Comments are not checked here: they cost requests.
 */
export function selftestOwnershipFailure(
  issue: ListedIssue,
  entry: SelftestEntry | undefined,
  owned: SelftestOwnership,
): string | undefined {
  if (!entry) return 'looks like a self-test issue, not filed by the suite (the ledger has no record of it)';
  if (entry.number !== issue.number || entry.repository.toLowerCase() !== owned.repository.toLowerCase())
    return 'the ledger entry for this number is not about this issue';
  const author = issue.user?.login;
  if (author !== entry.author)
    return `looks like a self-test issue, not filed by the suite (author ${author ?? 'unknown'}, the suite files as ${entry.author})`;
  if (!labelNames(issue).includes(LABELS.selftest))
    return `does not carry the label ${LABELS.selftest} exactly as spelled`;
  const milestone = issue.milestone as { number?: unknown; title?: unknown } | null | undefined;
  if (milestone?.number !== entry.milestone)
    return `not in the milestone the suite filed it in (#${entry.milestone})`;
  if (milestone.title !== owned.milestone)
    return `its milestone #${entry.milestone} is no longer titled exactly '${owned.milestone}'`;
  if (!(issue.body ?? '').includes(runMarker(entry.run_id)))
    return `the body no longer carries the suite's marker for run ${entry.run_id}`;
  if ((issue.assignees?.length ?? 0) > 0 || issue.assignee) return 'a person is assigned to it';
  return undefined;
}
