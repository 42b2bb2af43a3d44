import type { Emulator } from '@codex-suite/emulator/server';
import { parseTelemetryEntry } from '@codex-suite/core/ledger/telemetry-entry';
import {
  DASHBOARD_MILESTONE,
  INTERNAL_MILESTONE,
  MAIN_MILESTONE,
  RELIABILITY_REPO,
  SUITE_LOGIN,
} from './fixture.js';

interface IssueView {
  readonly number: number;
  readonly title: string;
  readonly state: string;
  readonly deleted: boolean;
  readonly labels: string[];
  readonly milestone: string | null;
  readonly isPull: boolean;
  readonly user: string;
}

export function issueViews(emulator: Emulator): IssueView[] {
  const repo = emulator.state.repo(RELIABILITY_REPO);
  const milestoneTitle = (n: number | null) =>
    n === null ? null : (repo.milestones.get(n)?.title ?? `#${n}`);
  return emulator.state.listIssues(RELIABILITY_REPO).map((i) => ({
    number: i.number,
    title: i.title,
    state: i.state,
    deleted: i.deleted,
    labels: i.labels.map((l) => l.name.toLowerCase()).sort(),
    milestone: milestoneTitle(i.milestone),
    isPull: Boolean(i.pull),
    user: i.user,
  }));
}

const SUITE_LABELS = new Set([
  'codex',
  'codex-trackmain',
  'codex-trackdashboard',
  'codex-stale',
  'codex-escalation',
]);

/** What the cleaner may retire at most: self-test issues in Codex Internal that the suite filed. */
function isCleanerTarget(issue: IssueView): boolean {
  return (
    !issue.isPull &&
    issue.user === SUITE_LOGIN &&
    issue.labels.includes('codex-selftest') &&
    issue.milestone === INTERNAL_MILESTONE
  );
}

function isManaged(issue: IssueView): boolean {
  return (
    !issue.isPull &&
    issue.state === 'open' &&
    !issue.labels.includes('codex-selftest') &&
    issue.milestone?.toLowerCase() !== INTERNAL_MILESTONE.toLowerCase()
  );
}

/**
 * What no run may ever do, faults or not: close or delete anything but a self-test issue in
 * Codex Internal; touch pull requests or closed issues; drop a human's label; give an issue two
 * track labels.
 */
export function violations(before: IssueView[], after: IssueView[]): string[] {
  const problems: string[] = [];
  const afterByNumber = new Map(after.map((i) => [i.number, i]));
  for (const old of before) {
    const now = afterByNumber.get(old.number);
    if (!now) {
      problems.push(`#${old.number} disappeared`);
      continue;
    }
    const retired = (now.state === 'closed' && old.state === 'open') || (now.deleted && !old.deleted);
    if (retired && !isCleanerTarget(old))
      problems.push(`#${old.number} was closed or deleted but is not a cleaner target`);
    if (!isManaged(old) && !isCleanerTarget(old) && JSON.stringify(old) !== JSON.stringify(now)) {
      problems.push(`#${old.number} is not managed but changed`);
    }
    const lostHumanLabels = old.labels.filter((l) => !SUITE_LABELS.has(l) && !now.labels.includes(l));
    if (lostHumanLabels.length > 0) problems.push(`#${old.number} lost labels ${lostHumanLabels.join(', ')}`);
    const tracks = now.labels.filter((l) => l === 'codex-trackmain' || l === 'codex-trackdashboard');
    if (tracks.length > 1 && isManaged(now)) problems.push(`#${old.number} has two track labels`);
  }
  const selftestTitles = after.filter((i) => i.labels.includes('codex-selftest')).map((i) => i.title);
  const duplicates = selftestTitles.filter((t, index) => selftestTitles.indexOf(t) !== index);
  if (duplicates.length > 0)
    problems.push(`duplicate self-test issues: ${[...new Set(duplicates)].join(', ')}`);
  return problems;
}

/** Every open managed issue fully repaired: codex label, its one track label, its milestone. */
export function unrepaired(after: IssueView[]): string[] {
  return after.filter(isManaged).flatMap((issue) => {
    const dashboard = /dashboard/i.test(issue.title);
    const track = dashboard ? 'codex-trackdashboard' : 'codex-trackmain';
    const wrong = dashboard ? 'codex-trackmain' : 'codex-trackdashboard';
    const milestone = dashboard ? DASHBOARD_MILESTONE : MAIN_MILESTONE;
    const missing: string[] = [];
    if (!issue.labels.includes('codex')) missing.push('codex');
    if (!issue.labels.includes(track) || issue.labels.includes(wrong)) missing.push('track');
    if (issue.milestone !== milestone) missing.push('milestone');
    return missing.length > 0 ? [`#${issue.number}: ${missing.join(', ')}`] : [];
  });
}

/** path → blob sha of every file on the pages branch. */
export function pagesView(emulator: Emulator): Map<string, string> {
  const git = emulator.state.repo(RELIABILITY_REPO).git;
  const head = git.refs.get('refs/heads/gh-pages');
  const commit = head ? git.commit(head) : undefined;
  const out = new Map<string, string>();
  if (commit) for (const [path, entry] of git.flatten(commit.tree)) out.set(path, entry.sha);
  return out;
}

/**
 * Telemetry files the suite cannot prove it published (no ledger entry with their bytes) must
 * come out of any run unchanged: never pruned, never overwritten.
 */
export function pagesViolations(before: Map<string, string>, after: Map<string, string>): string[] {
  const recorded = new Set<string>();
  for (const path of before.keys()) {
    const entry = parseTelemetryEntry(path);
    if (entry) recorded.add(`${entry.file}\u0000${entry.sha}`);
  }
  const problems: string[] = [];
  for (const [path, sha] of before) {
    if (!path.startsWith('telemetry/') || recorded.has(`${path}\u0000${sha}`)) continue;
    if (after.get(path) !== sha) problems.push(`${path} is not the suite's but was removed or changed`);
  }
  return problems;
}
