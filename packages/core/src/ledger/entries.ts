import { type SelftestEntry, selftestEntryPath, selftestEntryText } from './selftest-entry.js';
import { telemetryEntry, telemetryEntryText } from './telemetry-entry.js';

/**
 * The ledger entries that go with publishing one telemetry file: the file's own entry (its bytes
 * and recorded finish time) and, for a self-test run that filed an issue, the issue's entry
 * (from the facts the record holds: number, author, milestone, run). Whatever publishes
 * telemetry (the runner, or telemetry-merge for the files of a pipeline run) writes these too, so
 * the ledger follows the telemetry and needs no other write path.
 */
export function ledgerFilesFor(
  branchPath: string,
  text: string,
  record: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const files: Record<string, string> = {};
  const finished = typeof record.finished_at === 'string' ? Date.parse(record.finished_at) : Number.NaN;
  if (Number.isFinite(finished)) {
    const entry = telemetryEntry(branchPath, text, finished);
    files[entry.path] = telemetryEntryText(entry);
  }
  const issue = selftestEntryOf(record);
  if (issue) files[selftestEntryPath(issue.number)] = selftestEntryText(issue);
  return files;
}

const isPositive = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

/** The self-test issue a (non dry-run) self-test record says this run filed, or undefined. */
function selftestEntryOf(record: Readonly<Record<string, unknown>>): SelftestEntry | undefined {
  if (record.component !== 'self-test' || record.dry_run !== false || record.issue_reused === true)
    return undefined;
  const { issue_number, issue_author, milestone, run_id, repository, finished_at } = record;
  const milestoneNumber = (milestone as { number?: unknown } | null | undefined)?.number;
  if (!isPositive(issue_number) || !isPositive(milestoneNumber)) return undefined;
  if (typeof issue_author !== 'string' || issue_author === '') return undefined;
  if (typeof run_id !== 'string' || typeof repository !== 'string' || typeof finished_at !== 'string')
    return undefined;
  return {
    kind: 'selftest-issue',
    repository,
    number: issue_number,
    author: issue_author,
    milestone: milestoneNumber,
    run_id,
    recorded_at: finished_at,
  };
}
