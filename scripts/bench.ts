/**
 * `npm run bench [-- --quick] [-- --sizes 1000,10000] [-- --build] [-- --mode pipeline|standalone|both]`
 *
 * Runs the pipeline's bundles (self-test → cleaner → project-sync → supervisor → activity,
 * diagnostics, then telemetry-merge) through runAction against the emulator, on generated
 * repositories, in three phases that share one emulator state: a first full pass, a steady-state
 * run after 20 human edits, and a run with nothing changed; between the first two, activity alone
 * runs until every issue whose status depends on who acted last is attributed (`converge`). Two modes, each on its own emulator:
 * `pipeline` runs the stages as codex-pipeline.yml does (its env, `publish: none`, one shared
 * telemetry folder per run that telemetry-merge gets as `telemetry-source` and publishes in one
 * commit); `standalone` lets each stage publish its own telemetry file (the action default).
 * Measures counted requests against the lower bound and the reference, wall time, peak RSS and
 * CPU of each stage process, cold start and bundle sizes. Writes docs/benchmarks.md and
 * docs/benchmarks.json.
 *
 * `--build` bundles the current sources into a scratch folder first (dist/ is left alone).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { latestTelemetry, stageFacts } from './lib/bench/facts.js';
import {
  type BenchMode,
  baseline,
  lowerBound,
  PIPELINE,
  type PipelineStage,
  ratio,
} from './lib/bench/lower-bound.js';
import {
  buildInto,
  coldStart,
  createWorkbench,
  measureStartup,
  runStageBundle,
  treeBytes,
  type Workbench,
} from './lib/bench/measure.js';
import { readPipelineEnv } from './lib/bench/pipeline-env.js';
import { profileFirstPass } from './lib/bench/profile-run.js';
import { renderMarkdown } from './lib/bench/report.js';
import type { IssueBaseline } from './lib/bench/report-compare.js';
import { addSummaries, summarizeRequests } from './lib/bench/requests.js';
import type {
  BenchResult,
  ColdStart,
  PhaseId,
  PhaseResult,
  ScenarioResult,
  StageResult,
} from './lib/bench/results.js';
import {
  BENCH_CONFIG,
  BENCH_REPO,
  BENCH_TOKEN,
  benchVariables,
  CONVERGENCE_ACTIVITY_READ_BUDGET,
  humanEdits,
  scenarioSize,
  seedScenario,
  settingsEnv,
} from './lib/bench/scenario.js';
import { evaluateTargets } from './lib/bench/targets.js';
import { type CliOption, type CliSpec, parseCli, usageError } from './lib/cli.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const HOUR = 3_600_000;
const EDITS = 20;
/** Most activity runs between the first pass and the steady state (see `converge`). */
const MAX_CONVERGENCE_RUNS = 10;

interface Args {
  sizes: number[];
  build: boolean;
  /** also profile project-sync's first pass at this many issues */
  profile: number | undefined;
  modes: BenchMode[];
  command: string;
}

const CLI = {
  command: 'npm run bench --',
  summary:
    'Runs the pipeline bundles against the local GitHub emulator on generated repositories and writes docs/benchmarks.md and docs/benchmarks.json.',
  duration:
    'about 2 minutes with --quick; 15-30 minutes for the default sizes (1,000, 10,000 and 50,000 issues) on 2 cores, of which activity’s convergence runs take about 4 minutes at 50,000 issues.',
  options: {
    quick: { type: 'boolean', description: 'one repository of 1,000 issues only' },
    sizes: {
      type: 'string',
      value: 'N,N',
      description: 'issue counts, comma-separated (default 1000,10000,50000)',
    },
    build: {
      type: 'boolean',
      description: 'bundle the current sources into a scratch folder first (dist/ is left alone)',
    },
    mode: { type: 'string', value: 'MODE', description: 'pipeline, standalone or both (default both)' },
    profile: {
      type: 'boolean',
      description: "also CPU-profile project-sync's first pass over 10,000 issues (about a minute more)",
    },
  },
} as const satisfies CliSpec<Record<string, CliOption>>;

