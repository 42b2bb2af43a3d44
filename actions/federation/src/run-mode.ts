import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ActionIO } from '@codex-suite/core/action-io';
import {
  FEDERATED_STAGES,
  type OverviewRow,
  overviewRow,
  type RowStatus,
} from '@codex-suite/core/federation/overview';
import { parseRepositoryRef } from '@codex-suite/core/repository-ref';
import { readRunnerEnv } from '@codex-suite/core/runner-env';
import { table } from '@codex-suite/core/markdown-safe';
import type { ShardEntry } from './plan-mode.js';

/** A file name for a repository: `owner__name` (both parts are already [A-Za-z0-9._-]). */
function repositorySlug(repository: string): string {
  const ref = parseRepositoryRef(repository);
  if (!ref) throw new Error(`Not a repository: ${JSON.stringify(repository)}`);
  return `${ref.owner}__${ref.repo}`;
}

/** The stage's bundle beside this one (dist/<stage>/index.js), or under dist/ when running from source. */
function stageBundle(action: string): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, '..', action, 'index.js'),
    join(here, '..', '..', '..', 'dist', action, 'index.js'),
  ];
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`The ${action} bundle is missing (looked in ${candidates.join(', ')}).`);
  return found;
}

function parseShard(text: string): ShardEntry {
  const shard = JSON.parse(text) as ShardEntry;
  if (!Array.isArray(shard?.repositories)) throw new Error('The shard input is not a shard of the plan.');
  for (const r of shard.repositories) repositorySlug(r);
  return shard;
}

/** Runs one stage bundle as the runner would run its action, with only the given inputs. */
function runStageProcess(
  bundle: string,
  env: NodeJS.ProcessEnv,
  log: (line: string) => void,
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line) log(line);
    };
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', () => resolve(1));
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function readTelemetry(dir: string): Promise<unknown[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: unknown[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    try {
      files.push(JSON.parse(await readFile(join(dir, name), 'utf8')));
    } catch {
      // an unreadable file counts as that stage's crash in the row
    }
  }
  return files;
}

/** The environment a stage process starts from: the job's, without this step's own inputs and file commands. */
function baseEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('INPUT_') || k.startsWith('STATE_')) continue;
    env[k] = v;
  }
  return env;
}

const RANK: Record<RowStatus, number> = { skipped: 0, ok: 1, degraded: 2, error: 3 };

/**
 * Runs the pipeline for each repository of one shard, one after the other (the matrix gives the
 * parallelism). A repository whose stages fail or run out of budget never stops the next one:
 * its row says so and the next run resumes it.
 */
export async function runShard(io: ActionIO): Promise<void> {
  const runner = readRunnerEnv((name) => io.getEnv(name));
  const token = io.getInput('github-token');
  if (!token)
    throw new Error('No token for this shard: set up the App (or GH_CI_PAT), see docs/federation.md.');
  io.setSecret(token);
  const shard = parseShard(io.getInput('shard'));
  const resultsDir = io.getInput('results-dir') || join(runner.runnerTemp, 'codex-federation');
  const dryRun = io.getInput('dry-run') === 'true';
  const runUrl = `${runner.serverUrl}/${runner.repository ?? ''}/actions/runs/${runner.runId}`;
  await mkdir(resultsDir, { recursive: true });
  const rows: OverviewRow[] = [];
  for (const repository of shard.repositories) {
    const slug = repositorySlug(repository);
    const work = join(runner.runnerTemp, 'codex-federation-work', slug);
    const stagesDir = join(work, 'telemetry');
    const mergeDir = join(work, 'merge');
    await mkdir(stagesDir, { recursive: true });
    await mkdir(mergeDir, { recursive: true });
    await io.group(`${repository}`, async () => {
      for (const { action } of FEDERATED_STAGES) {
        const merge = action === 'telemetry-merge';
        const env: NodeJS.ProcessEnv = {
          ...baseEnvironment(),
          ...(shard.env[repository] ?? {}),
          GITHUB_OUTPUT: join(work, `${action}.output`),
          GITHUB_STEP_SUMMARY: join(work, `${action}.summary.md`),
          GITHUB_STATE: join(work, `${action}.state`),
          INPUT_REPOSITORY: repository,
          'INPUT_GITHUB-TOKEN': token,
          'INPUT_TELEMETRY-DIR': merge ? mergeDir : stagesDir,
          // Stages keep their telemetry local; the merge publishes the repository's run in one commit.
          INPUT_PUBLISH: merge ? '' : 'none',
          'INPUT_TELEMETRY-SOURCE': merge ? stagesDir : '',
        };
        if (dryRun) env.CODEX_DRY_RUN = 'true';
        // The runner creates these files before a step starts; a stage appends to them.
        for (const file of [env.GITHUB_OUTPUT!, env.GITHUB_STEP_SUMMARY!, env.GITHUB_STATE!])
          await writeFile(file, '');
        const code = await runStageProcess(stageBundle(action), env, (line) => io.info(line));
        if (code !== 0) io.warning(`${repository}: ${action} exited with ${code}.`);
      }
    });
    const files = [...(await readTelemetry(stagesDir)), ...(await readTelemetry(mergeDir))];
    const row = overviewRow(
      repository,
      files,
      { run_url: runUrl, dashboard_url: '' },
      FEDERATED_STAGES.map((s) => s.component),
    );
    rows.push(row);
    await writeFile(join(resultsDir, `${slug}.json`), `${JSON.stringify(row)}\n`);
  }
  const worst = rows.reduce<RowStatus>((w, r) => (RANK[r.status] > RANK[w] ? r.status : w), 'skipped');
  io.setOutput('status', worst);
  io.setOutput('count', String(rows.length));
  await io.appendSummary(
    `## Codex federation: shard ${shard.index}\n\n${table(
      ['repository', 'status', 'verdict', 'failing stages'],
      rows.map((r) => [
        r.repository,
        r.status,
        r.verdict ?? '—',
        r.failing.map((f) => `${f.component} (${f.code ?? f.status})`).join(', ') || '—',
      ]),
    )}`,
  );
}
