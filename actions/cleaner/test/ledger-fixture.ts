/** Emulator helpers for the cleaner's tests: things the suite made (with their ledger entries) and things people made. */
import type { Emulator } from '@codex-suite/emulator/server';
import { runMarker, selftestEntryPath, selftestEntryText } from '@codex-suite/core/ledger/selftest-entry';
import { telemetryEntry, telemetryEntryText } from '@codex-suite/core/ledger/telemetry-entry';
import { DAY, type Fixture, NOW, REPO } from '../../self-test/test/support.js';

/** The login of the WRITER token: the identity that files self-test issues in these tests. */
export const SUITE = 'codex-bot';
export const PAGES = 'gh-pages';

export function ago(days: number): string {
  return new Date(NOW.getTime() - days * DAY).toISOString();
}

export interface IssueSpec {
  readonly ageDays: number;
  /** milestone title or number; null for none (default: the self-test milestone) */
  readonly milestone?: string | number | null;
  readonly labels?: string[];
  /** who filed it (default: the suite) */
  readonly user?: string;
  /** body (default: the marker of its run) */
  readonly body?: string;
  readonly assignees?: string[];
  /** whether the suite recorded it in the ledger (default: true when filed by the suite) */
  readonly ledger?: boolean;
  /** override fields of the ledger entry */
  readonly entry?: Record<string, unknown>;
  readonly pr?: boolean;
}

let runs = 9000;

/** An issue as the self-test files it, recorded in the ledger unless told otherwise. */
export function addSelftestIssue(f: Fixture, spec: IssueSpec): number {
  runs += 1;
  const runId = String(runs);
  const state = f.emulator.state;
  const milestoneRef = spec.milestone === undefined ? 'Codex Internal' : spec.milestone;
  const input = {
    title: `Codex self-test ${runId}`,
    body: spec.body ?? `${runMarker(runId)}\nMade by the Codex self-test.`,
    labels: spec.labels ?? ['codex', 'codex-selftest'],
    milestone: milestoneRef,
    user: spec.user ?? SUITE,
    assignees: spec.assignees ?? [],
    created_at: ago(spec.ageDays),
  };
  const issue = spec.pr
    ? state.addPullRequest(REPO, { ...input, head: { ref: 'x', sha: 'a'.repeat(40) } })
    : state.addIssue(REPO, input);
  const recorded = spec.ledger ?? (spec.user ?? SUITE) === SUITE;
  if (recorded) {
    const entry = {
      kind: 'selftest-issue',
      repository: REPO,
      number: issue.number,
      author: SUITE,
      milestone: issue.milestone ?? 1,
      run_id: runId,
      recorded_at: input.created_at,
      ...spec.entry,
    };
    state.writeFiles(
      REPO,
      PAGES,
      { [selftestEntryPath(issue.number)]: selftestEntryText(entry as never) },
      `ledger #${issue.number}`,
    );
  }
  return issue.number;
}

/** A telemetry file the suite published (with its ledger entry, recorded finish time `finishedDaysAgo`). */
export function publish(f: Fixture, path: string, finishedDaysAgo: number, text?: string): string {
  const finished = NOW.getTime() - finishedDaysAgo * DAY;
  const content = text ?? JSON.stringify({ component: 'x', finished_at: new Date(finished).toISOString() });
  const entry = telemetryEntry(path, content, finished);
  f.emulator.state.writeFiles(
    REPO,
    PAGES,
    { [path]: content, [entry.path]: telemetryEntryText(entry) },
    `telemetry ${path}`,
  );
  return path;
}

/** number → state, or `deleted`, for before/after comparisons. */
export function issueStates(emulator: Emulator): Map<number, string> {
  const out = new Map<number, string>();
  for (const issue of emulator.state.repo(REPO).issues.values()) {
    out.set(issue.number, issue.deleted ? 'deleted' : `${issue.state}:${issue.stateReason ?? ''}`);
  }
  return out;
}

/** Numbers whose state changed between two snapshots. */
export function changedIssues(before: Map<number, string>, after: Map<number, string>): number[] {
  return [...before].filter(([n, was]) => after.get(n) !== was).map(([n]) => n);
}

/** path → content of every file on the pages branch. */
export function pagesFiles(emulator: Emulator): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of emulator.state.listFiles(REPO, PAGES))
    out.set(path, emulator.state.readFile(REPO, PAGES, path)!);
  return out;
}
