/** One step: its condition, its run or uses, continue-on-error, and what it leaves in the steps context. */
import type { ActionDefinition } from './action.js';
import { evaluateCondition, evaluateString, evaluateTemplate } from './expressions.js';
import { type JobScope, type StepExec, type StepsScope, stepContexts, statusFns } from './job-scope.js';
import { execRun } from './step-run.js';
import { execUses } from './step-uses.js';
import type { Annotation } from './runner-limits.js';
import { asObj, type Obj, type StepResult, stringMap } from './workflow-model.js';

function generatedId(step: Obj, steps: StepsScope): string {
  const base = step.uses
    ? `__${String(step.uses)
        .split('@')[0]!
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+/, '')}`
    : '__run';
  const n = (steps.idCounts.get(base) ?? 0) + 1;
  steps.idCounts.set(base, n);
  return n === 1 ? base : `${base}_${n}`;
}

async function runComposite(
  scope: JobScope,
  action: ActionDefinition,
  inputs: Record<string, string>,
  stepEnv: Record<string, string>,
): Promise<StepExec> {
  const steps: StepsScope = { steps: {}, inputs, actionPath: action.dir, idCounts: new Map() };
  const savedEnv = scope.env;
  scope.env = { ...scope.env, ...stepEnv };
  const before = { summary: scope.summary, status: scope.status };
  scope.summary = '';
  let log = '';
  const annotations: Annotation[] = [];
  try {
    for (const s of action.runs.steps ?? []) {
      const r = await runStep(scope, steps, s, true);
      log += r.log;
      annotations.push(...r.annotations);
    }
  } finally {
    scope.env = savedEnv;
  }
  const failed = scope.status === 'failure' && before.status !== 'failure';
  const summary = scope.summary;
  scope.summary = before.summary;
  if (failed) scope.status = before.status;
  const ctx = { ...stepContexts(scope, steps) };
  const outputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(action.outputs)) {
    outputs[name] = evaluateString(asObj(def).value ?? '', ctx, { workspace: scope.github.workspace });
  }
  return { exitCode: failed ? 1 : 0, outputs, log, summary, env: {}, path: [], annotations };
}

export async function runStep(
  scope: JobScope,
  steps: StepsScope,
  step: Obj,
  inComposite = false,
): Promise<StepResult> {
  const state = scope.state;
  const stepId = step.id !== undefined ? String(step.id) : generatedId(step, steps);
  const record: StepResult = {
    id: step.id !== undefined ? String(step.id) : undefined,
    name: step.name !== undefined ? String(step.name) : undefined,
    uses: step.uses !== undefined ? String(step.uses) : undefined,
    run: step.run !== undefined ? String(step.run) : undefined,
    outcome: 'skipped',
    conclusion: 'skipped',
    outputs: {},
    log: '',
    exitCode: null,
    summary: '',
    annotations: [],
  };
  const eo = { status: statusFns(scope), workspace: scope.github.workspace };
  let ctx = stepContexts(scope, steps);
  let continueOnError = false;
  let run = false;
  try {
    run = evaluateCondition(step.if, ctx, eo);
  } catch (err) {
    record.log = `##[error]${state.masker.mask((err as Error).message)}\n`;
    record.outcome = record.conclusion = 'failure';
    scope.status = scope.status === 'cancelled' ? 'cancelled' : 'failure';
  }
  if (record.outcome !== 'failure' && !run) {
    steps.steps[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
    return record;
  }
  if (run) {
    try {
      const stepEnv = stringMap(step.env, ctx, eo);
      ctx = { ...ctx, env: { ...asObj(ctx.env), ...stepEnv } };
      continueOnError =
        (step['continue-on-error'] !== undefined &&
          evaluateTemplate(step['continue-on-error'], ctx, eo) === true) ||
        step['continue-on-error'] === 'true';
      const exec =
        step.run !== undefined
          ? await execRun(scope, steps, step, stepId, stepEnv, ctx, inComposite)
          : await execUses(scope, step, stepId, stepEnv, ctx, runComposite);
      record.exitCode = exec.exitCode;
      record.outputs = exec.outputs;
      record.log = exec.log;
      record.summary = exec.summary;
      record.annotations = exec.annotations ?? [];
      record.outcome = exec.exitCode === 0 ? 'success' : 'failure';
      if (exec.exitCode !== 0)
        record.log += `##[error]Process completed with exit code ${exec.exitCode ?? 'null (killed)'}.\n`;
      if (exec.timedOut && scope.deadline !== undefined && Date.now() >= scope.deadline) {
        record.outcome = 'cancelled';
      }
      Object.assign(scope.githubEnv, exec.env);
      scope.extraPath.push(...exec.path);
      scope.summary += exec.summary;
    } catch (err) {
      record.log += `##[error]${state.masker.mask((err as Error).message)}\n`;
      record.outcome = 'failure';
    }
  }
  record.conclusion = record.outcome === 'failure' && continueOnError ? 'success' : record.outcome;
  if (record.conclusion === 'failure') scope.status = scope.status === 'cancelled' ? 'cancelled' : 'failure';
  if (record.outcome === 'cancelled') scope.status = 'cancelled';
  steps.steps[stepId] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.conclusion };
  const title = record.name ?? (record.run ? `Run ${record.run.split('\n')[0]}` : `Run ${record.uses}`);
  record.log = `##[group]${state.masker.mask(title)}\n##[endgroup]\n${record.log}`;
  return record;
}
