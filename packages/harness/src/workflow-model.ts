/** What a local workflow run takes and gives back, and the state its jobs share. */
import type { CheckoutMode, StepOverride } from './builtins.js';
import type { Masker } from './commands.js';
import type { Annotation } from './runner-limits.js';
import type { GitHubContext, RunnerContext } from './context.js';
import { type Contexts, type EvalOptions, evaluateString } from './expressions.js';
import type { DefaultPermissions, Permissions } from './permissions.js';

export type Obj = Record<string, unknown>;

export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped';

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface StepResult {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  outcome: StepOutcome;
  conclusion: StepOutcome;
  outputs: Record<string, string>;
  /** The step's log as the runner displays it (masked). */
  log: string;
  exitCode: number | null;
  summary: string;
  /** what GitHub shows of its annotations: at most 10 of each level per process (runner-limits.ts) */
  annotations: Annotation[];
}

export interface JobRecord {
  result: JobResult;
  /** Result before job-level continue-on-error is applied. */
  outcome: JobResult;
  outputs: Record<string, string>;
  steps: StepResult[];
  /** Concatenated step logs. */
  log: string;
  /** what GitHub shows of the job's annotations: each step's in order, at most 50 in all */
  annotations: Annotation[];
  summary: string;
  permissions?: unknown;
  concurrency?: unknown;
  /** For a job that calls a reusable workflow. */
  workflow?: WorkflowResult;
  /** For a matrix job: one record per combination. */
  matrix?: Array<{ values: Obj; record: JobRecord }>;
  /** Why the job failed or was skipped, when the harness knows. */
  error?: string;
}

/** The record of a job that ran no step: skipped, cancelled, or failed before it started (and why). */
export function jobWithoutSteps(result: JobResult, error?: string): JobRecord {
  return {
    result,
    outcome: result,
    outputs: {},
    steps: [],
    log: '',
    annotations: [],
    summary: '',
    ...(error === undefined ? {} : { error }),
  };
}

export interface WorkflowResult {
  conclusion: 'success' | 'failure' | 'cancelled';
  jobs: Record<string, JobRecord>;
  /** Job ids in the order they were processed (skipped jobs included). */
  order: string[];
  /** Outputs of a workflow_call workflow (`on.workflow_call.outputs`). */
  outputs: Record<string, string>;
  artifactsDir: string;
  runnerTemp: string;
  workspace: string;
  permissions?: unknown;
  concurrency?: unknown;
}

export type EventName = 'workflow_dispatch' | 'workflow_call' | 'schedule' | 'pull_request' | 'push';

export interface RunWorkflowOptions {
  workflowPath: string;
  /** The suite's checkout: local and `owner/repo/...@ref` references resolve into it. */
  repoRoot: string;
  event: { name: EventName; payload?: object; inputs?: Record<string, unknown> };
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  github?: Partial<GitHubContext>;
  /** Replace a `uses:` step (third-party actions...). Return undefined to keep the default behaviour. */
  stepOverrides?: (step: Obj, job: { id: string; def: Obj }) => StepOverride | undefined;
  /**
   * Maps a `uses:` reference to a local path (a directory holding action.yml, or a workflow file).
   * Return undefined to fall back to the default: `./x` → `<repoRoot>/x`, and a reusable workflow
   * `owner/repo/x@ref` → `<repoRoot>/x`. `$/x` always resolves in the running workflow's own
   * repository, as on GitHub; an action `owner/repo/x@ref` is never mapped to the checkout by
   * default (that ref is not the code under test).
   */
  resolveUses?: (uses: string, kind: 'action' | 'workflow') => string | undefined;
  /** The repository's default GITHUB_TOKEN permissions (default: restricted, GitHub's default since 2023). */
  defaultPermissions?: DefaultPermissions;
  /**
   * Each job's GITHUB_TOKEN, given the permissions GitHub gives that job (its `permissions:`, else
   * the workflow's, else what its caller granted): a test bed mints one token per job with exactly
   * those. Default: `github.token` for every job.
   */
  jobToken?: (job: { id: string; permissions: Permissions }) => string;
  /** What the built-in actions/checkout does: nothing (default) or copy repoRoot into the workspace. */
  checkout?: CheckoutMode;
  runnerTemp?: string;
  artifactsDir?: string;
  node?: string;
  debug?: boolean;
  /** Step timeout when the step sets no timeout-minutes (default 10 minutes). */
  defaultStepTimeoutMs?: number;
}

export interface RunState {
  opts: RunWorkflowOptions;
  runnerTemp: string;
  artifactsDir: string;
  node: string;
  masker: Masker;
  runner: RunnerContext;
  eventPath: string;
  depth: number;
  /** Root of the repository that holds the running workflow: where `$/x` references resolve. */
  ownRoot: string;
  /** The GITHUB_TOKEN permissions that reach this workflow (from its caller, or the repository). */
  grant: Permissions;
}

export const STATUS_OK = { success: () => true, failure: () => false, cancelled: () => false };

export function asObj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

export function stringMap(v: unknown, ctx: Contexts, eo: EvalOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asObj(v))) out[k] = evaluateString(val, ctx, eo);
  return out;
}
