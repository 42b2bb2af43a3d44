import {
  type ActivityStatus,
  type ActivityThresholds,
  classifyActivity,
  inactiveDays,
} from '@codex-suite/core/activity/classify';
import { type Track, isExcludedFromManagement, trackOfTitle } from '@codex-suite/core/contract';
import {
  type ActivityBasis,
  humanActivityOf,
  type IndexedIssue,
  labelsUntrusted,
} from '@codex-suite/core/issues/issue-index';

/** One open managed issue with its track and activity status. */
export interface ClassifiedIssue {
  readonly number: number;
  readonly title: string;
  readonly html_url: string;
  readonly track: Track;
  readonly status: ActivityStatus;
  /** ISO time of the last human activity (the suite's own edits excluded) */
  readonly lastHumanActivity: string;
  /** who acted then, when read from the timeline */
  readonly lastHumanActor?: string;
  /** `attributed`: read from the timeline; `assumed`: `updated_at` (not read yet) */
  readonly basis: ActivityBasis;
  readonly daysInactive: number;
  readonly labels: readonly string[];
  readonly assignees: readonly string[];
  /** false when the listed labels were malformed: writing them back could drop labels */
  readonly labelsTrusted: boolean;
}

/** Open issues the suite manages: no pull requests, nothing in the self-test milestone or labelled `codex-selftest`. */
export function managedOpenIssues(issues: Iterable<IndexedIssue>, selftestMilestone: string): IndexedIssue[] {
  const out: IndexedIssue[] = [];
  for (const issue of issues) {
    if (issue.state !== 'open' || issue.is_pull_request) continue;
    if (isExcludedFromManagement(issue, selftestMilestone)) continue;
    out.push(issue);
  }
  return out.sort((a, b) => a.number - b.number);
}

/** Classifies every open managed issue by the thresholds of its track (the title rule decides the track). */
export function classifyIssues(
  issues: Iterable<IndexedIssue>,
  options: { selftestMilestone: string; thresholds: ActivityThresholds; now: Date },
): ClassifiedIssue[] {
  return managedOpenIssues(issues, options.selftestMilestone).map((issue) => {
    const track = trackOfTitle(issue.title);
    const human = humanActivityOf(issue);
    const last = human.at;
    return {
      ...(human.by ? { lastHumanActor: human.by } : {}),
      basis: human.basis,
      number: issue.number,
      title: issue.title,
      html_url: issue.html_url,
      track,
      status: classifyActivity(last, options.now, options.thresholds[track]),
      lastHumanActivity: last,
      daysInactive: inactiveDays(last, options.now),
      labels: issue.labels,
      assignees: issue.assignees,
      labelsTrusted: !labelsUntrusted(issue),
    };
  });
}
