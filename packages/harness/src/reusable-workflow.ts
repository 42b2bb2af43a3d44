/** A job that calls a reusable workflow (`jobs.<id>.uses`): its inputs, secrets and outputs. */
import { existsSync } from 'node:fs';
import type { GitHubContext } from './context.js';
import { type Contexts, evaluateTemplate } from './expressions.js';
import { resolveLocal } from './step-uses.js';
import {
  asObj,
  type JobRecord,
  type JobResult,
  type Obj,
  type RunState,
  STATUS_OK,
  stringMap,
  type WorkflowResult,
} from './workflow-model.js';

/** Runs a workflow file as a called workflow (workflow.ts; passed in so this file does not import it). */
export type ExecuteWorkflow = (
  state: RunState,
  workflowPath: string,
  event: { name: string; payload?: object; inputs?: Record<string, unknown> },
  secrets: Record<string, string>,
  github: GitHubContext,
) => Promise<WorkflowResult>;

export async function runCalledWorkflow(
  state: RunState,
  job: Obj,
  github: GitHubContext,
  ctx: Contexts,
  secrets: Record<string, string>,
  executeWorkflow: ExecuteWorkflow,
): Promise<JobRecord> {
  const uses = String(job.uses);
  const file = resolveLocal(state, uses, 'workflow');
  if (!file || !existsSync(file)) throw new Error(`Can't resolve reusable workflow '${uses}'`);
  if (state.depth >= 4) throw new Error(`Reusable workflows nest deeper than 4 levels at '${uses}'`);
  const eo = { status: STATUS_OK, workspace: github.workspace };
  const withValues = asObj(evaluateTemplate(job.with ?? {}, ctx, eo));
  const passed = job.secrets === 'inherit' ? { ...secrets } : stringMap(job.secrets, ctx, eo);
  const inner = await executeWorkflow(
    { ...state, depth: state.depth + 1 },
    file,
    { name: 'workflow_call', inputs: withValues },
    passed,
    github,
  );
  const outcome: JobResult = inner.conclusion;
  return {
    result: outcome,
    outcome,
    outputs: inner.outputs,
    steps: [],
    log: Object.values(inner.jobs)
      .map((j) => j.log)
      .join(''),
    annotations: Object.values(inner.jobs).flatMap((j) => j.annotations),
    summary: Object.values(inner.jobs)
      .map((j) => j.summary)
      .join(''),
    workflow: inner,
  };
}
