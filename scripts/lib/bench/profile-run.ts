/**
 * One stage's first pass under `node --cpu-prof`, on a freshly seeded benchmark repository (no
 * issue index yet), from a bundle built without minifying so frames keep their names.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startEmulator } from '@codex-suite/emulator/server';
import { type CpuProfile, type ProfileSummary, summarizeCpuProfile } from './cpu-profile.js';
import { buildInto, createWorkbench, type ProcessUsage, runStageBundle } from './measure.js';
import { readPipelineEnv } from './pipeline-env.js';
import { BENCH_REPO, BENCH_TOKEN, benchVariables, scenarioSize, seedScenario } from './scenario.js';

export interface ProfiledRun {
  readonly status: string;
  readonly requests: number;
  readonly usage: ProcessUsage | undefined;
  readonly summary: ProfileSummary | undefined;
  /** where the profile was kept (`keep`), for a closer look in a profile viewer */
  readonly profileFile: string | undefined;
}

export async function profileFirstPass(
  repoRoot: string,
  stage: string,
  issues: number,
  options: { readonly nodeOptions?: string; readonly keep?: boolean } = {},
): Promise<ProfiledRun> {
  const bench = createWorkbench(repoRoot);
  const emulator = await startEmulator({ secondaryLimit: false });
  try {
    await buildInto(bench, repoRoot, [stage], { minify: false });
    const profiles = join(bench.dir, 'profiles');
    const runDir = join(bench.dir, 'run');
    mkdirSync(profiles, { recursive: true });
    mkdirSync(runDir, { recursive: true });
    seedScenario(emulator.state, scenarioSize(issues));
    const vars = benchVariables();
    const run = await runStageBundle(bench, stage, {
      apiUrl: emulator.url,
      token: BENCH_TOKEN,
      repository: BENCH_REPO,
      runId: '1001',
      env: { ...readPipelineEnv(repoRoot, vars), CODEX_HOME: join(runDir, 'home') },
      inputs: { 'telemetry-dir': join(runDir, 'telemetry'), publish: 'none' },
      nodeOptions: options.nodeOptions ?? `--cpu-prof --cpu-prof-dir=${profiles}`,
    });
    // One profile per thread: the stage runs in a worker thread (core/stage-thread.ts) while the
    // main thread waits for it, so the stage's profile is the busiest one.
    const busiest = busiestProfile(
      readdirSync(profiles)
        .filter((f) => f.endsWith('.cpuprofile'))
        .map((f) => ({
          file: f,
          summary: summarizeCpuProfile(JSON.parse(readFileSync(join(profiles, f), 'utf8')) as CpuProfile),
        })),
    );
    const file = busiest?.file;
    const summary = busiest?.summary;
    return {
      status: run.status,
      requests: emulator.log.length,
      usage: run.usage,
      summary,
      profileFile: file && options.keep ? join(profiles, file) : undefined,
    };
  } finally {
    await emulator.close();
    if (!options.keep) rmSync(bench.dir, { recursive: true, force: true });
  }
}

/** The profile of the thread that did the work (most sampled time not idle); undefined: none. */
export function busiestProfile<T extends { readonly summary: ProfileSummary }>(
  profiles: readonly T[],
): T | undefined {
  const busy = (p: T) => p.summary.sampledMs - p.summary.idleMs;
  return [...profiles].sort((a, b) => busy(b) - busy(a))[0];
}
