import { readFileSync } from 'node:fs';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, expect, it } from 'vitest';
import { type Bed, REPO, WRITER, startBed } from '../../activity/test/bed.js';
import '../../../test/support/fresh-dist.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

it('e2e: the bundled supervisor judges the tracks, writes only its telemetry and sets the verdict output', async () => {
  bed = await startBed(Date.now());
  const { state } = bed.emulator;
  const add = (title: string, days: number, labels: string[]) =>
    state.addIssue(REPO, { title, labels, updated_at: bed!.ago(days), created_at: bed!.ago(90) });
  add('Runner refactor', 1, ['codex', 'codex-trackmain']);
  add('Cache layer', 2, ['codex', 'codex-trackmain']);
  add('Dashboard tiles', 3, ['codex']); // drift: no track label → dashboard yellow

  const result = await runAction({
    actionDir: 'actions/supervisor',
    inputs: { 'write-interval-ms': '0' },
    env: { CODEX_RETRY_BASE_MS: '20' },
    github: { api_url: bed.emulator.url, token: WRITER, repository: REPO, run_id: '880002' },
  });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('ok');
  expect(result.outputs.verdict).toBe('yellow');
  const telemetry = JSON.parse(readFileSync(result.outputs['telemetry-file']!, 'utf8'));
  expect(validateTelemetry(telemetry).valid).toBe(true);
  expect(telemetry.tracks.main.verdict).toBe('green');
  expect(telemetry.tracks.dashboard.verdict).toBe('yellow');
  expect(telemetry.reasons).toEqual([
    'dashboard: 1 issue has drift left (1 without a track label); yellow at 1',
  ]);
  // Its only writes are the telemetry file on the pages branch and its ledger entry, a request each.
  const written = bed.emulator.log.filter((e) => e.write).map((e) => e.route);
  expect(written).toEqual([
    'PUT /repos/{owner}/{repo}/contents/{path}',
    'PUT /repos/{owner}/{repo}/contents/{path}',
  ]);
  expect(state.listFiles(REPO, 'gh-pages', 'state/ledger/telemetry/')).toEqual([
    expect.stringMatching(/^state\/ledger\/telemetry\/supervisor-880002\.\d+\.[0-9a-f]{40}\.json$/),
  ]);
  expect(state.readFile(REPO, 'gh-pages', 'telemetry/supervisor-880002.json')).toContain('"verdict"');
  expect(result.summary).toContain('Overall: 🟡 yellow');
});
