import { thresholdsOf } from '@codex-suite/core/activity/classify';
import { sameName } from '@codex-suite/core/contract';
import { type IndexedIssue, type IssueIndex, loadIssueIndex } from '@codex-suite/core/issues/issue-index';
import { formatProjectRef } from '@codex-suite/core/project-ref';
import { defineStage } from '@codex-suite/core/stage';
import { evaluateHealth } from './health.js';
import {
  emptySupervisorTelemetry,
  supervisorReport,
  supervisorSummary,
  supervisorTelemetry,
} from './report.js';
import { settings } from './settings.js';
import type { VerdictThresholds } from './verdict.js';

export { settings } from './settings.js';

/**
 * The index's `in_project` answers for the project it was recorded against; after the configured
 * project changes, membership is unknown until project-sync records it again.
 */
export function issuesForProject(index: IssueIndex, project: string | undefined): IndexedIssue[] {
  const issues = Object.values(index.issues);
  if (project === undefined || index.project === undefined || sameName(index.project, project)) return issues;
  return issues.map(({ in_project: _unknown, ...issue }) => issue);
}

export const stage = defineStage({
  id: 'supervisor',
  component: 'supervisor',
  name: 'Codex supervisor',
  description:
    'Judges the health of each track: drift left, stale and escalated work, a green/yellow/red verdict with reasons.',
  branding: { icon: 'activity', color: 'orange' },
  settings,
  emptyTelemetry: emptySupervisorTelemetry(),
  outputs: {
    verdict: 'Overall verdict: `green`, `yellow` or `red` (the worse of the two tracks).',
  },
  async run(ctx) {
    const s = ctx.settings;
    const rules = verdictRules(s);
    const thresholds = thresholdsOf(s);
    const project = s.project ? formatProjectRef(s.project) : undefined;

    // Read-only: the index is loaded (incrementally) but never saved by this stage.
    const { index } = await loadIssueIndex(ctx);
    const health = evaluateHealth(issuesForProject(index, project), {
      selftestMilestone: s.selftestMilestone,
      milestones: { main: s.mainMilestone, dashboard: s.dashboardMilestone },
      projectConfigured: project !== undefined,
      thresholds,
      verdict: rules,
      now: ctx.now(),
    });
    const issueUrl = (n: number) =>
      index.issues[String(n)]?.html_url || `${ctx.runner.serverUrl}/${ctx.repository}/issues/${n}`;
    return {
      summary: supervisorSummary(health),
      report: supervisorReport(health, issueUrl),
      telemetry: supervisorTelemetry(health, thresholds, rules),
      outputs: { verdict: health.verdict },
    };
  },
});

function verdictRules(s: {
  yellowStalePercent: number;
  redStalePercent: number;
  yellowEscalatedCount: number;
  redEscalatedCount: number;
  yellowDriftCount: number;
  redDriftCount: number;
}): VerdictThresholds {
  return {
    yellowStalePercent: s.yellowStalePercent,
    redStalePercent: s.redStalePercent,
    yellowEscalatedCount: s.yellowEscalatedCount,
    redEscalatedCount: s.redEscalatedCount,
    yellowDriftCount: s.yellowDriftCount,
    redDriftCount: s.redDriftCount,
  };
}
