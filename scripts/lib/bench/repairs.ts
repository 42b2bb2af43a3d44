/**
 * What project-sync must change, worked out independently of the stage from the contract's rules,
 * so the benchmark knows the least number of writes. Pure.
 */

export interface IssueSnapshot {
  readonly number: number;
  readonly title: string;
  readonly labels: readonly string[];
  readonly milestone: string | null;
  readonly isPullRequest: boolean;
  readonly open: boolean;
  readonly inProject: boolean;
}

export interface RepairConfig {
  readonly mainMilestone: string;
  readonly dashboardMilestone: string;
  readonly selftestMilestone: string;
  readonly projectConfigured: boolean;
}

export interface RepairCount {
  /** managed issues considered */
  readonly managed: number;
  /** issues whose labels or milestone must change: one PATCH each sets both */
  readonly issueRepairs: number;
  /** issues to add to the project: one add each */
  readonly projectAdds: number;
}

const lower = (s: string): string => s.toLowerCase();

/** Contract: a title containing "dashboard" in any letter case is the dashboard track. */
export function trackOf(title: string): 'main' | 'dashboard' {
  return /dashboard/i.test(title) ? 'dashboard' : 'main';
}

/** Excluded from sync: pull requests, closed issues, the self-test milestone, `codex-selftest`. */
export function isManaged(issue: IssueSnapshot, selftestMilestone: string): boolean {
  if (issue.isPullRequest || !issue.open) return false;
  if (issue.milestone !== null && lower(issue.milestone) === lower(selftestMilestone)) return false;
  return !issue.labels.some((l) => lower(l) === 'codex-selftest');
}

/** Whether an issue's labels or milestone break the contract (codex, exactly its track label, its milestone). */
export function needsIssueRepair(issue: IssueSnapshot, config: RepairConfig): boolean {
  const track = trackOf(issue.title);
  const names = new Set(issue.labels.map(lower));
  const own = track === 'dashboard' ? 'codex-trackdashboard' : 'codex-trackmain';
  const other = track === 'dashboard' ? 'codex-trackmain' : 'codex-trackdashboard';
  const milestone = track === 'dashboard' ? config.dashboardMilestone : config.mainMilestone;
  return (
    !names.has('codex') ||
    !names.has(own) ||
    names.has(other) ||
    issue.milestone === null ||
    lower(issue.milestone) !== lower(milestone)
  );
}

export function countRepairs(issues: Iterable<IssueSnapshot>, config: RepairConfig): RepairCount {
  let managed = 0;
  let issueRepairs = 0;
  let projectAdds = 0;
  for (const issue of issues) {
    if (!isManaged(issue, config.selftestMilestone)) continue;
    managed += 1;
    if (needsIssueRepair(issue, config)) issueRepairs += 1;
    if (config.projectConfigured && !issue.inProject) projectAdds += 1;
  }
  return { managed, issueRepairs, projectAdds };
}
