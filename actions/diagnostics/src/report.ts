import type { Check } from '@codex-suite/core/checks';
import { table } from '@codex-suite/core/markdown-safe';
import type { RepairRecord } from './repairs.js';

/** The write guard plans (and never makes) every change of a dry run, and only then. */
const isDryRun = (repairs: readonly RepairRecord[]) => repairs.some((r) => r.outcome === 'planned');

/** The one-line summary (output `summary`); its wording comes from the repairs' outcomes. */
export function summaryLine(checks: readonly Check[], repairs: readonly RepairRecord[]): string {
  const failed = checks.filter((c) => !c.ok);
  const count = (outcome: RepairRecord['outcome']) => repairs.filter((r) => r.outcome === outcome).length;
  const repairNote =
    repairs.length === 0
      ? ''
      : isDryRun(repairs)
        ? `; would repair ${count('planned')}`
        : `; repaired ${count('applied')} of ${repairs.length}`;
  return failed.length === 0
    ? `Codex diagnostics: all ${checks.length} checks passed${repairNote}.`
    : `Codex diagnostics: ${failed.length} of ${checks.length} checks failed (${failed
        .map((c) => c.name)
        .join(', ')})${repairNote}.`;
}

/** Markdown for the job summary: every check, then the repairs and what became of them. */
export function reportMarkdown(checks: readonly Check[], repairs: readonly RepairRecord[]): string {
  const parts = [
    table(
      ['check', 'result', 'details'],
      checks.map((c) => [c.name, c.ok ? '✅' : '❌', c.message]),
    ),
  ];
  if (repairs.length > 0) {
    parts.push(
      `### ${isDryRun(repairs) ? 'Repairs (dry run: not made)' : 'Repairs'}\n\n${table(
        ['change', 'target', 'outcome', 'details'],
        repairs.map((r) => [r.kind, r.target, r.outcome, r.error ?? r.description]),
      )}`,
    );
  }
  return parts.join('\n');
}
