import type { ActivityStatus } from '@codex-suite/core/activity/classify';
import { sameName } from '@codex-suite/core/contract';
import type { ClassifiedIssue } from './classify-issues.js';

/** Labels the stage adds when marking is on; the rest of an issue's labels is never touched. */
const MARK_LABELS = { stale: 'codex-stale', escalation: 'codex-escalation' } as const;

/** The hidden marker of an escalation comment: one per period of inactivity (`since` = its last human activity). */
export function escalationMarker(since: string): string {
  return `<!-- codex-activity:escalation since=${since} -->`;
}

export function hasEscalationMarker(body: string | null | undefined, since: string): boolean {
  return (body ?? '').includes(escalationMarker(since));
}

export function escalationCommentBody(issue: ClassifiedIssue, escalationDays: number): string {
  const mentions = issue.assignees.map((login) => `@${login}`).join(' ');
  const who = mentions ? `${mentions}: this` : 'This';
  return [
    escalationMarker(issue.lastHumanActivity),
    `${who} ${issue.track}-track issue has had no human activity for ${issue.daysInactive} days (escalation after ${escalationDays} days)${lastActivityNote(issue)}.`,
    'Please post an update, hand it over, or close it if it is no longer needed. This comment is made once; any human activity resets the clock.',
  ].join('\n\n');
}

/** GitHub logins: letters, digits and single hyphens; anything else is not written into a comment. */
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;

/** `; the last was by alice on 2026-10-20` (no @, so the comment does not notify them). */
function lastActivityNote(issue: ClassifiedIssue): string {
  if (issue.basis !== 'attributed' || !issue.lastHumanActor || !LOGIN.test(issue.lastHumanActor)) return '';
  return `; the last was by ${issue.lastHumanActor} on ${issue.lastHumanActivity.slice(0, 10)}`;
}

/** The marking labels an issue should carry for a status. */
function wantedMarks(status: ActivityStatus): string[] {
  if (status === 'stale') return [MARK_LABELS.stale];
  if (status === 'escalation') return [MARK_LABELS.escalation];
  return [];
}

/** Remembered escalation comments: issue number → the `since` of the period it was made for. */
export type NotifiedEscalations = Readonly<
  Record<string, { readonly since: string; readonly commented_at: string }>
>;

export interface IssueMarking {
  readonly issue: ClassifiedIssue;
  /** the full label list to PATCH, or undefined when the labels stay as they are */
  readonly labels?: string[];
  readonly added: string[];
  readonly removed: string[];
  /** an escalation comment is due (unless an earlier one with the marker is found) */
  readonly comment: boolean;
}

/**
 * What marking changes each issue needs: the label list (one PATCH, other labels kept in their
 * order and spelling) and whether an escalation comment is due — only when the issue is escalated
 * and no comment was remembered for its current period of inactivity.
 */
export function planMarking(
  issues: readonly ClassifiedIssue[],
  options: { markLabels: boolean; escalationComment: boolean; notified: NotifiedEscalations },
): IssueMarking[] {
  const plan: IssueMarking[] = [];
  for (const issue of issues) {
    let labels: string[] | undefined;
    let added: string[] = [];
    let removed: string[] = [];
    if (options.markLabels && issue.labelsTrusted) {
      const wanted = wantedMarks(issue.status);
      const marks = Object.values(MARK_LABELS) as string[];
      removed = issue.labels.filter(
        (l) => marks.some((m) => sameName(l, m)) && !wanted.some((w) => sameName(l, w)),
      );
      added = wanted.filter((w) => !issue.labels.some((l) => sameName(l, w)));
      if (added.length > 0 || removed.length > 0) {
        labels = [...issue.labels.filter((l) => !removed.includes(l)), ...added];
      }
    }
    const comment =
      options.escalationComment &&
      issue.status === 'escalation' &&
      options.notified[String(issue.number)]?.since !== issue.lastHumanActivity;
    if (labels || comment)
      plan.push(labels ? { issue, labels, added, removed, comment } : { issue, added, removed, comment });
  }
  return plan;
}

/**
 * The remembered comments to keep: those of issues still escalated in the same period. An issue
 * that became active again (or closed) is forgotten, so its next escalation gets a new comment.
 */
export function keepNotified(
  notified: NotifiedEscalations,
  issues: readonly ClassifiedIssue[],
): Record<string, { since: string; commented_at: string }> {
  const kept: Record<string, { since: string; commented_at: string }> = {};
  for (const issue of issues) {
    const entry = notified[String(issue.number)];
    if (issue.status === 'escalation' && entry && entry.since === issue.lastHumanActivity) {
      kept[String(issue.number)] = { ...entry };
    }
  }
  return kept;
}
