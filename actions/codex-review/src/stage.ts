import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import type { ActionIO } from '@codex-suite/core/action-io';
import { codexChildEnv } from './codex/child-env.js';
import { runCodexExec } from './codex/exec.js';
import { createCodexHome, listFolder, removeCodexHome, renderConfigTemplate } from './codex/home.js';
import { actionsTarballCache, type CodexInstallation, installCodex } from './codex/install.js';
import { CODEX_PINS, pinnedVersions } from './codex/pins.js';
import { type PreflightClass, runPreflight } from './codex/preflight.js';
import { startKeyProxy } from './codex/proxy.js';
import { modelAnswerSchema, parseReviewOutput, type Review, validateReview } from './codex/review.js';
import { messageOf } from '@codex-suite/core/github/errors';
import { resolveTokenIdentity, type TokenIdentity } from '@codex-suite/core/github/identity';
import { defineStage, type StageContext, type StageOutcome, type StageStatus } from '@codex-suite/core/stage';
import { table } from '@codex-suite/core/markdown-safe';
import { annotate, planAnnotations } from './annotations.js';
import { readAsset } from './assets.js';
import { type CommentOutcome, upsertStickyComment } from './comment.js';
import { type DiffContext, fetchPullDiff, truncateDiff } from './diff.js';
import { type DiffScope, diffScope, inScope } from './diff-scope.js';
import { decideGuard, type PullRequestInfo, pullRequestInfo } from './guards.js';
import { buildPrompt } from './prompt.js';
import { placeholderReview, preflightTitle, renderComment, renderReviewMarkdown } from './render.js';
import { probeSandbox, type SandboxCheck } from './sandbox.js';
import { environmentSecrets, SecretRedactor } from './secrets.js';
import { settings } from './settings.js';

/** The variable Codex reads its bearer token from: the proxy's per-run token, never the API key. */
export const PROXY_TOKEN_ENV = 'CODEX_REVIEW_PROXY_TOKEN';
const PREFLIGHT_TIMEOUT_MS = 10_000;

type SkipReason =
  | 'not_a_pull_request'
  | 'fork'
  | 'missing_key'
  | 'preflight'
  | 'install'
  | 'codex_failed'
  | 'timeout'
  | 'invalid_output'
  | 'internal';

export interface CodexReviewTelemetry {
  pull_request: number | null;
  preflight: PreflightClass | null;
  review_status: Review['status'];
  skip_reason: SkipReason | null;
  findings_count: number;
  findings_by_severity: { high: number; medium: number; low: number };
  codex_version: string;
  model: string;
  codex_exit_code: number | null;
  codex_timed_out: boolean;
  codex_install: CodexInstallation['source'] | null;
  diff_bytes: number;
  diff_truncated: boolean;
  comment: CommentOutcome | 'disabled' | 'none';
  /** the login the comment is written (and recognised) as; null when not resolved */
  comment_identity: string | null;
  annotations: number;
  /** findings whose file or line is not in the diff: listed, never annotated */
  findings_outside_diff: number;
  /** whether Codex's sandbox could start (null: Codex did not run) */
  sandbox: SandboxCheck['state'] | null;
  /** review fields in which a secret of the run was redacted or that were withheld for one */
  secrets_redacted: number;
  duration_ms: number;
  output_dir: string;
}

const emptyTelemetry: CodexReviewTelemetry = {
  pull_request: null,
  preflight: null,
  review_status: 'skipped',
  skip_reason: null,
  findings_count: 0,
  findings_by_severity: { high: 0, medium: 0, low: 0 },
  codex_version: '',
  model: '',
  codex_exit_code: null,
  codex_timed_out: false,
  codex_install: null,
  diff_bytes: 0,
  diff_truncated: false,
  comment: 'none',
  comment_identity: null,
  annotations: 0,
  findings_outside_diff: 0,
  sandbox: null,
  secrets_redacted: 0,
  duration_ms: 0,
  output_dir: '',
};

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
  run: (ctx) => runReview(ctx),
});

