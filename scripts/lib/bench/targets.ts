/** The suite's targets, judged on a benchmark run (pass / miss / not measured). Pure. */
import { type BenchMode, ratio } from './lower-bound.js';
import type { BenchResult, PhaseId, ScenarioResult, StageResult } from './results.js';

export interface TargetVerdict {
  readonly id: string;
  readonly target: string;
  readonly measured: string;
  /** null when the run did not measure it (e.g. --quick) */
  readonly pass: boolean | null;
  /** the stages (and where) that miss */
  readonly misses: readonly {
    scenario: number;
    phase: PhaseId;
    stage: string;
    value: string;
    /** the stage's lower bound there, when the bound itself is beyond the target */
    boundBeyond?: number;
  }[];
  /** the mode the target was judged on */
  readonly mode?: BenchMode;
}

export const LIMITS = {
  /** counted requests of the whole pipeline over its lower bound */
  firstPassRatio: 1.02,
  steadyRatio: 1.1,
  steadyPipeline: 50,
  unchangedPerStage: 3,
  rssMiB: 256,
  /** growth of a stage's peak RSS per open issue, between the smallest and largest size run */
  rssSlopeKiB: 3,
  cpuMs: 2000,
  /** spawn to exit of a bundle with no token, minus `node -e 0` */
  startupMs: 50,
  distBytes: 4 * 1024 * 1024,
  /** requests that read the issue index, at any size */
  indexReads: 1,
} as const;

/**
 * The phases the targets and the memory chart judge. The convergence runs are a catch-up the
 * benchmark adds (activity alone at its largest read budget) and are reported apart.
 */
export const JUDGED_PHASES: readonly PhaseId[] = ['first', 'steady', 'unchanged'];

/** Stages that read the issue index, and the routes a read of it may take. */
export const INDEX_READERS: ReadonlySet<string> = new Set(['project-sync', 'supervisor', 'activity']);
const INDEX_READ_ROUTES = [
  'GET /repos/{owner}/{repo}/contents/{path}',
  'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
];

/** Requests a stage spent reading the issue index (contents and blob reads; 404 included). */
export function indexReadRequests(st: StageResult): number {
  let n = 0;
  for (const [key, count] of Object.entries(st.requests.byRoute))
    if (INDEX_READ_ROUTES.some((route) => key.startsWith(`${route} `))) n += count;
  return n;
}

/** KiB of peak RSS per open issue between the smallest and the largest size, per stage and phase. */
export function rssSlopes(
  scenarios: readonly ScenarioResult[],
): { stage: string; phase: PhaseId; kib: number; from: number; to: number }[] {
  const sizes = [...scenarios].sort((a, b) => a.openIssues - b.openIssues);
  const small = sizes[0];
  const large = sizes[sizes.length - 1];
  if (!small || !large || small === large) return [];
  const slopes: { stage: string; phase: PhaseId; kib: number; from: number; to: number }[] = [];
  for (const p of large.phases.filter((x) => JUDGED_PHASES.includes(x.phase)))
    for (const st of p.stages) {
      const before = phase(small, p.phase)?.stages.find((x) => x.stage === st.stage)?.usage?.maxRssMiB;
      const after = st.usage?.maxRssMiB;
      if (before === undefined || after === undefined) continue;
      const kib = ((after - before) * 1024) / (large.openIssues - small.openIssues);
      slopes.push({
        stage: st.stage,
        phase: p.phase,
        kib: Math.round(kib * 100) / 100,
        from: small.openIssues,
        to: large.openIssues,
      });
    }
  return slopes;
}

/** A stage that did not run, or is still a stub, has no figure to judge. */
export function pending(st: StageResult): boolean {
  return st.status === 'not run' || /not implemented/i.test(st.summary);
}

function phase(s: ScenarioResult, id: PhaseId) {
  return s.phases.find((p) => p.phase === id);
}

