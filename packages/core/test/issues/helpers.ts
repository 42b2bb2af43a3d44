import type { ActionIO } from '@codex-suite/core/action-io';
import { createGitHubClient } from '@codex-suite/core/github/client';
import type { IndexContext } from '@codex-suite/core/issues/issue-index';
import { WRITES_GO_THROUGH_THE_GUARD } from '@codex-suite/core/github/read-only';
import { GitPagesStore } from '@codex-suite/core/pages/git-store';
import { readOnlyPages } from '@codex-suite/core/pages/store';
import { WriteGuard } from '@codex-suite/core/write-guard';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';

export const TOKEN = 'ghs_issue_index_token_0000000000000000';
export const REPO = 'octo-org/widgets';

/** An emulator with one writer token and one repository, on a clock the test moves. */
export async function startBed(start = '2025-03-01T12:00:00Z'): Promise<Emulator> {
  const base = Date.parse(start);
  const emulator = await startEmulator({ clock: () => new Date(base), secondaryLimit: false });
  emulator.state.addToken(TOKEN, {
    login: 'github-actions[bot]',
    permissions: { issues: 'write', contents: 'write', pull_requests: 'write', projects: 'write' },
  });
  emulator.state.addRepo(REPO);
  return emulator;
}

export function silentIO(lines: string[] = []): ActionIO {
  const log = (message: string) => {
    lines.push(message);
  };
  return {
    getInput: () => '',
    getEnv: () => undefined,
    setOutput: () => {},
    setSecret: () => {},
    info: log,
    debug: log,
    warning: log,
    error: log,
    notice: log,
    group: async (_name, fn) => fn(),
    appendSummary: async () => {},
    saveState: () => {},
    setFailed: log,
  };
}

/** The slice of a stage context the issue index needs, wired to the emulator. */
export function indexContext(emulator: Emulator, options: { dryRun?: boolean } = {}): IndexContext {
  const client = createGitHubClient({
    token: TOKEN,
    baseUrl: emulator.url,
    writeIntervalMs: 0,
    retryBaseMs: 5,
  });
  const [owner, repo] = REPO.split('/') as [string, string];
  const pages = new GitPagesStore(
    { reads: client.reader, writes: client.octokit },
    { owner, repo },
    'gh-pages',
  );
  return {
    github: client.reader,
    repo: { owner, repo },
    repository: REPO,
    pages: readOnlyPages(pages, WRITES_GO_THROUGH_THE_GUARD),
    now: () => emulator.state.now(),
    io: silentIO(),
    writes: new WriteGuard({
      dryRun: options.dryRun ?? false,
      maxWrites: 100,
      github: client.octokit,
      pages,
    }),
  };
}

/** Requests the emulator answered for one route template, e.g. `GET /repos/{owner}/{repo}/issues`. */
export function requestsTo(emulator: Emulator, route: string) {
  return emulator.log.filter((entry) => entry.route === route);
}
