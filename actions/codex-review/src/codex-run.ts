import { readFile, stat, writeFile } from 'node:fs/promises';
import { messageOf } from '@codex-suite/core/github/errors';
import { readAsset } from './assets.js';
import { codexChildEnv } from './codex/child-env.js';
import { runCodexExec } from './codex/exec.js';
import { type CodexHome, createCodexHome, removeCodexHome, renderConfigTemplate } from './codex/home.js';
import { type KeyProxy, startKeyProxy } from './codex/proxy.js';
import { modelAnswerSchema } from './codex/review.js';
import type { InstalledReview } from './install-cli.js';
import { failure, type ReviewOutcome } from './outcome.js';
import { redactFiles } from './output-files.js';
import type { ReviewContext, ReviewRun } from './run.js';
import { probeSandbox } from './sandbox.js';
import { verdictOf } from './verdict.js';

/** The variable Codex reads its bearer token from: the proxy's per-run token, never the API key. */
export const PROXY_TOKEN_ENV = 'CODEX_REVIEW_PROXY_TOKEN';

/**
 * Step 5: Codex runs behind the key-holding proxy, in a CODEX_HOME of its own, and its answer
 * becomes the verdict. Proxy and CODEX_HOME are gone (unless kept) when this returns, however
 * far it got.
 */
export async function runCodex(
  ctx: ReviewContext,
  run: ReviewRun,
  input: InstalledReview,
): Promise<ReviewOutcome> {
  const io = ctx.io;
  const proxy = await startKeyProxy({
    upstream: ctx.settings.baseUrl,
    apiKey: run.key,
    log: (m) => io.info(m),
  });
  try {
    const home = await openCodexHome(ctx, proxy);
    try {
      return await review(ctx, run, input, proxy, home);
    } finally {
      if (!ctx.settings.keepCodexHome)
        await removeCodexHome(home).catch((e) =>
          io.warning(`Could not remove ${home.path}: ${messageOf(e)}`),
        );
    }
  } finally {
    await redactFiles([run.files.lastMessage, run.files.events, run.files.stderr], run.redactor);
    await proxy.close();
  }
}

/** A fresh CODEX_HOME whose config sends Codex to the proxy; one from the environment is ignored. */
async function openCodexHome(ctx: ReviewContext, proxy: KeyProxy): Promise<CodexHome> {
  const s = ctx.settings;
  const io = ctx.io;
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
  return home;
}

/** The sandbox check, the Codex run and its verdict. */
async function review(
  ctx: ReviewContext,
  run: ReviewRun,
  input: InstalledReview,
  proxy: KeyProxy,
  home: CodexHome,
): Promise<ReviewOutcome> {
  const { files } = run;
  const s = ctx.settings;
  const io = ctx.io;
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
    return await failure(run, { ...input, facts }, verdict.reason, verdict.message, [home.path]);
  return { kind: 'reviewed', review: verdict.review, pr: input.pull, scope: input.scope, facts };
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (st) => st.isDirectory(),
    () => false,
  );
}
