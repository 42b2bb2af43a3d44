import { readFileSync } from 'node:fs';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, expect, it } from 'vitest';
import { type Fixture, REPO, WRITER, startFixture } from '../../self-test/test/support.js';
import { addSelftestIssue } from './ledger-fixture.js';
import '../../../test/support/fresh-dist.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

it('e2e: the bundled cleaner closes old self-test issues and keeps the newest three', async () => {
  fixture = await startFixture();
  const numbers = [30, 20, 3, 2, 1].map((ageDays) => addSelftestIssue(fixture!, { ageDays }));
  // A person's old issue with the self-test label and milestone: not the suite's, left alone.
  const human = fixture.emulator.state.addIssue(REPO, {
    title: 'Human issue',
    labels: ['codex', 'codex-selftest'],
    milestone: 'Codex Internal',
    user: 'octocat',
    created_at: '2020-01-01T00:00:00Z',
  });
  const result = await runAction({
    actionDir: 'actions/cleaner',
    inputs: { 'write-interval-ms': '0', delete: 'true' },
    env: { CODEX_RETRY_BASE_MS: '20' },
    github: { api_url: fixture.emulator.url, token: WRITER, repository: REPO, run_id: '777002' },
  });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('ok');
  const telemetry = JSON.parse(readFileSync(result.outputs['telemetry-file']!, 'utf8'));
  expect(validateTelemetry(telemetry).valid).toBe(true);
  expect(telemetry.issues_closed).toEqual(numbers.slice(0, 2));
  expect(telemetry.delete_unavailable_reason).toMatch(/not an administrator/);
  expect(human.state).toBe('open');
  expect(telemetry.suspects).toEqual([
    { number: human.number, reason: expect.stringMatching(/not filed by the suite/) },
  ]);
  expect(result.commands.some((c) => c.command === 'warning' && /admin/.test(c.message))).toBe(true);
});
