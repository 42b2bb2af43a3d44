/** One job of steps: its environment and timeout, its steps then their post steps, its outputs. */
import type { GitHubContext } from './context.js';
import { type Contexts, evaluateString, evaluateTemplate } from './expressions.js';
import { type JobScope, type StepsScope, stepContexts, statusFns } from './job-scope.js';
import { jobAnnotations } from './runner-limits.js';
import { runStep } from './step.js';
import {
  asObj,
  type JobRecord,
  type Obj,
  type RunState,
  STATUS_OK,
  type StepResult,
  stringMap,
} from './workflow-model.js';

export async function runStepsJob(
  state: RunState,
  jobId: string,
  job: Obj,
  workflow: Obj,
  github: GitHubContext,
  baseContexts: Contexts,
  wfEnv: Record<string, string>,
): Promise<JobRecord> {
  const eo = { status: STATUS_OK, workspace: github.workspace };
  const jobEnv = stringMap(job.env, { ...baseContexts, env: wfEnv }, eo);
  const minutes =
    job['timeout-minutes'] !== undefined
      ? Number(evaluateTemplate(job['timeout-minutes'], baseContexts, eo))
      : NaN;
  const scope: JobScope = {
    state,
    jobId,
    job,
    workflow,
    github: { ...github, job: jobId },
    baseContexts: { ...baseContexts, github: { ...github, job: jobId } },
    env: { ...wfEnv, ...jobEnv },
    githubEnv: {},
    extraPath: [],
    status: 'success',
    summary: '',
    posts: [],
    deadline: Number.isFinite(minutes) ? Date.now() + minutes * 60_000 : undefined,
  };
  const stepsScope: StepsScope = { steps: {}, inputs: asObj(baseContexts.inputs), idCounts: new Map() };
  const results: StepResult[] = [];
  for (const step of (job.steps ?? []) as Obj[]) results.push(await runStep(scope, stepsScope, step));
  for (const post of scope.posts) {
    const result = await post();
    if (result) results.push(result);
  }
  const outputs: Record<string, string> = {};
  let log = results.map((r) => r.log).join('');
  const ctx = stepContexts(scope, stepsScope);
  for (const [name, expr] of Object.entries(asObj(job.outputs))) {
    try {
      const value = evaluateString(expr, ctx, {
        status: statusFns(scope),
        workspace: scope.github.workspace,
      });
      if (state.masker.contains(value)) {
        log += `##[warning]Skip output '${name}' since it may contain secret.\n`;
        continue;
      }
      outputs[name] = value;
    } catch (err) {
      log += `##[error]${state.masker.mask((err as Error).message)}\n`;
      scope.status = 'failure';
    }
  }
  return {
    result: scope.status,
    outcome: scope.status,
    outputs,
    steps: results,
    log,
    annotations: jobAnnotations(results.map((r) => r.annotations)),
    summary: scope.summary,
  };
}
