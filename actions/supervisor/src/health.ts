import {
  type ActivityThresholds,
  classifyActivity,
  inactiveDays,
  inactiveMs,
} from '@codex-suite/core/activity/classify';
import { type Gap, type MilestoneRef, conformance } from '@codex-suite/core/conformance';
import { TRACKS, type Track, isExcludedFromManagement, trackOfTitle } from '@codex-suite/core/contract';
import { type ActivityBasis, humanActivityOf, type IndexedIssue } from '@codex-suite/core/issues/issue-index';
import {
  type TrackVerdict,
  type Verdict,
  type VerdictThresholds,
  trackVerdict,
  worstVerdict,
} from './verdict.js';

/** Kinds of drift a managed issue can have left (what project-sync repairs). */
export type DriftKind = Exclude<Gap, 'project_unknown'>;

const DRIFT_KINDS: readonly DriftKind[] = [
  'missing_codex_label',
  'missing_track_label',
  'wrong_track_label',
  'missing_milestone',
  'wrong_milestone',
  'not_in_project',
];

export interface HealthOptions {
  readonly selftestMilestone: string;
  /** the milestone of each track; undefined = not configured, no milestone drift counted */
  readonly milestones: Readonly<Record<Track, string | undefined>>;
  /** whether a project is configured (membership drift counts only then) */
  readonly projectConfigured: boolean;
  readonly thresholds: ActivityThresholds;
  readonly verdict: VerdictThresholds;
  readonly now: Date;
}

/**
 * The drift an issue has left: the gaps of `conformance` (core/conformance.ts), which project-sync
 * repairs, so a repository sync has repaired has none. A wrong track label counts once, not also
 * as a missing one; unknown project membership is counted apart (`project_unknown`).
 */
export function driftOf(issue: IndexedIssue, options: HealthOptions): DriftKind[] {
  const { gaps } = conformance(issue, {
    milestones: {
      main: titled(options.milestones.main),
      dashboard: titled(options.milestones.dashboard),
    },
    project: options.projectConfigured,
  });
  const wrongTrack = gaps.includes('wrong_track_label');
  return DRIFT_KINDS.filter((kind) => gaps.includes(kind) && !(wrongTrack && kind === 'missing_track_label'));
}

function titled(title: string | undefined): MilestoneRef | undefined {
  return title ? { title } : undefined;
}

export interface TrackHealth extends TrackVerdict {
  readonly open: number;
  readonly active: number;
  readonly stale: number;
  readonly escalated: number;
  readonly drift: Record<DriftKind, number> & { readonly issues: number };
  /** issues with drift left, and what each has */
  readonly drifted: { number: number; drift: DriftKind[] }[];
  /** open issues whose project membership the index does not know (project configured) */
  readonly project_unknown: number;
  /** the open issue with the oldest human activity, who acted then (when read from its timeline),
   * and whether that was read (`attributed`) or is `updated_at` (`assumed`) */
  readonly oldest_untouched: { number: number; days: number; by?: string; attribution: ActivityBasis } | null;
}

export interface Health {
  readonly tracks: Record<Track, TrackHealth>;
  readonly verdict: Verdict;
  readonly reasons: string[];
}

function zeroDrift(): Record<DriftKind, number> {
  return Object.fromEntries(DRIFT_KINDS.map((k) => [k, 0])) as Record<DriftKind, number>;
}

/** Health of both tracks from the index: pure, so every figure and verdict is unit-testable. */
export function evaluateHealth(issues: Iterable<IndexedIssue>, options: HealthOptions): Health {
  const byTrack: Record<Track, IndexedIssue[]> = { main: [], dashboard: [] };
  for (const issue of issues) {
    if (issue.state !== 'open' || issue.is_pull_request) continue;
    if (isExcludedFromManagement(issue, options.selftestMilestone)) continue;
    byTrack[trackOfTitle(issue.title)].push(issue);
  }
  const tracks = {} as Record<Track, TrackHealth>;
  for (const track of TRACKS) {
    const list = byTrack[track].sort((a, b) => a.number - b.number);
    const counts = { active: 0, stale: 0, escalation: 0 };
    const drift = zeroDrift();
    const drifted: { number: number; drift: DriftKind[] }[] = [];
    let projectUnknown = 0;
    let oldest: { number: number; idle: number; last: string; by?: string; basis: ActivityBasis } | undefined;
    for (const issue of list) {
      const human = humanActivityOf(issue);
      const last = human.at;
      counts[classifyActivity(last, options.now, options.thresholds[track])] += 1;
      const idle = inactiveMs(last, options.now);
      if (!oldest || idle > oldest.idle)
        oldest = {
          number: issue.number,
          idle,
          last,
          ...(human.by ? { by: human.by } : {}),
          basis: human.basis,
        };
      const kinds = driftOf(issue, options);
      for (const k of kinds) drift[k] += 1;
      if (kinds.length > 0) drifted.push({ number: issue.number, drift: kinds });
      if (options.projectConfigured && issue.in_project === undefined) projectUnknown += 1;
    }
    const verdict = trackVerdict(
      {
        open: list.length,
        idle: counts.stale + counts.escalation,
        escalated: counts.escalation,
        drifted: drifted.length,
        driftDetail: describeDrift(drift),
        staleDays: options.thresholds[track].staleDays,
        escalationDays: options.thresholds[track].escalationDays,
      },
      options.verdict,
    );
    tracks[track] = {
      ...verdict,
      open: list.length,
      active: counts.active,
      stale: counts.stale,
      escalated: counts.escalation,
      drift: { ...drift, issues: drifted.length },
      drifted,
      project_unknown: projectUnknown,
      oldest_untouched: oldest
        ? {
            number: oldest.number,
            days: inactiveDays(oldest.last, options.now),
            ...(oldest.by ? { by: oldest.by } : {}),
            attribution: oldest.basis,
          }
        : null,
    };
  }
  const verdict = worstVerdict(TRACKS.map((t) => tracks[t].verdict));
  const reasons = TRACKS.flatMap((t) =>
    tracks[t].verdict === 'green' ? [] : tracks[t].reasons.map((r) => `${t}: ${r}`),
  );
  return { tracks, verdict, reasons: reasons.length > 0 ? reasons : ['both tracks are green'] };
}

const DRIFT_TEXT: Record<DriftKind, string> = {
  missing_codex_label: 'without the codex label',
  missing_track_label: 'without a track label',
  wrong_track_label: "with the other track's label",
  missing_milestone: 'without the track milestone',
  wrong_milestone: "in the other track's milestone",
  not_in_project: 'not in the project',
};

/** `2 without the codex label, 1 not in the project` */
export function describeDrift(drift: Readonly<Record<DriftKind, number>>): string {
  return DRIFT_KINDS.filter((k) => drift[k] > 0)
    .map((k) => `${drift[k]} ${DRIFT_TEXT[k]}`)
    .join(', ');
}