interface Files {
  readonly dir: string;
  readonly json: string;
  readonly md: string;
  readonly lastMessage: string;
  readonly events: string;
  readonly stderr: string;
  readonly prompt: string;
  readonly diff: string;
  readonly outputSchema: string;
}

function filesIn(dir: string): Files {
  return {
    dir,
    json: join(dir, 'review.json'),
    md: join(dir, 'review.md'),
    lastMessage: join(dir, 'codex-last-message.txt'),
    events: join(dir, 'codex-events.jsonl'),
    stderr: join(dir, 'codex-stderr.log'),
    prompt: join(dir, 'prompt.md'),
    diff: join(dir, 'pull-request.diff'),
    outputSchema: join(dir, 'output-schema.json'),
  };
}

async function runReview(ctx: StageContext<typeof settings>): Promise<StageOutcome<CodexReviewTelemetry>> {
  const started = Date.now();
  const s = ctx.settings;
  const key = (s.openaiApiKey ?? '').trim();
  // Masked before anything else happens: the key, the token and every value of the environment
  // that looks like a credential, in each encoding the redactor knows. The runner scrubs every
  // masked form from logs, outputs, the summary and telemetry; the stage scrubs what it posts.
  const redactor = new SecretRedactor();
  const known = [key, ctx.io.getInput('github-token').trim()];
  const secrets = [...known, ...environmentSecrets(process.env)];
  for (const form of [...redactor.add(known, 4), ...redactor.add(secrets)]) ctx.io.setSecret(form);
  const io = ctx.io;
  const clean = (text: string) => redactor.scrub(text);

  const files = filesIn(resolve(s.outputDir || join(ctx.runner.runnerTemp, 'codex-review')));
  await mkdir(files.dir, { recursive: true });
  // Results of an earlier run in the same folder must never pass for this run's.
  await Promise.all(
    [
      files.json,
      files.md,
      files.lastMessage,
      files.events,
      files.stderr,
      files.prompt,
      files.diff,
      files.outputSchema,
    ].map((f) => rm(f, { force: true })),
  );

  const telemetry: CodexReviewTelemetry = {
    ...emptyTelemetry,
    codex_version: s.codexVersion,
    model: s.model,
    output_dir: files.dir,
  };
  const renderCtx = {
    repository: ctx.repository,
    pullRequest: null as number | null,
    model: s.model,
    codexVersion: s.codexVersion,
    headSha: null as string | null,
    scope: null as DiffScope | null,
    allowedHosts: [new URL(ctx.runner.serverUrl || 'https://github.com').hostname],
    ...(ctx.runner.runId && !ctx.runner.runId.startsWith('local-')
      ? { runUrl: `${ctx.runner.serverUrl}/${ctx.repository}/actions/runs/${ctx.runner.runId}` }
      : {}),
  };

  /** Writes review.json / review.md (validated), then comment, annotations, summary. */
  const finish = async (
    review: Review,
    outcome: { status?: StageStatus; reason: SkipReason | null; pr: PullRequestInfo | null; summary: string },
  ): Promise<StageOutcome<CodexReviewTelemetry>> => {
    const checked = validateReview(review);
    const final: Review = checked.valid
      ? review
      : placeholderReview(
          'failed',
          `Internal error: the review did not match its schema (${checked.errors.join('; ')}).`,
        );
    // Secrets out before anything is written, rendered or posted (escaping would hide their forms).
    const scrubbed = scrubReview(final, redactor);
    const cleanReview = scrubbed.review;
    telemetry.secrets_redacted = scrubbed.fields;
    if (scrubbed.fields > 0)
      io.warning(
        `${scrubbed.fields} field(s) of the review held a secret of the run; redacted before posting.`,
        {
          title: 'Codex review: secret redacted',
        },
      );
    const annotatable = renderCtx.scope
      ? cleanReview.findings.filter((f) => inScope(renderCtx.scope as DiffScope, f.path, f.line))
      : [];
    // Annotations only go with feedback on a pull request; GitHub shows only so many per step.
    const annotations = planAnnotations(
      outcome.pr && s.annotations && cleanReview.status === 'ok' ? annotatable : [],
    );
    const markdown = redactor.redact(
      renderReviewMarkdown(cleanReview, { ...renderCtx, unannotated: new Set(annotations.unshown) }),
    );
    await writeFile(files.json, `${JSON.stringify(cleanReview, null, 2)}\n`);
    await writeFile(files.md, markdown);

    telemetry.review_status = cleanReview.status;
    telemetry.skip_reason = outcome.reason;
    telemetry.findings_count = cleanReview.findings.length;
    for (const f of cleanReview.findings) telemetry.findings_by_severity[f.severity] += 1;
    telemetry.findings_outside_diff = cleanReview.findings.length - annotatable.length;

    // Feedback on the pull request: not for skipped runs (a fork's token cannot write anyway).
    if (outcome.pr && cleanReview.status !== 'skipped') {
      if (!s.comment) telemetry.comment = 'disabled';
      else {
        try {
          const identity = await commentIdentity(ctx, io);
          telemetry.comment_identity = identity?.login ?? null;
          const result = await upsertStickyComment(ctx, outcome.pr.number, renderComment(markdown), identity);
          telemetry.comment = result.outcome;
          if (result.outcome === 'failed') io.warning(`Could not write the review comment: ${result.error}`);
          else io.info(`Review comment: ${result.outcome}${result.url ? ` (${result.url})` : ''}`);
        } catch (error) {
          telemetry.comment = 'failed';
          ctx.report({
            code: 'comment_failed',
            message: clean(`Could not write the review comment: ${messageOf(error)}`),
          });
          io.warning(clean(`Could not write the review comment: ${messageOf(error)}`));
        }
      }
      if (s.annotations && cleanReview.status === 'ok')
        telemetry.annotations = annotate(io, annotations.shown);
    }
    telemetry.duration_ms = Date.now() - started;

    const rows = [
      ['pull request', outcome.pr ? `#${outcome.pr.number}` : '—'],
      ['preflight', telemetry.preflight ?? '—'],
      ['review', cleanReview.status],
      ['findings', String(cleanReview.findings.length)],
      ['Codex exit code', telemetry.codex_exit_code === null ? '—' : String(telemetry.codex_exit_code)],
      ['comment', telemetry.comment],
      ['output', files.dir],
    ];
    return {
      ...(outcome.status ? { status: outcome.status } : {}),
      summary: clean(outcome.summary),
      report: `${markdown}\n${table(['', ''], rows)}`,
      telemetry,
      outputs: {
        'review-status': cleanReview.status,
        'review-json': files.json,
        'review-md': files.md,
        'output-dir': files.dir,
        'findings-count': String(cleanReview.findings.length),
        preflight: telemetry.preflight ?? '',
      },
    };
  };

  const fail = async (
    reason: SkipReason,
    message: string,
    pr: PullRequestInfo | null,
    extraDirs: readonly string[] = [],
  ): Promise<StageOutcome<CodexReviewTelemetry>> => {
    io.warning(clean(message), { title: 'Codex review did not complete' });
    ctx.report({ code: `codex_${reason}`, message: clean(message) });
    await logFolders(io, [files.dir, ...extraDirs]);
    return finish(placeholderReview('failed', message), {
      status: 'degraded',
      reason,
      pr,
      summary: `Codex review${pr ? ` of #${pr.number}` : ''} did not complete: ${message}`,
    });
  };

  let pr: PullRequestInfo | null = null;
  try {
    pr = await resolvePullRequest(ctx, s.pullRequest, io);
    telemetry.pull_request = pr?.number ?? null;
    renderCtx.pullRequest = pr?.number ?? null;
    renderCtx.headSha = pr?.headSha ?? null;

    const guard = decideGuard({ pullRequest: pr, repository: ctx.repository, hasKey: key.length > 0 });
    if (!guard.run) {
      if (guard.reason === 'missing_key') telemetry.preflight = 'missing_key';
      io.notice(guard.message, { title: 'Codex review skipped' });
      return finish(placeholderReview('skipped', guard.message), {
        status: 'skipped',
        reason: guard.reason,
        pr: guard.pullRequest,
        summary: `Codex review skipped: ${guard.message}`,
      });
    }
    const pull = guard.pullRequest;

    const preflight = await runPreflight({
      baseUrl: s.baseUrl,
      apiKey: key,
      timeoutMs: PREFLIGHT_TIMEOUT_MS,
    });
    telemetry.preflight = preflight.result;
    io.info(
      `Preflight GET ${s.baseUrl.replace(/\/+$/, '')}/v1/models: ${preflight.result} — ${preflight.message}`,
    );
    if (preflight.result !== 'ok') {
      ctx.report({ code: `preflight_${preflight.result}`, message: clean(preflight.message) });
      io.warning(clean(preflight.message), { title: `Codex review: ${preflightTitle(preflight.result)}` });
      return finish(placeholderReview('failed', preflight.message), {
        status: 'degraded',
        reason: 'preflight',
        pr: pull,
        summary: `Codex review of #${pull.number} not run (${preflight.result}): ${preflight.message}`,
      });
    }

    const instructions = await reviewInstructions(ctx, s);
    const fullDiff = await fetchPullDiff(ctx, pull.number);
    renderCtx.scope = diffScope(fullDiff);
    const diff = truncateDiff(fullDiff);
    telemetry.diff_bytes = diff.totalBytes;
    telemetry.diff_truncated = diff.truncated;
    await writeFile(files.diff, diff.text);
    if (diff.truncated)
      io.info(`The diff of #${pull.number} (${diff.totalBytes} bytes) was truncated for the prompt.`);
    const prompt = buildPrompt({
      instructions,
      outputFormat: await readAsset('output-format.md'),
      repository: ctx.repository,
      pullRequest: pull,
      diff,
    });
    await writeFile(files.prompt, clean(prompt));

    let installation: CodexInstallation;
    try {
      const toolCache = ctx.io.getEnv('RUNNER_TOOL_CACHE') || join(ctx.runner.runnerTemp, 'tool-cache');
      const log = (m: string) => io.info(m);
      installation = await installCodex({
        version: s.codexVersion,
        toolCache,
        runDir: ctx.runner.runnerTemp,
        log,
        cache: actionsTarballCache(process.env, log),
      });
      telemetry.codex_install = installation.source;
    } catch (error) {
      return fail(
        'install',
        `The Codex CLI ${s.codexVersion} could not be installed: ${messageOf(error)}`,
        pull,
      );
    }

    try {
      return await reviewWithCodex(ctx, {
        io,
        key,
        secrets,
        redactor,
        installation,
        prompt,
        files,
        telemetry,
        pull,
        diff,
        finish,
        fail,
      });
    } finally {
      await installation
        .remove()
        .catch((e) => io.warning(`Could not remove ${installation.dir}: ${messageOf(e)}`));
    }
  } catch (error) {
    // Even a bug or a GitHub outage leaves the output contract intact.
    const message = clean(`Internal error: ${messageOf(error)}`);
    await writeFile(files.json, `${JSON.stringify(placeholderReview('failed', message), null, 2)}\n`).catch(
      () => {},
    );
    await writeFile(files.md, renderReviewMarkdown(placeholderReview('failed', message), renderCtx)).catch(
      () => {},
    );
    throw error;
  }
}

