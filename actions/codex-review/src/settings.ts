import type { SettingDefs } from '@codex-suite/core/settings';

/** The Codex CLI version the action is tested with; a newer one may change flags or config keys. */
export const DEFAULT_CODEX_VERSION = '0.169.0';
/**
 * A model listed in the model catalogue of the pinned CLI (so Codex knows its context window and
 * tools); any model the key may use can be set instead.
 */
export const DEFAULT_MODEL = 'gpt-5.5';

export const settings = {
  openaiApiKey: {
    input: 'openai-api-key',
    env: 'OPENAI_API_KEY',
    kind: 'secret',
    description:
      "OpenAI API key, from the repository secret OPENAI_API_KEY. Masked; only the action's local proxy holds it — Codex never sees it. Without it the review is skipped.",
  },
  baseUrl: {
    input: 'base-url',
    env: 'CODEX_BASE_URL',
    kind: 'string',
    default: 'https://api.openai.com',
    description: 'Base URL of the OpenAI-compatible API, without `/v1`.',
  },
  model: {
    input: 'model',
    env: 'CODEX_MODEL',
    kind: 'string',
    default: DEFAULT_MODEL,
    description: 'Model Codex reviews with.',
  },
  codexVersion: {
    input: 'codex-version',
    env: 'CODEX_CLI_VERSION',
    kind: 'string',
    default: DEFAULT_CODEX_VERSION,
    description:
      'Version of the `@openai/codex` CLI. Only versions whose tarball integrity (sha512) is pinned in this release run; the tarballs are cached in the tool cache and verified before every use.',
  },
  prompt: {
    input: 'prompt',
    kind: 'string',
    description:
      'Review instructions replacing the built-in prompt. The pull request diff and the JSON output rules are always added.',
  },
  promptFile: {
    input: 'prompt-file',
    kind: 'string',
    description: 'File (relative to the workspace) with review instructions; used when `prompt` is empty.',
  },
  timeoutSeconds: {
    input: 'timeout-seconds',
    env: 'CODEX_REVIEW_TIMEOUT_SECONDS',
    kind: 'integer',
    default: 600,
    min: 1,
    max: 21_600,
    description:
      'Hard limit for the Codex run; the process group is killed after it and placeholders are written.',
  },
  outputDir: {
    input: 'output-dir',
    kind: 'string',
    actionDefault: '${{ runner.temp }}/codex-review',
    description: 'Folder that always receives `review.md` and `review.json` (plus Codex logs for diagnosis).',
  },
  keepCodexHome: {
    input: 'keep-codex-home',
    kind: 'boolean',
    default: false,
    description: 'Keep the per-run CODEX_HOME after the step (for debugging); it is removed by default.',
  },
  pullRequest: {
    input: 'pull-request',
    kind: 'integer',
    min: 1,
    max: 100_000_000,
    description: 'Pull request number to review; defaults to the pull request of the triggering event.',
  },
  comment: {
    input: 'comment',
    kind: 'boolean',
    default: true,
    description: 'Post the review as one sticky pull-request comment, updated in place on every run.',
  },
  annotations: {
    input: 'annotations',
    kind: 'boolean',
    default: true,
    description: 'Annotate findings on their file and line.',
  },
} as const satisfies SettingDefs;
