/**
 * Running a stage's bundle the way the runner does, and measuring the real process: a tiny
 * `--import` preload (given through NODE_OPTIONS, which runAction passes on) records the
 * process's own resource usage at exit — peak RSS (VmHWM), user and system CPU, and its wall
 * time since process start.
 */
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runAction } from '@codex-suite/harness/run-action';

export interface ProcessUsage {
  /** wall time from process start to exit */
  readonly wallMs: number;
  readonly maxRssMiB: number;
  /** user + system CPU */
  readonly cpuMs: number;
}

/*
 * Peak RSS is VmHWM of /proc/self/status where there is one: getrusage's maxrss survives fork +
 * exec on Linux, so a child spawned by a large parent (the benchmark holds the emulator) would
 * report the parent's size.
 */
const PRELOAD = `import { readFileSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
const out = process.env.CODEX_BENCH_USAGE_FILE;
// The stage's own process: not its worker thread (the process's figures are read at the main
// thread's exit, which waits for it), not the action's post step (a process of its own after it).
if (out && isMainThread && !/post\\.js$/.test(process.argv[1] ?? '')) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    let hwm;
    try {
      const m = /VmHWM:\\s+(\\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (m) hwm = Number(m[1]);
    } catch {}
    writeFileSync(out, JSON.stringify({ wallMs: performance.now(), maxRssKiB: hwm ?? u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime }));
  });
}
`;

/** A scratch folder with the preload; `actionRoot` holds `actions/<stage>/action.yml` and `dist/<stage>/`. */
export interface Workbench {
  readonly dir: string;
  readonly preload: string;
  actionRoot: string;
}

export function createWorkbench(repoRoot: string): Workbench {
  const dir = mkdtempSync(join(tmpdir(), 'codex-bench-'));
  const preload = join(dir, 'usage-preload.mjs');
  writeFileSync(preload, PRELOAD);
  return { dir, preload, actionRoot: repoRoot };
}

/**
 * Bundles the current sources into the workbench (never into the repository's dist/) and points
 * the workbench's action tree at it: `<dir>/actions/<stage>/action.yml` → `<dir>/dist/<stage>`.
 */
