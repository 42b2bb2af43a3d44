import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { messageOf } from '@codex-suite/core/github/errors';
import { readAsset } from './assets.js';
import { codexChildEnv } from './codex/child-env.js';
import { runCodexExec } from './codex/exec.js';
import { createCodexHome, removeCodexHome, renderConfigTemplate } from './codex/home.js';
import { actionsTarballCache, type CodexInstallation, installCodex } from './codex/install.js';
import { startKeyProxy } from './codex/proxy.js';
import { modelAnswerSchema } from './codex/review.js';
import { type FailReason, end, proceed, type ReviewOutcome, type Step } from './outcome.js';
import { listFolders, redactFiles } from './output-files.js';
import type { PreparedReview } from './prepare.js';
import type { ReviewContext, ReviewRun } from './run.js';
import { probeSandbox } from './sandbox.js';
import { verdictOf } from './verdict.js';

/** The variable Codex reads its bearer token from: the proxy's per-run token, never the API key. */
export const PROXY_TOKEN_ENV = 'CODEX_REVIEW_PROXY_TOKEN';

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
    return end(await failed(run, prepared, 'install', message));
  }
}

export async function removeInstallation(ctx: ReviewContext, installation: CodexInstallation): Promise<void> {
  await installation
    .remove()
    .catch((e) => ctx.io.warning(`Could not remove ${installation.dir}: ${messageOf(e)}`));
}

/**
 * Step 5: Codex runs behind the key-holding proxy, in a CODEX_HOME of its own, and its answer
 * becomes the verdict. Proxy and CODEX_HOME are gone (unless kept) when this returns.
 */
export async function runCodex(
  ctx: ReviewContext,
  run: ReviewRun,
  input: InstalledReview,
): Promise<ReviewOutcome> {
  const { files } = run;
  const s = ctx.settings;
  const io = ctx.io;
  const proxy = await startKeyProxy({ upstream: s.baseUrl, apiKey: run.key, log: (m) => io.info(m) });
  const home = await createCodexHome(
    ctx.runner.runnerTemp,
    renderConfigTemplate(await readAsset('config.template.toml'), {
      model: s.model,
      proxy_base_url: proxy.baseUrl,
      env_key: PROXY_TOKEN_ENV,
    }),
  );
  io.info(
    `CODEX_HOME for this run: ${home.path} (fresh, mode 0700${s.keepCodexHome ? ', kept after the run' : ', removed after the run'})`,
  );
  if (io.getEnv('CODEX_HOME'))
    io.info(`Ignoring CODEX_HOME from the environment (${io.getEnv('CODEX_HOME')}): every run gets its own.`);
  try {
    const workspace =
      ctx.runner.workspace && (await isDir(ctx.runner.workspace)) ? ctx.runner.workspace : files.dir;
    const env = codexChildEnv(process.env, run.secrets, {
      CODEX_HOME: home.path,
      [PROXY_TOKEN_ENV]: proxy.clientToken,
    });
    const sandbox = await probeSandbox({ entry: input.installation.entry, env, cwd: workspace });
    if (sandbox.state === 'unavailable') {
      // The review still runs on the diff; the stage says what is missing and how to fix it.
      ctx.report({ code: 'sandbox_unavailable', message: sandbox.message });
      io.warning(sandbox.message, { title: 'Codex review: sandbox unavailable' });
    } else if (sandbox.state === 'not_checked') io.info(sandbox.message);
    await writeFile(files.outputSchema, `${JSON.stringify(modelAnswerSchema, null, 2)}\n`);
    io.info(
      `Running Codex CLI ${input.installation.version} (${s.model}) on #${input.pull.number}, timeout ${s.timeoutSeconds} s`,
    );
    const result = await runCodexExec({
      entry: input.installation.entry,
      prompt: input.prompt,
      cwd: workspace,
      env,
      lastMessageFile: files.lastMessage,
      eventsFile: files.events,
      stderrFile: files.stderr,
      timeoutMs: s.timeoutSeconds * 1000,
      extraArgs: ['--output-schema', files.outputSchema],
    });
    io.info(
      `Codex finished in ${result.durationMs} ms: exit ${result.exitCode ?? result.signal}; proxy saw ${proxy.stats.requests} request(s), last: ${proxy.stats.last ?? 'none'}`,
    );
    const facts = {
      ...input.facts,
      sandbox: sandbox.state,
      codex_exit_code: result.exitCode,
      codex_timed_out: result.timedOut,
    };
    const verdict = verdictOf(result, await readFile(files.lastMessage, 'utf8').catch(() => ''), proxy.stats);
    if (!verdict.ok)
      return await failed(run, { ...input, facts }, verdict.reason, verdict.message, [home.path]);
    return { kind: 'reviewed', review: verdict.review, pr: input.pull, scope: input.scope, facts };
  } finally {
    await redactFiles([files.lastMessage, files.events, files.stderr], run.redactor);
    await proxy.close();
    if (!s.keepCodexHome)
      await removeCodexHome(home).catch((e) => io.warning(`Could not remove ${home.path}: ${messageOf(e)}`));
  }
}

/** A failure after the key check, with the folders listed while they still exist. */
async function failed(
  run: ReviewRun,
  at: PreparedReview,
  reason: FailReason,
  message: string,
  extraDirs: readonly string[] = [],
): Promise<ReviewOutcome> {
  const listing = await listFolders([run.files.dir, ...extraDirs]);
  return { kind: 'failed', reason, message, pr: at.pull, listing, facts: at.facts };
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (st) => st.isDirectory(),
    () => false,
  );
}
