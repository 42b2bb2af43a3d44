import type { ActivityThresholds } from '@codex-suite/core/activity/classify';
import { TRACKS, type Track } from '@codex-suite/core/contract';
import { issueLink, markup, mdText, table } from '@codex-suite/core/markdown-safe';
import type { DriftKind, Health, TrackHealth } from './health.js';
import type { Verdict, VerdictThresholds } from './verdict.js';

export interface SupervisorTrackTelemetry extends Omit<TrackHealth, 'drift'> {
  drift: TrackHealth['drift'];
  stale_days: number;
  escalation_days: number;
}

export interface SupervisorTelemetry {
  tracks: Record<Track, SupervisorTrackTelemetry>;
  verdict: Verdict;
  reasons: string[];
  rules: Record<string, number>;
}

function rulesOf(t: VerdictThresholds): Record<string, number> {
  return {
    yellow_stale_percent: t.yellowStalePercent,
    red_stale_percent: t.redStalePercent,
    yellow_escalated_count: t.yellowEscalatedCount,
    red_escalated_count: t.redEscalatedCount,
    yellow_drift_count: t.yellowDriftCount,
    red_drift_count: t.redDriftCount,
  };
}

export function supervisorTelemetry(
  health: Health,
  thresholds: ActivityThresholds,
  rules: VerdictThresholds,
): SupervisorTelemetry {
  const track = (t: Track): SupervisorTrackTelemetry => ({
    ...health.tracks[t],
    stale_days: thresholds[t].staleDays,
    escalation_days: thresholds[t].escalationDays,
  });
  return {
    tracks: { main: track('main'), dashboard: track('dashboard') },
    verdict: health.verdict,
    reasons: health.reasons,
    rules: rulesOf(rules),
  };
}

export function emptySupervisorTelemetry(): SupervisorTelemetry {
  const track: SupervisorTrackTelemetry = {
    open: 0,
    active: 0,
    stale: 0,
    escalated: 0,
    drift: {
      missing_codex_label: 0,
      missing_track_label: 0,
      wrong_track_label: 0,
      missing_milestone: 0,
      wrong_milestone: 0,
      not_in_project: 0,
      issues: 0,
    },
    drifted: [],
    project_unknown: 0,
    oldest_untouched: null,
    verdict: 'green',
    reasons: [],
    stale_days: 14,
    escalation_days: 30,
  };
  return {
    tracks: { main: { ...track }, dashboard: { ...track } },
    verdict: 'green',
    reasons: [],
    rules: {},
  };
}

const ICON: Record<Verdict, string> = { green: '🟢', yellow: '🟡', red: '🔴' };

export function supervisorSummary(health: Health): string {
  const part = (t: Track) => `${t} ${health.tracks[t].verdict} (${health.tracks[t].open} open)`;
  return `Codex supervisor: ${health.verdict}: ${part('main')}, ${part('dashboard')}.`;
}

const DRIFT_COLUMNS: [DriftKind, string][] = [
  ['missing_codex_label', 'no `codex`'],
  ['missing_track_label', 'no track label'],
  ['wrong_track_label', 'wrong track label'],
  ['missing_milestone', 'no milestone'],
  ['wrong_milestone', 'other milestone'],
  ['not_in_project', 'not in project'],
];

/** Most drifted issues listed per track in the job summary; the telemetry has them all. */
const MAX_DRIFT_ROWS = 50;

export function supervisorReport(health: Health, issueUrl: (n: number) => string): string {
  const parts = [
    `**Overall: ${ICON[health.verdict]} ${health.verdict}**\n`,
    table(
      ['track', 'verdict', 'open', 'active', 'stale', 'escalated', 'issues with drift', 'oldest untouched'],
      TRACKS.map((t) => {
        const h = health.tracks[t];
        return [
          t,
          `${ICON[h.verdict]} ${h.verdict}`,
          h.open,
          h.active,
          h.stale,
          h.escalated,
          h.drift.issues,
          h.oldest_untouched
            ? markup(
                `${issueLink(h.oldest_untouched.number, issueUrl(h.oldest_untouched.number))}, ${h.oldest_untouched.days} days`,
              )
            : '—',
        ];
      }),
    ),
  ];
  for (const t of TRACKS) {
    const h = health.tracks[t];
    parts.push(
      `### ${t === 'main' ? 'Main' : 'Dashboard'} track: ${h.verdict}\n\n${h.reasons.map((r) => `- ${mdText(r)}`).join('\n')}\n`,
    );
    if (h.drifted.length > 0) {
      const rows = h.drifted.slice(0, MAX_DRIFT_ROWS).map((d) => [
        issueLink(d.number, issueUrl(d.number)),
        markup(
          DRIFT_COLUMNS.filter(([k]) => d.drift.includes(k))
            .map(([, label]) => label)
            .join(', '),
        ),
      ]);
      parts.push(table(['issue', 'drift left'], rows));
      if (h.drifted.length > MAX_DRIFT_ROWS)
        parts.push(`…and ${h.drifted.length - MAX_DRIFT_ROWS} more (see the telemetry file).\n`);
    }
    if (h.project_unknown > 0) {
      parts.push(
        `${h.project_unknown} open ${h.project_unknown === 1 ? 'issue has' : 'issues have'} no known project membership yet (project-sync records it).\n`,
      );
    }
  }
  return parts.join('\n');
}
