import { isAbsolute, relative } from 'node:path';
import type { PreviewResult, StagePreview } from './run.js';

/** A path as a person wants to read it: relative inside the current folder, absolute outside. */
export function shownPath(path: string): string {
  const rel = relative('.', path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

/** The one line a stage gets as it finishes. */
export function stageLine(stage: StagePreview): string {
  return `${stage.id}: ${stage.status}, ${stage.changes.length} change(s) it would make`;
}

/** What `npm run preview` prints after the run: each stage, its summary and what it would change. */
export function previewLines(result: PreviewResult, shownPerStage = 20): string[] {
  const lines: string[] = [];
  for (const stage of result.stages) {
    lines.push('', `${stage.id} (${stage.status}): ${stage.summary}`);
    const shown = stage.changes.slice(0, shownPerStage);
    for (const change of shown) lines.push(`  would ${change.description}`);
    if (stage.changes.length > shown.length)
      lines.push(`  … and ${stage.changes.length - shown.length} more (see ${shownPath(stage.logFile)})`);
    if (stage.changes.length === 0) lines.push('  nothing to change');
  }
  lines.push('', `reports: ${shownPath(result.reportFile)}`);
  return lines;
}
