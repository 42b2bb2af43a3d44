import { join } from 'node:path';
import { messageOf } from '@codex-suite/core/github/errors';
import { actionsTarballCache, type CodexInstallation, installCodex } from './codex/install.js';
import { end, failure, proceed, type Step } from './outcome.js';
import type { PreparedReview } from './prepare.js';
import type { ReviewContext, ReviewRun } from './run.js';

export interface InstalledReview extends PreparedReview {
  readonly installation: CodexInstallation;
}

/** Step 4: the pinned CLI, verified and extracted for this run (the caller removes it). */
export async function installCli(
  ctx: ReviewContext,
  run: ReviewRun,
  prepared: PreparedReview,
): Promise<Step<InstalledReview>> {
  const version = ctx.settings.codexVersion;
  try {
    const toolCache = ctx.io.getEnv('RUNNER_TOOL_CACHE') || join(ctx.runner.runnerTemp, 'tool-cache');
    const log = (m: string) => ctx.io.info(m);
    const installation = await installCodex({
      version,
      toolCache,
      runDir: ctx.runner.runnerTemp,
      log,
      cache: actionsTarballCache(process.env, log),
    });
    return proceed({
      ...prepared,
      installation,
      facts: { ...prepared.facts, codex_install: installation.source },
    });
  } catch (error) {
    const message = `The Codex CLI ${version} could not be installed: ${messageOf(error)}`;
    return end(await failure(run, prepared, 'install', message));
  }
}

export async function removeInstallation(ctx: ReviewContext, installation: CodexInstallation): Promise<void> {
  await installation
    .remove()
    .catch((e) => ctx.io.warning(`Could not remove ${installation.dir}: ${messageOf(e)}`));
}
