import { type Gap, conformance, otherTrack } from '@codex-suite/core/conformance';
import {
  LABELS,
  type Track,
  hasLabel,
  isExcludedFromManagement,
  sameName,
  trackLabel,
} from '@codex-suite/core/contract';
import type { IndexedIssue } from '@codex-suite/core/issues/issue-index';

/** A milestone the plan may assign. */
export interface MilestoneTarget {
  readonly number: number;
  readonly title: string;
}

export interface PlanConfig {
  readonly selftestMilestone: string;
  /** the track's milestone; absent when its setting is not given or it does not exist (repair disabled) */
  readonly milestones: Readonly<Partial<Record<Track, MilestoneTarget>>>;
  /** whether Projects (v2) membership is repaired */
  readonly project: boolean;
  /** lower-cased label name → the repository's spelling, so added labels use the existing label */
  readonly labelSpelling?: ReadonlyMap<string, string>;
}

/** A change name as telemetry `details[].changes` records it. */
export type ChangeName =
  | 'add_codex_label'
  | 'codex-trackmain'
  | 'codex-trackdashboard'
  | 'remove:codex-trackmain'
  | 'remove:codex-trackdashboard'
  | 'milestone'
  | 'project';

/** What one managed issue needs. At most one PATCH (labels and milestone together) and one project add. */
export interface IssuePlan {
  readonly number: number;
  readonly title: string;
  readonly track: Track;
  readonly changes: ChangeName[];
  /** the complete new label list (labels replace on PATCH); absent when labels stay */
  readonly labels?: string[];
  /** the milestone to set; absent when it stays */
  readonly milestone?: MilestoneTarget;
  readonly addToProject: boolean;
}

/** Whether the plan adds a label (which then takes the repository's spelling of it). */
export function addsLabel(plan: IssuePlan): boolean {
  return plan.changes.some(
    (c) => c === 'add_codex_label' || c === 'codex-trackmain' || c === 'codex-trackdashboard',
  );
}

export type Exclusion = 'pull_request' | 'selftest_milestone' | 'selftest_label';

/** Why an issue is not managed, or undefined when it is (contract: "Excluded from sync"). */
export function exclusionOf(issue: IndexedIssue, selftestMilestone: string): Exclusion | undefined {
  if (issue.is_pull_request) return 'pull_request';
  if (!isExcludedFromManagement({ labels: issue.labels, milestone: issue.milestone }, selftestMilestone))
    return undefined;
  return hasLabel(issue.labels, LABELS.selftest) ? 'selftest_label' : 'selftest_milestone';
}

/**
 * The changes one managed issue needs: each gap of `conformance` (core/conformance.ts) becomes a
 * change. Added labels use the repository's spelling; the wrong track label goes in every
 * letter-case variant; the issue's other labels are kept exactly as they are. The milestone and
 * project repairs run only when enabled (a milestone that exists, a project that can be read).
 */
export function planIssue(issue: IndexedIssue, config: PlanConfig): IssuePlan {
  const { track, gaps } = conformance(issue, config);
  const has = (gap: Gap) => gaps.includes(gap);
  const wanted = trackLabel(track);
  const unwanted = trackLabel(otherTrack(track));
  const spell = (name: string) => config.labelSpelling?.get(name.toLowerCase()) ?? name;
  const changes: ChangeName[] = [];
  let labels = [...issue.labels];

  if (has('missing_codex_label')) {
    labels.push(spell(LABELS.codex));
    changes.push('add_codex_label');
  }
  if (has('missing_track_label')) {
    labels.push(spell(wanted));
    changes.push(wanted as ChangeName);
  }
  if (has('wrong_track_label')) {
    labels = labels.filter((name) => !sameName(name, unwanted));
    changes.push(`remove:${unwanted}` as ChangeName);
  }

  const milestone = has('missing_milestone') || has('wrong_milestone') ? config.milestones[track] : undefined;
  if (milestone) changes.push('milestone');

  const addToProject = has('not_in_project') || has('project_unknown');
  if (addToProject) changes.push('project');

  const labelsChanged = changes.some((c) => c !== 'milestone' && c !== 'project');
  return {
    number: issue.number,
    title: issue.title,
    track,
    changes,
    ...(labelsChanged ? { labels } : {}),
    ...(milestone ? { milestone } : {}),
    addToProject,
  };
}

export interface SyncPlan {
  /** managed issues that need something, in number order */
  readonly plans: IssuePlan[];
  readonly managed: number;
  readonly excluded: Record<Exclusion, number>;
}

/** Plans every issue of the index: a pure function of the snapshot and the settings. */
export function planSync(issues: readonly IndexedIssue[], config: PlanConfig): SyncPlan {
  const excluded: Record<Exclusion, number> = { pull_request: 0, selftest_milestone: 0, selftest_label: 0 };
  const plans: IssuePlan[] = [];
  let managed = 0;
  for (const issue of [...issues].sort((a, b) => a.number - b.number)) {
    const why = exclusionOf(issue, config.selftestMilestone);
    if (why) {
      excluded[why] += 1;
      continue;
    }
    managed += 1;
    const plan = planIssue(issue, config);
    if (plan.changes.length > 0) plans.push(plan);
  }
  return { plans, managed, excluded };
}

export interface Corrections {
  codex_label: number;
  track_main: number;
  track_dashboard: number;
  milestone: number;
  project_adjustments: number;
}

/** Corrections counted from the changes that were made (or, in dry-run, would be made). */
export function countCorrections(details: readonly { changes: readonly string[] }[]): Corrections {
  const corrections: Corrections = {
    codex_label: 0,
    track_main: 0,
    track_dashboard: 0,
    milestone: 0,
    project_adjustments: 0,
  };
  for (const { changes } of details) {
    if (changes.includes('add_codex_label')) corrections.codex_label += 1;
    // A track correction is counted under the track the issue ends in (added or wrong one removed).
    if (changes.includes(LABELS.trackMain) || changes.includes(`remove:${LABELS.trackDashboard}`))
      corrections.track_main += 1;
    if (changes.includes(LABELS.trackDashboard) || changes.includes(`remove:${LABELS.trackMain}`))
      corrections.track_dashboard += 1;
    if (changes.includes('milestone')) corrections.milestone += 1;
    if (changes.includes('project')) corrections.project_adjustments += 1;
  }
  return corrections;
}
