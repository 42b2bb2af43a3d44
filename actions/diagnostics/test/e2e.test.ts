import { readFileSync } from 'node:fs';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, expect, it } from 'vitest';
import { type Fixture, REPO, WRITER, startFixture } from '../../self-test/test/support.js';
import '../../../test/support/fresh-dist.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

it('e2e: the bundled diagnostics warns with the fix, repairs, and exits 0', async () => {
  fixture = await startFixture({ labels: false });
  const env = {
    CODEX_MAIN_MILESTONE: 'Sprint 1',
    CODEX_DASHBOARD_MILESTONE: 'Dashboard',
    CODEX_PROJECT: 'orgs/octo-org/projects/1',
    CODEX_RETRY_BASE_MS: '20',
  };
  const github = { api_url: fixture.emulator.url, token: WRITER, repository: REPO, run_id: '777003' };
  const before = await runAction({
    actionDir: 'actions/diagnostics',
    inputs: { 'write-interval-ms': '0', publish: 'none' },
    env,
    github,
  });
  expect(before.exitCode).toBe(0);
  expect(before.outputs.status).toBe('degraded');
  expect(before.outputs['failed-checks']).toBe('4');
  expect(
    before.commands.some((c) => c.command === 'warning' && /label 'codex' is missing/.test(c.message)),
  ).toBe(true);

  const repaired = await runAction({
    actionDir: 'actions/diagnostics',
    inputs: { 'write-interval-ms': '0', repair: 'true' },
    env,
    github: { ...github, run_id: '777004' },
  });
  expect(repaired.exitCode).toBe(0);
  expect(repaired.outputs.status).toBe('ok');
  const telemetry = JSON.parse(readFileSync(repaired.outputs['telemetry-file']!, 'utf8'));
  expect(validateTelemetry(telemetry).valid).toBe(true);
  expect(telemetry.repairs).toHaveLength(4);
  expect(fixture.emulator.state.findLabel(REPO, 'codex-selftest')?.color).toBe('c5def5');
});