async function reviewWithCodex(
  ctx: StageContext<typeof settings>,
  run: {
    io: ActionIO;
    key: string;
    secrets: string[];
    redactor: SecretRedactor;
    installation: CodexInstallation;
    prompt: string;
    files: Files;
    telemetry: CodexReviewTelemetry;
    pull: PullRequestInfo;
    diff: DiffContext;
    finish: (
      review: Review,
      outcome: {
        status?: StageStatus;
        reason: SkipReason | null;
        pr: PullRequestInfo | null;
        summary: string;
      },
    ) => Promise<StageOutcome<CodexReviewTelemetry>>;
    fail: (
      reason: SkipReason,
      message: string,
      pr: PullRequestInfo | null,
      extraDirs?: readonly string[],
    ) => Promise<StageOutcome<CodexReviewTelemetry>>;
  },
): Promise<StageOutcome<CodexReviewTelemetry>> {
  const { io, files, telemetry, pull } = run;
  const s = ctx.settings;
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
  if (ctx.io.getEnv('CODEX_HOME'))
    io.info(
      `Ignoring CODEX_HOME from the environment (${ctx.io.getEnv('CODEX_HOME')}): every run gets its own.`,
    );
  try {
    const workspace =
      ctx.runner.workspace && (await isDir(ctx.runner.workspace)) ? ctx.runner.workspace : files.dir;
    const env = codexChildEnv(process.env, run.secrets, {
      CODEX_HOME: home.path,
      [PROXY_TOKEN_ENV]: proxy.clientToken,
    });
    const sandbox = await probeSandbox({ entry: run.installation.entry, env, cwd: workspace });
    telemetry.sandbox = sandbox.state;
    if (sandbox.state === 'unavailable') {
      // The review still runs on the diff; the stage says what is missing and how to fix it.
      ctx.report({ code: 'sandbox_unavailable', message: sandbox.message });
      io.warning(sandbox.message, { title: 'Codex review: sandbox unavailable' });
    } else if (sandbox.state === 'not_checked') io.info(sandbox.message);
    await writeFile(files.outputSchema, `${JSON.stringify(modelAnswerSchema, null, 2)}\n`);
    io.info(
      `Running Codex CLI ${run.installation.version} (${s.model}) on #${pull.number}, timeout ${s.timeoutSeconds} s`,
    );
    const result = await runCodexExec({
      entry: run.installation.entry,
      prompt: run.prompt,
      cwd: workspace,
      env,
      lastMessageFile: files.lastMessage,
      eventsFile: files.events,
      stderrFile: files.stderr,
      timeoutMs: s.timeoutSeconds * 1000,
      extraArgs: ['--output-schema', files.outputSchema],
    });
    telemetry.codex_exit_code = result.exitCode;
    telemetry.codex_timed_out = result.timedOut;
    io.info(
      `Codex finished in ${result.durationMs} ms: exit ${result.exitCode ?? result.signal}; proxy saw ${proxy.stats.requests} request(s), last: ${proxy.stats.last ?? 'none'}`,
    );
    const upstream =
      proxy.stats.upstreamErrors > 0 && proxy.stats.last ? ` (last API answer: ${proxy.stats.last})` : '';

    if (result.timedOut) {
      return await run.fail('timeout', `${result.failure}${upstream}`, pull, [home.path]);
    }
    if (result.exitCode !== 0) {
      return await run.fail('codex_failed', `Codex failed: ${result.failure}${upstream}`, pull, [home.path]);
    }
    const parsed = parseReviewOutput(await readFile(files.lastMessage, 'utf8').catch(() => ''));
    if (!parsed.ok) return await run.fail('invalid_output', parsed.reason, pull, [home.path]);

    const review = parsed.review;
    const high = review.findings.filter((f) => f.severity === 'high').length;
    return await run.finish(review, {
      reason: null,
      pr: pull,
      summary: `Codex review of #${pull.number}: ${review.findings.length} finding(s)${high ? ` (${high} high)` : ''}${run.diff.truncated ? ', diff truncated' : ''}`,
    });
  } finally {
    // Codex's own files go into the uploaded artifact: scrubbed like everything else that leaves.
    await redactFiles([files.lastMessage, files.events, files.stderr], run.redactor);
    await proxy.close();
    if (!s.keepCodexHome)
      await removeCodexHome(home).catch((e) => io.warning(`Could not remove ${home.path}: ${messageOf(e)}`));
  }
}

