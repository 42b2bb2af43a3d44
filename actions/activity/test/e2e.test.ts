import { readFileSync } from 'node:fs';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runAction } from '@codex-suite/harness/run-action';
import { afterEach, expect, it } from 'vitest';
import { type Bed, REPO, WRITER, labelsOf, startBed } from './bed.js';
import '../../../test/support/fresh-dist.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

it('e2e: the bundled activity stage classifies, marks and publishes its telemetry', async () => {
  // The bundle runs on the real clock, so the emulator does too.
  bed = await startBed(Date.now());
  const { state } = bed.emulator;
  const add = (title: string, days: number, assignees: string[] = []) =>
    state.addIssue(REPO, {
      title,
      labels: ['codex'],
      updated_at: bed!.ago(days),
      created_at: bed!.ago(90),
      assignees,
    });
  add('Runner refactor', 1);
  add('Cache layer', 20);
  add('Dashboard tiles', 40, ['alice']);

  const result = await runAction({
    actionDir: 'actions/activity',
    inputs: { 'write-interval-ms': '0', 'mark-labels': 'true', 'escalation-comment': 'true' },
    env: { CODEX_RETRY_BASE_MS: '20', CODEX_MAIN_STALE_DAYS: '14' },
    github: { api_url: bed.emulator.url, token: WRITER, repository: REPO, run_id: '880001' },
  });
  expect(result.exitCode).toBe(0);
  expect(result.outputs.status).toBe('ok');
  expect(result.outputs.stale).toBe('1');
  expect(result.outputs.escalated).toBe('1');
  const telemetry = JSON.parse(readFileSync(result.outputs['telemetry-file']!, 'utf8'));
  expect(validateTelemetry(telemetry).valid).toBe(true);
  expect(telemetry.main.map((e: { number: number; status: string }) => [e.number, e.status])).toEqual([
    [1, 'active'],
    [2, 'stale'],
  ]);
  expect(telemetry.dashboard).toEqual([
    {
      number: 3,
      status: 'escalation',
      days_inactive: 40,
      title: 'Dashboard tiles',
      html_url: expect.stringContaining('/issues/3'),
      assignees: ['alice'],
      // created and last updated 40 days ago: both bounds agree, so no timeline read
      last_human_activity_at: expect.any(String),
      attribution: 'assumed',
      labels: ['codex'],
    },
  ]);
  expect(labelsOf(bed.emulator, 2)).toEqual(['codex', 'codex-stale']);
  expect(labelsOf(bed.emulator, 3)).toEqual(['codex', 'codex-escalation']);
  const comments = [...state.repo(REPO).comments.values()].filter((c) => c.issueNumber === 3);
  expect(comments.map((c) => c.body)).toEqual([expect.stringContaining('@alice')]);
  expect(state.readFile(REPO, 'gh-pages', 'telemetry/activity-880001.json')).toContain('"component":');
  expect(result.summary).toContain('Dashboard track: stale and escalated');
  expect(result.log).not.toContain(WRITER);
});
