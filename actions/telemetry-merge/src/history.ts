import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import { historyPointSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst } from '@codex-suite/core/telemetry/validate';

type Verdict = 'green' | 'yellow' | 'red';
type Status = 'ok' | 'degraded' | 'error' | 'skipped';
interface TrackPoint {
  open: number;
  stale: number;
  escalated: number;
}

/** One entry of dashboard.json `history` (schema: historyPointSchema). */
export interface HistoryPoint {
  at: string;
  run: string;
  stages: Record<DashboardKey, Status | null>;
  sync: { corrections: number; malformed: number } | null;
  activity: { main: TrackPoint; dashboard: TrackPoint } | null;
  supervisor: {
    verdict: Verdict;
    main: Verdict | null;
    dashboard: Verdict | null;
    /** issues with drift left per track (points merged before it was recorded lack it) */
    drift?: { main: number; dashboard: number };
  } | null;
  cleaner: { closed: number; pruned: number } | null;
}

type Latest = Readonly<Record<DashboardKey, Record<string, unknown> | null>>;

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const num = (v: unknown): number =>
  typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : 0;
const len = (v: unknown): number => (Array.isArray(v) ? v.length : 0);
const verdictOf = (v: unknown): Verdict | null => (v === 'green' || v === 'yellow' || v === 'red' ? v : null);

/** A record whose stage did its work; a skipped or failed run has no numbers worth a trend. */
const ran = (record: Record<string, unknown> | null): record is Record<string, unknown> =>
  record !== null && (record.status === 'ok' || record.status === 'degraded');

function trackPoint(activity: Record<string, unknown>, track: 'main' | 'dashboard'): TrackPoint {
  const counts = obj(obj(activity.counts)[track]);
  if (Object.keys(counts).length > 0) {
    return { open: num(counts.open), stale: num(counts.stale), escalated: num(counts.escalation) };
  }
  // Older activity files have only the lists.
  const list = Array.isArray(activity[track]) ? (activity[track] as unknown[]) : [];
  const of = (status: string) => list.filter((i) => obj(i).status === status).length;
  return { open: list.length, stale: of('stale'), escalated: of('escalation') };
}

/** The trend numbers of one merge, from the latest record of each component. */
export function historyPoint(at: string, run: string, latest: Latest): HistoryPoint {
  const stages = Object.fromEntries(
    DASHBOARD_KEYS.map((k) => [k, (latest[k]?.status as Status | undefined) ?? null]),
  ) as Record<DashboardKey, Status | null>;
  const { sync, activity, supervisor, cleaner } = latest;
  return {
    at,
    run,
    stages,
    sync: ran(sync)
      ? {
          corrections: Object.values(obj(sync.corrections)).reduce<number>((n, v) => n + num(v), 0),
          malformed: len(obj(sync.integrity).malformed),
        }
      : null,
    activity: ran(activity)
      ? { main: trackPoint(activity, 'main'), dashboard: trackPoint(activity, 'dashboard') }
      : null,
    supervisor:
      ran(supervisor) && verdictOf(supervisor.verdict)
        ? {
            verdict: verdictOf(supervisor.verdict)!,
            main: verdictOf(obj(obj(supervisor.tracks).main).verdict),
            dashboard: verdictOf(obj(obj(supervisor.tracks).dashboard).verdict),
            drift: {
              main: num(obj(obj(obj(supervisor.tracks).main).drift).issues),
              dashboard: num(obj(obj(obj(supervisor.tracks).dashboard).drift).issues),
            },
          }
        : null,
    cleaner: ran(cleaner)
      ? {
          closed: len(cleaner.issues_closed) + len(cleaner.issues_deleted),
          pruned: num(cleaner.telemetry_pruned_count),
        }
      : null,
  };
}

/**
 * The previous history plus this point, oldest first, at most `limit` points. Points that do not
 * match the schema are dropped (counted); a re-run of the same merge replaces its own point.
 */
export function extendHistory(
  previous: readonly unknown[],
  point: HistoryPoint,
  limit: number,
): { history: HistoryPoint[]; dropped: number } {
  const kept = previous.filter(
    (p): p is HistoryPoint =>
      validateAgainst(historyPointSchema, p).valid && (p as HistoryPoint).run !== point.run,
  );
  const dropped = previous.filter((p) => !validateAgainst(historyPointSchema, p).valid).length;
  const history = [...kept, point].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { history: history.slice(Math.max(0, history.length - limit)), dropped };
}
