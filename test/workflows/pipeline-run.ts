/**
 * Runs `codex-pipeline.yml` (or a caller of it) with the local workflow executor against the
 * emulator, and reads back what a person would look at: job results, telemetry artifacts, the
 * pages branch and the request log.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Emulator, RequestLogEntry } from '@codex-suite/emulator/server';
import { type RunWorkflowOptions, runWorkflow, type WorkflowResult } from '@codex-suite/harness/run-workflow';
import { workflowTokenPermissions } from '@codex-suite/emulator/workflow-permissions';
import type { Permissions } from '@codex-suite/harness/permissions';
import type { DemoRepository } from '../../scripts/lib/demo-repository.js';
import { repoRoot, resolveSuiteWorkflow, workflowsDir } from './support.js';

import { PIPELINE_JOBS, type PipelineJob } from '../../scripts/lib/pipeline-jobs.js';

export { PIPELINE_JOBS, type PipelineJob };

export interface PipelineRun {
  result: WorkflowResult;
  runId: string;
  /** The telemetry file each job uploaded (undefined when there was none). */
  telemetry: Partial<Record<PipelineJob, Record<string, any>>>;
  /** Requests made during the run. */
  log: RequestLogEntry[];
  /** The nested pipeline result when the run went through a caller workflow. */
  pipeline: WorkflowResult;
}

export interface PipelineRunOptions {
  runId: string;
  workflow?: string;
  event?: RunWorkflowOptions['event'];
  vars?: Record<string, string>;
  secrets?: Record<string, string>;
  /** The runner's GITHUB_TOKEN (default: the seeded token). */
  githubToken?: string;
  /**
   * Mint each job's GITHUB_TOKEN in the emulator with exactly that job's permissions, as GitHub
   * does (instead of one githubToken for every job).
   */
  jobTokens?: boolean;
  stepOverrides?: RunWorkflowOptions['stepOverrides'];
}

/**
 * Mints each job's GITHUB_TOKEN in the emulator with exactly the permissions the job was given
 * (in the workflow's spelling, converted once by the emulator), as GitHub does.
 */
export function jobTokenMinter(
  emulator: Emulator,
  runId: string,
): (job: { id: string; permissions: Permissions }) => string {
  return ({ id, permissions }) => {
    const token = `ghs_job_${runId}_${id}`;
    emulator.state.addToken(token, {
      login: 'github-actions[bot]',
      permissions: workflowTokenPermissions(permissions),
    });
    return token;
  };
}

export async function runPipeline(
  emulator: Emulator,
  seed: DemoRepository,
  options: PipelineRunOptions,
): Promise<PipelineRun> {
  const before = emulator.log.length;
  const result = await runWorkflow({
    workflowPath: options.workflow ?? path.join(workflowsDir, 'codex-pipeline.yml'),
    repoRoot,
    event: options.event ?? { name: 'workflow_dispatch', inputs: {} },
    vars: { ...seed.vars, ...options.vars },
    secrets: options.secrets ?? {},
    github: {
      repository: seed.repository,
      token: options.githubToken ?? seed.token,
      api_url: emulator.url,
      run_id: options.runId,
    },
    resolveUses: resolveSuiteWorkflow,
    jobToken: options.jobTokens ? jobTokenMinter(emulator, options.runId) : undefined,
    stepOverrides: options.stepOverrides,
    defaultStepTimeoutMs: 120_000,
  });
  const pipeline =
    Object.values(result.jobs).find((j) => j.workflow && 'telemetry-merge' in j.workflow.jobs)?.workflow ??
    result;
  const telemetry: PipelineRun['telemetry'] = {};
  for (const [job, component] of Object.entries(PIPELINE_JOBS) as Array<[PipelineJob, string]>) {
    const file = path.join(
      result.artifactsDir,
      `codex-telemetry-${job}`,
      `${component}-${options.runId}.json`,
    );
    if (existsSync(file)) telemetry[job] = JSON.parse(readFileSync(file, 'utf8'));
  }
  return { result, runId: options.runId, telemetry, log: emulator.log.slice(before), pipeline };
}

/** Files of the telemetry artifacts the merge job downloaded. */
export function downloadedTelemetry(run: PipelineRun): string[] {
  const dir = path.join(run.result.runnerTemp, 'codex-telemetry-source');
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/**
 * Replaces the steps of one stage by a crash (the process dies before writing telemetry), or
 * makes every request of that stage answer 500 while its step runs.
 */
export function faultInjection(
  emulator: Emulator,
  faults: { killedByTimeout?: PipelineJob; serverErrors?: PipelineJob },
): RunWorkflowOptions['stepOverrides'] {
  let active: string | undefined;
  return (step, job) => {
    if (active) {
      emulator.faults.remove(active);
      active = undefined;
    }
    const uses = String(step.uses ?? '');
    if (!uses.startsWith('$/actions/') || step.id !== 'stage') return undefined;
    if (job.id === faults.killedByTimeout) {
      // The stage's own process runs, and every answer takes longer than its step may run: the
      // runner kills the process mid-request (12 s, `timeout-minutes` of this step only).
      step['timeout-minutes'] = 0.2;
      active = emulator.faults.add({ delayMs: 60_000 });
    }
    if (job.id === faults.serverErrors) active = emulator.faults.add({ status: 500 });
    return undefined;
  };
}

/** Issue numbers a request changed (REST writes on `/issues/<n>...`). */
export function writtenIssueNumbers(log: readonly RequestLogEntry[]): number[] {
  const numbers = new Set<number>();
  for (const entry of log) {
    if (!entry.write || entry.status >= 400) continue;
    const m = /\/issues\/(\d+)/.exec(entry.path);
    if (m) numbers.add(Number(m[1]));
  }
  return [...numbers].sort((a, b) => a - b);
}
