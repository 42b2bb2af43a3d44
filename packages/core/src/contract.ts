/** The repository contract: labels, tracks and what the suite manages (CONTRACT.md). */
export const LABELS = {
  codex: 'codex',
  trackMain: 'codex-trackmain',
  trackDashboard: 'codex-trackdashboard',
  selftest: 'codex-selftest',
} as const;

export interface LabelSpec {
  readonly name: string;
  readonly color: string;
  readonly description: string;
}

/** The labels diagnostics creates on repair, with their colours and descriptions. */
export const REQUIRED_LABELS: readonly LabelSpec[] = [
  { name: LABELS.codex, color: '5319e7', description: 'Managed by the Codex Suite' },
  { name: LABELS.trackMain, color: '1d76db', description: 'Codex main track' },
  { name: LABELS.trackDashboard, color: '0e8a16', description: 'Codex dashboard track' },
  { name: LABELS.selftest, color: 'c5def5', description: 'Made by the Codex Suite self-test' },
];

export type Track = 'main' | 'dashboard';
export const TRACKS: readonly Track[] = ['main', 'dashboard'];

/** A title that contains "dashboard", in any letter case, is the dashboard track. */
export function trackOfTitle(title: string | null | undefined): Track {
  return /dashboard/i.test(title ?? '') ? 'dashboard' : 'main';
}

export function trackLabel(track: Track): string {
  return track === 'dashboard' ? LABELS.trackDashboard : LABELS.trackMain;
}

/** Label names compare as GitHub compares them: case-insensitively. */
export function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

export function hasLabel(labels: readonly string[], name: string): boolean {
  return labels.some((l) => sameName(l, name));
}

/** Label names of a REST issue, tolerating strings, objects without names and a missing array. */
export function labelNames(issue: { labels?: unknown }): string[] {
  if (!Array.isArray(issue.labels)) return [];
  return issue.labels.flatMap((l: unknown) => {
    if (typeof l === 'string') return [l];
    const name = (l as { name?: unknown } | null)?.name;
    return typeof name === 'string' && name !== '' ? [name] : [];
  });
}

export function isPullRequest(issue: { pull_request?: unknown }): boolean {
  return issue.pull_request !== undefined && issue.pull_request !== null;
}

export function milestoneTitle(issue: { milestone?: unknown }): string | null {
  const title = (issue.milestone as { title?: unknown } | null | undefined)?.title;
  return typeof title === 'string' ? title : null;
}

/**
 * Excluded from sync, supervisor and activity: pull requests, issues in the self-test milestone
 * (`Codex Internal` by default) and issues labelled `codex-selftest`.
 */
export function isExcludedFromManagement(
  issue: { pull_request?: unknown; labels?: unknown; milestone?: unknown },
  selftestMilestone: string,
): boolean {
  if (isPullRequest(issue)) return true;
  const milestone = milestoneTitle(issue);
  if (milestone !== null && sameName(milestone, selftestMilestone)) return true;
  return hasLabel(labelNames(issue), LABELS.selftest);
}
