import type { Check } from '@codex-suite/core/checks';
import { defineStage } from '@codex-suite/core/stage';
import { applyRepairs } from './apply.js';
import { planDiagnostics } from './plan.js';
import { type RepairRecord, settleChecks } from './repairs.js';
import { reportMarkdown, summaryLine } from './report.js';
import { settings } from './settings.js';
import { readSnapshot } from './snapshot.js';

export { settings } from './settings.js';

export interface DiagnosticsTelemetry {
  checks: Check[];
  repairs: RepairRecord[];
  failed_checks: number;
  /** whether the token could read the repository variables (null: not tried) */
  variables_readable: boolean | null;
  /** whether GitHub Pages is on for the repository (null: not known) */
  pages_enabled: boolean | null;
  /** where GitHub Pages serves (or, once enabled, will serve) the dashboard; null when unknown */
  dashboard_url: string | null;
}

const empty: DiagnosticsTelemetry = {
  checks: [],
  repairs: [],
  failed_checks: 0,
  variables_readable: null,
  pages_enabled: null,
  dashboard_url: null,
};

export const stage = defineStage({
  id: 'diagnostics',
  component: 'diagnostics',
  name: 'Codex diagnostics',
  description:
    'Validates configuration: variables, labels, milestones, project and pages-branch layout; can repair.',
  branding: { icon: 'activity', color: 'red' },
  settings,
  outputs: {
    'failed-checks': 'Number of checks that failed (after any repair).',
    'dashboard-url':
      'Where GitHub Pages serves (or, once enabled, will serve) the dashboard; empty when unknown.',
  },
  emptyTelemetry: empty,
  async run(ctx) {
    // 1. Snapshot: everything read once. 2. Plan (pure): checks and repairs.
    const snapshot = await readSnapshot(ctx);
    const plan = planDiagnostics(snapshot, ctx.settings, {
      repo: ctx.repo,
      repository: ctx.repository,
      serverUrl: ctx.runner.serverUrl,
    });
    // 3. Apply the repairs through the write guard; the checks then read as their outcomes say.
    const repairs = await applyRepairs(ctx, plan.repairs);
    const checks = settleChecks(plan.checks, plan.repairs, repairs);

    // 4. Report.
    const failed = checks.filter((c) => !c.ok);
    for (const c of failed) {
      ctx.io.warning(c.message, { title: `Codex diagnostics: ${c.name}` });
      // A degraded run names its causes in the structured errors, as every stage does.
      ctx.report({ code: 'check_failed', message: `${c.name}: ${c.message}` });
    }
    const telemetry: DiagnosticsTelemetry = {
      checks,
      repairs,
      failed_checks: failed.length,
      variables_readable: plan.variablesReadable,
      pages_enabled: plan.pagesEnabled,
      dashboard_url: plan.dashboardUrl,
    };
    return {
      status: failed.length === 0 && repairs.every((r) => r.outcome !== 'failed') ? 'ok' : 'degraded',
      summary: summaryLine(checks, repairs),
      report: reportMarkdown(checks, repairs),
      telemetry,
      outputs: { 'failed-checks': String(failed.length), 'dashboard-url': plan.dashboardUrl ?? '' },
    };
  },
});
