/** One workflow run: its jobs in `needs` order, each skipped, called, expanded or run, and its outputs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { GitHubContext } from './context.js';
import { type Contexts, evaluateCondition, evaluateString, evaluateTemplate } from './expressions.js';
import { ancestors, needsOf, orderJobs } from './job-graph.js';
import { runStepsJob } from './job.js';
import { runMatrixJob } from './matrix.js';
import { validateWorkflowText } from './parser.js';
import { expandPermissions } from './permissions.js';
import { runCalledWorkflow } from './reusable-workflow.js';
import { workflowRepositoryRoot } from './self-reference.js';
import {
  asObj,
  type JobRecord,
  jobWithoutSteps,
  type RunState,
  STATUS_OK,
  stringMap,
  type WorkflowResult,
} from './workflow-model.js';
import { coerceInputs, triggers } from './workflow-trigger.js';

/**
 * Runs one workflow file for one event (the run's own, or a `workflow_call` from a caller job):
 * each job in `needs` order, skipped when its `if` is false, else a called workflow, a matrix or
 * a job of steps; then the run's conclusion and, for a call, its outputs.
 */
export async function executeWorkflow(
  state: RunState,
  workflowPath: string,
  event: { name: string; payload?: object; inputs?: Record<string, unknown> },
  secrets: Record<string, string>,
  github: GitHubContext,
): Promise<WorkflowResult> {
  state = { ...state, ownRoot: workflowRepositoryRoot(workflowPath, state.opts.repoRoot) };
  const text = readFileSync(workflowPath, 'utf8');
  const errors = await validateWorkflowText(path.basename(workflowPath), text);
  if (errors.length) throw new Error(`Invalid workflow ${workflowPath}:\n  ${errors.join('\n  ')}`);
  const doc = asObj(parseYaml(text));
  const on = triggers(doc);
  if (!(event.name in on)) {
    throw new Error(
      `Workflow ${workflowPath} is not triggered by '${event.name}' (on: ${Object.keys(on).join(', ')})`,
    );
  }
  const trigger = on[event.name]!;
  const vars = state.opts.vars ?? {};
  const secretsCtx = { ...secrets, GITHUB_TOKEN: github.token };
  const early: Contexts = { github, vars, runner: state.runner };
  const inputs = coerceInputs(asObj(trigger.inputs), event.inputs ?? {}, early);
  const workflowName = String(doc.name ?? path.relative(state.opts.repoRoot, workflowPath));
  const gh: GitHubContext = { ...github, workflow: workflowName };
  const base: Contexts = {
    github: gh,
    vars,
    secrets: secretsCtx,
    inputs,
    runner: state.runner,
    needs: {},
    matrix: {},
    strategy: {},
  };
  const eo = { status: STATUS_OK, workspace: gh.workspace };
  const wfEnv = stringMap(doc.env, base, eo);
  const jobs = Object.fromEntries(Object.entries(asObj(doc.jobs)).map(([k, v]) => [k, asObj(v)]));
  const order = orderJobs(jobs);
  const workflowPermissions = expandPermissions(doc.permissions);
  const records: Record<string, JobRecord> = {};
  for (const id of order) {
    const job = jobs[id]!;
    const needs = Object.fromEntries(
      needsOf(job).map((n) => [n, { result: records[n]!.result, outputs: records[n]!.outputs }]),
    );
    const anc = [...ancestors(jobs, id)];
    const status = {
      success: () => anc.every((a) => records[a]!.result === 'success'),
      failure: () => anc.some((a) => records[a]!.result === 'failure'),
      cancelled: () => false,
    };
    const permissions = expandPermissions(job.permissions) ?? workflowPermissions ?? state.grant;
    const token =
      job.uses === undefined && state.opts.jobToken ? state.opts.jobToken({ id, permissions }) : gh.token;
    state.masker.add(token);
    const jobGh: GitHubContext = { ...gh, token };
    const jobCtx: Contexts = {
      ...base,
      github: jobGh,
      secrets: { ...secretsCtx, GITHUB_TOKEN: token },
      needs,
    };
    const extras = { permissions: job.permissions, concurrency: job.concurrency };
    let run: boolean;
    try {
      run = evaluateCondition(job.if, jobCtx, { status, workspace: gh.workspace });
    } catch (err) {
      records[id] = { ...jobWithoutSteps('failure', state.masker.mask((err as Error).message)), ...extras };
      continue;
    }
    if (!run) {
      records[id] = { ...jobWithoutSteps('skipped'), ...extras };
      continue;
    }
    const continueOnError = evaluateTemplate(job['continue-on-error'] ?? false, jobCtx, eo);
    let record: JobRecord;
    try {
      const strategy = asObj(job.strategy);
      if (job.uses !== undefined) {
        record = await runCalledWorkflow(
          { ...state, grant: permissions },
          job,
          gh,
          jobCtx,
          secrets,
          executeWorkflow,
        );
      } else if (strategy.matrix !== undefined) {
        record = await runMatrixJob(state, id, job, doc, jobGh, jobCtx, wfEnv);
      } else {
        record = await runStepsJob(state, id, job, doc, jobGh, jobCtx, wfEnv);
      }
    } catch (err) {
      record = jobWithoutSteps('failure', state.masker.mask((err as Error).message));
    }
    if (record.outcome === 'failure' && continueOnError === true) record.result = 'success';
    records[id] = { ...record, ...extras };
  }
  const results = Object.values(records).map((r) => r.result);
  const conclusion = results.includes('failure')
    ? 'failure'
    : results.includes('cancelled')
      ? 'cancelled'
      : 'success';
  const outputs: Record<string, string> = {};
  if (event.name === 'workflow_call') {
    const jobsCtx = Object.fromEntries(
      Object.entries(records).map(([k, r]) => [k, { result: r.result, outputs: r.outputs }]),
    );
    for (const [name, def] of Object.entries(asObj(trigger.outputs))) {
      outputs[name] = evaluateString(asObj(def).value ?? '', { ...base, jobs: jobsCtx }, eo);
    }
  }
  return {
    conclusion,
    jobs: records,
    order,
    outputs,
    artifactsDir: state.artifactsDir,
    runnerTemp: state.runnerTemp,
    workspace: gh.workspace,
    permissions: doc.permissions,
    concurrency: doc.concurrency,
  };
}
