import type { AttributionRun } from '@codex-suite/core/activity/attribution';
import type { ActivityStatus, ActivityThresholds } from '@codex-suite/core/activity/classify';
import type { ActivityBasis } from '@codex-suite/core/issues/issue-index';
import { TRACKS, type Track } from '@codex-suite/core/contract';
import {
  issueLink,
  STEP_SUMMARY_LIMIT_BYTES,
  table,
  tableWithin,
  title,
} from '@codex-suite/core/markdown-safe';
import type { ClassifiedIssue } from './classify-issues.js';

export interface TrackCounts {
  open: number;
  active: number;
  stale: number;
  escalation: number;
}

export interface MarkingResult {
  /** issues that got (or, in a dry run, would get) a marking label */
  readonly labeled: number[];
  /** issues whose marking label was (or would be) removed */
  readonly unlabeled: number[];
  /** issues that got (or would get) an escalation comment */
  readonly commented: number[];
}

/** Active issues carry only their number and status; stale and escalated ones what the dashboard lists. */
export interface ActivityEntry {
  number: number;
  status: ActivityStatus;
  days_inactive?: number;
  title?: string;
  html_url?: string;
  /** logins, for the dashboard's assignee column and filter */
  assignees?: string[];
  labels?: string[];
  /** ISO time of the last human activity */
  last_human_activity_at?: string;
  /** who acted then (attributed only, and not the issue's creation) */
  last_human_actor?: string;
  /** `attributed`: read from the timeline; `assumed`: `updated_at`, not read yet */
  attribution?: ActivityBasis;
}

/** What the run spent attributing activity to people (docs/activity.md). */
export interface AttributionTelemetry {
  /** issues whose status depended on who acted last */
  candidates: number;
  attributed: number;
  /** carried over to later runs (judged by `updated_at` meanwhile) */
  pending: number;
  timeline_pages: number;
  edit_lookups: number;
  budget: number;
}

export interface ActivityTelemetry {
  main: ActivityEntry[];
  dashboard: ActivityEntry[];
  counts: Record<Track, TrackCounts>;
  thresholds: Record<Track, { stale_days: number; escalation_days: number }>;
  marking: { labels: boolean; comment: boolean } & MarkingResult;
  attribution: AttributionTelemetry;
}

/** A run that read no timeline (nothing depended on it). */
const NO_ATTRIBUTION: AttributionRun = {
  candidates: 0,
  attributed: [],
  pending: [],
  timelinePages: 0,
  editLookups: 0,
  budget: 0,
};

function attributionTelemetry(run: AttributionRun): AttributionTelemetry {
  return {
    candidates: run.candidates,
    attributed: run.attributed.length,
    pending: run.pending.length,
    timeline_pages: run.timelinePages,
    edit_lookups: run.editLookups,
    budget: run.budget,
  };
}

export function countByTrack(issues: readonly ClassifiedIssue[]): Record<Track, TrackCounts> {
  const counts: Record<Track, TrackCounts> = {
    main: { open: 0, active: 0, stale: 0, escalation: 0 },
    dashboard: { open: 0, active: 0, stale: 0, escalation: 0 },
  };
  for (const issue of issues) {
    counts[issue.track].open += 1;
    counts[issue.track][issue.status] += 1;
  }
  return counts;
}

export function activityTelemetry(
  issues: readonly ClassifiedIssue[],
  thresholds: ActivityThresholds,
  marking: ActivityTelemetry['marking'],
  attribution: AttributionRun = NO_ATTRIBUTION,
): ActivityTelemetry {
  const list = (track: Track) =>
    issues
      .filter((i) => i.track === track)
      // The file is published every run and grows with the repository: details only where shown.
      .map(
        (i): ActivityEntry =>
          i.status === 'active'
            ? { number: i.number, status: i.status }
            : {
                number: i.number,
                status: i.status,
                days_inactive: i.daysInactive,
                title: i.title,
                html_url: i.html_url,
                // the issue's own lists, not copies: the record is only written
                assignees: i.assignees as string[],
                labels: i.labels as string[],
                ...(i.lastHumanActivity ? { last_human_activity_at: i.lastHumanActivity } : {}),
                ...(i.lastHumanActor ? { last_human_actor: i.lastHumanActor } : {}),
                attribution: i.basis,
              },
      );
  return {
    main: list('main'),
    dashboard: list('dashboard'),
    counts: countByTrack(issues),
    thresholds: {
      main: { stale_days: thresholds.main.staleDays, escalation_days: thresholds.main.escalationDays },
      dashboard: {
        stale_days: thresholds.dashboard.staleDays,
        escalation_days: thresholds.dashboard.escalationDays,
      },
    },
    marking,
    attribution: attributionTelemetry(attribution),
  };
}

export function emptyActivityTelemetry(): ActivityTelemetry {
  const zero = { open: 0, active: 0, stale: 0, escalation: 0 };
  return {
    main: [],
    dashboard: [],
    counts: { main: { ...zero }, dashboard: { ...zero } },
    thresholds: {
      main: { stale_days: 1, escalation_days: 1 },
      dashboard: { stale_days: 1, escalation_days: 1 },
    },
    marking: { labels: false, comment: false, labeled: [], unlabeled: [], commented: [] },
    attribution: attributionTelemetry(NO_ATTRIBUTION),
  };
}

