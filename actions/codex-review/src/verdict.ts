import type { CodexExecResult } from './codex/exec.js';
import type { ProxyStats } from './codex/proxy.js';
import { parseReviewOutput, type Review } from './codex/review.js';

export type CodexVerdict =
  | { readonly ok: true; readonly review: Review }
  | {
      readonly ok: false;
      readonly reason: 'timeout' | 'codex_failed' | 'invalid_output';
      readonly message: string;
    };

/**
 * What a Codex run amounts to. The stage decides from the exit and the answer's fit to the
 * schema, never from what the model says about itself; a failure names the last API answer when
 * the API was at fault.
 */
export function verdictOf(
  result: Pick<CodexExecResult, 'timedOut' | 'exitCode' | 'failure'>,
  answer: string,
  proxy: Pick<ProxyStats, 'upstreamErrors' | 'last'>,
): CodexVerdict {
  const upstream = proxy.upstreamErrors > 0 && proxy.last ? ` (last API answer: ${proxy.last})` : '';
  if (result.timedOut) return { ok: false, reason: 'timeout', message: `${result.failure}${upstream}` };
  if (result.exitCode !== 0)
    return { ok: false, reason: 'codex_failed', message: `Codex failed: ${result.failure}${upstream}` };
  const parsed = parseReviewOutput(answer);
  if (!parsed.ok) return { ok: false, reason: 'invalid_output', message: parsed.reason };
  return { ok: true, review: parsed.review };
}
