import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { messageOf } from '@codex-suite/core/github/errors';
import { readAsset } from './assets.js';
import { fetchPullDiff, truncateDiff } from './diff.js';
import { type DiffScope, diffScope } from './diff-scope.js';
import type { PullRequestInfo } from './guards.js';
import type { RunFacts } from './outcome.js';
import { buildPrompt } from './prompt.js';
import type { ReviewContext, ReviewRun } from './run.js';

/** What Codex is given: the prompt, and the diff's scope that decides which findings are annotated. */
export interface PreparedReview {
  readonly pull: PullRequestInfo;
  readonly prompt: string;
  readonly scope: DiffScope;
  readonly facts: RunFacts;
}

/** Step 3: the instructions, the pull request's diff (cut to fit) and the prompt that quotes it. */
export async function prepareReview(
  ctx: ReviewContext,
  run: ReviewRun,
  pull: PullRequestInfo,
  facts: RunFacts,
): Promise<PreparedReview> {
  const instructions = await reviewInstructions(ctx);
  const fullDiff = await fetchPullDiff(ctx, pull.number);
  const scope = diffScope(fullDiff);
  const diff = truncateDiff(fullDiff);
  await writeFile(run.files.diff, diff.text);
  if (diff.truncated)
    ctx.io.info(`The diff of #${pull.number} (${diff.totalBytes} bytes) was truncated for the prompt.`);
  const prompt = buildPrompt({
    instructions,
    outputFormat: await readAsset('output-format.md'),
    repository: ctx.repository,
    pullRequest: pull,
    diff,
  });
  await writeFile(run.files.prompt, run.clean(prompt));
  return {
    pull,
    prompt,
    scope,
    facts: { ...facts, diff_bytes: diff.totalBytes, diff_truncated: diff.truncated },
  };
}

/** The `prompt` input, else the `prompt-file`, else the built-in instructions. */
async function reviewInstructions(ctx: ReviewContext): Promise<string> {
  const s = ctx.settings;
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
