import { mkdirSync, readdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import type { Emulator } from '@codex-suite/emulator/server';
import { runAction } from '@codex-suite/harness/run-action';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai.js';
import {
  API_KEY,
  REPO,
  REVIEW_WITH_FINDINGS,
  ROOT,
  TOKEN,
  TOOL_CACHE,
  ensureCodex,
  listComments,
  pullRequestEvent,
  seededEmulator,
  tempDir,
} from './setup.js';
import '../../../test/support/fresh-dist.js';

// The bundle (`STAGES=codex-review npm run build`) run the way the runner runs it.
let fake: FakeOpenAI;
let emulator: Emulator;
let pull: number;
beforeAll(async () => {
  await ensureCodex();
  fake = await startFakeOpenAI();
  ({ emulator, pull } = await seededEmulator());
}, 600_000);
afterAll(async () => {
  await fake?.close();
  await emulator?.close();
});

/** Every regular file under a folder (the tool cache excluded), as text. */
function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st || name === '_tool') continue;
    if (st.isDirectory()) out.push(...filesUnder(path));
    else if (st.isFile() && st.size < 10_000_000) out.push({ path, text: readFileSync(path, 'utf8') });
  }
  return out;
}

async function runBundled(runId: string) {
  const runnerTemp = tempDir('codex-review-action-');
  // The runner's tool cache already holds the pinned CLI (as after an earlier job or a cache restore).
  mkdirSync(join(runnerTemp, '_tool'), { recursive: true });
  symlinkSync(join(TOOL_CACHE, 'codex'), join(runnerTemp, '_tool', 'codex'));
  const result = await runAction({
    actionDir: join(ROOT, 'actions/codex-review'),
    runnerTemp,
    inputs: {
      'openai-api-key': API_KEY,
      'base-url': fake.url,
      publish: 'none',
      'write-interval-ms': '0',
      'timeout-seconds': '60',
    },
    // The key also sits in the step environment, as `env: OPENAI_API_KEY: ${{ secrets... }}` would put it.
    env: { OPENAI_API_KEY: API_KEY, CODEX_RETRY_BASE_MS: '20' },
    github: {
      api_url: emulator.url,
      token: TOKEN,
      repository: REPO,
      event_name: 'pull_request',
      event: pullRequestEvent(pull),
      run_id: runId,
    },
    secrets: [API_KEY],
    timeoutMs: 120_000,
  });
  return { result, runnerTemp };
}

it('runs from dist: review files, one sticky comment updated on the next run, and the key nowhere', async () => {
  fake.responses = { kind: 'message', text: REVIEW_WITH_FINDINGS };
  const first = await runBundled('9001');
  expect(first.result.exitCode).toBe(0);
  expect(first.result.outputs.status).toBe('ok');
  expect(first.result.outputs['findings-count']).toBe('2');
  const review = JSON.parse(readFileSync(first.result.outputs['review-json'] ?? '', 'utf8'));
  expect(review.findings[0].title).toBe('eval of a command-line argument');
  // Annotations as the runner renders them.
  expect(first.result.stdout).toMatch(/::error .*file=src\/main\.ts.*::Anyone who controls argv/);
  const telemetry = JSON.parse(readFileSync(first.result.outputs['telemetry-file'] ?? '', 'utf8'));
  expect(validateTelemetry(telemetry).errors).toEqual([]);
  expect(telemetry).toMatchObject({
    component: 'codex-review',
    review_status: 'ok',
    comment: 'created',
    codex_install: 'tool-cache',
  });
  expect(await listComments(emulator, pull)).toHaveLength(1);

  // The key never reached Codex: its process environment was read while the turn was open.
  expect(fake.codexEnvironments.length).toBeGreaterThan(0);
  for (const environ of fake.codexEnvironments) {
    expect(environ).not.toContain(API_KEY);
    expect(environ).toMatch(/^CODEX_HOME=.*codex-home-/m);
    expect(environ).not.toMatch(/^INPUT_/m);
    expect(environ).not.toContain(TOKEN);
  }
  // ...and it is in no log (raw, unmasked — except the mask command itself), output, summary or
  // file the step left behind.
  expect(first.result.stdout).toContain(`::add-mask::${API_KEY}`);
  const unmasked = first.result.stdout.replace(`::add-mask::${API_KEY}`, '');
  for (const text of [
    unmasked,
    first.result.stderr,
    first.result.summary,
    JSON.stringify(first.result.outputs),
  ]) {
    expect(text).not.toContain(API_KEY);
  }
  for (const file of filesUnder(first.runnerTemp)) {
    if (file.path.endsWith('event.json')) continue;
    expect({ path: file.path, leaked: file.text.includes(API_KEY) }).toEqual({
      path: file.path,
      leaked: false,
    });
  }

  fake.responses = { kind: 'message', text: '{"status":"ok","summary":"All fixed.","findings":[]}' };
  const second = await runBundled('9002');
  expect(second.result.exitCode).toBe(0);
  const comments = await listComments(emulator, pull);
  expect(comments).toHaveLength(1);
  expect(comments[0]?.body).toContain('All fixed.');
  expect(JSON.parse(readFileSync(second.result.outputs['telemetry-file'] ?? '', 'utf8')).comment).toBe(
    'updated',
  );
});
