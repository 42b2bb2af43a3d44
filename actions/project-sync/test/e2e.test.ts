import { readFileSync } from 'node:fs';
import { ISSUE_INDEX_PATH } from '@codex-suite/core/issues/issue-index';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, expect, it } from 'vitest';
import { type Bed, inProject, labelsOf, milestoneOf, PROJECT_INPUT, REPO, startBed, TOKEN } from './bed.js';
import '../../../test/support/fresh-dist.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.emulator.close();
  bed = undefined;
});

it('e2e: the bundled project-sync repairs issues with settings from repository variables', async () => {
  bed = await startBed();
  const { state } = bed.emulator;
  const bare = state.addIssue(REPO, { title: 'Improve the Dashboard', labels: ['ux'] }).number;
  const selftest = state.addIssue(REPO, { title: 'self-test', labels: ['codex-selftest'] }).number;

  const result = await runAction({
    actionDir: 'actions/project-sync',
    inputs: { 'write-interval-ms': '0' },
    env: {
      CODEX_RETRY_BASE_MS: '20',
      CODEX_MAIN_MILESTONE: 'Main',
      CODEX_DASHBOARD_MILESTONE: 'Dashboard',
      CODEX_PROJECT: PROJECT_INPUT,
    },
    github: { api_url: bed.emulator.url, token: TOKEN, repository: REPO, run_id: '880001' },
  });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('ok');
  expect(result.outputs.summary).toMatch(/corrected 1 of 1 managed/);
  const telemetry = JSON.parse(readFileSync(result.outputs['telemetry-file']!, 'utf8'));
  expect(validateTelemetry(telemetry).valid).toBe(true);
  expect(telemetry.details).toEqual([
    { number: bare, changes: ['add_codex_label', 'codex-trackdashboard', 'milestone', 'project'] },
  ]);
  expect(labelsOf(bed, bare)).toEqual(['ux', 'codex', 'codex-trackdashboard']);
  expect(milestoneOf(bed, bare)).toBe(bed.milestones.dashboard);
  expect(inProject(bed, bare)).toBe(true);
  expect(labelsOf(bed, selftest)).toEqual(['codex-selftest']);
  expect(result.summary).toContain('| #1 | Improve the Dashboard |');
  expect(state.readFile(REPO, 'gh-pages', 'telemetry/sync-880001.json')).toBeDefined();
  expect(state.readFile(REPO, 'gh-pages', ISSUE_INDEX_PATH)).toContain('Improve the Dashboard');
  expect(result.log).not.toContain(TOKEN);
});
