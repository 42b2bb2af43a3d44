import { dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst, validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issuesThatVanish, seedCodexReview, seedWeekOfHistory } from '../scripts/lib/demo-dashboard.js';
import { type DemoRepository, seedDemoRepository } from '../scripts/lib/demo-repository.js';

let emulator: Emulator;
let seed: DemoRepository;

beforeAll(async () => {
  emulator = await startEmulator({ secondaryLimit: false, clock: () => new Date('2026-11-30T07:00:00Z') });
  seed = seedDemoRepository(emulator.state, { size: 'test' });
});
afterAll(async () => emulator?.close());

const pagesFile = (path: string) => emulator.state.readFile(seed.repository, 'gh-pages', path);

describe('what the demo adds for the dashboard', () => {
  it('seeds a valid dashboard.json with a week of merges every six hours', () => {
    expect(seedWeekOfHistory(emulator, seed)).toBe(28);
    const dashboard = JSON.parse(pagesFile('dashboard/dashboard.json')!);
    expect(validateAgainst(dashboardSchema, dashboard)).toEqual({ valid: true, errors: [] });
    const times = dashboard.history.map((p: { at: string }) => Date.parse(p.at));
    const span = (times.at(-1) - times[0]) / 86_400_000;
    expect(span).toBeGreaterThan(6.5);
    expect(span).toBeLessThanOrEqual(7);
    expect(new Set(times.slice(1).map((t: number, i: number) => t - times[i]))).toEqual(
      new Set([6 * 3_600_000]),
    );
    // the last seeded merge is before the pipeline's first
    expect(times.at(-1)).toBeLessThan(emulator.state.nowMs());
  });

  it('seeds a valid Codex review telemetry file about an open pull request', () => {
    const number = seedCodexReview(emulator, seed);
    const record = JSON.parse(pagesFile('telemetry/codex-review-8999001.json')!);
    expect(validateTelemetry(record)).toEqual({ valid: true, errors: [] });
    expect(record.pull_request).toBe(number);
    const pull = emulator.state.getIssue(seed.repository, number)!;
    expect(pull.pull).toBeDefined();
    expect(pull.state).toBe('open');
  });

  it('files two issues that answer 410 Gone until the run is over, then are deleted', async () => {
    const vanishing = issuesThatVanish(emulator, seed);
    const [first] = vanishing.numbers;
    expect(emulator.state.getIssue(seed.repository, first!)).toBeDefined();
    const answer = await fetch(`${emulator.url}/repos/${seed.repository}/issues/${first}`, {
      headers: { authorization: `token ${seed.token}` },
    });
    expect(answer.status).toBe(410);
    vanishing.finish();
    for (const number of vanishing.numbers)
      expect(emulator.state.getIssue(seed.repository, number)).toBeUndefined();
    expect(emulator.faults.list()).toEqual([]);
    const after = await fetch(`${emulator.url}/repos/${seed.repository}/issues/${first}`, {
      headers: { authorization: `token ${seed.token}` },
    });
    expect(after.status).toBe(410);
  });
});
