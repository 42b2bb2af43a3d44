import type { Resolution } from './config.js';
import type { StageError } from './github/errors.js';
import { mdText, table } from './markdown-safe.js';
import type { SettingDefs } from './settings.js';
import type { StageStatus } from './telemetry/schemas/common.js';

const STATUS_ICON: Record<StageStatus, string> = { ok: '✅', degraded: '⚠️', error: '❌', skipped: '⏭️' };

export function renderStageSummary(input: {
  stage: { name: string };
  status: StageStatus;
  summary: string;
  report: string | undefined;
  errors: readonly StageError[];
  record: Record<string, unknown>;
  resolution: Resolution<SettingDefs>;
}): string {
  const { stage, status, summary, report, errors, record, resolution } = input;
  const api = record.api as {
    requests: number;
    reads?: number;
    writes?: number;
    not_modified?: number;
    rate_limit_remaining: number | null;
  };
  const changes = record.changes as { applied: number; planned: number; deferred: number; failed: number };
  const parts = [
    `## ${STATUS_ICON[status]} ${stage.name}: ${status}${record.dry_run ? ' (dry run)' : ''}\n`,
    `${mdText(summary)}\n`,
  ];
  if (report) parts.push(`${report}\n`);
  if (errors.length > 0)
    parts.push(
      `### Problems\n\n${table(
        ['code', 'message'],
        errors.map((e) => [e.code, e.message]),
      )}`,
    );
  parts.push(
    `<sub>Changes: ${changes.applied} applied, ${changes.planned} planned, ${changes.deferred} deferred, ${changes.failed} failed. ` +
      `API: ${api.requests} requests (${api.reads ?? 0} reads, ${api.writes ?? 0} writes, ${api.not_modified ?? 0} not modified), ` +
      `rate limit remaining ${api.rate_limit_remaining ?? 'unknown'}.</sub>\n`,
  );
  const settingRows = resolution.entries.map((e) => [e.def.input, e.display, e.source]);
  parts.push(
    `<details><summary>Settings</summary>\n\n${table(['setting', 'value', 'source'], settingRows)}\n</details>\n`,
  );
  return parts.join('\n');
}
