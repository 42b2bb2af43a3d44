import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expandMatrix, orderJobs, runWorkflow, type WorkflowResult } from '../src/run-workflow.js';

const repoRoot = path.join(import.meta.dirname, 'fixtures');
const wf = (name: string) => path.join(repoRoot, '.github', 'workflows', name);
const TOKEN = 'ghs_workflowToken0123456789abcdef';

function step(res: WorkflowResult, job: string, id: string) {
  const s = res.jobs[job]!.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id} in ${job}`);
  return s;
}

describe('runWorkflow: pipeline semantics', () => {
  let res: WorkflowResult;
  beforeAll(async () => {
    res = await runWorkflow({
      workflowPath: wf('pipeline.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch', inputs: { 'dry-run': 'true' } },
      github: { repository: 'acme/widgets', token: TOKEN, run_id: '77' },
    });
  });

  it('orders jobs by needs and concludes failure when a job fails', () => {
    expect(res.order).toEqual([
      'setup',
      'soft-step',
      'soft-job',
      'after-soft-job',
      'hard-fail',
      'dependent',
      'on-failure',
      'finally',
    ]);
    expect(res.conclusion).toBe('failure');
    expect(res.permissions).toEqual({ contents: 'read' });
    expect(res.concurrency).toEqual({ group: 'pipeline' });
  });

  it('flows outputs between steps and jobs and propagates GITHUB_ENV', () => {
    const setup = res.jobs.setup!;
    expect(setup.result).toBe('success');
    expect(step(res, 'setup', 'read').outputs.seen).toBe(
      'hi-from-workflow/acme/widgets/job/carried/carried-step/2',
    );
    expect(step(res, 'setup', 'read').outputs.cwd).toBe(res.workspace);
    expect(setup.outputs).toEqual({ value: '42', echoed: 'hi-from-workflow-42', composite: 'hello 42' });
    expect(step(res, 'setup', 'after-comp').outputs.saw).toBe('hello 42');
    expect(setup.summary).toContain('## Setup summary');
    expect(setup.summary).toContain('### Echo');
  });

  it('honours a dry-run style boolean input in step conditions', () => {
    expect(step(res, 'setup', 'dry').outputs.mode).toBe('dry');
    expect(step(res, 'setup', 'live').outcome).toBe('skipped');
  });

  it('applies step continue-on-error: outcome failure, conclusion success', () => {
    const flaky = step(res, 'soft-step', 'flaky');
    expect(flaky).toMatchObject({ outcome: 'failure', conclusion: 'success', exitCode: 7 });
    expect(flaky.log).toContain('about to fail');
    expect(res.jobs['soft-step']!.result).toBe('success');
    expect(res.jobs['soft-step']!.outputs.report).toBe('failure/success/42');
  });

  it('applies job continue-on-error: dependents still run', () => {
    expect(res.jobs['soft-job']).toMatchObject({ outcome: 'failure', result: 'success' });
    expect(res.jobs['after-soft-job']!.result).toBe('success');
    expect(res.jobs['after-soft-job']!.log).toContain('soft job result success');
  });

  it('evaluates if/always()/failure() for steps and jobs', () => {
    const hard = res.jobs['hard-fail']!;
    expect(hard.result).toBe('failure');
    expect(step(res, 'hard-fail', 'boom')).toMatchObject({ outcome: 'failure', exitCode: 2 });
    expect(step(res, 'hard-fail', 'not-reached').outcome).toBe('skipped');
    expect(step(res, 'hard-fail', 'cleanup').outcome).toBe('success');
    expect(step(res, 'hard-fail', 'on-fail').log).toContain('failure step ran');
    expect(res.jobs.dependent!.result).toBe('skipped');
    expect(res.jobs['on-failure']!.result).toBe('success');
    expect(res.jobs.finally!.outputs.results).toBe('success,failure,skipped');
  });

  it('masks the token and does not run a job whose if is false', async () => {
    const again = await runWorkflow({
      workflowPath: wf('pipeline.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch', inputs: { 'fail-hard': false } },
      github: { token: TOKEN },
    });
    expect(again.jobs['hard-fail']!.result).toBe('skipped');
    expect(again.jobs['on-failure']!.result).toBe('skipped');
    expect(again.conclusion).toBe('success');
    expect(step(again, 'setup', 'live').outputs.mode).toBe('live');
    const everything = JSON.stringify(again);
    expect(everything).not.toContain(TOKEN);
  });
});

describe('runWorkflow: reusable workflows', () => {
  it('calls local and owner/repo@ref workflows with inputs, secrets (incl. inherit) and outputs', async () => {
    const res = await runWorkflow({
      workflowPath: wf('caller.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch' },
      secrets: { API_KEY: 'key-abcdef-123', 'api-key': 'inherited-key-999' },
      github: { run_id: '9' },
    });
    expect(res.conclusion).toBe('success');
    expect(res.jobs.local!.outputs.combined).toBe('local-9:2:true:workflow_dispatch:14');
    expect(res.jobs.remote!.outputs.combined).toBe('remote:5:false:workflow_dispatch:17');
    expect(res.jobs.local!.workflow!.jobs.work!.result).toBe('success');
    expect(res.jobs.local!.log).toContain('key is ***');
    expect(res.jobs.local!.log).not.toContain('key-abcdef-123');
    // An output holding a secret is dropped, as GitHub does.
    expect(res.jobs.local!.outputs.leaked).toBe('');
    expect(step(res, 'consume', 'show').outputs).toMatchObject({
      local: 'local-9:2:true:workflow_dispatch:14',
      leaked: '',
    });
  });

  it('refuses to start a run whose call misses a required secret (GitHub checks it at startup)', async () => {
    await expect(
      runWorkflow({
        workflowPath: wf('caller-missing-secret.yml'),
        repoRoot,
        event: { name: 'workflow_dispatch' },
      }),
    ).rejects.toThrow(/job 'call': Secret api-key is required, but not provided while calling\./);
  });
});

describe('runWorkflow: third-party actions and artifacts', () => {
  it('emulates checkout/upload/download/cache, rejects unknown actions, applies overrides', async () => {
    const res = await runWorkflow({
      workflowPath: wf('artifacts.yml'),
      repoRoot,
      event: { name: 'push' },
      stepOverrides: (s) =>
        s.uses === 'some-org/replaceable@v2'
          ? (ctx) => {
              ctx.log(`replaced with ${ctx.inputs.value}`);
              return { outputs: { got: ctx.inputs.value ?? '' } };
            }
          : undefined,
    });
    expect(readdirSync(path.join(res.artifactsDir, 'telemetry')).sort()).toEqual([
      'cleaner-1.json',
      'sync-1.json',
    ]);
    expect(res.jobs.produce!.result).toBe('success');
    expect(step(res, 'consume', 'list').outputs.files).toBe('cleaner-1.json sync-1.json ');
    expect(step(res, 'consume', 'dl').outputs['download-path']).toBe(path.join(res.workspace, 'downloaded'));
    expect(step(res, 'consume', 'cache').outputs['cache-hit']).toBe('false');
    const missing = step(res, 'consume', 'missing');
    expect(missing).toMatchObject({ outcome: 'failure', conclusion: 'success' });
    expect(missing.log).toContain('Artifact not found for name: no-such-artifact');
    expect(res.jobs.consume!.result).toBe('success');
    const unknown = step(res, 'third-party', 'unknown');
    expect(unknown.outcome).toBe('failure');
    expect(unknown.log).toMatch(/Unknown action 'some-org\/some-action@v1'.*stepOverrides/);
    expect(step(res, 'third-party', 'replaced')).toMatchObject({
      outcome: 'success',
      outputs: { got: 'swapped' },
    });
    expect(res.conclusion).toBe('failure');
  });

  it('copies the repository on checkout when asked', async () => {
    const res = await runWorkflow({
      workflowPath: wf('artifacts.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch' },
      checkout: 'copy',
      stepOverrides: (s) => (String(s.uses).startsWith('some-org/') ? () => ({}) : undefined),
    });
    expect(existsSync(path.join(res.workspace, 'echo-action', 'action.yml'))).toBe(true);
    expect(res.conclusion).toBe('success');
  });
});

describe('runWorkflow: validation, matrix, helpers', () => {
  it('rejects an invalid workflow with the parser message', async () => {
    await expect(
      runWorkflow({ workflowPath: wf('invalid.yml'), repoRoot, event: { name: 'workflow_dispatch' } }),
    ).rejects.toThrow(/Unrecognized named-value: 'nosuchcontext'/);
  });

  it('rejects an event the workflow does not listen to, and bad inputs', async () => {
    await expect(
      runWorkflow({ workflowPath: wf('matrix.yml'), repoRoot, event: { name: 'push' } }),
    ).rejects.toThrow(/not triggered by 'push'/);
    await expect(
      runWorkflow({
        workflowPath: wf('pipeline.yml'),
        repoRoot,
        event: { name: 'workflow_dispatch', inputs: { 'dry-run': 'maybe' } },
      }),
    ).rejects.toThrow(/must be a boolean/);
  });

  it('runs matrix combinations (axes + include) sequentially', async () => {
    const res = await runWorkflow({
      workflowPath: wf('matrix.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch' },
    });
    const build = res.jobs.build!;
    expect(build.matrix!.map((m) => m.values)).toEqual([
      { stage: 'cleaner' },
      { stage: 'activity' },
      { stage: 'supervisor' },
    ]);
    expect(build.matrix!.map((m) => m.record.outputs.last)).toEqual([
      'cleaner-0',
      'activity-1',
      'supervisor-2',
    ]);
    expect(build.outputs.last).toBe('supervisor-2');
  });

  it('refuses a matrix of more than 256 jobs, as GitHub does', async () => {
    const run = (size: number) =>
      runWorkflow({
        workflowPath: wf('matrix-limit.yml'),
        repoRoot,
        event: { name: 'workflow_dispatch', inputs: { size } },
      });
    const over = await run(257);
    expect(over.jobs['fan-out']!.result).toBe('failure');
    expect(over.jobs['fan-out']!.error).toMatch(
      /257 combinations: a job matrix can generate a maximum of 256 jobs/,
    );
    const at = await run(3);
    expect(at.jobs['fan-out']!.matrix).toHaveLength(3);
  }, 60_000);

  it('expands matrices and orders jobs', () => {
    expect(expandMatrix({ a: [1, 2], b: ['x'], exclude: [{ a: 2 }], include: [{ a: 1, c: true }] })).toEqual([
      { a: 1, b: 'x', c: true },
    ]);
    expect(orderJobs({ c: { needs: ['a', 'b'] }, b: { needs: 'a' }, a: {} })).toEqual(['a', 'b', 'c']);
    expect(() => orderJobs({ a: { needs: 'b' }, b: { needs: 'a' } })).toThrow(/cycle/);
    expect(() => orderJobs({ a: { needs: 'zz' } })).toThrow(/unknown job 'zz'/);
  });
});

describe('runWorkflow: post steps of actions', () => {
  const orderOf = (res: WorkflowResult) =>
    readFileSync(path.join(res.runnerTemp, 'post-order.txt'), 'utf8').trim().split('\n');

  it('runs them at job end in reverse order, with STATE_*, even after a failed step (post-if: always())', async () => {
    const res = await runWorkflow({
      workflowPath: wf('post-steps.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch' },
      github: { repository: 'acme/widgets', token: TOKEN },
    });
    expect(orderOf(res)).toEqual([
      'main first',
      'main on-success',
      'main second',
      'main crashed',
      'last main step',
      // The crashed main saved no state; the skipped step registered no post; post-if success()
      // is false once the job has failed.
      'post crashed state=',
      'post second state=second',
      'post first state=first',
    ]);
    const job = res.jobs.posts!;
    expect(job.result).toBe('failure');
    const posts = job.steps.filter((s) => s.name?.startsWith('Post '));
    expect(posts.map((s) => [s.name, s.outcome])).toEqual([
      ['Post crashed', 'success'],
      ['Post second', 'success'],
      ['Post first', 'success'],
    ]);
    expect(posts[0]!.log).toContain('##[warning]post crashed state=');
    expect(job.log).toContain('##[warning]post first state=first');
  });

  it('still runs the post step of an action whose main step a step override replaced', async () => {
    const res = await runWorkflow({
      workflowPath: wf('post-steps.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch' },
      github: { repository: 'acme/widgets', token: TOKEN },
      stepOverrides: (s) => (s.id === 'first' ? () => ({ exitCode: 1 }) : undefined),
    });
    // The replaced main wrote nothing and saved no state; every later step but `last` is skipped.
    expect(orderOf(res)).toEqual(['last main step', 'post first state=']);
    expect(step(res, 'posts', 'first').outcome).toBe('failure');
  });
});
