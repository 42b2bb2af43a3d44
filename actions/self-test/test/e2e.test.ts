import { readFileSync } from 'node:fs';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, expect, it } from 'vitest';
import { type Fixture, REPO, WRITER, startFixture } from './support.js';
import '../../../test/support/fresh-dist.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

it('e2e: the bundled self-test files its issue and publishes its telemetry', async () => {
  fixture = await startFixture();
  const result = await runAction({
    actionDir: 'actions/self-test',
    inputs: { 'write-interval-ms': '0' },
    env: { CODEX_PROJECT: 'orgs/octo-org/projects/1', CODEX_RETRY_BASE_MS: '20' },
    github: { api_url: fixture.emulator.url, token: WRITER, repository: REPO, run_id: '777001' },
  });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('ok');
  const number = Number(result.outputs['issue-number']);
  expect(fixture.emulator.state.getIssue(REPO, number)?.title).toBe('Codex self-test 777001');
  const telemetry = JSON.parse(readFileSync(result.outputs['telemetry-file']!, 'utf8'));
  expect(validateTelemetry(telemetry).valid).toBe(true);
  expect(telemetry.checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  expect(fixture.emulator.state.readFile(REPO, 'gh-pages', 'telemetry/self-test-777001.json')).toBeDefined();
  expect(result.log).not.toContain(WRITER);
});
