/**
 * Runs a workflow file locally the way GitHub Actions would. The parts: workflow.ts (the jobs of
 * one run, in needs order; job-graph.ts, matrix.ts, reusable-workflow.ts, workflow-trigger.ts),
 * job.ts (one job of steps; job-scope.ts), step.ts (one step; step-run.ts, step-uses.ts,
 * post-steps.ts), workflow-model.ts (what a run takes and gives back).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Masker } from './commands.js';
import {
  completeGitHubContext,
  freshRunnerTemp,
  type GitHubContext,
  runnerContext,
  writeEventFile,
} from './context.js';
import { repositoryDefault } from './permissions.js';
import { checkStartup } from './startup-checks.js';
import { executeWorkflow } from './workflow.js';
import {
  asObj,
  type Obj,
  type RunState,
  type RunWorkflowOptions,
  type WorkflowResult,
} from './workflow-model.js';

export type { StepOverride, StepOverrideContext, StepOverrideResult } from './builtins.js';
export type { GitHubContext } from './context.js';
export { orderJobs } from './job-graph.js';
export { expandMatrix, MATRIX_LIMIT } from './matrix.js';
export type {
  EventName,
  JobRecord,
  JobResult,
  RunWorkflowOptions,
  StepOutcome,
  StepResult,
  WorkflowResult,
} from './workflow-model.js';

/** Runs a workflow file locally, job by job in `needs` order, the way GitHub Actions would. */
export async function runWorkflow(opts: RunWorkflowOptions): Promise<WorkflowResult> {
  const refused = checkStartup(path.resolve(opts.workflowPath), opts);
  if (refused.length > 0) {
    throw new Error(`GitHub would refuse to start ${opts.workflowPath}:\n  ${refused.join('\n  ')}`);
  }
  const runnerTemp = path.resolve(opts.runnerTemp ?? freshRunnerTemp());
  const artifactsDir = path.resolve(opts.artifactsDir ?? path.join(runnerTemp, '_artifacts'));
  mkdirSync(artifactsDir, { recursive: true });
  const secrets = opts.secrets ?? {};
  const token = opts.github?.token ?? secrets.GITHUB_TOKEN ?? '';
  const partial: Partial<GitHubContext> = {
    ...opts.github,
    token,
    event_name: opts.github?.event_name ?? opts.event.name,
  };
  const github = completeGitHubContext(partial, runnerTemp);
  const payload: Obj = { ...asObj(opts.event.payload) };
  if (opts.event.name === 'workflow_dispatch' && payload.inputs === undefined) {
    payload.inputs = Object.fromEntries(
      Object.entries(opts.event.inputs ?? {}).map(([k, v]) => [k, String(v)]),
    );
  }
  payload.repository ??= {
    full_name: github.repository,
    name: github.repository.split('/')[1],
    owner: { login: github.repository_owner },
  };
  payload.sender ??= { login: github.actor };
  github.event = payload;
  const masker = new Masker();
  masker.add(token);
  for (const v of Object.values(secrets)) masker.add(v);
  const state: RunState = {
    opts,
    runnerTemp,
    artifactsDir,
    node: opts.node ?? process.execPath,
    masker,
    runner: runnerContext(runnerTemp, github.workspace, opts.debug ?? false),
    eventPath: writeEventFile(runnerTemp, payload),
    depth: 0,
    ownRoot: path.resolve(opts.repoRoot),
    grant: repositoryDefault(opts.defaultPermissions ?? 'restricted'),
  };
  return executeWorkflow(state, path.resolve(opts.workflowPath), opts.event, secrets, github);
}
