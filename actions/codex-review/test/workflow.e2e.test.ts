import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runWorkflow } from '@codex-suite/harness/run-workflow';
import { seedDemoRepository } from '../../../scripts/lib/demo-repository.js';
import { examplesDir, resolveSuiteWorkflow } from '../../../test/workflows/support.js';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai.js';
import { API_KEY, PATCH, REVIEW_WITH_FINDINGS, ROOT, TOOL_CACHE, ensureCodex } from './setup.js';
import '../../../test/support/fresh-dist.js';

// codex-review.yml as GitHub runs it, job by job, with the bundles (`STAGES=codex-review,telemetry-merge
// npm run build`): the review job comments, the publish job brings its telemetry to the dashboard.
let fake: FakeOpenAI;
let emulator: Emulator;
beforeAll(async () => {
  await ensureCodex();
  fake = await startFakeOpenAI();
  emulator = await startEmulator({ secondaryLimit: { writesPerMinute: 10_000, retryAfterSeconds: 1 } });
}, 600_000);
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});

it('the review job comments, the publish job puts its telemetry on the dashboard', async () => {
  const seed = seedDemoRepository(emulator.state, { size: 'test' });
  const pr = emulator.state.addPullRequest(seed.repository, {
    title: 'Run the given argument',
    head: { ref: 'feature', sha: 'a'.repeat(40) },
    files: [{ filename: 'src/main.ts', status: 'modified', additions: 1, deletions: 0, patch: PATCH }],
  });
  fake.responses = { kind: 'message', text: REVIEW_WITH_FINDINGS };
  const runnerTemp = mkdtempSync(join(tmpdir(), 'codex-review-workflow-'));
  mkdirSync(join(runnerTemp, '_tool'), { recursive: true });
  symlinkSync(join(TOOL_CACHE, 'codex'), join(runnerTemp, '_tool', 'codex'));
  const runId = '7301';
  const tokens: Record<string, string> = {};
  const result = await runWorkflow({
    // The documented caller: pull_request → codex-review.yml (review, then publish).
    workflowPath: join(examplesDir, 'codex-review-caller.yml'),
    repoRoot: ROOT,
    runnerTemp,
    event: {
      name: 'pull_request',
      payload: {
        action: 'opened',
        number: pr.number,
        pull_request: {
          number: pr.number,
          title: 'Run the given argument',
          head: { ref: 'feature', sha: 'a'.repeat(40), repo: { full_name: seed.repository } },
          base: { ref: 'main', repo: { full_name: seed.repository } },
        },
        repository: { full_name: seed.repository },
      },
    },
    secrets: { OPENAI_API_KEY: API_KEY },
    vars: { CODEX_BASE_URL: fake.url },
    github: { repository: seed.repository, token: seed.token, api_url: emulator.url, run_id: runId },
    resolveUses: resolveSuiteWorkflow,
    // Each job gets a GITHUB_TOKEN with the permissions GitHub would give it, nothing more.
    jobToken: ({ id, permissions }) => {
      const token = `ghs_job_${runId}_${id}`;
      const granted = Object.fromEntries(
        Object.entries(permissions)
          .filter(([, access]) => access !== 'none')
          .map(([scope, access]) => [scope.replace(/-/g, '_'), access]),
      );
      emulator.state.addToken(token, { login: 'github-actions[bot]', permissions: granted });
      tokens[id] = token;
      return token;
    },
    defaultStepTimeoutMs: 300_000,
  });
  const jobs = result.jobs.review?.workflow?.jobs ?? {};
  expect(jobs.review?.result).toBe('success');
  expect(jobs.review?.outputs.status).toBe('ok');
  expect(jobs.publish?.result).toBe('success');

  const comments = [...emulator.state.repo(seed.repository).comments.values()].filter(
    (c) => c.issueNumber === pr.number,
  );
  expect(comments.map((c) => c.body.startsWith('<!-- codex-review -->'))).toEqual([true]);

  const published = emulator.state.readFile(
    seed.repository,
    'gh-pages',
    `telemetry/codex-review-${runId}.json`,
  );
  expect(JSON.parse(published ?? '{}')).toMatchObject({
    component: 'codex-review',
    status: 'ok',
    findings_count: 2,
  });
  const dashboard = JSON.parse(
    emulator.state.readFile(seed.repository, 'gh-pages', 'dashboard/dashboard.json') ?? '{}',
  );
  expect(dashboard.codex_review).toMatchObject({ status: 'ok', run_id: runId });
  // The review job never published anything itself, and its token could not have.
  expect(jobs.review?.log).not.toMatch(/Published telemetry\//);
  expect(emulator.state.tokens.get(tokens.review ?? '')?.permissions).toEqual({
    contents: 'read',
    pull_requests: 'write',
  });
  const write = await fetch(`${emulator.url}/repos/${seed.repository}/contents/pwned.txt`, {
    method: 'PUT',
    headers: { authorization: `token ${tokens.review}`, 'content-type': 'application/json' },
    body: JSON.stringify({ message: 'x', content: Buffer.from('x').toString('base64'), branch: 'main' }),
  });
  expect(write.status).toBe(403);
  expect(comments[0]?.user).toBe('github-actions[bot]');
}, 600_000);