function readArgs(argv: string[]): Args {
  const values = parseCli(CLI, argv);
  let sizes = values.quick ? [1000] : [1000, 10_000, 50_000];
  let modes: BenchMode[] = ['pipeline', 'standalone'];
  if (values.mode !== undefined) {
    if (values.mode === 'pipeline' || values.mode === 'standalone') modes = [values.mode];
    else if (values.mode !== 'both')
      usageError(CLI, `--mode is pipeline, standalone or both, got '${values.mode}'`);
  }
  if (values.sizes !== undefined) {
    sizes = values.sizes
      .split(',')
      .map((s) => Number(s.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
    if (sizes.length === 0)
      usageError(CLI, `--sizes needs a comma-separated list of issue counts, got '${values.sizes}'`);
  }
  return {
    sizes,
    build: values.build === true,
    profile: values.profile === true ? 10_000 : undefined,
    modes,
    command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
  };
}

/** Env and inputs of one stage in one run, the `mode` way. */
function stageSetup(
  mode: BenchMode,
  stage: string,
  runDir: string,
): { env: Record<string, string>; inputs: Record<string, string> } {
  if (mode === 'standalone') return { env: benchVariables(), inputs: {} };
  // codex-pipeline.yml: the workflow env, a fresh CODEX_HOME per job, telemetry kept local
  // (publish: none) in one folder the artifacts of the run merge into; telemetry-merge gets
  // that folder as telemetry-source and publishes (publish left at its default).
  const home = mkdtempSync(join(runDir, `home-${stage}-`));
  const env = { ...readPipelineEnv(root, benchVariables()), CODEX_HOME: home };
  if (stage === 'telemetry-merge')
    return {
      env,
      inputs: {
        'telemetry-dir': join(runDir, 'merge-telemetry'),
        'telemetry-source': join(runDir, 'telemetry'),
      },
    };
  return { env, inputs: { 'telemetry-dir': join(runDir, 'telemetry'), publish: 'none' } };
}

/** The commit the sources are at, and whether stage or core sources differ from it (what --build bundles). */
function sourceState(): { commit: string; dirty: boolean } | undefined {
  try {
    const git = (...a: string[]) => execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'actions', 'packages/core').length > 0;
    return { commit, dirty };
  } catch {
    return undefined;
  }
}

function log(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** Runs one stage of run `runId` and measures it against its lower bound and the reference. */
async function runStage(
  emulator: Emulator,
  bench: Workbench,
  mode: BenchMode,
  stage: PipelineStage,
  runDir: string,
  runId: string,
  merged: Map<string, string>,
  activityReadBudget?: number,
): Promise<StageResult> {
  const facts = stageFacts(
    emulator.state,
    merged,
    mode === 'pipeline' ? join(runDir, 'telemetry') : undefined,
    activityReadBudget,
  );
  const start = emulator.log.length;
  const setup = stageSetup(mode, stage, runDir);
  const run = await runStageBundle(bench, stage, {
    apiUrl: emulator.url,
    token: BENCH_TOKEN,
    repository: BENCH_REPO,
    runId,
    env:
      activityReadBudget === undefined
        ? setup.env
        : { ...setup.env, CODEX_ACTIVITY_READ_BUDGET: String(activityReadBudget) },
    inputs: setup.inputs,
  });
  const requests = summarizeRequests(emulator.log.slice(start));
  const bound = lowerBound(stage, facts, mode);
  return {
    stage,
    mode,
    status: run.status,
    summary: run.summary,
    ...(run.failure ? { failure: run.failure } : {}),
    facts,
    requests,
    bound,
    ratio: ratio(requests.counted, bound.total),
    baseline: baseline(stage, facts, requests.writes, mode),
    ...(run.usage ? { usage: run.usage } : {}),
  };
}

function logStage(mode: BenchMode, phase: PhaseId, result: StageResult): void {
  const { requests, bound, usage } = result;
  log(
    `  ${mode.padEnd(10)} ${phase.padEnd(9)} ${result.stage.padEnd(16)} ${result.status.padEnd(9)} counted ${String(requests.counted).padStart(5)} ` +
      `(r ${requests.reads}, w ${requests.writes}, 304 ${requests.notModified}) bound ${bound.total} ` +
      `${usage ? `${usage.wallMs} ms, ${usage.maxRssMiB} MB, cpu ${usage.cpuMs} ms` : result.failure ? `— ${result.failure.split('\n')[0]}` : ''}`,
  );
}

function phaseResult(
  phase: PhaseId,
  runId: string,
  stages: StageResult[],
  edits?: PhaseResult['edits'],
): PhaseResult {
  return {
    phase,
    runId,
    ...(edits ? { edits } : {}),
    stages,
    total: {
      requests: addSummaries(stages.map((s) => s.requests)),
      bound: stages.reduce((n, s) => n + s.bound.total, 0),
      baseline: stages.reduce((n, s) => n + s.baseline, 0),
    },
  };
}

async function runPhase(
  emulator: Emulator,
  bench: Workbench,
  mode: BenchMode,
  openIssues: number,
  phase: PhaseId,
  runId: string,
  merged: Map<string, string>,
  edits?: PhaseResult['edits'],
): Promise<PhaseResult> {
  const stages: StageResult[] = [];
  const runDir = join(bench.dir, `${mode}-${openIssues}-${phase}`);
  mkdirSync(join(runDir, 'telemetry'), { recursive: true });
  for (const stage of PIPELINE) {
    const result = await runStage(emulator, bench, mode, stage, runDir, runId, merged);
    stages.push(result);
    if (stage === 'telemetry-merge') {
      const paths = emulator.state.listFiles(BENCH_REPO, BENCH_CONFIG.pagesBranch, 'telemetry/');
      merged.clear();
      for (const [c, p] of latestTelemetry(paths)) merged.set(c, p);
    }
    logStage(mode, phase, result);
  }
  return phaseResult(phase, runId, stages, edits);
}

/**
 * Activity's one-off work, finished before the steady state. A first pass (at the default read
 * budget, 200) reads the timelines of only some of the issues whose status depends on who acted
 * last; a repository the suite has run on for a while has had them all read, over its hourly
 * runs. So between the first pass and the steady state, activity alone runs again, at its largest
 * budget (5,000) to take few runs, a run each (run ids from 1002 on: the runs come between the first pass and the steady state, and a later run has a larger id), until none is left (or a run
 * reads none, or MAX_CONVERGENCE_RUNS). These runs are reported apart, as the phase `converge`,
 * and no target judges them (a catch-up at a budget no phase uses): the steady state and the
 * nothing-changed run then measure a converged repository. The first of them runs an hour after
 * the first pass, as the next scheduled run would.
 */
async function converge(
  emulator: Emulator,
  bench: Workbench,
  mode: BenchMode,
  openIssues: number,
  merged: Map<string, string>,
): Promise<PhaseResult | undefined> {
  const runs: StageResult[] = [];
  const runDir = join(bench.dir, `${mode}-${openIssues}-converge`);
  mkdirSync(join(runDir, 'telemetry'), { recursive: true });
  for (let k = 0; k < MAX_CONVERGENCE_RUNS; k += 1) {
    if (stageFacts(emulator.state, merged).attributionCandidates === 0) break;
    // The runs after the first pass come an hour later: their since-list, not the steady state's,
    // lists again what the first pass wrote in the minutes before its last cursor.
    if (k === 0) emulator.state.advanceClock(HOUR);
    const result = await runStage(
      emulator,
      bench,
      mode,
      'activity',
      runDir,
      String(1002 + k),
      merged,
      CONVERGENCE_ACTIVITY_READ_BUDGET,
    );
    runs.push(result);
    logStage(mode, 'converge', result);
    const read = result.requests.byRoute['GET /repos/{owner}/{repo}/issues/{issue_number}/timeline 200'] ?? 0;
    if (result.status === 'error' || read === 0) break;
  }
  if (runs.length === 0) return undefined;
  return phaseResult('converge', runs.length === 1 ? '1002' : `1002–${1001 + runs.length}`, runs);
}

async function runScenario(bench: Workbench, mode: BenchMode, openIssues: number): Promise<ScenarioResult> {
  const size = scenarioSize(openIssues);
  log(
    `Scenario (${mode}): ${openIssues} open issues, ${size.closedIssues} closed, ${size.pullRequests} pull requests, 5 % drift`,
  );
  const emulator = await startEmulator({ secondaryLimit: false });
  try {
    const report = seedScenario(emulator.state, size);
    const merged = new Map<string, string>();
    const phases: PhaseResult[] = [];
    phases.push(await runPhase(emulator, bench, mode, openIssues, 'first', '1001', merged));
    const convergence = await converge(emulator, bench, mode, openIssues, merged);
    if (convergence) phases.push(convergence);
    // An hour later, people edited 20 issues.
    emulator.state.advanceClock(HOUR);
    const edits = humanEdits(emulator.state, EDITS);
    // Run ids go on after the convergence runs: the newest telemetry file of a component is the one
    // with the largest id (what telemetry-merge and the cleaner keep).
    const next = 1002 + (convergence?.stages.length ?? 0);
    phases.push(await runPhase(emulator, bench, mode, openIssues, 'steady', String(next), merged, edits));
    // Another hour, nothing happened.
    emulator.state.advanceClock(HOUR);
    phases.push(await runPhase(emulator, bench, mode, openIssues, 'unchanged', String(next + 1), merged));
    return {
      mode,
      openIssues,
      closedIssues: size.closedIssues,
      pullRequests: size.pullRequests,
      driftRate: size.driftRate,
      openDrift: report.openDrift.anyDrift,
      phases,
    };
  } finally {
    await emulator.close();
  }
}

async function measureColdStarts(
  bench: Workbench,
): Promise<{ stages: ColdStart[]; empty: number | undefined }> {
  const emulator = await startEmulator({ secondaryLimit: false });
  try {
    seedScenario(emulator.state, scenarioSize(10));
    const firstAfter = (t0: number) => {
      for (const e of emulator.log) {
        const at = Date.parse(e.at);
        if (at >= t0) return at;
      }
      return undefined;
    };
    const env = (stage: string): Record<string, string> => ({
      ...settingsEnv(),
      GITHUB_API_URL: emulator.url,
      GITHUB_REPOSITORY: BENCH_REPO,
      GITHUB_RUN_ID: '5000',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_ACTIONS: 'true',
      'INPUT_GITHUB-TOKEN': BENCH_TOKEN,
      INPUT_REPOSITORY: BENCH_REPO,
      'INPUT_WRITE-INTERVAL-MS': '0',
      'INPUT_TELEMETRY-DIR': join(bench.dir, `cold-${stage}`),
      CODEX_RETRY_BASE_MS: '20',
    });
    const stages: ColdStart[] = [];
    for (const stage of PIPELINE) {
      const bundle = join(bench.actionRoot, 'dist', stage, 'index.js');
      const ms = await coldStart(bundle, env(stage), firstAfter);
      stages.push({ stage, ms, bundleBytes: treeBytes(join(bench.actionRoot, 'dist', stage)) });
      log(`  cold start ${stage.padEnd(16)} ${ms ?? '—'} ms`);
    }
    const emptyScript = join(bench.dir, 'empty.mjs');
    writeFileSync(emptyScript, `await fetch(${JSON.stringify(`${emulator.url}/rate_limit`)});\n`);
    const empty = await coldStart(emptyScript, {}, firstAfter);
    log(`  cold start (node + one fetch) ${empty ?? '—'} ms`);
    return { stages, empty };
  } finally {
    await emulator.close();
  }
}

/** A JSON file of docs/ (the previous run, the issue's baseline); undefined when absent. */
function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const args = readArgs(process.argv.slice(2));
  const loadAverage = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  const bench = createWorkbench(root);
  const source = sourceState();
  if (args.build) {
    log('Bundling the current sources into a scratch folder...');
    await buildInto(bench, root, PIPELINE);
  }
  const scenarios: ScenarioResult[] = [];
  for (const mode of args.modes)
    for (const n of args.sizes) scenarios.push(await runScenario(bench, mode, n));
  // Cold start is a timing: give the machine up to two minutes to settle after the scenarios.
  const settleUntil = Date.now() + 120_000;
  while ((os.loadavg()[0] ?? 0) > 1 && Date.now() < settleUntil)
    await new Promise((r) => setTimeout(r, 5_000));
  const coldLoad = Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
  log(`Cold starts (load average ${coldLoad}):`);
  const cold = await measureColdStarts(bench);
  const measured = await measureStartup(
    [join(bench.actionRoot, 'dist'), ...(args.build ? [join(root, 'dist')] : [])],
    PIPELINE,
  );
  const startup = {
    emptyMs: Math.round(measured.emptyMs),
    rounds: measured.rounds,
    after: measured.results[0]!,
    ...(args.build ? { before: measured.results[1]! } : {}),
  };
  log(
    `Start-up over node -e 0 (${startup.emptyMs} ms): ${startup.after.map((x) => `${x.stage} ${x.ms} ms`).join(', ')}`,
  );
  let profile: BenchResult['profile'];
  if (args.profile) {
    log(`Profiling project-sync's first pass over ${args.profile} issues...`);
    const run = await profileFirstPass(root, 'project-sync', args.profile);
    if (run.summary)
      profile = {
        issues: args.profile,
        cpuMs: run.usage?.cpuMs,
        sampledMs: run.summary.sampledMs,
        idleMs: run.summary.idleMs,
        top: run.summary.top,
      };
  }
  const cpus = os.cpus();
  const result: BenchResult = {
    generatedAt: new Date().toISOString(),
    command: args.command,
    bundles: args.build ? 'build' : 'dist',
    ...(source ? { source } : {}),
    machine: {
      cpu: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      loadAverage,
      coldStartLoadAverage: coldLoad,
    },
    modes: args.modes,
    scenarios,
    coldStart: cold.stages,
    emptyColdStartMs: cold.empty,
    distBytes: treeBytes(join(root, 'dist')),
    measuredDistBytes: treeBytes(join(bench.actionRoot, 'dist')),
    startup,
    ...(profile ? { profile } : {}),
  };
  const before = readJson<BenchResult>(join(root, 'docs', 'benchmarks.json'));
  const issueBaseline = readJson<IssueBaseline>(join(root, 'docs', 'benchmarks-baseline.json'));
  const targets = evaluateTargets(result);
  writeFileSync(
    join(root, 'docs', 'benchmarks.json'),
    `${JSON.stringify({ ...result, targets }, null, 2)}\n`,
  );
  writeFileSync(join(root, 'docs', 'benchmarks.md'), renderMarkdown(result, targets, before, issueBaseline));
  log('Targets:');
  for (const t of targets)
    log(`  ${t.pass === null ? 'n/a ' : t.pass ? 'pass' : 'MISS'}  ${t.target}: ${t.measured}`);
  log('Wrote docs/benchmarks.md and docs/benchmarks.json');
  // The scratch folder (bundles, telemetry folders, CODEX_HOMEs) is not needed any more.
  rmSync(bench.dir, { recursive: true, force: true });
}

await main();
