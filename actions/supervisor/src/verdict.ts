/** A track's health: green (fine), yellow (needs attention), red (needs action). */
export type Verdict = 'green' | 'yellow' | 'red';
const VERDICT_ORDER: readonly Verdict[] = ['green', 'yellow', 'red'];

/** The verdict rules' thresholds; 0 turns a rule off. */
export interface VerdictThresholds {
  readonly yellowStalePercent: number;
  readonly redStalePercent: number;
  readonly yellowEscalatedCount: number;
  readonly redEscalatedCount: number;
  readonly yellowDriftCount: number;
  readonly redDriftCount: number;
}

/** What the verdict of one track is computed from. */
export interface TrackFigures {
  readonly open: number;
  /** stale + escalated: open issues without human activity for at least the stale days */
  readonly idle: number;
  readonly escalated: number;
  /** open issues with at least one kind of drift left */
  readonly drifted: number;
  /** what the drift is, e.g. `2 without the codex label` (shown in the reason) */
  readonly driftDetail?: string;
  readonly staleDays: number;
  readonly escalationDays: number;
}

export interface TrackVerdict {
  readonly verdict: Verdict;
  /** why, one sentence per rule that fired (red first); for green, what was checked */
  readonly reasons: string[];
}

/**
 * The verdict rule. Each of three rules can fire at yellow or red:
 * - stale share: `idle / open` at or above the percentage (integer arithmetic, no rounding);
 * - escalated: `escalated` at or above the count;
 * - drift: `drifted` at or above the count.
 * Red when any red rule fires, otherwise yellow when any yellow rule fires, otherwise green.
 * A threshold of 0 never fires. A track without open issues is green.
 */
export function trackVerdict(f: TrackFigures, t: VerdictThresholds): TrackVerdict {
  const red: string[] = [];
  const yellow: string[] = [];
  const percent = f.open === 0 ? 0 : Math.round((f.idle * 100) / f.open);

  const staleAtLeast = (p: number) => p > 0 && f.open > 0 && f.idle * 100 >= p * f.open;
  const staleText = (level: string, p: number) =>
    `${f.idle} of ${f.open} open issues (${percent}%) have had no human activity for ${f.staleDays}+ days (${level} at ${p}%)`;
  if (staleAtLeast(t.redStalePercent)) red.push(staleText('red', t.redStalePercent));
  else if (staleAtLeast(t.yellowStalePercent)) yellow.push(staleText('yellow', t.yellowStalePercent));

  const atLeast = (value: number, threshold: number) => threshold > 0 && value >= threshold;
  const escalatedText = (level: string, n: number) =>
    `${f.escalated} ${f.escalated === 1 ? 'issue is' : 'issues are'} escalated: no human activity for ${f.escalationDays}+ days (${level} at ${n})`;
  if (atLeast(f.escalated, t.redEscalatedCount)) red.push(escalatedText('red', t.redEscalatedCount));
  else if (atLeast(f.escalated, t.yellowEscalatedCount))
    yellow.push(escalatedText('yellow', t.yellowEscalatedCount));

  const driftText = (level: string, n: number) =>
    `${f.drifted} ${f.drifted === 1 ? 'issue has' : 'issues have'} drift left${f.driftDetail ? ` (${f.driftDetail})` : ''}; ${level} at ${n}`;
  if (atLeast(f.drifted, t.redDriftCount)) red.push(driftText('red', t.redDriftCount));
  else if (atLeast(f.drifted, t.yellowDriftCount)) yellow.push(driftText('yellow', t.yellowDriftCount));

  if (red.length > 0) return { verdict: 'red', reasons: [...red, ...yellow] };
  if (yellow.length > 0) return { verdict: 'yellow', reasons: yellow };
  if (f.open === 0) return { verdict: 'green', reasons: ['no open issues'] };
  return {
    verdict: 'green',
    reasons: [
      `${f.open} open ${f.open === 1 ? 'issue' : 'issues'}: ${f.idle} stale (${percent}%), ${f.escalated} escalated, ${f.drifted} with drift; no threshold reached`,
    ],
  };
}

/** The worse of several verdicts (green when there are none). */
export function worstVerdict(verdicts: Iterable<Verdict>): Verdict {
  let worst: Verdict = 'green';
  for (const v of verdicts) if (VERDICT_ORDER.indexOf(v) > VERDICT_ORDER.indexOf(worst)) worst = v;
  return worst;
}
