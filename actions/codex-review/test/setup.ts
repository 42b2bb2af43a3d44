import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CodexInstallation, installCodex } from '@codex-suite/core/codex/install';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { DEFAULT_CODEX_VERSION } from '../src/settings.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** The repository's tool cache for tests: `.cache/codex/<version>` (gitignored, ~400 MB, installed once). */
export const TOOL_CACHE = join(ROOT, '.cache');
export const TOKEN = 'ghs_codexreviewtesttoken0000000000000';
export const REPO = 'octo-org/widgets';
/** Unique enough to be searched for in logs, files and process environments. */
export const API_KEY = 'sk-test-codexreview-DO-NOT-LEAK-7f3a9c';

/** Installs the pinned CLI through the action's own installer (a lock keeps parallel files from racing). */
export function ensureCodex(): Promise<CodexInstallation> {
  return installCodex({ version: DEFAULT_CODEX_VERSION, toolCache: TOOL_CACHE, actionsCache: false });
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
