import { code, table } from '@codex-suite/core/markdown-safe';
import { DASHBOARD_KEYS, type DashboardKey } from '@codex-suite/core/stages';
import type { ChosenFile } from './collect.js';
import type { InvalidFile } from './telemetry-files.js';

export function mergeReport(input: {
  chosen: Readonly<Record<DashboardKey, ChosenFile | null>>;
  invalid: readonly InvalidFile[];
  historyPoints: number;
  published: number;
  branch: string;
  previewDir: string | null;
  dryRun: boolean;
}): string {
  const rows = DASHBOARD_KEYS.map((k) => {
    const c = input.chosen[k];
    return c
      ? [k, c.record.status, c.record.finished_at, code(c.file), c.origin]
      : [k, '—', '—', 'no telemetry yet', '—'];
  });
  const parts = [table(['dashboard key', 'status', 'finished', 'file', 'from'], rows)];
  if (input.invalid.length > 0) {
    parts.push(
      `**Skipped files (${input.invalid.length})**\n\n` +
        table(
          ['file', 'reason'],
          input.invalid.map((f) => [code(f.path), f.reason]),
        ),
    );
  }
  parts.push(`History: ${input.historyPoints} point(s).`);
  if (input.previewDir) {
    parts.push(
      `${input.dryRun ? 'Dry run: nothing published. ' : ''}The would-be dashboard is in ${code(input.previewDir)}.`,
    );
  } else {
    parts.push(`Published ${input.published} file(s) to ${code(input.branch)} in one commit.`);
  }
  return `${parts.join('\n')}\n`;
}
