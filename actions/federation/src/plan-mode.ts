import type { ActionIO } from '@codex-suite/core/action-io';
import { parseFederationConfig, settingsEnvironment } from '@codex-suite/core/federation/config';
import { planFederation } from '@codex-suite/core/federation/plan';
import { type ListedRepository, resolveTargets } from '@codex-suite/core/federation/targets';
import { loadGitHubClient } from '@codex-suite/core/github/load-client';
import { readRunnerEnv } from '@codex-suite/core/runner-env';
import { cell, table } from '@codex-suite/core/markdown-safe';

/** What one matrix job receives: its repositories and the settings of each. */
export interface ShardEntry {
  readonly index: number;
  readonly owner: string;
  /** repository names without the owner, comma-separated (create-github-app-token's `repositories`) */
  readonly names: string;
  readonly repositories: readonly string[];
  /** stage environment per repository (only repositories with settings) */
  readonly env: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Reads the configuration file at the commit that runs, resolves the targets, prints the shards. */
export async function runPlan(io: ActionIO): Promise<void> {
  const runner = readRunnerEnv((name) => io.getEnv(name));
  const token = io.getInput('github-token');
  if (!token) throw new Error('No token: the plan needs one to read the configuration file.');
  io.setSecret(token);
  const control = runner.repository ?? '';
  const [owner, repo] = control.split('/');
  const path = io.getInput('config') || '.github/codex-federation.yml';
  const { createGitHubClient } = await loadGitHubClient();
  const { octokit, meter } = createGitHubClient({ token, baseUrl: runner.apiUrl, log: (m) => io.debug(m) });
  const text = await octokit
    .request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: owner!,
      repo: repo!,
      path,
      ref: io.getEnv('GITHUB_SHA') || undefined,
      headers: { accept: 'application/vnd.github.raw' },
    })
    .then((r) => String(r.data))
    .catch((error: { status?: number }) => {
      if (error.status === 404) throw new Error(`${path} is missing in ${control}: see docs/federation.md.`);
      throw error;
    });
  const config = parseFederationConfig(text, path);
  const listToken = io.getInput('list-token') || token;
  io.setSecret(listToken);
  const lister =
    listToken === token ? octokit : createGitHubClient({ token: listToken, baseUrl: runner.apiUrl }).octokit;
  const listed: ListedRepository[] = config.organization
    ? await lister.paginate('GET /orgs/{org}/repos', { org: config.organization, type: 'all', per_page: 100 })
    : [];
  const targets = resolveTargets(config.explicit, listed, config.filter);
  // Each run moves the window of targets on when the budget does not cover them all.
  const rotation = Number.parseInt(io.getEnv('GITHUB_RUN_NUMBER') ?? '0', 10) || 0;
  const plan = planFederation(targets.repositories, config.limits, { rotation });
  const shards: ShardEntry[] = plan.shards.map((shard) => ({
    index: shard.index,
    owner: shard.owner,
    names: shard.repositories.map((r) => r.slice(r.indexOf('/') + 1)).join(','),
    repositories: shard.repositories,
    env: Object.fromEntries(
      shard.repositories
        .map((r) => [r, settingsEnvironment(config, r)] as const)
        .filter(([, env]) => Object.keys(env).length > 0),
    ),
  }));
  for (const warning of plan.warnings) io.warning(warning);
  const unknown = Object.keys(config.repositories).filter(
    (name) => !targets.repositories.some((t) => t.toLowerCase() === name.toLowerCase()),
  );
  if (unknown.length > 0)
    io.warning(`Settings for repositories that are not targets: ${unknown.join(', ')}.`);
  io.info(
    `${targets.repositories.length} repositories in ${shards.length} jobs (${plan.perJob} per job at most, ${plan.maxParallel} at once); ${meter.total} requests.`,
  );
  io.setOutput('shards', JSON.stringify(shards));
  io.setOutput('max-parallel', String(plan.maxParallel));
  io.setOutput('count', String(plan.shards.reduce((n, shard) => n + shard.repositories.length, 0)));
  io.setOutput('deferred', JSON.stringify(plan.deferred));
  const lines = [
    '## Codex federation plan',
    '',
    `${targets.repositories.length} repositories, ${shards.length} jobs of at most ${plan.perJob}, ${plan.maxParallel} at once. ` +
      `Expected requests: about ${plan.expectedRequests} (budget ${config.limits.requestsPerHour} per hour).`,
    ...plan.warnings.map((w) => `\n> ${cell(w)}`),
  ];
  if (targets.excluded.length > 0) {
    lines.push('', `${targets.excluded.length} listed repositories left out (the first 50):`, '');
    lines.push(
      table(
        ['repository', 'why'],
        targets.excluded.slice(0, 50).map((e) => [e.repository, e.reason]),
      ),
    );
  }
  await io.appendSummary(`${lines.join('\n')}\n`);
}
