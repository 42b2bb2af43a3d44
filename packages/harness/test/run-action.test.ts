import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputEnvName } from '../src/action.js';
import { runAction } from '../src/run-action.js';

const fixtures = path.join(import.meta.dirname, 'fixtures');
const echo = path.join(fixtures, 'echo-action');
const TOKEN = 'ghs_harnessTestToken0123456789';

describe('runAction', () => {
  it('passes inputs, evaluates defaults against the contexts and reads outputs (incl. heredoc)', async () => {
    const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'harness-test-'));
    const res = await runAction({
      actionDir: echo,
      inputs: { message: 'hello', 'secret value': 's3cr3t-value' },
      github: { token: TOKEN, repository: 'acme/widgets', api_url: 'http://127.0.0.1:9/' },
      runnerTemp,
    });
    expect(res.exitCode).toBe(0);
    expect(res.outputs.message).toBe('hello');
    expect(res.outputs.repository).toBe('acme/widgets');
    expect(res.outputs['telemetry-dir']).toBe(`${runnerTemp}/codex-telemetry`);
    expect(res.outputs.multi).toBe('line one\nline two');
    expect(res.outputs['has-space-input']).toBe('yes');
    expect(res.runnerTemp).toBe(runnerTemp);
    expect(res.inputs['github-token']).toBe('***');
  });

  it('names inputs the runner way', () => {
    expect(inputEnvName('github-token')).toBe('INPUT_GITHUB-TOKEN');
    expect(inputEnvName('secret value')).toBe('INPUT_SECRET_VALUE');
    expect(inputEnvName('dryRun')).toBe('INPUT_DRYRUN');
  });

  it('sets the GITHUB_* / RUNNER_* environment and does not leak the parent env', async () => {
    process.env.LEAK_CHECK = 'leaked';
    try {
      const res = await runAction({
        actionDir: echo,
        inputs: { message: 'x' },
        env: { MY_ENV: 'mine', GITHUB_REPOSITORY: 'cannot/override' },
        github: {
          token: TOKEN,
          repository: 'acme/widgets',
          run_id: '42',
          run_attempt: '2',
          api_url: 'http://localhost:1234',
        },
        debug: true,
      });
      const env = JSON.parse(res.outputs.env!);
      expect(env).toMatchObject({
        GITHUB_API_URL: 'http://localhost:1234',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_GRAPHQL_URL: 'http://localhost:1234/graphql',
        GITHUB_REPOSITORY: 'acme/widgets',
        GITHUB_REPOSITORY_OWNER: 'acme',
        GITHUB_RUN_ID: '42',
        GITHUB_RUN_ATTEMPT: '2',
        GITHUB_EVENT_NAME: 'workflow_dispatch',
        GITHUB_ACTIONS: 'true',
        RUNNER_OS: 'Linux',
        RUNNER_ARCH: 'X64',
        RUNNER_DEBUG: '1',
        RUNNER_TEMP: res.runnerTemp,
        CI: 'true',
        MY_ENV: 'mine',
        LEAK_CHECK: null,
      });
      expect(res.outputs.cwd).toBe(env.GITHUB_WORKSPACE);
      expect(res.log).toContain('##[debug]a debug line');
    } finally {
      delete process.env.LEAK_CHECK;
    }
  });

  it('masks ::add-mask:: values and the token in the log, and parses workflow commands', async () => {
    const res = await runAction({
      actionDir: echo,
      inputs: { message: 'hi', 'secret value': 'p4ssw0rd-xyz' },
      github: { token: TOKEN },
    });
    expect(res.stdout).toContain('p4ssw0rd-xyz');
    expect(res.log).not.toContain('p4ssw0rd-xyz');
    expect(res.log).not.toContain(TOKEN);
    expect(res.log).toContain('secret is ***');
    expect(res.log).toContain('token ***');
    expect(res.log).not.toContain('##[debug]');
    expect(res.log).toContain('##[group]Details');
    expect(res.log).toContain('##[endgroup]');
    expect(res.masked).toEqual(expect.arrayContaining(['p4ssw0rd-xyz', TOKEN]));
    const warning = res.commands.find((c) => c.command === 'warning');
    expect(warning).toMatchObject({
      properties: { file: 'src/a.ts', line: '3', title: 'Heads up' },
      message: 'careful\nnow',
    });
    expect(res.commands.map((c) => c.command)).toEqual(['add-mask', 'debug', 'warning', 'group', 'endgroup']);
  });

  it('returns the step summary, GITHUB_ENV (heredoc) and state; reports a non-zero exit', async () => {
    const res = await runAction({ actionDir: echo, inputs: { message: 'bye', 'exit-code': '3' } });
    expect(res.exitCode).toBe(3);
    expect(res.summary).toBe('### Echo\n\nbye\n');
    expect(res.envFile).toEqual({ ECHOED: 'bye', BLOCK: 'a\nb' });
    expect(res.state).toEqual({ phase: 'main' });
    expect(res.log).toContain('##[error]Failed: asked to fail');
  });

  it('writes the event payload to GITHUB_EVENT_PATH', async () => {
    const res = await runAction({
      actionDir: echo,
      inputs: { message: 'e' },
      github: { event_name: 'pull_request', event: { action: 'opened', number: 7 } },
    });
    expect(res.outputs['event-action']).toBe('opened');
    expect(JSON.parse(res.outputs.env!).GITHUB_EVENT_NAME).toBe('pull_request');
  });

  it('warns about unexpected inputs', async () => {
    const res = await runAction({ actionDir: echo, inputs: { message: 'm', bogus: '1' } });
    expect(res.warnings[0]).toMatch(/Unexpected input\(s\) 'bogus'/);
    expect(res.log).toContain("##[warning]Unexpected input(s) 'bogus'");
  });

  it('kills an action that exceeds timeoutMs and reports it', async () => {
    const res = await runAction({ actionDir: path.join(fixtures, 'slow-action'), timeoutMs: 300 });
    expect(res.timedOut).toBe(true);
    expect(res.exitCode).toBeNull();
    expect(res.signal).toBe('SIGTERM');
    expect(res.stdout).toContain('started');
    expect(res.stdout).not.toContain('finished');
  });

  it('rejects unsupported runtimes and invalid action.yml clearly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'harness-bad-'));
    mkdirSync(path.join(dir, 'docker'));
    writeFileSync(
      path.join(dir, 'docker', 'action.yml'),
      'name: d\ndescription: d\nruns:\n  using: docker\n  image: Dockerfile\n',
    );
    await expect(runAction({ actionDir: path.join(dir, 'docker') })).rejects.toThrow(/node20\/node24/);
    mkdirSync(path.join(dir, 'broken'));
    writeFileSync(path.join(dir, 'broken', 'action.yml'), 'name: b\nruns:\n  using: node99\n');
    await expect(runAction({ actionDir: path.join(dir, 'broken') })).rejects.toThrow(
      /Invalid action definition/,
    );
    await expect(runAction({ actionDir: path.join(dir, 'missing') })).rejects.toThrow(
      /Can't find 'action.yml'/,
    );
  });

  it('runs post after main with STATE_*, and only when post-if holds for the main outcome', async () => {
    const run = (action: string, fail: boolean) =>
      runAction({
        actionDir: path.join(fixtures, action),
        inputs: { label: action, fail: String(fail) },
        github: { token: TOKEN, repository: 'acme/widgets' },
      });
    const ok = await run('post-action', false);
    expect(ok.phases.map((p) => p.phase)).toEqual(['main', 'post']);
    expect(ok.phases[1]!.log).toContain('post post-action state=post-action');
    const crashed = await run('post-action', true);
    expect(crashed.exitCode).toBe(1);
    expect(crashed.phases.map((p) => p.phase)).toEqual(['main', 'post']);
    expect(crashed.phases[1]!.log).toContain('post post-action state=\n');
    // post-if: success() holds after a main that succeeded, not after one that failed.
    expect((await run('post-on-success-action', false)).phases.map((p) => p.phase)).toEqual(['main', 'post']);
    expect((await run('post-on-success-action', true)).phases.map((p) => p.phase)).toEqual(['main']);
  });
});
