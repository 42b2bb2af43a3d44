/**
 * `npm run bench:federation`: codex-federation.yml over N emulated repositories of mixed sizes,
 * twice (a first run, then the steady state), through the local workflow executor. Reports the
 * counted requests per repository (each shard has its own installation token here, one repository
 * per shard, so a token's requests are its repository's), the wall time per repository, and the
 * peak memory of the overview merge over those rows and over 1,000 rows.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OverviewDocument, OverviewRow } from '@codex-suite/core/federation/overview';
import { startEmulator } from '@codex-suite/emulator/server';
import { tokenId } from '@codex-suite/emulator/state';
import { parseCli, usageError } from './lib/cli.js';
import { appTokens, CONTROL, runFederation, seedFleet } from './lib/federation-fleet.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = {
  command: 'npm run bench:federation --',
  summary:
    'Runs codex-federation.yml twice over N emulated repositories (every tenth one demo-sized, several hundred issues; the others test-sized) and measures requests per repository, wall time and the overview merge.',
  duration:
    'about 6 s per test-sized and 15 s per demo-sized repository and run on 2 cores (50 repositories: about 12 minutes).',
  options: {
    repositories: { type: 'string', value: 'N', description: 'how many repositories (default 50)' },
  },
} as const;
const args = parseCli(CLI);
const count = Number(args.repositories ?? 50);
if (!Number.isInteger(count) || count < 1 || count > 256) usageError(CLI, '--repositories is 1 to 256');

const names = Array.from({ length: count }, (_, i) => `repo-${String(i).padStart(3, '0')}`);
const sizes = Object.fromEntries(names.map((n, i) => [n, i % 10 === 9 ? 'demo' : 'test'] as const));
const CONFIG = `targets:
  organization: codex-fleet
  topics: [codex]
limits:
  max-jobs: ${count}
  max-parallel: 20
settings:
  main-milestone: Codex Main
  dashboard-milestone: Codex Dashboard
`;

function quantiles(values: number[]): string {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return `min ${s[0]}, median ${at(0.5)}, max ${s.at(-1)}`;
}

/** Peak RSS (KiB) of the overview step over `rows`, in dry-run: the merge without the commit. */
function overviewPeak(rows: readonly OverviewRow[]): { kib: number; jsonBytes: number; seconds: number } {
  const dir = mkdtempSync(path.join(tmpdir(), 'federation-bench-'));
  const results = path.join(dir, 'rows');
  mkdirSync(results);
  for (const [i, row] of rows.entries()) writeFileSync(path.join(results, `${i}.json`), JSON.stringify(row));
  const started = Date.now();
  const proc = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', process.execPath, path.join(root, 'dist/federation/index.js')],
    {
      env: {
        PATH: process.env.PATH,
        INPUT_MODE: 'overview',
        'INPUT_RESULTS-DIR': results,
        'INPUT_DRY-RUN': 'true',
        'INPUT_DASHBOARD-URL': 'https://{owner}.github.io/{name}/dashboard/',
        GITHUB_REPOSITORY: CONTROL,
        RUNNER_TEMP: dir,
      },
      encoding: 'utf8',
    },
  );
  if (proc.status !== 0) throw new Error(`the overview step failed: ${proc.stdout}${proc.stderr}`);
  const seconds = (Date.now() - started) / 1000;
  const json = statSync(path.join(dir, 'codex-federation-overview', 'federation', 'overview.json')).size;
  const kib = Number(proc.stderr.trim().split('\n').at(-1));
  rmSync(dir, { recursive: true, force: true });
  return { kib, jsonBytes: json, seconds };
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    secondaryLimit: { writesPerMinute: 100_000, retryAfterSeconds: 1 },
  });
  try {
    seedFleet(emulator, names, CONFIG, sizes);
    const report: string[] = [];
    let rows: OverviewRow[] = [];
    for (const [label, runId] of [
      ['first run', '8001'],
      ['steady state', '8002'],
    ] as const) {
      const { override, minted } = appTokens(emulator);
      const started = Date.now();
      const run = await runFederation(emulator, { runId, override });
      const seconds = (Date.now() - started) / 1000;
      const byToken = new Map<string, number>();
      for (const e of run.log)
        if (e.counted && e.token) byToken.set(e.token, (byToken.get(e.token) ?? 0) + 1);
      const perRepo = (size: 'demo' | 'test') =>
        minted
          .filter((m) => m.repositories && sizes[m.repositories] === size)
          .map((m) => byToken.get(tokenId(m.token)) ?? 0);
      const doc = JSON.parse(
        emulator.state.readFile(CONTROL, 'gh-pages', 'federation/overview.json') ?? '{}',
      ) as OverviewDocument;
      rows = [...(doc.repositories ?? [])];
      const statuses: Record<string, number> = {};
      for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      report.push(
        `${label}: ${count} repositories in ${seconds.toFixed(0)} s of harness time (matrix jobs run one after another: ${(seconds / count).toFixed(1)} s per repository); ` +
          `counted requests per repository: test-sized ${quantiles(perRepo('test'))}; demo-sized ${quantiles(perRepo('demo'))}; ` +
          `all ${run.log.filter((e) => e.counted).length} counted; rows ${JSON.stringify(statuses)}`,
      );
      console.log(report.at(-1));
    }
    const real = overviewPeak(rows);
    const thousand = Array.from({ length: 1000 }, (_, i) => ({
      ...rows[i % rows.length]!,
      repository: `codex-fleet/r${i}`,
    }));
    const big = overviewPeak(thousand);
    report.push(
      `overview merge (dry run, node ${process.version}): ${rows.length} rows → peak RSS ${(real.kib / 1024).toFixed(0)} MiB, overview.json ${real.jsonBytes} bytes, ${real.seconds.toFixed(2)} s; ` +
        `1,000 rows → peak RSS ${(big.kib / 1024).toFixed(0)} MiB, overview.json ${big.jsonBytes} bytes, ${big.seconds.toFixed(2)} s`,
    );
    console.log(report.at(-1));
  } finally {
    await emulator.close();
  }
}

await main();
