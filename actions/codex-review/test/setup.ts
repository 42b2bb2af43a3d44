import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { installCodex } from '../src/codex/install.js';
import { validateReview } from '../src/codex/review.js';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { DEFAULT_CODEX_VERSION } from '../src/settings.js';
import { stage } from '../src/stage.js';
import type { FakeOpenAI } from './fake-openai.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The repository's tool cache for tests: `.cache/codex/<version>` holds the verified tarballs (gitignored, ~170 MB, fetched once). */
export const TOOL_CACHE = join(ROOT, '.cache');
export const TOKEN = 'ghs_codexreviewtesttoken0000000000000';
export const REPO = 'octo-org/widgets';
/** Unique enough to be searched for in logs, files and process environments. */
export const API_KEY = 'sk-test-codexreview-DO-NOT-LEAK-7f3a9c';

/** Fetches the pinned CLI's tarballs through the action's own installer (parallel files rename atomically). */
export async function ensureCodex(): Promise<void> {
  const run = await installCodex({
    version: DEFAULT_CODEX_VERSION,
    toolCache: TOOL_CACHE,
    runDir: mkdtempSync(join(tmpdir(), 'codex-ensure-')),
  });
  await run.remove();
}

export const PATCH = '@@ -1,2 +1,3 @@\n export function main() {\n+  eval(process.argv[2]);\n }';

export async function seededEmulator(): Promise<{ emulator: Emulator; pull: number }> {
  const emulator = await startEmulator();
  emulator.state.addToken(TOKEN, {
    login: 'github-actions[bot]',
    permissions: { issues: 'write', pull_requests: 'write', contents: 'read' },
  });
  const repo = emulator.state.addRepo(REPO);
  const pr = emulator.state.addPullRequest(repo, {
    title: 'Run the given argument',
    head: { ref: 'feature', sha: 'a'.repeat(40) },
    files: [{ filename: 'src/main.ts', status: 'modified', additions: 1, deletions: 0, patch: PATCH }],
  });
  return { emulator, pull: pr.number };
}

/** A pull_request event payload for the seeded pull request (head in `headRepo`). */
export function pullRequestEvent(pull: number, headRepo = REPO): Record<string, unknown> {
  return {
    action: 'opened',
    number: pull,
    pull_request: {
      number: pull,
      title: 'Run the given argument',
      head: { ref: 'feature', sha: 'a'.repeat(40), repo: { full_name: headRepo } },
      base: { ref: 'main', repo: { full_name: REPO } },
    },
    repository: { full_name: REPO },
  };
}

export function writeEvent(dir: string, payload: unknown): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, 'event.json');
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function listComments(
  emulator: Emulator,
  pull: number,
): Promise<{ id: number; body: string }[]> {
  const res = await fetch(`${emulator.url}/repos/${REPO}/issues/${pull}/comments?per_page=100`, {
    headers: { authorization: `token ${TOKEN}`, accept: 'application/vnd.github+json' },
  });
  return (await res.json()) as { id: number; body: string }[];
}

export const REVIEW_WITH_FINDINGS = JSON.stringify({
  status: 'ok',
  summary: 'The change passes user input to eval.',
  findings: [
    {
      path: 'src/main.ts',
      line: 2,
      severity: 'high',
      title: 'eval of a command-line argument',
      body: 'Anyone who controls argv runs arbitrary code. Parse the argument instead.',
    },
    { path: 'src/main.ts', line: null, severity: 'low', title: 'No tests', body: 'Add a test for main().' },
  ],
});

export interface ReviewOptions {
  inputs?: Record<string, string>;
  event?: unknown;
  key?: string;
  runId?: string;
  env?: Record<string, string>;
  /** files to put in the checkout before the run */
  workspaceFiles?: Record<string, string>;
}

/** One in-process run of the stage against the emulator and the fake model, with its files read back. */
export async function reviewInProcess(
  bed: { emulator: Emulator; fake: FakeOpenAI; pull: number },
  options: ReviewOptions = {},
) {
  const dir = tempDir('codex-review-e2e-');
  const workspace = join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  for (const [name, text] of Object.entries(options.workspaceFiles ?? {}))
    writeFileSync(join(workspace, name), text);
  const run = await runStageInProcess(stage, {
    apiUrl: bed.emulator.url,
    token: TOKEN,
    repository: REPO,
    ...(options.runId ? { runId: options.runId } : {}),
    inputs: {
      publish: 'none',
      'openai-api-key': options.key ?? API_KEY,
      'base-url': bed.fake.url,
      'output-dir': join(dir, 'out'),
      'timeout-seconds': '60',
      ...options.inputs,
    },
    env: {
      GITHUB_EVENT_PATH: writeEvent(dir, options.event ?? pullRequestEvent(bed.pull)),
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_WORKSPACE: workspace,
      RUNNER_TOOL_CACHE: TOOL_CACHE,
      ...options.env,
    },
  });
  const out = join(dir, 'out');
  const json = JSON.parse(readFileSync(join(out, 'review.json'), 'utf8'));
  const md = readFileSync(join(out, 'review.md'), 'utf8');
  expect(validateReview(json).valid).toBe(true);
  expect(validateTelemetry(run.telemetry).errors).toEqual([]);
  expect(run.exitCode).toBe(0);
  return { run, json, md, out, dir, workspace };
}

/** A gzipped tarball holding the given files (paths inside the archive, e.g. `package/bin/x.js`). */
export function writeTarball(path: string, files: Record<string, string>): void {
  const staging = tempDir('codex-tarball-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(staging, name)), { recursive: true });
    writeFileSync(join(staging, name), text);
  }
  execFileSync('tar', ['-czf', path, '-C', staging, ...Object.keys(files)]);
}
