import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Scenario } from '../src/scenario.js';
import { type Emulator, startEmulator } from '../src/server.js';
import { call, REPO, setup } from './helpers.js';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('pull requests', () => {
  it('JSON, diff media type and files', async () => {
    emulator = await setup();
    emulator.state.addPullRequest(REPO, {
      title: 'Change',
      head: { ref: 'feature', sha: 'c'.repeat(40) },
      files: [
        {
          filename: 'src/a.ts',
          status: 'modified',
          additions: 1,
          deletions: 1,
          patch: '@@ -1 +1 @@\n-a\n+b',
        },
        { filename: 'src/new.ts', status: 'added', additions: 1, deletions: 0, patch: '@@ -0,0 +1 @@\n+new' },
      ],
    });
    const pull = await call(emulator, 'GET', `/repos/${REPO}/pulls/1`);
    expect(pull.body).toMatchObject({
      number: 1,
      head: { ref: 'feature', sha: 'c'.repeat(40) },
      base: { ref: 'main' },
      changed_files: 2,
    });
    for (const accept of ['application/vnd.github.diff', 'application/vnd.github.v3.diff']) {
      const diff = await call(emulator, 'GET', `/repos/${REPO}/pulls/1`, { headers: { accept } });
      expect(diff.headers.get('content-type')).toBe(`${accept}; charset=utf-8`);
      expect(diff.text).toContain(
        'diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1 +1 @@\n-a\n+b',
      );
      expect(diff.text).toContain('new file mode 100644\n--- /dev/null\n+++ b/src/new.ts');
    }
    const files = await call(emulator, 'GET', `/repos/${REPO}/pulls/1/files`);
    expect(files.body.map((f: { filename: string; changes: number }) => [f.filename, f.changes])).toEqual([
      ['src/a.ts', 2],
      ['src/new.ts', 1],
    ]);
  });
});

describe('scenarios and the CLI', () => {
  const scenario: Scenario = {
    tokens: [{ token: 'scenario-token', login: 'bot', permissions: { issues: 'write', contents: 'read' } }],
    repos: [
      {
        name: 'acme/app',
        labels: [{ name: 'codex', color: '5319e7' }],
        milestones: [{ title: 'Codex Internal' }],
        issues: [
          {
            title: 'Self-test',
            labels: ['codex', 'codex-selftest'],
            milestone: 'Codex Internal',
            comments: ['first'],
          },
          { title: 'Gone', deleted: true },
        ],
        variables: { CODEX_MAIN_MILESTONE: 'Main' },
        branches: { 'gh-pages': { 'telemetry/sync-1.json': '{}' } },
      },
    ],
    projects: [
      { owner: 'org', login: 'acme', number: 1, title: 'Codex', items: [{ repo: 'acme/app', number: 1 }] },
    ],
  };

  it('loadScenario seeds tokens, repos, issues, variables, branches and projects', async () => {
    emulator = await startEmulator({ seed: scenario });
    const issue = await call(emulator, 'GET', '/repos/acme/app/issues/1', { token: 'scenario-token' });
    expect(issue.body).toMatchObject({ comments: 1, milestone: { title: 'Codex Internal' } });
    expect(
      (await call(emulator, 'GET', '/repos/acme/app/issues/2', { token: 'scenario-token' })).status,
    ).toBe(410);
    expect(emulator.state.readFile('acme/app', 'gh-pages', 'telemetry/sync-1.json')).toBe('{}');
    expect(emulator.state.projectItems({ owner: 'org', login: 'acme', number: 1 })).toHaveLength(1);
  });

  it('the CLI prints a URL and a token that work', async () => {
    const file = join(tmpdir(), `emulator-scenario-${process.pid}.json`);
    writeFileSync(file, JSON.stringify(scenario));
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        new URL('../src/cli.ts', import.meta.url).pathname,
        '--scenario',
        file,
        '--generate',
        '20',
      ],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const output = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('Running')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`cli exited ${code}: ${text}`)));
      });
      const url = /GITHUB_API_URL=(\S+)/.exec(output)?.[1] as string;
      const token = /GITHUB_TOKEN=(\S+)/.exec(output)?.[1] as string;
      const response = await fetch(`${url}/repos/codex-org/codex-repo/issues?per_page=5`, {
        headers: { authorization: `token ${token}` },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as unknown[]).length).toBe(5);
      const seeded = await fetch(`${url}/repos/acme/app/issues/1`, {
        headers: { authorization: 'token scenario-token' },
      });
      expect(seeded.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
