import { mdText, table, title } from '@codex-suite/core/markdown-safe';
import type { IntegrityFinding } from '@codex-suite/core/issues/integrity';
import type { AppliedRow } from './apply.js';
import type { Corrections } from './plan.js';

export interface ReportInput {
  readonly dryRun: boolean;
  readonly mode: 'full' | 'incremental';
  readonly fullReason?: string;
  readonly listed: number;
  readonly open: number;
  readonly managed: number;
  readonly corrections: Corrections;
  readonly rows: readonly AppliedRow[];
  readonly disabled: readonly string[];
  readonly malformed: readonly IntegrityFinding[];
  readonly projectListed: boolean;
}

const MAX_ROWS = 200;

/** The one-line summary (output `summary`). */
export function summaryLine(input: ReportInput): string {
  const touched = input.rows.filter((r) => r.changes.length > 0).length;
  const c = input.corrections;
  const verb = input.dryRun ? 'would correct' : 'corrected';
  const parts = [
    `Project sync ${verb} ${touched} of ${input.managed} managed issue(s)`,
    `(codex label ${c.codex_label}, main ${c.track_main}, dashboard ${c.track_dashboard}, milestone ${c.milestone}, project ${c.project_adjustments})`,
    `${input.mode} pass over ${input.listed} listed`,
  ];
  const pending = input.rows.filter((r) => ['deferred', 'failed', 'partial'].includes(r.outcome)).length;
  if (pending > 0) parts.push(`${pending} not finished`);
  if (input.malformed.length > 0)
    parts.push(`${new Set(input.malformed.map((m) => m.number)).size} malformed`);
  if (input.disabled.length > 0) parts.push(`${input.disabled.length} repair(s) disabled`);
  return `${parts.slice(0, 2).join(' ')}; ${parts.slice(2).join('; ')}.`;
}

/** Markdown for the job summary: what changed (or would), disabled repairs, malformed issues. */
export function reportMarkdown(input: ReportInput): string {
  const out: string[] = [];
  out.push(
    `Issue index: **${input.mode}** pass${input.fullReason ? ` (${mdText(input.fullReason)})` : ''}; ` +
      `${input.listed} issue(s) listed, ${input.open} open issue(s) indexed, ${input.managed} managed` +
      `${input.projectListed ? '; project items listed' : ''}.\n`,
  );
  const rows = input.rows.filter((r) => r.planned.length > 0);
  if (rows.length === 0) {
    out.push('Every managed issue is in order: nothing to change.\n');
  } else {
    out.push(`### ${input.dryRun ? 'Would change (dry run)' : 'Changes'}\n`);
    out.push(
      table(
        ['issue', 'title', input.dryRun ? 'would change' : 'changed', 'outcome', 'note'],
        rows
          .slice(0, MAX_ROWS)
          .map((r) => [
            `#${r.number}`,
            title(r.title),
            (r.changes.length > 0 ? r.changes : r.planned).join(', '),
            r.outcome,
            r.note ?? '',
          ]),
      ),
    );
    if (rows.length > MAX_ROWS) out.push(`…and ${rows.length - MAX_ROWS} more (see the telemetry file).\n`);
  }
  if (input.disabled.length > 0) {
    out.push('### Disabled repairs\n');
    out.push(`${input.disabled.map((d) => `- ${mdText(d)}`).join('\n')}\n`);
  }
  if (input.malformed.length > 0) {
    out.push('### Malformed issues\n');
    out.push(
      table(
        ['issue', 'reason'],
        input.malformed.slice(0, MAX_ROWS).map((m) => [`#${m.number}`, m.reason]),
      ),
    );
  }
  return out.join('\n');
}
