/** What the steps of one job share: its scope, the contexts a step sees, its environment and timeout. */
import type { GitHubContext } from './context.js';
import { basicEnvironment, runnerEnvironment } from './context.js';
import { type Contexts, type EvalOptions, evaluateTemplate } from './expressions.js';
import type { Annotation } from './runner-limits.js';
import type { Obj, RunState, StepOutcome, StepResult } from './workflow-model.js';

/** Everything a job's steps share. */
export interface JobScope {
  state: RunState;
  jobId: string;
  job: Obj;
  workflow: Obj;
  github: GitHubContext;
  baseContexts: Contexts;
  env: Record<string, string>;
  githubEnv: Record<string, string>;
  extraPath: string[];
  status: 'success' | 'failure' | 'cancelled';
  summary: string;
  /** Post steps still to run at job end, the last registered first. */
  posts: Array<() => Promise<StepResult | undefined>>;
  deadline?: number;
}

/** Steps context of one step list (the job, or a composite action). */
export interface StepsScope {
  steps: Record<string, { outputs: Record<string, string>; outcome: StepOutcome; conclusion: StepOutcome }>;
  inputs: Obj;
  actionPath?: string;
  idCounts: Map<string, number>;
}

export function stepContexts(scope: JobScope, steps: StepsScope): Contexts {
  return {
    ...scope.baseContexts,
    env: { ...scope.env, ...scope.githubEnv },
    steps: steps.steps,
    inputs: steps.inputs,
    job: { status: scope.status },
  };
}

export function statusFns(scope: JobScope): EvalOptions['status'] {
  return {
    success: () => scope.status === 'success',
    failure: () => scope.status === 'failure',
    cancelled: () => scope.status === 'cancelled',
  };
}

export interface StepExec {
  exitCode: number | null;
  outputs: Record<string, string>;
  log: string;
  summary: string;
  env: Record<string, string>;
  path: string[];
  timedOut?: boolean;
  /** what GitHub shows of the step's annotations (runner-limits.ts) */
  annotations?: Annotation[];
}

export function processEnv(
  scope: JobScope,
  stepEnv: Record<string, string>,
  stepId: string,
  actionPath?: string,
): Record<string, string> {
  const github = { ...scope.github, action: stepId, action_path: actionPath ?? '' };
  return {
    ...basicEnvironment(scope.state.node, [...scope.extraPath].reverse()),
    ...scope.env,
    ...scope.githubEnv,
    ...stepEnv,
    ...runnerEnvironment(github, scope.state.runner),
    GITHUB_EVENT_PATH: scope.state.eventPath,
  };
}

export function stepTimeout(scope: JobScope, step: Obj, ctx: Contexts): number | undefined {
  const eo = { status: statusFns(scope), workspace: scope.github.workspace };
  const minutes =
    step['timeout-minutes'] !== undefined ? Number(evaluateTemplate(step['timeout-minutes'], ctx, eo)) : NaN;
  let ms = Number.isFinite(minutes) ? minutes * 60_000 : (scope.state.opts.defaultStepTimeoutMs ?? 600_000);
  if (scope.deadline !== undefined) ms = Math.min(ms, Math.max(1, scope.deadline - Date.now()));
  return ms;
}
