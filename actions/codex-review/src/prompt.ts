import type { DiffContext } from './diff.js';
import type { PullRequestInfo } from './guards.js';

/**
 * The full prompt: review instructions (the built-in ones or the user's), the output rules that
 * make the answer machine-readable, and the pull request itself.
 */
export function buildPrompt(input: {
  readonly instructions: string;
  readonly outputFormat: string;
  readonly repository: string;
  readonly pullRequest: PullRequestInfo;
  readonly diff: DiffContext;
}): string {
  const { pullRequest, diff } = input;
  return [
    input.instructions.trim(),
    '',
    input.outputFormat.trim(),
    '',
    `## Pull request ${input.repository}#${pullRequest.number}${pullRequest.title ? `: ${pullRequest.title}` : ''}`,
    '',
    diff.text.trim() ? '```diff' : '(the pull request has no textual diff)',
    ...(diff.text.trim() ? [diff.text.replace(/\n$/, ''), '```'] : []),
    '',
  ].join('\n');
}