async function resolvePullRequest(
  ctx: StageContext<typeof settings>,
  wanted: number | undefined,
  io: ActionIO,
): Promise<PullRequestInfo | null> {
  const event = await ctx.event();
  const issue = event.issue as { number?: unknown; pull_request?: unknown } | undefined;
  const fromEvent =
    pullRequestInfo(event.pull_request, ctx.repository) ??
    (issue?.pull_request && typeof issue.number === 'number' ? { number: issue.number } : null);
  const number = wanted ?? fromEvent?.number;
  if (!number) return null;
  const payload = fromEvent && 'baseRepo' in fromEvent && fromEvent.number === number ? fromEvent : null;
  try {
    // The API has the current title and head (a payload can be stale or partial).
    const { data } = await ctx.github.rest.pulls.get({
      owner: ctx.repo.owner,
      repo: ctx.repo.repo,
      pull_number: number,
    });
    return pullRequestInfo(data, ctx.repository) ?? payload;
  } catch (error) {
    if (payload) {
      io.info(`Could not read #${number} from the API (${messageOf(error)}); using the event payload.`);
      return payload;
    }
    throw error;
  }
}

async function reviewInstructions(
  ctx: StageContext<typeof settings>,
  s: StageContext<typeof settings>['settings'],
): Promise<string> {
  if (s.prompt?.trim()) return s.prompt;
  if (s.promptFile?.trim()) {
    const base = ctx.runner.workspace ?? process.cwd();
    const path = isAbsolute(s.promptFile) ? s.promptFile : join(base, s.promptFile);
    try {
      return await readFile(path, 'utf8');
    } catch (error) {
      throw Object.assign(new Error(`prompt-file ${s.promptFile} cannot be read: ${messageOf(error)}`), {
        code: 'invalid_config',
      });
    }
  }
  return readAsset('review-prompt.md');
}

