import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst, validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, describe, expect, it } from 'vitest';
import { fullRecords, REPOSITORY } from './fixtures.js';
import '../../../test/support/fresh-dist.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const TOKEN = 'ghs_telemetrymergebundletoken000000000';
let emulator: Emulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('dist/telemetry-merge through runAction', () => {
  it('publishes the dashboard and the page assets found beside the bundle', async () => {
    emulator = await startEmulator({ secondaryLimit: false });
    emulator.state.addToken(TOKEN, { login: 'github-actions[bot]', permissions: { contents: 'write' } });
    emulator.state.addRepo(REPOSITORY);
    const records = fullRecords();
    emulator.state.writeFiles(
      REPOSITORY,
      'gh-pages',
      Object.fromEntries(
        Object.entries(records).map(([c, r]) => [`telemetry/${c}-${r.run_id}.json`, JSON.stringify(r)]),
      ),
      'seed',
    );

    const result = await runAction({
      actionDir: join(ROOT, 'actions', 'telemetry-merge'),
      inputs: { 'write-interval-ms': '0', 'history-limit': '50' },
      env: { CODEX_RETRY_BASE_MS: '20' },
      github: { api_url: emulator.url, token: TOKEN, repository: REPOSITORY, run_id: '77001' },
    });
    expect(result.exitCode, result.log).toBe(0);
    expect(result.outputs.status).toBe('ok');
    expect(result.outputs.summary).toContain('7/7 components');

    const dashboard = JSON.parse(
      emulator.state.readFile(REPOSITORY, 'gh-pages', 'dashboard/dashboard.json')!,
    );
    expect(validateAgainst(dashboardSchema, dashboard).valid).toBe(true);
    expect(dashboard.supervisor.verdict).toBe('yellow');
    // the page files are the ones shipped in dist/telemetry-merge/assets
    for (const asset of ['index.html', 'app.js', 'locale.js', 'styles.css', 'vendor/uPlot.iife.min.js']) {
      expect(emulator.state.readFile(REPOSITORY, 'gh-pages', `dashboard/${asset}`)).toBe(
        await readFile(join(ROOT, 'dist', 'telemetry-merge', 'assets', asset), 'utf8'),
      );
    }
    const telemetry = JSON.parse(await readFile(result.outputs['telemetry-file']!, 'utf8'));
    expect(validateTelemetry(telemetry)).toEqual({ valid: true, errors: [] });
    expect(telemetry.merged.selftest).toMatchObject({ file: 'telemetry/self-test-9001.json', status: 'ok' });
    expect(result.log).not.toContain(TOKEN);
  });

  it('ships the page assets and the vendored chart library unchanged from the source', async () => {
    for (const asset of [
      'index.html',
      'app.js',
      'locale.js',
      'styles.css',
      'vendor/uPlot.iife.min.js',
      'vendor/uPlot.LICENSE.txt',
    ]) {
      expect(await readFile(join(ROOT, 'dist', 'telemetry-merge', 'assets', asset), 'utf8')).toBe(
        await readFile(join(ROOT, 'actions', 'telemetry-merge', 'assets', asset), 'utf8'),
      );
    }
    // the vendored copy is the installed uplot release
    expect(
      await readFile(
        join(ROOT, 'actions', 'telemetry-merge', 'assets', 'vendor', 'uPlot.iife.min.js'),
        'utf8',
      ),
    ).toBe(await readFile(join(ROOT, 'node_modules', 'uplot', 'dist', 'uPlot.iife.min.js'), 'utf8'));
  });
});
