import {
  LABELS,
  hasLabel,
  isPullRequest,
  labelNames,
  milestoneTitle,
  sameName,
} from '@codex-suite/core/contract';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';

const DAY_MS = 86_400_000;

export interface RetentionSettings {
  /** the self-test milestone (`Codex Internal` by default) */
  readonly milestone: string;
  /** newest eligible issues always kept */
  readonly retain: number;
  /** eligible issues beyond the kept ones are retired when older than this */
  readonly maxAgeDays: number;
  readonly now: Date;
}

export interface RetentionPlan {
  /** issues to retire, oldest first */
  readonly retire: readonly ListedIssue[];
  /** eligible issues kept because they are among the newest `retain` */
  readonly retained: readonly number[];
  /** eligible issues kept because they are not old enough */
  readonly young: readonly number[];
  /** listed issues the cleaner must not touch, with why */
  readonly ignored: readonly { readonly number: number; readonly reason: string }[];
}

/**
 * The contract's one rule for what the cleaner may touch: an open issue (not a pull request)
 * that carries `codex-selftest` AND sits in the self-test milestone, compared case-insensitively.
 * Applied again locally whatever the list endpoint was asked for.
 */
export function whyNotEligible(issue: ListedIssue, milestone: string): string | undefined {
  if (isPullRequest(issue)) return 'pull request';
  if (issue.state !== undefined && issue.state !== 'open') return 'not open';
  if (!hasLabel(labelNames(issue), LABELS.selftest)) return `no ${LABELS.selftest} label`;
  const title = milestoneTitle(issue);
  if (title === null || !sameName(title, milestone)) return `not in milestone '${milestone}'`;
  if (!Number.isFinite(Date.parse(issue.created_at))) return 'no valid created_at';
  return undefined;
}

/** Newest first: by created_at, then by number. */
function newestFirst(a: ListedIssue, b: ListedIssue): number {
  return Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number;
}

/**
 * Keeps the newest `retain` eligible issues and retires the other eligible ones older than
 * `maxAgeDays`. Pure: the same input always gives the same plan.
 */
export function planRetention(issues: readonly ListedIssue[], settings: RetentionSettings): RetentionPlan {
  const ignored: { number: number; reason: string }[] = [];
  const eligible: ListedIssue[] = [];
  const seen = new Set<number>();
  for (const issue of issues) {
    if (seen.has(issue.number)) continue; // a page boundary that moved can repeat an issue
    seen.add(issue.number);
    const reason = whyNotEligible(issue, settings.milestone);
    if (reason) ignored.push({ number: issue.number, reason });
    else eligible.push(issue);
  }
  eligible.sort(newestFirst);
  const kept = eligible.slice(0, settings.retain);
  const rest = eligible.slice(settings.retain);
  const cutoff = settings.now.getTime() - settings.maxAgeDays * DAY_MS;
  const retire = rest.filter((i) => Date.parse(i.created_at) < cutoff).reverse();
  const young = rest.filter((i) => Date.parse(i.created_at) >= cutoff).map((i) => i.number);
  return { retire, retained: kept.map((i) => i.number), young, ignored };
}
