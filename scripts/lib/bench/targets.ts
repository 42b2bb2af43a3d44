/** The suite's targets, judged on a benchmark run (pass / miss / not measured). Pure. */
import type { BenchMode } from './lower-bound.js';
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
  firstPassRatio: 1.1,
  steadyPipeline: 50,
  unchangedPerStage: 3,
  rssMiB: 256,
  cpuMs: 2000,
  coldStartMs: 150,
  distBytes: 6 * 1024 * 1024,
} as const;

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

/** The targets, judged on the primary mode's scenarios (see `primaryMode`). */
export function evaluateTargets(r: BenchResult): TargetVerdict[] {
  const mode = primaryMode(r);
  const all = scenariosOf(r, mode);
  const s10k = scenario(all, 10_000);
  const s50k = scenario(all, 50_000);
  const verdicts: TargetVerdict[] = [];

  verdicts.push(
    perStage(
      r,
      'first-pass-ratio',
      `first full pass: every stage within ${LIMITS.firstPassRatio}x of its lower bound`,
      all,
      ['first'],
      (st) => (pending(st) ? undefined : st.ratio),
      (v) => v <= LIMITS.firstPassRatio,
      (v) => `${v}x`,
    ),
  );

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
      ['first', 'steady', 'unchanged'],
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
      ['first', 'steady', 'unchanged'],
      (st) => st.usage?.cpuMs,
      (v) => v < LIMITS.cpuMs,
      (v) => `${(v / 1000).toFixed(2)} s`,
    ),
  );

  const cold = r.coldStart.filter((c) => c.ms !== undefined);
  const coldMisses = r.coldStart
    .filter((c) => c.ms === undefined || c.ms >= LIMITS.coldStartMs)
    .map((c) => ({
      scenario: 0,
      phase: 'first' as const,
      stage: c.stage,
      value: c.ms === undefined ? 'no request' : `${c.ms} ms`,
    }));
  verdicts.push({
    id: 'cold-start',
    target: `cold start < ${LIMITS.coldStartMs} ms (process start → first request)`,
    measured: cold.length ? `worst ${Math.max(...cold.map((c) => c.ms!))} ms` : 'not measured',
    pass: cold.length ? coldMisses.length === 0 : null,
    misses: coldMisses,
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
