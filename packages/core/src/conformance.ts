import { LABELS, type Track, hasLabel, sameName, trackLabel, trackOfTitle } from './contract.js';

/**
 * What a managed issue lacks against the contract. project-sync turns each gap into a change and
 * supervisor counts them as drift, so drift is exactly what sync would change.
 */
export type Gap =
  | 'missing_codex_label'
  | 'missing_track_label'
  | 'wrong_track_label'
  | 'missing_milestone'
  | 'wrong_milestone'
  | 'not_in_project'
  /** membership not recorded yet: sync adds the issue, supervisor reports it apart from drift */
  | 'project_unknown';

/** A track milestone: matched by number when known, else by title as GitHub compares names. */
export interface MilestoneRef {
  readonly title: string;
  readonly number?: number;
}

export interface ConformanceSettings {
  /** each track's milestone; absent when not configured (or, for sync, when it does not exist) */
  readonly milestones: Readonly<Partial<Record<Track, MilestoneRef | undefined>>>;
  /** whether Projects (v2) membership is part of the contract */
  readonly project: boolean;
}

export interface ConformanceIssue {
  readonly title: string;
  readonly labels: readonly string[];
  readonly milestone: { readonly number: number; readonly title: string } | null;
  readonly in_project?: boolean;
}

export interface Conformance {
  readonly track: Track;
  readonly gaps: Gap[];
}

export function otherTrack(track: Track): Track {
  return track === 'main' ? 'dashboard' : 'main';
}

function isMilestone(milestone: { number: number; title: string }, ref: MilestoneRef): boolean {
  return ref.number !== undefined ? milestone.number === ref.number : sameName(milestone.title, ref.title);
}

/**
 * The contract for one managed issue (exclusions are decided before, `isExcludedFromManagement`):
 * - the `codex` label;
 * - exactly one track label, chosen by the title rule;
 * - the track's milestone when the issue has none or sits in the other track's milestone. A
 *   milestone a person chose otherwise is theirs: sync leaves it and it is not drift;
 * - project membership, when a project is configured.
 */
export function conformance(issue: ConformanceIssue, settings: ConformanceSettings): Conformance {
  const track = trackOfTitle(issue.title);
  const gaps: Gap[] = [];
  if (!hasLabel(issue.labels, LABELS.codex)) gaps.push('missing_codex_label');
  if (!hasLabel(issue.labels, trackLabel(track))) gaps.push('missing_track_label');
  if (hasLabel(issue.labels, trackLabel(otherTrack(track)))) gaps.push('wrong_track_label');

  const target = settings.milestones[track];
  if (target) {
    const other = settings.milestones[otherTrack(track)];
    if (issue.milestone === null) gaps.push('missing_milestone');
    else if (!isMilestone(issue.milestone, target) && other && isMilestone(issue.milestone, other))
      gaps.push('wrong_milestone');
  }

  if (settings.project && issue.in_project === false) gaps.push('not_in_project');
  if (settings.project && issue.in_project === undefined) gaps.push('project_unknown');
  return { track, gaps };
}
