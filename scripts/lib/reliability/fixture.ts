import { runMarker, selftestEntryPath, selftestEntryText } from '@codex-suite/core/ledger/selftest-entry';
import { telemetryEntry, telemetryEntryText } from '@codex-suite/core/ledger/telemetry-entry';
import { generateRepository } from '@codex-suite/emulator/generator';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';

export const RELIABILITY_REPO = 'acme/widgets';
export const RELIABILITY_TOKEN = 'reliability-token-4f1c9a7e2b';
export const MAIN_MILESTONE = 'Codex Main';
export const DASHBOARD_MILESTONE = 'Codex Dashboard';
export const INTERNAL_MILESTONE = 'Codex Internal';
/** The login of the token: the identity that files self-test issues. */
export const SUITE_LOGIN = 'codex-bot';

/** The settings every reliability run uses: the repository variables plus fast test-bed timings. */
export const RELIABILITY_ENV: Record<string, string> = {
  CODEX_MAIN_MILESTONE: MAIN_MILESTONE,
  CODEX_DASHBOARD_MILESTONE: DASHBOARD_MILESTONE,
  CODEX_PROJECT: 'orgs/acme/projects/1',
  CODEX_WRITE_INTERVAL_MS: '0',
  CODEX_RETRY_BASE_MS: '20',
  // Generous, so a loaded machine never times out an ordinary read; slow-response sets its own.
  CODEX_REQUEST_TIMEOUT_MS: '10000',
  CODEX_MAX_RATE_LIMIT_WAIT: '10',
  CODEX_ACTIVITY_MARK_LABELS: 'true',
  CODEX_DIAGNOSTICS_REPAIR: 'true',
};

/**
 * A small repository with every kind of drift and every kind of issue the suite must leave alone:
 * pull requests, closed issues, old self-test issues in Codex Internal, and a `codex-selftest`
 * issue outside Codex Internal that the cleaner must never touch.
 */
export async function startReliabilityEmulator(): Promise<Emulator> {
  const emulator = await startEmulator({ secondaryLimit: false });
  const { state } = emulator;
  state.addToken(RELIABILITY_TOKEN, {
    login: SUITE_LOGIN,
    permissions: {
      issues: 'write',
      contents: 'write',
      pull_requests: 'write',
      projects: 'write',
      variables: 'read',
      admin: true,
    },
  });
  state.addRepo(RELIABILITY_REPO);
  generateRepository(state, RELIABILITY_REPO, {
    openIssues: 40,
    closedIssues: 8,
    pullRequests: 5,
    driftRate: 0.4,
    seed: 7,
    mainMilestone: MAIN_MILESTONE,
    dashboardMilestone: DASHBOARD_MILESTONE,
    internalMilestone: INTERNAL_MILESTONE,
    project: { owner: 'org', login: 'acme', number: 1, title: 'Codex Dual-Track Development' },
  });
  const day = 24 * 3600 * 1000;
  const ago = (days: number) => new Date(Date.now() - days * day).toISOString();
  // Old self-test issues as the self-test files them, each recorded in the suite's ledger.
  const internal = state.findMilestone(RELIABILITY_REPO, INTERNAL_MILESTONE)!.number;
  const ledger: Record<string, string> = {};
  for (let i = 0; i < 6; i += 1) {
    const runId = String(1000 + i);
    const issue = state.addIssue(RELIABILITY_REPO, {
      title: `Codex self-test ${runId}`,
      body: `${runMarker(runId)}\nMade by the Codex self-test.`,
      labels: ['codex', 'codex-selftest'],
      milestone: INTERNAL_MILESTONE,
      user: SUITE_LOGIN,
      created_at: ago(30 - i),
      updated_at: ago(30 - i),
    });
    ledger[selftestEntryPath(issue.number)] = selftestEntryText({
      kind: 'selftest-issue',
      repository: RELIABILITY_REPO,
      number: issue.number,
      author: SUITE_LOGIN,
      milestone: internal,
      run_id: runId,
      recorded_at: ago(30 - i),
    });
  }
  state.addIssue(RELIABILITY_REPO, {
    title: 'A human issue that happens to carry codex-selftest',
    labels: ['codex-selftest'],
    created_at: ago(60),
    updated_at: ago(60),
  });
  const old = new Date(Date.now() - 90 * day).toISOString();
  const telemetry = JSON.stringify({ component: 'sync', status: 'ok', run_id: '100', finished_at: old });
  const entry = telemetryEntry('telemetry/sync-100.json', telemetry, Date.parse(old));
  state.writeFiles(
    RELIABILITY_REPO,
    'gh-pages',
    {
      'telemetry/sync-100.json': telemetry,
      [entry.path]: telemetryEntryText(entry),
      'dashboard/index.html': '<!doctype html><title>dashboard</title>',
      '.nojekyll': '',
      ...ledger,
    },
    'seed pages',
  );
  // An installed repository: GitHub Pages serves the pages branch.
  state.enablePages(RELIABILITY_REPO, { branch: 'gh-pages' });
  return emulator;
}