async function redactFiles(paths: readonly string[], redactor: SecretRedactor): Promise<void> {
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const clean = redactor.redact(text);
    if (clean !== text) await writeFile(path, clean);
  }
}

async function logFolders(io: ActionIO, dirs: readonly string[]): Promise<void> {
  for (const dir of dirs) {
    io.info(`Contents of ${dir}:`);
    for (const line of await listFolder(dir)) io.info(`  ${line}`);
  }
}

async function isDir(path: string): Promise<boolean> {
  return stat(path).then(
    (st) => st.isDirectory(),
    () => false,
  );
}

/** Every text of the review through the redactor; `fields` counts those it changed. */
export function scrubReview(review: Review, redactor: SecretRedactor): { review: Review; fields: number } {
  let fields = 0;
  const scrub = (text: string) => {
    const out = redactor.scrub(text);
    if (out !== text) fields += 1;
    return out;
  };
  return {
    review: {
      status: review.status,
      summary: scrub(review.summary),
      findings: review.findings.map((f) => ({
        ...f,
        path: scrub(f.path),
        title: scrub(f.title),
        body: scrub(f.body),
      })),
    },
    fields,
  };
}

/** Who the comment is written as: only a comment by this login, with the marker, is ever edited. */
async function commentIdentity(ctx: StageContext, io: ActionIO): Promise<TokenIdentity | null> {
  const result = await resolveTokenIdentity(ctx.github);
  if (result.known) {
    io.info(`Comment identity: ${result.identity.login} (${result.identity.kind})`);
    return result.identity;
  }
  io.warning(
    `Could not tell which account the token acts as (${result.reason}): a new review comment is written and no existing comment is edited.`,
    { title: 'Codex review: unknown identity' },
  );
  return null;
}
