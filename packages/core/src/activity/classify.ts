import type { Track } from '../contract.js';

/** How long an open track issue has gone without human activity. */
export type ActivityStatus = 'active' | 'stale' | 'escalation';

export interface TrackThresholds {
  readonly staleDays: number;
  readonly escalationDays: number;
}

export type ActivityThresholds = Readonly<Record<Track, TrackThresholds>>;

/** The day-threshold settings every stage that judges activity reads (repositorySettings keys). */
export interface ActivityDaySettings {
  readonly mainStaleDays: number;
  readonly mainEscalationDays: number;
  readonly dashboardStaleDays: number;
  readonly dashboardEscalationDays: number;
}

const DAY_MS = 86_400_000;

export function thresholdsOf(settings: ActivityDaySettings): ActivityThresholds {
  return {
    main: { staleDays: settings.mainStaleDays, escalationDays: settings.mainEscalationDays },
    dashboard: { staleDays: settings.dashboardStaleDays, escalationDays: settings.dashboardEscalationDays },
  };
}

/** Milliseconds between the last human activity and now (0 when the timestamp is in the future or unreadable). */
export function inactiveMs(lastHumanActivity: string, now: Date): number {
  const at = Date.parse(lastHumanActivity);
  if (Number.isNaN(at)) return 0;
  return Math.max(0, now.getTime() - at);
}

/** Whole days without human activity (rounded down). */
export function inactiveDays(lastHumanActivity: string, now: Date): number {
  return Math.floor(inactiveMs(lastHumanActivity, now) / DAY_MS);
}

/**
 * `stale` once `staleDays` full days have passed since the last human activity, `escalation` once
 * `escalationDays` have; the edge itself counts (exactly 14 × 24 h with 14 stale days is stale).
 */
export function classifyActivity(
  lastHumanActivity: string,
  now: Date,
  thresholds: TrackThresholds,
): ActivityStatus {
  const idle = inactiveMs(lastHumanActivity, now);
  if (idle >= thresholds.escalationDays * DAY_MS) return 'escalation';
  if (idle >= thresholds.staleDays * DAY_MS) return 'stale';
  return 'active';
}
