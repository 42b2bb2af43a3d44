/** Emulator fixtures shared by the self-test, cleaner and diagnostics tests. */
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { REQUIRED_LABELS } from '@codex-suite/core/contract';

export const REPO = 'octo-org/widgets';
export const ADMIN = 'test-admin-token-0001';
export const WRITER = 'test-writer-token-0001';
export const READ_ONLY = 'test-readonly-token-0001';
/** may read everything, write contents, but not write issues */
export const NO_ISSUE_WRITE = 'test-noissues-token-0001';

export const DAY = 86_400_000;
/** a fixed "now" for the emulator, so ages are exact */
export const NOW = new Date('2025-06-15T12:00:00Z');

export interface Fixture {
  readonly emulator: Emulator;
  readonly repo: ReturnType<Emulator['state']['addRepo']>;
}

export async function startFixture(
  options: { labels?: boolean; milestones?: string[]; pages?: boolean; project?: boolean } = {},
): Promise<Fixture> {
  const emulator = await startEmulator({ clock: () => NOW, secondaryLimit: false });
  const { state } = emulator;
  const all = {
    issues: 'write',
    contents: 'write',
    pull_requests: 'write',
    projects: 'write',
    variables: 'read',
  } as const;
  state.addToken(ADMIN, { login: 'octo-admin', permissions: { ...all, admin: true } });
  state.addToken(WRITER, { login: 'codex-bot', permissions: all });
  state.addToken(READ_ONLY, {
    login: 'reader',
    permissions: { issues: 'read', contents: 'read', pull_requests: 'read', projects: 'read' },
  });
  state.addToken(NO_ISSUE_WRITE, {
    login: 'half',
    permissions: { issues: 'read', contents: 'write', projects: 'read' },
  });
  const repo = state.addRepo(REPO);
  if (options.labels !== false) for (const label of REQUIRED_LABELS) state.addLabel(repo, label);
  for (const title of options.milestones ?? ['Codex Internal', 'Sprint 1', 'Dashboard']) {
    state.addMilestone(repo, { title });
  }
  if (options.pages !== false) {
    state.writeFiles(
      repo,
      'gh-pages',
      { '.nojekyll': '', 'telemetry/.gitkeep': '', 'dashboard/.gitkeep': '' },
      'init pages',
    );
    state.enablePages(repo, { branch: 'gh-pages' });
  }
  if (options.project !== false)
    state.addProject({ owner: 'org', login: 'octo-org', number: 1, title: 'Codex' });
  return { emulator, repo };
}

/** Requests that changed something (POST/PATCH/PUT/DELETE, GraphQL mutations). */
export function writesIn(emulator: Emulator): string[] {
  return emulator.log.filter((e) => e.write).map((e) => `${e.method} ${e.route ?? e.path} ${e.status}`);
}