/** The mode the targets are judged on: the first one run (pipeline, unless only standalone ran). */
export function primaryMode(r: BenchResult): BenchMode {
  return r.modes?.[0] ?? r.scenarios[0]?.mode ?? 'standalone';
}

/** The scenarios of one mode (results without modes are standalone). */
export function scenariosOf(r: BenchResult, mode: BenchMode): ScenarioResult[] {
  return r.scenarios.filter((s) => (s.mode ?? 'standalone') === mode);
}

function scenario(all: readonly ScenarioResult[], n: number): ScenarioResult | undefined {
  return all.find((s) => s.openIssues === n);
}

function perStage(
  r: BenchResult,
  id: string,
  target: string,
  scenarios: readonly ScenarioResult[],
  phases: readonly PhaseId[],
  value: (st: StageResult) => number | undefined,
  ok: (v: number) => boolean,
  show: (v: number) => string,
  boundBeyond?: (st: StageResult) => number | undefined,
): TargetVerdict {
  const misses: TargetVerdict['misses'][number][] = [];
  let worst: number | undefined;
  let measured = 0;
  const unmeasured = new Set<string>();
  for (const s of scenarios)
    for (const pid of phases)
      for (const st of phase(s, pid)?.stages ?? []) {
        const v = value(st);
        if (v === undefined) {
          unmeasured.add(st.stage);
          continue;
        }
        measured += 1;
        if (worst === undefined || v > worst) worst = v;
        if (!ok(v)) {
          const beyond = boundBeyond?.(st);
          misses.push({
            scenario: s.openIssues,
            phase: pid,
            stage: st.stage,
            value: show(v),
            ...(beyond !== undefined ? { boundBeyond: beyond } : {}),
          });
        }
      }
  void r;
  const pendingNote = unmeasured.size ? ` (not measured: ${[...unmeasured].join(', ')})` : '';
  if (measured === 0) return { id, target, measured: `not measured${pendingNote}`, pass: null, misses: [] };
  return { id, target, measured: `worst ${show(worst!)}${pendingNote}`, pass: misses.length === 0, misses };
}

/** The whole pipeline's counted requests against its lower bound, in one phase, at every size. */
function pipelineRatio(id: PhaseId, limit: number, all: readonly ScenarioResult[]): TargetVerdict {
  const runs = all.flatMap((s) => {
    const p = phase(s, id);
    return p ? [{ n: s.openIssues, ratio: ratio(p.total.requests.counted, p.total.bound) }] : [];
  });
  const worst = runs.reduce((m, x) => Math.max(m, x.ratio), 0);
  return {
    id: `${id}-ratio`,
    target: `${id === 'first' ? 'first full pass' : 'steady state'}: whole pipeline within ${limit}x of its lower bound`,
    measured: runs.length ? `worst ${worst}x` : 'not measured',
    pass: runs.length ? worst <= limit : null,
    misses: runs
      .filter((x) => x.ratio > limit)
      .map((x) => ({ scenario: x.n, phase: id, stage: 'pipeline', value: `${x.ratio}x` })),
  };
}

