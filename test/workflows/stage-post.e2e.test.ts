/**
 * A stage whose step ends without telemetry (no token, a killed process) still leaves a
 * schema-valid `error` record: the stage writes it ahead, as soon as it knows where, and replaces
 * it with its own record when it ends; the post step of its action writes it when the stage never
 * got that far (no token).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runWorkflow, type WorkflowResult } from '@codex-suite/harness/run-workflow';
import { afterEach, describe, expect, it } from 'vitest';
import { seedDemoRepository } from '../../scripts/lib/demo-repository.js';
import { repoRoot, workflowsDir } from './support.js';
import '../support/fresh-dist.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function standIn(result: WorkflowResult, file: string) {
  const target = path.join(result.runnerTemp, 'codex-telemetry', file);
  expect(existsSync(target), target).toBe(true);
  return JSON.parse(readFileSync(target, 'utf8'));
}

function expectStandIn(result: WorkflowResult, job: string, stage: string, stepName: string, file: string) {
  const record = standIn(result, file);
  expect(validateTelemetry(record).errors).toEqual([]);
  const message = `The ${stage} step ended without writing telemetry (a crash, a timeout or a missing token).`;
  expect(record).toMatchObject({
    status: 'error',
    summary: message,
    errors: [{ code: 'stage_crashed', message }],
  });
  const steps = result.jobs[job]!.steps;
  expect(steps.find((s) => s.id === 'stage')!.outcome).toBe('failure');
  // The post step runs last, after the steps that follow the stage (the upload among them).
  const post = steps.at(-1)!;
  expect(post).toMatchObject({ name: `Post ${stepName}`, outcome: 'success' });
  expect(post.log).toContain(`##[warning]Codex ${stage}: ${message}`);
  // Advisory job: the crash fails it, continue-on-error keeps the run green, the output says error.
  expect(result.jobs[job]).toMatchObject({
    outcome: 'failure',
    result: 'success',
    outputs: { status: 'error' },
  });
  return record;
}

describe('a stage step that ends without telemetry', () => {
  it('no token: the post step writes the error record and warns', async () => {
    const result = await runWorkflow({
      workflowPath: path.join(workflowsDir, 'codex-self-test.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch', inputs: {} },
      github: { repository: 'acme/widgets', token: '', run_id: '8101' },
      defaultStepTimeoutMs: 60_000,
    });
    const record = expectStandIn(
      result,
      'self-test',
      'self-test',
      'Run the self-test stage',
      'self-test-8101.json',
    );
    expect(record).toMatchObject({
      component: 'self-test',
      repository: 'acme/widgets',
      run_id: '8101',
      dry_run: false,
    });
    // GitHub runs post steps after every main step: the artifact was uploaded before the record existed.
    expect(
      existsSync(path.join(result.artifactsDir, 'codex-telemetry-self-test', 'self-test-8101.json')),
    ).toBe(false);
  });

  it('a killed process: the stage step times out mid-request, its record written ahead is uploaded', async () => {
    emulator = await startEmulator();
    const seed = seedDemoRepository(emulator.state, { size: 'test' });
    // Every answer takes longer than the step may run: the runner kills the stage process.
    emulator.faults.add({ delayMs: 30_000 });
    const result = await runWorkflow({
      workflowPath: path.join(workflowsDir, 'codex-project-sync.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch', inputs: {} },
      vars: seed.vars,
      github: { repository: seed.repository, token: seed.token, api_url: emulator.url, run_id: '8102' },
      defaultStepTimeoutMs: 5_000,
    });
    expect(result.jobs['project-sync']!.steps.find((s) => s.id === 'stage')!.exitCode).toBeNull();
    const record = expectStandIn(
      result,
      'project-sync',
      'project-sync',
      'Run the project sync stage',
      'sync-8102.json',
    );
    expect(record).toMatchObject({ component: 'sync', repository: seed.repository, run_id: '8102' });
    // Written ahead by the stage itself, the record was there for the upload before the post step.
    const uploaded = path.join(result.artifactsDir, 'codex-telemetry-project-sync', 'sync-8102.json');
    expect(JSON.parse(readFileSync(uploaded, 'utf8'))).toEqual(record);
  });
});
