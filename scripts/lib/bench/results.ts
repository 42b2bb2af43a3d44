/** The shape of a benchmark run (what docs/benchmarks.json holds). */
import type { BenchMode, Bound, PipelineStage, StageFacts } from './lower-bound.js';
import type { ProcessUsage } from './measure.js';
import type { RequestSummary } from './requests.js';

export type PhaseId = 'first' | 'converge' | 'steady' | 'unchanged';
export const PHASE_LABELS: Record<PhaseId, string> = {
  first: 'first full pass',
  converge: 'convergence (activity alone, until every issue is attributed)',
  steady: 'steady state (20 issues changed)',
  unchanged: 'nothing changed',
};

export const MODE_LABELS: Record<BenchMode, string> = {
  pipeline:
    'pipeline mode (codex-pipeline.yml: publish none, telemetry-merge publishes the run in one commit)',
  standalone: 'standalone mode (each stage publishes its own telemetry file)',
};

export interface StageResult {
  readonly stage: PipelineStage;
  /** how the stage was run (absent in results written before modes existed: standalone) */
  readonly mode?: BenchMode;
  readonly status: string;
  readonly summary: string;
  readonly failure?: string;
  readonly facts: StageFacts;
  readonly requests: RequestSummary;
  readonly bound: Bound;
  /** counted / bound */
  readonly ratio: number;
  /** the reference's counted requests for the same work */
  readonly baseline: number;
  readonly usage?: ProcessUsage;
}

export interface PhaseResult {
  readonly phase: PhaseId;
  readonly runId: string;
  readonly edits?: readonly { number: number; kind: string }[];
  readonly stages: readonly StageResult[];
  readonly total: { readonly requests: RequestSummary; readonly bound: number; readonly baseline: number };
}

export interface ScenarioResult {
  readonly mode?: BenchMode;
  readonly openIssues: number;
  readonly closedIssues: number;
  readonly pullRequests: number;
  readonly driftRate: number;
  /** open managed issues with drift, as generated */
  readonly openDrift: number;
  readonly phases: readonly PhaseResult[];
}

export interface ColdStart {
  readonly stage: string;
  readonly ms: number | undefined;
  readonly bundleBytes: number;
}

/** Start-up of one stage's bundle: spawn to exit with no token, minus `node -e 0` (median). */
export interface Startup {
  readonly stage: string;
  readonly ms: number | undefined;
}

export interface BenchResult {
  readonly generatedAt: string;
  readonly command: string;
  /** `dist` (committed bundles) or `build` (current sources bundled into a scratch folder) */
  readonly bundles: 'dist' | 'build';
  /** the commit the bundles were built from, and whether the working tree had changes */
  readonly source?: { readonly commit: string; readonly dirty: boolean };
  readonly machine: {
    cpu: string;
    cores: number;
    memoryGiB: number;
    node: string;
    platform: string;
    /** 1-minute load average when the run started: timings on a busy machine run long */
    loadAverage?: number;
    /** 1-minute load average when cold start was measured (after up to 2 min of settling) */
    coldStartLoadAverage?: number;
  };
  /** the modes run, the first one primary (the targets are judged on it) */
  readonly modes?: readonly BenchMode[];
  /** every scenario of every mode */
  readonly scenarios: readonly ScenarioResult[];
  readonly coldStart: readonly ColdStart[];
  /** node with one fetch and nothing else, for scale */
  readonly emptyColdStartMs: number | undefined;
  /** bytes of the repository's dist/ */
  readonly distBytes: number;
  /** bytes of the bundles measured (equals distBytes unless built) */
  readonly measuredDistBytes: number;
  /** start-up of the measured bundles (`after`) and of the repository's dist/ (`before`, when built) */
  readonly startup?: {
    readonly emptyMs: number | undefined;
    /** rounds of the interleaved measurement (each bundle once a round, after a `node -e 0`); 7 separate runs when absent */
    readonly rounds?: number;
    readonly after: readonly Startup[];
    readonly before?: readonly Startup[];
  };
  /** CPU profile of project-sync's first pass (`--profile`) */
  readonly profile?: {
    readonly issues: number;
    readonly cpuMs: number | undefined;
    readonly sampledMs: number;
    readonly idleMs: number;
    readonly top: readonly { name: string; where: string; selfMs: number; share: number }[];
  };
}
