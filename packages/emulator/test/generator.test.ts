import { afterEach, describe, expect, it } from 'vitest';
import { GENERATOR_DEFAULTS, generateRepository } from '../src/generator.js';
import { type Emulator, EmulatorState } from '../src/server.js';
import { call, collect, setup } from './helpers.js';

const NOW = '2025-06-01T00:00:00Z';
const options = { openIssues: 400, closedIssues: 100, pullRequests: 25, driftRate: 0.2, seed: 42, now: NOW };

function snapshot(state: EmulatorState, repo: string) {
  return state
    .listIssues(repo)
    .map((i) => [
      i.number,
      i.title,
      i.state,
      i.labels.map((l) => l.name),
      i.milestone,
      i.createdAt,
      i.updatedAt,
      Boolean(i.pull),
    ]);
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('repository generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = new EmulatorState(() => new Date(NOW));
    const b = new EmulatorState(() => new Date(NOW));
    const c = new EmulatorState(() => new Date(NOW));
    const ra = generateRepository(a, 'o/r', options);
    const rb = generateRepository(b, 'o/r', options);
    generateRepository(c, 'o/r', { ...options, seed: 43 });
    expect(snapshot(a, 'o/r')).toEqual(snapshot(b, 'o/r'));
    expect(ra).toEqual(rb);
    expect(snapshot(c, 'o/r')).not.toEqual(snapshot(a, 'o/r'));
  });

  it('reports counts that match the repository it made', () => {
    const state = new EmulatorState(() => new Date(NOW));
    const report = generateRepository(state, 'o/r', options);
    const all = state.listIssues('o/r');
    const issues = all.filter((i) => !i.pull);
    expect(report.counts).toMatchObject({ issues: 500, open: 400, closed: 100, pullRequests: 25 });
    expect(all).toHaveLength(525);
    const { labels } = GENERATOR_DEFAULTS;
    const isDashboard = (title: string) => title.toLowerCase().includes('dashboard');
    expect(issues.filter((i) => isDashboard(i.title))).toHaveLength(report.counts.dashboard);
    expect(report.counts.dashboardMixedCase).toBeGreaterThan(0);
    const project = state.findProject({ owner: 'org', login: 'o', number: 1 });
    const inProject = new Set(
      state.projectItems(project ?? { owner: 'org', login: 'o', number: 1 }).map((item) => item.issue.number),
    );
    const main = state.findMilestone('o/r', GENERATOR_DEFAULTS.mainMilestone)?.number;
    const dash = state.findMilestone('o/r', GENERATOR_DEFAULTS.dashboardMilestone)?.number;
    const drift = (list: typeof issues) => ({
      codexLabel: list.filter((i) => !i.labels.some((l) => l.name === labels.codex)).length,
      trackLabel: list.filter(
        (i) =>
          !i.labels.some((l) => l.name === (isDashboard(i.title) ? labels.trackDashboard : labels.trackMain)),
      ).length,
      milestone: list.filter((i) => i.milestone !== (isDashboard(i.title) ? dash : main)).length,
      project: list.filter((i) => !inProject.has(i.number)).length,
    });
    const { anyDrift, ...kinds } = report.drift;
    expect(drift(issues)).toEqual(kinds);
    const { anyDrift: openAny, ...openKinds } = report.openDrift;
    expect(drift(issues.filter((i) => i.state === 'open'))).toEqual(openKinds);
    expect(anyDrift).toBeGreaterThan(60);
    expect(anyDrift).toBeLessThan(140);
    expect(openAny).toBeLessThanOrEqual(anyDrift);
    // Ages spread over the last 120 days, updated never before created, closed never after updated.
    const now = Date.parse(NOW);
    for (const issue of all) {
      expect(issue.createdAt).toBeGreaterThanOrEqual(now - 120 * 86_400_000);
      expect(issue.updatedAt).toBeGreaterThanOrEqual(issue.createdAt);
      expect(issue.updatedAt).toBeLessThanOrEqual(now);
      if (issue.closedAt !== null) expect(issue.closedAt).toBeLessThanOrEqual(issue.updatedAt);
    }
  });

  it('makes 50,000 issues that paginate over the API', async () => {
    emulator = await setup();
    const report = generateRepository(emulator.state, 'big/repo', {
      openIssues: 40_000,
      closedIssues: 10_000,
      pullRequests: 500,
      driftRate: 0.05,
      seed: 1,
    });
    expect(report.counts.issues).toBe(50_000);
    expect(emulator.state.listIssues('big/repo')).toHaveLength(50_500);
    const last = await call(emulator, 'GET', '/repos/big/repo/issues?state=all&per_page=100&page=505');
    expect(last.body).toHaveLength(100);
    const sample = await collect(emulator, '/repos/big/repo/issues?state=closed&labels=codex&per_page=100');
    expect(sample.length).toBe(
      emulator.state
        .listIssues('big/repo')
        .filter((i) => i.state === 'closed' && !i.pull && i.labels.some((l) => l.name === 'codex')).length,
    );
  });
});
