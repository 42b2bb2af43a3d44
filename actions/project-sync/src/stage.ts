import { describeSetting } from '@codex-suite/core/config';
import { repositorySettings } from '@codex-suite/core/settings';
import { mergeFindings } from '@codex-suite/core/issues/integrity';
import {
  type IssueIndex,
  indexedIssues,
  loadIssueIndex,
  recordProjectItemsAdded,
  recordProjectListing,
  saveIssueIndex,
} from '@codex-suite/core/issues/issue-index';
import { formatProjectRef, type ProjectRef } from '@codex-suite/core/project-ref';
import { listMilestones } from '@codex-suite/core/repo-lookups';
import { defineStage } from '@codex-suite/core/stage';
import type { ChangeRecord } from '@codex-suite/core/write-guard';
import { applyPlans } from './apply.js';
import { addsLabel, countCorrections, type PlanConfig, planSync } from './plan.js';
import { reportMarkdown, summaryLine } from './report.js';
import { settings } from './settings.js';
import {
  listLabelSpelling,
  listProjectItems,
  missingRequiredLabels,
  projectError,
  resolveMilestones,
} from './snapshot.js';

export { settings } from './settings.js';

const emptyTelemetry = {
  corrections: { codex_label: 0, track_main: 0, track_dashboard: 0, milestone: 0, project_adjustments: 0 },
  details: [] as { number: number; changes: string[] }[],
  integrity: { malformed: [] as { number: number; reason: string }[] },
};

export const stage = defineStage({
  id: 'project-sync',
  component: 'sync',
  name: 'Codex project sync',
  description:
    'Repairs human-made issues: codex label, track label, milestone and Projects (v2) membership; reports malformed issues.',
  branding: { icon: 'refresh-cw', color: 'blue' },
  settings,
  emptyTelemetry,
  async run(ctx) {
    const s = ctx.settings;
    const warnings: string[] = [];
    const disabled: string[] = [];

    // 1. Snapshot: milestones once, the issue index, the project's items once (the labels only
    // when a repair adds one, below).
    const milestones = await listMilestones(ctx.github, ctx.repo);
    const resolved = resolveMilestones(milestones, {
      main: s.mainMilestone,
      dashboard: s.dashboardMilestone,
    });
    disabled.push(...resolved.disabled);
    warnings.push(...resolved.warnings);
    for (const error of resolved.errors) ctx.report(error);

    const loaded = await loadIssueIndex(ctx, {
      fullScan: s.fullScan,
      maxAgeHours: s.indexMaxAgeHours,
      knownMilestones: milestones,
    });
    const index = loaded.index;
    if (loaded.unidentified > 0)
      warnings.push(`${loaded.unidentified} listed element(s) had no usable issue number and were skipped.`);

    let project: ProjectRef | undefined = s.project;
    let projectListed = false;
    if (!project) {
      disabled.push(`project membership: ${describeSetting(repositorySettings.project)} is not set`);
    } else if (needsProjectListing(index, loaded.mode, project, s.selftestMilestone)) {
      try {
        const items = await listProjectItems(ctx.github, project);
        projectListed = true;
        recordProjectListing(index, formatProjectRef(project), items);
      } catch (error) {
        ctx.report(projectError(error, project));
        disabled.push(`project membership: project ${formatProjectRef(project)} could not be read`);
        project = undefined;
      }
    }

    // 2. Plan (pure). An added label takes the repository's spelling of it: the labels are read
    // (one page) only when the plan adds one, and the plan is made again with them. A run with
    // nothing to add does not need them (diagnostics checks that the contract's labels exist).
    let config: PlanConfig = {
      selftestMilestone: s.selftestMilestone,
      milestones: resolved.targets,
      project: project !== undefined,
    };
    let plan = planSync(indexedIssues(index), config);
    if (plan.plans.some(addsLabel)) {
      const labelSpelling = await listLabelSpelling(ctx.github, ctx.repo);
      const missingLabels = missingRequiredLabels(labelSpelling);
      if (missingLabels.length > 0)
        warnings.push(
          `Labels missing from the repository (GitHub creates them on first use without colours; diagnostics with repair creates them properly): ${missingLabels.join(', ')}.`,
        );
      config = { ...config, labelSpelling };
      plan = planSync(indexedIssues(index), config);
    }

    // 3. Apply, serially, through the write guard; then keep the index for the next run.
    const applied = await applyPlans(ctx, index, plan.plans, config, project);
    // Counted from what the guard applied: a planned addition (dry run) added nothing.
    if (project) recordProjectItemsAdded(index, ctx.writes.records.filter(isAppliedProjectAdd).length);
    await saveIssueIndex(ctx, index);

    // 4. Report.
    const details = applied.rows
      .filter((r) => r.changes.length > 0)
      .map((r) => ({ number: r.number, changes: [...r.changes] }));
    const corrections = countCorrections(details);
    const malformed = mergeFindings(loaded.malformed, applied.findings);
    const reportInput = {
      dryRun: ctx.writes.dryRun,
      mode: loaded.mode,
      ...(loaded.fullReason ? { fullReason: loaded.fullReason } : {}),
      listed: loaded.listed,
      open: Object.keys(index.issues).length,
      managed: plan.managed,
      corrections,
      rows: applied.rows,
      disabled,
      malformed,
      projectListed,
    };
    for (const line of disabled) ctx.io.warning(`Repair disabled: ${line}`);
    for (const line of warnings) ctx.io.warning(line);

    return {
      summary: summaryLine(reportInput),
      report: reportMarkdown(reportInput),
      telemetry: {
        corrections,
        details,
        integrity: { malformed, unidentified: loaded.unidentified },
        mode: loaded.mode,
        ...(loaded.fullReason ? { full_scan_reason: loaded.fullReason } : {}),
        issues_scanned: loaded.listed,
        list_pages: loaded.pages,
        issues_open: Object.keys(index.issues).length,
        managed: plan.managed,
        // Self-test issues (label codex-selftest) never enter the issue index, so only the
        // issues excluded by their milestone are counted here.
        excluded: { selftest_milestone: plan.excluded.selftest_milestone },
        disabled_repairs: disabled,
        project_items_listed: projectListed,
        pending: applied.rows
          .filter((r) => ['deferred', 'failed', 'partial'].includes(r.outcome))
          .map((r) => r.number),
        warnings: [...ctx.settingWarnings, ...disabled.map((d) => `repair disabled: ${d}`), ...warnings],
      },
    };
  },
});

/**
 * Whether the project's items must be listed this run. Always on a full pass, for a new project
 * or when the index never listed it. On an incremental pass with issues of unknown membership
 * (new since the last run) listing is chosen only when it takes fewer requests than adding those
 * issues directly — adding an item that is already there returns the existing item.
 */
function needsProjectListing(
  index: IssueIndex,
  mode: 'full' | 'incremental',
  project: ProjectRef,
  selftestMilestone: string,
): boolean {
  if (mode === 'full' || index.project !== formatProjectRef(project) || index.project_items === undefined)
    return true;
  const unknown = planSync(
    indexedIssues(index).filter((i) => i.in_project === undefined),
    { selftestMilestone, milestones: {}, project: true },
  ).managed;
  if (unknown === 0) return false;
  return Math.max(1, Math.ceil(index.project_items / 100)) <= unknown;
}

function isAppliedProjectAdd(change: ChangeRecord): boolean {
  return change.kind === 'project.item.add' && change.outcome === 'applied';
}
