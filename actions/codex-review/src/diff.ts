import type { StageContext } from '@codex-suite/core/stage';

/** Large enough for a real review, small enough to stay a single command-line argument (128 KiB). */
export const MAX_DIFF_BYTES = 60_000;

export interface DiffContext {
  readonly text: string;
  readonly totalBytes: number;
  readonly truncated: boolean;
  /** files in the whole diff */
  readonly files: number;
}

/**
 * Cuts a unified diff to `maxBytes` at a line boundary and says what was left out, so the model
 * knows its view is partial instead of reviewing half a hunk as if it were the change.
 */
export function truncateDiff(diff: string, maxBytes = MAX_DIFF_BYTES): DiffContext {
  const totalBytes = Buffer.byteLength(diff, 'utf8');
  const files = (diff.match(/^diff --git /gm) ?? []).length;
  if (totalBytes <= maxBytes) return { text: diff, totalBytes, truncated: false, files };
  let cut = Buffer.from(diff, 'utf8').subarray(0, maxBytes).toString('utf8');
  // A multi-byte character cut in half decodes as U+FFFD: drop it with the partial line.
  const lastNewline = cut.lastIndexOf('\n');
  cut = lastNewline > 0 ? cut.slice(0, lastNewline + 1) : cut.replace(/\uFFFD$/, '');
  const shownFiles = (cut.match(/^diff --git /gm) ?? []).length;
  const note = `\n[diff truncated: showing ${Buffer.byteLength(cut, 'utf8')} of ${totalBytes} bytes; ${files - shownFiles + 1} of ${files} file(s) are cut or missing. Review what is shown; do not guess about the rest.]\n`;
  return { text: cut + note, totalBytes, truncated: true, files };
}

/** The pull request's unified diff (`Accept: application/vnd.github.diff`). */
export async function fetchPullDiff(ctx: StageContext, pullNumber: number): Promise<string> {
  const response = await ctx.github.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    owner: ctx.repo.owner,
    repo: ctx.repo.repo,
    pull_number: pullNumber,
    headers: { accept: 'application/vnd.github.diff' },
  });
  const data = response.data as unknown;
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  throw new Error(`GitHub did not answer the diff of #${pullNumber} as text.`);
}
