import { runPreflight } from './codex/preflight.js';
import type { PullRequestInfo } from './guards.js';
import { end, proceed, type RunFacts, type Step } from './outcome.js';
import type { ReviewContext, ReviewRun } from './run.js';

const PREFLIGHT_TIMEOUT_MS = 10_000;

/** Step 2: one cheap request with the key, so a bad key or an empty quota is named, not guessed. */
export async function checkKey(
  ctx: ReviewContext,
  run: ReviewRun,
  pull: PullRequestInfo,
): Promise<Step<RunFacts>> {
  const s = ctx.settings;
  const preflight = await runPreflight({
    baseUrl: s.baseUrl,
    apiKey: run.key,
    timeoutMs: PREFLIGHT_TIMEOUT_MS,
  });
  ctx.io.info(
    `Preflight GET ${s.baseUrl.replace(/\/+$/, '')}/v1/models: ${preflight.result} — ${preflight.message}`,
  );
  if (preflight.result === 'ok') return proceed({ preflight: 'ok' });
  return end({
    kind: 'not_run',
    preflight: preflight.result,
    message: preflight.message,
    pr: pull,
    facts: { preflight: preflight.result },
  });
}
