import { createGitHubClient } from '@codex-suite/core/github/client';
import { GitPagesStore } from '@codex-suite/core/pages/git-store';
import type { StageDefinition } from '@codex-suite/core/stage';
import { RELIABILITY_REPO, RELIABILITY_TOKEN, startReliabilityEmulator } from './fixture.js';
import { issueViews, unrepaired, violations } from './invariants.js';
import { runStageOnce } from './run-stage.js';

export interface WritersResult {
  readonly writers: number;
  readonly filesLanded: number;
  readonly retries: number;
}

/** N writers commit to the pages branch at the same moment; every file must land. */
export async function concurrentPagesWriters(writers = 8): Promise<WritersResult> {
  const emulator = await startReliabilityEmulator();
  try {
    const [owner, repo] = RELIABILITY_REPO.split('/') as [string, string];
    const results = await Promise.all(
      Array.from({ length: writers }, async (_, i) => {
        const { octokit } = createGitHubClient({
          token: RELIABILITY_TOKEN,
          baseUrl: emulator.url,
          writeIntervalMs: 0,
        });
        const store = new GitPagesStore(octokit, { owner, repo }, 'gh-pages', {
          backoffMs: 20,
          maxAttempts: 12,
        });
        return store.commit({ [`telemetry/writer-${i}.json`]: JSON.stringify({ writer: i }) }, `writer ${i}`);
      }),
    );
    const files = emulator.state.listFiles(RELIABILITY_REPO, 'gh-pages', 'telemetry/writer-');
    return { writers, filesLanded: files.length, retries: results.reduce((sum, r) => sum + r.retries, 0) };
  } finally {
    await emulator.close();
  }
}

export interface OverlapResult {
  readonly telemetryExpected: number;
  readonly telemetryLanded: number;
  readonly dashboardValid: boolean;
  readonly violations: readonly string[];
  readonly unrepaired: readonly string[];
  readonly statuses: Readonly<Record<string, string>>;
}

/** Two pipeline runs over one repository at the same time, stage by stage in the reference order. */
export async function overlappingPipelines(
  stages: readonly StageDefinition<any, any>[],
): Promise<OverlapResult> {
  const emulator = await startReliabilityEmulator();
  try {
    const before = issueViews(emulator);
    const statuses: Record<string, string> = {};
    const pipeline = async (runId: string) => {
      for (const stage of stages) {
        const run = await runStageOnce('in-process', stage, emulator, { runId });
        statuses[`${runId}/${stage.id}`] = run.status;
      }
    };
    await Promise.all([pipeline('701'), pipeline('702')]);
    const after = issueViews(emulator);
    const landed = emulator.state
      .listFiles(RELIABILITY_REPO, 'gh-pages', 'telemetry/')
      .filter((f) => /-70[12]\.json$/.test(f));
    const dashboard = emulator.state.readFile(RELIABILITY_REPO, 'gh-pages', 'dashboard/dashboard.json');
    let dashboardValid = false;
    try {
      dashboardValid = dashboard !== undefined && typeof JSON.parse(dashboard) === 'object';
    } catch {
      dashboardValid = false;
    }
    return {
      telemetryExpected: stages.length * 2,
      telemetryLanded: landed.length,
      dashboardValid,
      violations: violations(before, after),
      unrepaired: unrepaired(after),
      statuses,
    };
  } finally {
    await emulator.close();
  }
}