export async function buildInto(
  bench: Workbench,
  repoRoot: string,
  stages: readonly string[],
  options: { readonly minify?: boolean } = {},
): Promise<void> {
  const dist = join(bench.dir, 'dist');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'build.mjs')], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: {
        ...process.env,
        OUT_DIR: dist,
        STAGES: stages.join(','),
        ...(options.minify === false ? { MINIFY: 'false' } : {}),
      },
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build exited ${code}`))));
  });
  for (const stage of stages) {
    const target = join(bench.dir, 'actions', stage);
    mkdirSync(target, { recursive: true });
    cpSync(join(repoRoot, 'actions', stage, 'action.yml'), join(target, 'action.yml'));
  }
  bench.actionRoot = bench.dir;
}

export interface StageRun {
  readonly exitCode: number | null;
  readonly status: string;
  readonly summary: string;
  readonly usage: ProcessUsage | undefined;
  /** why the stage could not run at all (e.g. an invalid action.yml) */
  readonly failure?: string;
  readonly log: string;
}

export interface StageRunOptions {
  readonly apiUrl: string;
  readonly token: string;
  readonly repository: string;
  readonly runId: string;
  readonly env: Record<string, string>;
  /** inputs besides `write-interval-ms: 0` (the pipeline's `publish`, `telemetry-dir`, ...) */
  readonly inputs?: Record<string, string>;
  /** node options besides the usage preload (e.g. `--cpu-prof`) */
  readonly nodeOptions?: string;
}

export async function runStageBundle(
  bench: Workbench,
  stage: string,
  opts: StageRunOptions,
): Promise<StageRun> {
  const usageFile = join(bench.dir, `usage-${stage}-${opts.runId}-${process.hrtime.bigint()}.json`);
  rmSync(usageFile, { force: true });
  try {
    const result = await runAction({
      actionDir: join(bench.actionRoot, 'actions', stage),
      inputs: { 'write-interval-ms': '0', ...opts.inputs },
      github: { api_url: opts.apiUrl, token: opts.token, repository: opts.repository, run_id: opts.runId },
      env: {
        CODEX_RETRY_BASE_MS: '20',
        ...opts.env,
        NODE_OPTIONS: [`--import=${pathToFileURL(bench.preload).href}`, opts.nodeOptions ?? '']
          .join(' ')
          .trim(),
        CODEX_BENCH_USAGE_FILE: usageFile,
      },
      timeoutMs: 30 * 60_000,
    });
    return {
      exitCode: result.exitCode,
      status: result.outputs.status ?? `exit ${result.exitCode}`,
      summary: result.outputs.summary ?? '',
      usage: readUsage(usageFile),
      log: result.log,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { exitCode: null, status: 'not run', summary: '', usage: undefined, failure: message, log: '' };
  }
}

function readUsage(file: string): ProcessUsage | undefined {
  if (!existsSync(file)) return undefined;
  const u = JSON.parse(readFileSync(file, 'utf8')) as {
    wallMs: number;
    maxRssKiB: number;
    userUs: number;
    systemUs: number;
  };
  return {
    wallMs: Math.round(u.wallMs),
    maxRssMiB: Math.round((u.maxRssKiB / 1024) * 10) / 10,
    cpuMs: Math.round((u.userUs + u.systemUs) / 1000),
  };
}

/**
 * Cold start: `node <bundle>` spawned as the runner spawns it (no preload), timed from just
 * before spawn to the arrival of its first request at the emulator (`firstArrival` reads the
 * log). Returns the median of `repeat` runs.
 */
export async function coldStart(
  bundle: string,
  env: Record<string, string>,
  firstArrivalAfter: (t0: number) => number | undefined,
  repeat = 5,
): Promise<number | undefined> {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i += 1) {
    const temp = mkdtempSync(join(tmpdir(), 'codex-cold-'));
    const files = {
      GITHUB_OUTPUT: 'output',
      GITHUB_STEP_SUMMARY: 'summary',
      GITHUB_ENV: 'env',
      GITHUB_STATE: 'state',
      GITHUB_PATH: 'path',
    };
    const fileEnv: Record<string, string> = {};
    for (const [k, name] of Object.entries(files)) {
      fileEnv[k] = join(temp, name);
      writeFileSync(fileEnv[k]!, '');
    }
    const t0 = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [bundle], {
        stdio: 'ignore',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? temp,
          RUNNER_TEMP: temp,
          ...fileEnv,
          ...env,
        },
      });
      child.on('error', reject);
      child.on('exit', () => resolve());
    });
    const first = firstArrivalAfter(t0);
    if (first !== undefined) samples.push(first - t0);
    rmSync(temp, { recursive: true, force: true });
  }
  if (samples.length === 0) return undefined;
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

/** Bytes of every file under `dir`. */
export function treeBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(full) : statSync(full).size;
  }
  return total;
}

/** Milliseconds from spawn to exit of `node <args>` with a runner-like environment and no token. */
async function spawnOnce(args: readonly string[]): Promise<number> {
  const temp = mkdtempSync(join(tmpdir(), 'codex-startup-'));
  const output = join(temp, 'output');
  writeFileSync(output, '');
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [...args], {
      stdio: 'ignore',
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? temp,
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: output,
        GITHUB_REPOSITORY: 'acme/app',
      },
    });
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  const ms = performance.now() - t0;
  rmSync(temp, { recursive: true, force: true });
  return ms;
}

function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Median milliseconds from spawn to exit of `node <args>` with a runner-like environment and no token. */
export async function spawnToExit(args: readonly string[], repeat = 7): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < repeat; i += 1) samples.push(await spawnOnce(args));
  return median(samples);
}

export interface StartupMeasurement {
  /** median spawn to exit of `node -e 0` */
  readonly emptyMs: number;
  readonly rounds: number;
  /** per folder of bundles (in the order given): each stage's median of (bundle − the `node -e 0` run just before it) */
  readonly results: { stage: string; ms: number | undefined }[][];
}

/**
 * Start-up of each stage's bundle under each of `distDirs`: spawn to exit with no token (the
 * stage stops before its first request), minus the same for `node -e 0`. On a shared, loaded
 * machine the two are taken in turn, `node -e 0` just before every bundle run, round after
 * round; a stage's figure is the median over the rounds of its run minus the `node -e 0` run
 * beside it, so a change of load between rounds moves both. Stages without a bundle are left out.
 */
export async function measureStartup(
  distDirs: readonly string[],
  stages: readonly string[],
  rounds = 21,
): Promise<StartupMeasurement> {
  const bundles = distDirs.map((dir) =>
    stages.map((stage) => ({ stage, file: join(dir, stage, 'index.js') })).filter((b) => existsSync(b.file)),
  );
  const empty: number[] = [];
  const deltas = bundles.map((list) => list.map(() => [] as number[]));
  for (let round = 0; round < rounds; round += 1) {
    for (const [d, list] of bundles.entries()) {
      for (const [i, bundle] of list.entries()) {
        const base = await spawnOnce(['-e', '0']);
        empty.push(base);
        deltas[d]![i]!.push((await spawnOnce([bundle.file])) - base);
      }
    }
  }
  return {
    emptyMs: empty.length ? median(empty) : await spawnToExit(['-e', '0']),
    rounds,
    results: bundles.map((list, d) =>
      list.map((b, i) => ({ stage: b.stage, ms: Math.max(0, Math.round(median(deltas[d]![i]!))) })),
    ),
  };
}