/** The targets, judged on the primary mode's scenarios (see `primaryMode`). */
export function evaluateTargets(r: BenchResult): TargetVerdict[] {
  const mode = primaryMode(r);
  const all = scenariosOf(r, mode);
  const s10k = scenario(all, 10_000);
  const s50k = scenario(all, 50_000);
  const verdicts: TargetVerdict[] = [];

  verdicts.push(pipelineRatio('first', LIMITS.firstPassRatio, all));
  verdicts.push(pipelineRatio('steady', LIMITS.steadyRatio, all));

  const steady = s10k ? phase(s10k, 'steady') : undefined;
  verdicts.push({
    id: 'steady-10k',
    target: `steady state, 10,000 issues, 20 changed: whole pipeline ≤ ${LIMITS.steadyPipeline} counted requests`,
    measured: steady ? `${steady.total.requests.counted} counted` : 'not measured',
    pass: steady ? steady.total.requests.counted <= LIMITS.steadyPipeline : null,
    misses:
      steady && steady.total.requests.counted > LIMITS.steadyPipeline
        ? steady.stages.map((st) => ({
            scenario: 10_000,
            phase: 'steady' as const,
            stage: st.stage,
            value: `${st.requests.counted}`,
          }))
        : [],
  });

  verdicts.push(
    perStage(
      r,
      'unchanged',
      `nothing changed: ≤ ${LIMITS.unchangedPerStage} counted requests per stage`,
      all,
      ['unchanged'],
      (st) => (pending(st) ? undefined : st.requests.counted),
      (v) => v <= LIMITS.unchangedPerStage,
      (v) => `${v}`,
      (st) => (st.bound.total > LIMITS.unchangedPerStage ? st.bound.total : undefined),
    ),
  );

  verdicts.push(
    perStage(
      r,
      'rss-50k',
      `peak RSS at 50,000 issues < ${LIMITS.rssMiB} MB per stage`,
      s50k ? [s50k] : [],
      JUDGED_PHASES,
      (st) => st.usage?.maxRssMiB,
      (v) => v < LIMITS.rssMiB,
      (v) => `${v} MB`,
    ),
  );

  verdicts.push(
    perStage(
      r,
      'cpu-10k',
      `CPU time of a stage over 10,000 issues < ${LIMITS.cpuMs / 1000} s`,
      s10k ? [s10k] : [],
      JUDGED_PHASES,
      (st) => st.usage?.cpuMs,
      (v) => v < LIMITS.cpuMs,
      (v) => `${(v / 1000).toFixed(2)} s`,
    ),
  );

  const slopes = rssSlopes(all);
  const worstSlope = slopes.reduce((m, x) => Math.max(m, x.kib), Number.NEGATIVE_INFINITY);
  verdicts.push({
    id: 'rss-slope',
    target: `peak RSS grows < ${LIMITS.rssSlopeKiB} KiB per open issue (every stage and phase)`,
    measured: slopes.length
      ? `worst ${worstSlope.toFixed(2)} KiB (${slopes[0]!.from.toLocaleString('en-US')} → ${slopes[0]!.to.toLocaleString('en-US')} issues)`
      : 'not measured (one size)',
    pass: slopes.length ? worstSlope < LIMITS.rssSlopeKiB : null,
    misses: slopes
      .filter((x) => x.kib >= LIMITS.rssSlopeKiB)
      .map((x) => ({ scenario: x.to, phase: x.phase, stage: x.stage, value: `${x.kib} KiB` })),
  });

  verdicts.push(
    perStage(
      r,
      'index-read',
      `the issue index is read in ${LIMITS.indexReads} request at any size`,
      all,
      ['steady', 'unchanged'],
      (st) => (INDEX_READERS.has(st.stage) && !pending(st) ? indexReadRequests(st) : undefined),
      (v) => v <= LIMITS.indexReads,
      (v) => `${v}`,
    ),
  );

  const startup = r.startup?.after.filter((c) => c.ms !== undefined) ?? [];
  const startupMisses = startup
    .filter((c) => c.ms! > LIMITS.startupMs)
    .map((c) => ({ scenario: 0, phase: 'first' as const, stage: c.stage, value: `${c.ms} ms` }));
  verdicts.push({
    id: 'startup',
    target: `bundle start-up ≤ ${LIMITS.startupMs} ms (spawn to exit with no token, minus node -e 0)`,
    measured: startup.length ? `worst ${Math.max(...startup.map((c) => c.ms!))} ms` : 'not measured',
    pass: startup.length ? startupMisses.length === 0 : null,
    misses: startupMisses,
  });

  verdicts.push({
    id: 'dist-size',
    target: `all of dist/ < ${LIMITS.distBytes / 1024 / 1024} MB`,
    measured: `${(r.distBytes / 1024 / 1024).toFixed(2)} MB`,
    pass: r.distBytes < LIMITS.distBytes,
    misses: [],
  });
  return verdicts.map((v) => ({ ...v, mode }));
}
