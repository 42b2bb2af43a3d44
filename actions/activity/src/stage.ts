import { type ActivityThresholds, thresholdsOf } from '@codex-suite/core/activity/classify';
import { loadIssueIndex, saveIssueIndex } from '@codex-suite/core/issues/issue-index';
import { defineStage, type StageContext } from '@codex-suite/core/stage';
import { applyMarking } from './apply.js';
import { attributeManagedIssues } from './attribute.js';
import { classifyIssues, managedOpenIssues } from './classify-issues.js';
import { keepNotified, planMarking } from './marking.js';
import {
  type ActivityTelemetry,
  activityReport,
  activitySummary,
  activityTelemetry,
  emptyActivityTelemetry,
} from './report.js';
import { settings } from './settings.js';
import {
  ACTIVITY_STATE_PATH,
  type ActivityState,
  emptyActivityState,
  readActivityState,
  sameActivityState,
  serializeActivityState,
} from './state.js';

export { settings } from './settings.js';

/**
 * Loads the index, reads who acted last where it matters, classifies, marks and saves the index.
 * The index is held only here: what the rest of the run needs of it is in the classified issues,
 * so its 50,000 entries are let go before the telemetry and the report are made.
 */
async function markIssues(ctx: StageContext<typeof settings>, thresholds: ActivityThresholds, now: Date) {
  const s = ctx.settings;
  const { index } = await loadIssueIndex(ctx);
  // Who acted last, read where it decides an issue's status (reads only; docs/activity.md).
  const attribution = await attributeManagedIssues(
    ctx,
    index,
    managedOpenIssues(Object.values(index.issues), s.selftestMilestone),
    thresholds,
    { budget: s.activityReadBudget, ignoreActors: s.activityIgnoreActors },
  );
  const issues = classifyIssues(Object.values(index.issues), {
    selftestMilestone: s.selftestMilestone,
    thresholds,
    now,
  });
  // The memory of escalation comments is read only when comments are on.
  const state: ActivityState = s.escalationComment
    ? await readActivityState(ctx.pages)
    : emptyActivityState();
  const plan = planMarking(issues, {
    markLabels: s.markLabels,
    escalationComment: s.escalationComment,
    notified: state.escalation_comments,
  });
  const applied = await applyMarking(ctx, index, plan, (issue) => thresholds[issue.track].escalationDays);
  // The suite's own marking is recorded in the index, so it never reads as human activity;
  // attributions are kept so the next run reads only what is new.
  if (applied.edited > 0 || attribution.attributed.length > 0) await saveIssueIndex(ctx, index);
  return { issues, attribution, applied, state };
}

export const stage = defineStage({
  id: 'activity',
  component: 'activity',
  name: 'Codex activity',
  description: 'Classifies every open track issue as active, stale or escalation from day thresholds.',
  branding: { icon: 'clock', color: 'yellow' },
  settings,
  emptyTelemetry: emptyActivityTelemetry(),
  async run(ctx) {
    const s = ctx.settings;
    const thresholds = thresholdsOf(s);
    const now = ctx.now();

    const { issues, attribution, applied, state } = await markIssues(ctx, thresholds, now);
    if (s.escalationComment) {
      const next: ActivityState = {
        version: 1,
        escalation_comments: keepNotified({ ...state.escalation_comments, ...applied.notified }, issues),
      };
      if (!sameActivityState(state, next)) {
        const result = await ctx.writes.apply(
          {
            kind: 'pages.commit',
            target: `${ctx.pages.branch}:${ACTIVITY_STATE_PATH}`,
            description: `save ${Object.keys(next.escalation_comments).length} escalation comment record(s) to ${ctx.pages.branch}/${ACTIVITY_STATE_PATH}`,
          },
          ({ pages }) =>
            pages.commit({ [ACTIVITY_STATE_PATH]: serializeActivityState(next) }, 'state: activity'),
        );
        if (result.outcome === 'failed')
          ctx.io.warning(`Could not save the activity state: ${result.error.message}`);
      }
    }

    const marking: ActivityTelemetry['marking'] = {
      labels: s.markLabels,
      comment: s.escalationComment,
      labeled: applied.labeled,
      unlabeled: applied.unlabeled,
      commented: applied.commented,
    };
    const telemetry = activityTelemetry(issues, thresholds, marking, attribution);
    return {
      summary: activitySummary(telemetry.counts),
      report: activityReport(issues, thresholds, marking, ctx.writes.dryRun, attribution),
      telemetry,
      outputs: {
        stale: String(telemetry.counts.main.stale + telemetry.counts.dashboard.stale),
        escalated: String(telemetry.counts.main.escalation + telemetry.counts.dashboard.escalation),
      },
    };
  },
  outputs: {
    stale: 'Open track issues that are stale (both tracks).',
    escalated: 'Open track issues that are escalated (both tracks).',
  },
});