export function activitySummary(counts: Record<Track, TrackCounts>): string {
  const part = (t: Track) =>
    `${t} ${counts[t].open} open (${counts[t].active} active, ${counts[t].stale} stale, ${counts[t].escalation} escalated)`;
  return `Codex activity: ${part('main')}; ${part('dashboard')}.`;
}

/**
 * The most the report takes of the job summary: GitHub's limit for a step, less room for the
 * stage summary around it (status, problems, settings).
 */
export const REPORT_MAX_BYTES = STEP_SUMMARY_LIMIT_BYTES - 64 * 1024;

/** room kept per section of issues for its heading, the line it ends with and its separator */
const SECTION_RESERVE_BYTES = 512;

/**
 * Job summary: counts per track, then a table of the stale and escalated issues of each track.
 * The tables stop at `maxBytes` (UTF-8): the rows past it are never made, a line says how many
 * issues were left out (the telemetry file has them all).
 */
export function activityReport(
  issues: readonly ClassifiedIssue[],
  thresholds: ActivityThresholds,
  marking: ActivityTelemetry['marking'],
  dryRun: boolean,
  attribution: AttributionRun = NO_ATTRIBUTION,
  maxBytes: number = REPORT_MAX_BYTES,
): string {
  const counts = countByTrack(issues);
  const parts = [
    table(
      ['track', 'open', 'active', 'stale', 'escalation', 'stale after', 'escalation after'],
      TRACKS.map((t) => [
        t,
        counts[t].open,
        counts[t].active,
        counts[t].stale,
        counts[t].escalation,
        `${thresholds[t].staleDays} days`,
        `${thresholds[t].escalationDays} days`,
      ]),
    ),
  ];
  const marks = (n: number): string => {
    const done: string[] = [];
    if (marking.labeled.includes(n)) done.push('labelled');
    if (marking.unlabeled.includes(n)) done.push('unlabelled');
    if (marking.commented.includes(n)) done.push('commented');
    return done.length === 0 ? '' : dryRun ? `would be ${done.join(', ')}` : done.join(', ');
  };
  const closing =
    attribution.candidates > 0
      ? `Attribution: ${attribution.candidates} issue(s) depended on who acted last; ${attribution.attributed.length} read from their timeline (${attribution.timelinePages} timeline page(s), ${attribution.editLookups} editor lookup(s), budget ${attribution.budget}), ${attribution.pending.length} judged by \`updated_at\` until a later run reads them.\n`
      : undefined;
  // what the tables' rows may take: the rest is the counts, the closing line and each section's room
  const budget = {
    bytes:
      maxBytes -
      Buffer.byteLength(parts[0]!, 'utf8') -
      (closing === undefined ? 0 : Buffer.byteLength(closing, 'utf8') + 1) -
      (TRACKS.length + 1) * SECTION_RESERVE_BYTES,
  };
  const section = (
    heading: string,
    headers: string[],
    rows: Iterable<unknown[]>,
    total: number,
    what: string,
  ) => {
    const { text, shown } = tableWithin(headers, rows, budget);
    const left =
      shown < total
        ? `${text === '' ? '' : '\n'}${total - shown} more ${what} not listed here (the job summary is limited to ${STEP_SUMMARY_LIMIT_BYTES / 1024} KiB); the telemetry file has every one.\n`
        : '';
    return `${heading}\n\n${text}${left}`;
  };
  for (const track of TRACKS) {
    const idle = issues
      .filter((i) => i.track === track && i.status !== 'active')
      .sort((a, b) => b.daysInactive - a.daysInactive || a.number - b.number);
    if (idle.length === 0) continue;
    parts.push(
      section(
        `### ${track === 'main' ? 'Main' : 'Dashboard'} track: stale and escalated`,
        [
          'issue',
          'title',
          'status',
          'days without human activity',
          'last human activity',
          'assignees',
          'marking',
        ],
        // A row at a time: the cells of 50,000 rows are never all held.
        rowsOf(idle, (i) => [
          issueLink(i.number, i.html_url),
          title(i.title),
          i.status,
          i.daysInactive,
          describeLastActivity(i),
          i.assignees.map((a) => `@${a}`).join(' '),
          marks(i.number),
        ]),
        idle.length,
        'stale or escalated issue(s)',
      ),
    );
  }
  // Issues that became active again only show up through their removed labels.
  const resumed = issues.filter((i) => i.status === 'active' && marking.unlabeled.includes(i.number));
  if (resumed.length > 0) {
    parts.push(
      section(
        '### Active again',
        ['issue', 'title', 'marking'],
        rowsOf(resumed, (i) => [issueLink(i.number, i.html_url), title(i.title), marks(i.number)]),
        resumed.length,
        'issue(s) active again',
      ),
    );
  }
  if (closing !== undefined) parts.push(closing);
  return parts.join('\n');
}

/** The table rows of `issues`, made one at a time as the table asks for them. */
function* rowsOf(
  issues: readonly ClassifiedIssue[],
  row: (issue: ClassifiedIssue) => unknown[],
): Generator<unknown[]> {
  for (const issue of issues) yield row(issue);
}

/** `2026-10-20 by @alice`, `2026-10-20` (no one to name), or `2026-10-20 (assumed)` before a timeline read. */
function describeLastActivity(
  i: Pick<ClassifiedIssue, 'lastHumanActivity' | 'lastHumanActor' | 'basis'>,
): string {
  const day = i.lastHumanActivity.slice(0, 10);
  if (i.basis === 'assumed') return `${day} (assumed)`;
  return i.lastHumanActor ? `${day} by @${i.lastHumanActor}` : day;
}
