import { runMarker } from '@codex-suite/core/ledger/selftest-entry';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';

export function selftestTitle(runId: string): string {
  return `Codex self-test ${runId}`;
}

export function selftestBody(input: { runId: string; runUrl: string; repository: string; at: Date }): string {
  return [
    runMarker(input.runId),
    `Made by the Codex self-test of run [${input.runId}](${input.runUrl}) on ${input.at.toISOString()} to prove that the pipeline can create and enumerate issues in ${input.repository}.`,
    '',
    'The cleaner retires it after the retention period; no action is needed.',
  ].join('\n');
}

/** The issue this run already filed (a re-run or a retry after a fault), if any. */
export function findRunIssue(issues: readonly ListedIssue[], runId: string): ListedIssue | undefined {
  const marker = runMarker(runId);
  const title = selftestTitle(runId);
  return issues.find((i) => (i.body ?? '').includes(marker) || i.title === title);
}
