import { appendFileSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * The first thing a stage's bundle does: without a token nothing may reach GitHub, so the run
 * stops here, before the stage's code and the shared library are loaded. This module imports
 * nothing else and is bundled into each stage's entry; everything else is loaded only when a
 * token is given. The runner repeats the check for runs that do not come through an entry
 * (in-process tests), with the same message and outputs.
 */

export const GITHUB_TOKEN_INPUT = 'github-token';

export const NO_TOKEN_MESSAGE =
  'No GitHub token: the input "github-token" is empty. Pass one, for example `github-token: ${{ secrets.GH_CI_PAT || github.token }}`; nothing was sent to GitHub.';

/** The outputs of a run refused for want of a token. */
export const NO_TOKEN_OUTPUTS: Readonly<Record<string, string>> = {
  status: 'error',
  summary: NO_TOKEN_MESSAGE,
  'telemetry-file': '',
};

/** An input as @actions/core's getInput reads it: `INPUT_<NAME>` (spaces as `_`, upper case), trimmed. */
function input(env: NodeJS.ProcessEnv, name: string): string {
  return (env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** The runner's escaping of a workflow command's message (as @actions/core's `escapeData`). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/**
 * Reports a missing token as the runner does through @actions/core (an `::error::` command, the
 * three outputs, exit code 1) and returns true; returns false when a token is given.
 * The output values are fixed, one line each, so `name=value` lines carry them (the runner's
 * file-command format; a heredoc delimiter is needed only for a value that may hold a line break).
 */
export function refuseWithoutToken(
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): boolean {
  if (input(env, GITHUB_TOKEN_INPUT)) return false;
  write(`::error::${escapeData(NO_TOKEN_MESSAGE)}${EOL}`);
  const lines = Object.entries(NO_TOKEN_OUTPUTS).map(([name, value]) => `${name}=${value}${EOL}`);
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, lines.join(''), 'utf8');
  else
    for (const [name, value] of Object.entries(NO_TOKEN_OUTPUTS))
      write(`${EOL}::set-output name=${name}::${escapeData(value)}${EOL}`);
  process.exitCode = 1;
  return true;
}
