import { isPullRequest } from '@codex-suite/core/contract';
import type { SelftestEntry } from '@codex-suite/core/ledger/selftest-entry';
import { selftestOwnershipFailure, type SelftestOwnership } from '@codex-suite/core/ledger/selftest-proof';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';

const DAY_MS = 86_400_000;

export interface RetentionSettings extends SelftestOwnership {
  /** newest proven issues always kept */
  readonly retain: number;
  /** proven issues beyond the kept ones are retired when older than this */
  readonly maxAgeDays: number;
  readonly now: Date;
}

/** What the cleaner read before planning: the listed issues and what it knows about each. */
export interface RetentionSnapshot {
  readonly issues: readonly ListedIssue[];
  /** the suite's ledger entries, by issue number (absent: no entry, or one that could not be read) */
  readonly ledger: ReadonlyMap<number, SelftestEntry>;
  /** authors of every comment, for the issues whose comments were read */
  readonly commentAuthors: ReadonlyMap<number, readonly string[]>;
}

export interface Suspect {
  readonly number: number;
  readonly reason: string;
}

export interface RetentionPlan {
  /** issues to retire, oldest first, each with the ledger entry that proves it is the suite's */
  readonly retire: readonly { readonly issue: ListedIssue; readonly entry: SelftestEntry }[];
  /** proven issues kept because they are among the newest `retain` */
  readonly retained: readonly number[];
  /** proven issues kept because they are not old enough */
  readonly young: readonly number[];
  /** listed items that are not self-test issues at all (pull requests, closed issues) */
  readonly ignored: readonly Suspect[];
  /** issues that look like the suite's but fail the proof, or that a person took up: left alone, reported */
  readonly suspects: readonly Suspect[];
  /** proven issues dated in the future: they count as created now */
  readonly futureDated: readonly number[];
  /** ledger entries to re-record with `clamped_at` (first sighting of a future date) */
  readonly clamp: readonly SelftestEntry[];
}

/** Whether the issue's comments must be read before it may be retired. */
export function hasComments(issue: ListedIssue): boolean {
  return issue.comments !== 0;
}

function humanEngagement(
  issue: ListedIssue,
  entry: SelftestEntry,
  commentAuthors: ReadonlyMap<number, readonly string[]>,
): string | undefined {
  if (!hasComments(issue)) return undefined;
  const authors = commentAuthors.get(issue.number);
  if (!authors) return 'its comments could not be read';
  const others = [...new Set(authors.filter((a) => a !== entry.author))];
  return others.length > 0 ? `commented on by ${others.join(', ')}` : undefined;
}

function whyNotSelftest(issue: ListedIssue): string | undefined {
  if (isPullRequest(issue)) return 'pull request';
  if (issue.state !== undefined && issue.state !== 'open') return 'not open';
  if (!Number.isFinite(Date.parse(issue.created_at))) return 'no valid created_at';
  return undefined;
}

/**
 * Keeps the newest `retain` proven issues and retires the other proven ones older than
 * `maxAgeDays`. Only an issue the ledger proves the suite made, that no person has taken up, is
 * ever a candidate. A date in the future counts as now (or as the moment first seen, once
 * recorded). Pure: the same snapshot always gives the same plan.
 */
export function planRetention(snapshot: RetentionSnapshot, settings: RetentionSettings): RetentionPlan {
  const now = settings.now.getTime();
  const ignored: Suspect[] = [];
  const suspects: Suspect[] = [];
  const futureDated: number[] = [];
  const clamp: SelftestEntry[] = [];
  const proven: { issue: ListedIssue; entry: SelftestEntry; at: number }[] = [];
  const seen = new Set<number>();
  for (const issue of snapshot.issues) {
    if (seen.has(issue.number)) continue; // a page boundary that moved can repeat an issue
    seen.add(issue.number);
    const notSelftest = whyNotSelftest(issue);
    if (notSelftest) {
      ignored.push({ number: issue.number, reason: notSelftest });
      continue;
    }
    const entry = snapshot.ledger.get(issue.number);
    const failure =
      selftestOwnershipFailure(issue, entry, settings) ??
      humanEngagement(issue, entry!, snapshot.commentAuthors);
    if (failure) {
      suspects.push({ number: issue.number, reason: failure });
      continue;
    }
    let at = Date.parse(issue.created_at);
    if (at > now) {
      futureDated.push(issue.number);
      const anchor = entry!.clamped_at ? Date.parse(entry!.clamped_at) : now;
      if (!entry!.clamped_at) clamp.push({ ...entry!, clamped_at: settings.now.toISOString() });
      at = Math.min(anchor, now);
    }
    proven.push({ issue, entry: entry!, at });
  }
  proven.sort((a, b) => b.at - a.at || b.issue.number - a.issue.number);
  const kept = proven.slice(0, settings.retain);
  const rest = proven.slice(settings.retain);
  const cutoff = now - settings.maxAgeDays * DAY_MS;
  const retire = rest
    .filter((p) => p.at < cutoff)
    .reverse()
    .map(({ issue, entry }) => ({ issue, entry }));
  const young = rest.filter((p) => p.at >= cutoff).map((p) => p.issue.number);
  return { retire, retained: kept.map((p) => p.issue.number), young, ignored, suspects, futureDated, clamp };
}
