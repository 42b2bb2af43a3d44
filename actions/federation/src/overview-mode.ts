import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionIO } from '@codex-suite/core/action-io';
import {
  dashboardUrl,
  deferredRows,
  type OverviewRow,
  overviewDocument,
} from '@codex-suite/core/federation/overview';
import { loadGitHubClient } from '@codex-suite/core/github/load-client';
import { GitPagesStore } from '@codex-suite/core/pages/git-store';
import { parseRepositoryRef } from '@codex-suite/core/repository-ref';
import { readRunnerEnv } from '@codex-suite/core/runner-env';

/** Where the overview lives on the control repository's pages branch. */
const OVERVIEW_PREFIX = 'federation/';

/** The page's folder: beside the bundle (dist/federation/assets) or the source (actions/federation/assets). */
function assetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'assets'), join(here, '..', 'assets')];
  const found = candidates.find((dir) => existsSync(join(dir, 'index.html')));
  if (!found) throw new Error(`The overview page files are missing (looked in ${candidates.join(', ')}).`);
  return found;
}

/** Rows of every shard (the downloaded artifacts, in any folder layout); unreadable files are skipped. */
async function readRows(dir: string, warn: (m: string) => void): Promise<OverviewRow[]> {
  const rows: OverviewRow[] = [];
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.json')) continue;
    const file = join(entry.parentPath, entry.name);
    try {
      const row = JSON.parse(await readFile(file, 'utf8')) as OverviewRow;
      if (typeof row?.repository !== 'string' || !parseRepositoryRef(row.repository))
        throw new Error('no repository');
      rows.push(row);
    } catch (error) {
      warn(`Skipped ${entry.name}: not an overview row (${(error as Error).message}).`);
    }
  }
  return rows;
}

/** The files of `federation/` on the pages branch. */
async function overviewFiles(
  rows: readonly OverviewRow[],
  meta: { generated_at: string; run_url: string; dashboard_url: string },
): Promise<Record<string, string>> {
  const doc = overviewDocument(
    rows.map((r) => ({ ...r, dashboard_url: dashboardUrl(meta.dashboard_url, r.repository) })),
    meta,
  );
  const dir = assetsDir();
  const files: Record<string, string> = { [`${OVERVIEW_PREFIX}overview.json`]: `${JSON.stringify(doc)}\n` };
  for (const name of ['index.html', 'overview.js', 'overview.css']) {
    files[`${OVERVIEW_PREFIX}${name}`] = await readFile(join(dir, name), 'utf8');
  }
  return files;
}

/** The plan's `deferred` output: repository names, anything else ignored. */
function parseDeferred(text: string): string[] {
  try {
    const list = JSON.parse(text || '[]') as unknown;
    return Array.isArray(list)
      ? list.filter((r): r is string => typeof r === 'string' && !!parseRepositoryRef(r))
      : [];
  } catch {
    return [];
  }
}

/** Builds the overview from every shard's rows and commits it to the control repository's pages branch. */
export async function runOverview(io: ActionIO): Promise<void> {
  const runner = readRunnerEnv((name) => io.getEnv(name));
  const control = parseRepositoryRef(runner.repository ?? '');
  if (!control) throw new Error('GITHUB_REPOSITORY is not set: the overview needs the control repository.');
  const resultsDir = io.getInput('results-dir') || join(runner.runnerTemp, 'codex-federation');
  const rows = await readRows(resultsDir, (m) => io.warning(m));
  const meta = {
    generated_at: new Date().toISOString(),
    run_url: `${runner.serverUrl}/${runner.repository}/actions/runs/${runner.runId}`,
    dashboard_url: io.getInput('dashboard-url') || 'https://{owner}.github.io/{name}/dashboard/',
  };
  const files = await overviewFiles(rows, meta);
  io.setOutput('count', String(rows.length));
  const local = join(runner.runnerTemp, 'codex-federation-overview');
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(local, path)), { recursive: true });
    await writeFile(join(local, path), content);
  }
  if (io.getInput('dry-run') === 'true') {
    io.info(`Dry run: the overview of ${rows.length} repositories is in ${local}; nothing committed.`);
    return;
  }
  const token = io.getInput('github-token');
  if (!token) throw new Error('No token: the overview needs contents: write on the control repository.');
  io.setSecret(token);
  const { createGitHubClient } = await loadGitHubClient();
  const { octokit } = createGitHubClient({ token, baseUrl: runner.apiUrl, log: (m) => io.debug(m) });
  const branch = io.getInput('pages-branch') || 'gh-pages';
  const store = new GitPagesStore(octokit, control, branch, { log: (m) => io.info(m) });
  const deferred = parseDeferred(io.getInput('deferred'));
  // Built on the head it lands on: deferred repositories keep the rows that head has for them.
  const result = await store.commit(async (view) => {
    if (deferred.length === 0) return files;
    const kept = deferredRows(await view.read(`${OVERVIEW_PREFIX}overview.json`), deferred);
    return overviewFiles([...rows, ...kept], meta);
  }, `federation: overview of ${rows.length} repositories`);
  io.info(
    `Overview of ${rows.length} repositories ${result.unchanged ? 'unchanged' : `committed to ${branch} (${result.commit})`}.`,
  );
  await io.appendSummary(
    `## Codex federation overview\n\n${rows.length} repositories, published to \`${branch}\` under \`${OVERVIEW_PREFIX}\`.\n`,
  );
}
