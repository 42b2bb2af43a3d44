import { defineStage } from '@codex-suite/core/stage';
import { runCodex } from './codex-run.js';
import { CODEX_PINS, pinnedVersions } from './codex/pins.js';
import { finishReview } from './finish.js';
import { installCli, removeInstallation } from './install-cli.js';
import type { PullRequestInfo } from './guards.js';
import { checkKey } from './key-check.js';
import type { ReviewOutcome } from './outcome.js';
import { prepareReview } from './prepare.js';
import { openRun, type ReviewContext, type ReviewRun } from './run.js';
import { settings } from './settings.js';
import { chooseTarget } from './target.js';
import { emptyTelemetry } from './telemetry.js';

export const stage = defineStage({
  id: 'codex-review',
  component: 'codex-review',
  name: 'Codex review',
  description: 'Advisory pull-request review by the Codex CLI; never blocks CI.',
  branding: { icon: 'eye', color: 'blue' },
  settings,
  outputs: {
    'review-status':
      'Status written into review.json: `ok`, `skipped` or `failed` (decided by the stage from what happened, never by the model).',
    'review-json': 'Path of review.json (always written).',
    'review-md': 'Path of review.md (always written).',
    'output-dir': 'Folder with review.md, review.json and the Codex logs.',
    'findings-count': 'Number of findings in the review.',
    preflight:
      'Result of the API key preflight (`ok`, `missing_key`, `invalid_key`, `quota`, `rate_limited`, `upstream`, `unreachable`), empty when it did not run.',
  },
  emptyTelemetry,
  validate: (s) =>
    CODEX_PINS[s.codexVersion]
      ? []
      : [
          `codex-version "${s.codexVersion}" is not pinned by this release (pinned: ${pinnedVersions().join(', ')}): only a CLI whose tarball integrity the suite knows is run.`,
        ],
  async run(ctx) {
    const run = await openRun(ctx);
    return finishReview(ctx, run, await review(ctx, run));
  },
});

/**
 * The steps in order, each given what the one before found; the first that ends the run decides
 * its outcome. A throw ends it as an error, with the pull request known by then.
 */
async function review(ctx: ReviewContext, run: ReviewRun): Promise<ReviewOutcome> {
  let pull: PullRequestInfo | null = null;
  try {
    const target = await chooseTarget(ctx, run);
    if ('final' in target) return target.final;
    pull = target.continue;
    const key = await checkKey(ctx, run, pull);
    if ('final' in key) return key.final;
    const prepared = await prepareReview(ctx, run, pull, key.continue);
    const installed = await installCli(ctx, run, prepared);
    if ('final' in installed) return installed.final;
    try {
      return await runCodex(ctx, run, installed.continue);
    } finally {
      await removeInstallation(ctx, installed.continue.installation);
    }
  } catch (error) {
    return { kind: 'error', error, pr: pull };
  }
}
