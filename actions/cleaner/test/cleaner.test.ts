import fc from 'fast-check';
import type { Emulator } from '@codex-suite/emulator/server';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { stage } from '../src/stage.js';
import {
  ADMIN,
  DAY,
  type Fixture,
  NOW,
  REPO,
  WRITER,
  startFixture,
  writesIn,
} from '../../self-test/test/support.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

function ago(days: number): string {
  return new Date(NOW.getTime() - days * DAY).toISOString();
}

function selftest(
  f: Fixture,
  ageDays: number,
  extra: { milestone?: string | null; labels?: string[]; pr?: boolean } = {},
) {
  const input = {
    title: `Codex self-test ${ageDays}`,
    labels: extra.labels ?? ['codex', 'codex-selftest'],
    milestone: extra.milestone === undefined ? 'Codex Internal' : extra.milestone,
    created_at: ago(ageDays),
  };
  return extra.pr
    ? f.emulator.state.addPullRequest(REPO, { ...input, head: { ref: 'x', sha: 'a'.repeat(40) } }).number
    : f.emulator.state.addIssue(REPO, input).number;
}

/** number → state/deleted, for before/after comparisons. */
function snapshot(emulator: Emulator): Map<number, string> {
  const out = new Map<number, string>();
  for (const issue of emulator.state.repo(REPO).issues.values()) {
    out.set(issue.number, issue.deleted ? 'deleted' : `${issue.state}:${issue.stateReason ?? ''}`);
  }
  return out;
}

async function run(f: Fixture, options: { token?: string; inputs?: Record<string, string> } = {}) {
  return runStageInProcess(stage, {
    apiUrl: f.emulator.url,
    token: options.token ?? WRITER,
    repository: REPO,
    inputs: { publish: 'none', ...options.inputs },
    deps: { now: () => NOW },
  });
}

describe('cleaner: self-test issues', () => {
  it('closes old self-test issues as not planned, keeps the newest RETAIN and touches nothing else', async () => {
    fixture = await startFixture();
    const old = [selftest(fixture, 40), selftest(fixture, 20), selftest(fixture, 9)];
    const kept = [selftest(fixture, 8), selftest(fixture, 5), selftest(fixture, 1)];
    const others = [
      selftest(fixture, 50, { milestone: 'Sprint 1' }),
      selftest(fixture, 50, { milestone: null }),
      selftest(fixture, 50, { labels: ['codex'] }),
      selftest(fixture, 50, { pr: true }),
    ];
    const before = snapshot(fixture.emulator);
    const result = await run(fixture);
    expect(result.status).toBe('ok');
    expect(result.telemetry?.issues_closed).toEqual(old);
    expect(result.telemetry?.issues_deleted).toEqual([]);
    expect(result.telemetry?.retained).toEqual([...kept].reverse());
    const after = snapshot(fixture.emulator);
    for (const n of old) expect(after.get(n)).toBe('closed:not_planned');
    for (const n of [...kept, ...others]) expect(after.get(n)).toBe(before.get(n));
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
    // A second run has nothing left to do.
    fixture.emulator.resetLog();
    const second = await run(fixture);
    expect(second.telemetry?.issues_closed).toEqual([]);
    expect(writesIn(fixture.emulator)).toEqual([]);
  });

  it('deletes through GraphQL with an admin token when delete is set', async () => {
    fixture = await startFixture();
    const old = [selftest(fixture, 30), selftest(fixture, 29)];
    for (const d of [3, 2, 1]) selftest(fixture, d);
    const result = await run(fixture, { token: ADMIN, inputs: { delete: 'true' } });
    expect(result.telemetry?.issues_deleted).toEqual(old);
    expect(result.telemetry?.issues_closed).toEqual([]);
    for (const n of old) expect(fixture.emulator.state.getIssue(REPO, n)).toBeUndefined();
    expect(fixture.emulator.log.filter((e) => e.route === 'POST /graphql' && e.write)).toHaveLength(2);
  });

  it('closes instead, and says why, when asked to delete without admin rights', async () => {
    fixture = await startFixture();
    const old = [selftest(fixture, 30)];
    for (const d of [3, 2, 1]) selftest(fixture, d);
    const result = await run(fixture, { token: WRITER, inputs: { delete: 'true' } });
    expect(result.telemetry?.issues_closed).toEqual(old);
    expect(result.telemetry?.issues_deleted).toEqual([]);
    expect(result.telemetry?.delete_unavailable_reason).toMatch(/not an administrator/);
    expect(result.logs.some((l) => l.level === 'warning' && /admin/.test(l.message))).toBe(true);
    expect(fixture.emulator.log.some((e) => e.route === 'POST /graphql' && e.write)).toBe(false);
    expect(result.status).toBe('ok');
  });

  it('retention edges: exactly RETAIN old issues, all younger than the max age, none at all', async () => {
    fixture = await startFixture();
    for (const d of [90, 80, 70]) selftest(fixture, d);
    expect((await run(fixture)).telemetry?.issues_closed).toEqual([]);
    for (const d of [6, 5, 4, 3]) selftest(fixture, d);
    // 7 issues now: the 3 newest are kept; the 4 others are all younger than a max age of 100 days.
    const young = await run(fixture, { inputs: { 'selftest-max-age-days': '100' } });
    expect(young.telemetry?.issues_closed).toEqual([]);
    await fixture.emulator.close();
    fixture = await startFixture();
    const none = await run(fixture);
    expect(none.telemetry).toMatchObject({ issues_closed: [], candidates: 0, retained: [] });
    expect(writesIn(fixture.emulator)).toEqual([]);
  });

  it('dry run writes nothing and reports what it would retire', async () => {
    fixture = await startFixture();
    for (const d of [30, 20, 3, 2, 1]) selftest(fixture, d);
    fixture.emulator.state.writeFiles(
      REPO,
      'gh-pages',
      { 'telemetry/sync-1.json': '{"finished_at":"2024-01-01T00:00:00Z"}', 'telemetry/sync-2.json': '{}' },
      'x',
    );
    const result = await run(fixture, { inputs: { 'dry-run': 'true', publish: 'gh-pages' } });
    expect(writesIn(fixture.emulator)).toEqual([]);
    expect(result.telemetry?.issues_closed).toEqual([]);
    expect(result.outputs.summary).toMatch(/would retire 2 self-test issue/);
    expect(result.outputs.summary).toMatch(/would prune 1 telemetry file/);
  });

  it('a repository without the self-test milestone: nothing to retire, no failure', async () => {
    fixture = await startFixture({ milestones: ['Sprint 1'] });
    const result = await run(fixture);
    expect(result.status).toBe('ok');
    expect(result.telemetry?.issues_closed).toEqual([]);
    expect(result.telemetry?.notes).toEqual([expect.stringMatching(/No open self-test issues/)]);
  });

  it('property with faults: whatever fails, only eligible old issues are ever closed or deleted', async () => {
    let faultsFired = 0;
    let changed = 0;
    const issueArb = fc.record({
      age: fc.integer({ min: 0, max: 40 }),
      // Biased towards eligible issues so that retirements (and their faults) really happen.
      milestone: fc.constantFrom<string | null>(
        'Codex Internal',
        'Codex Internal',
        'Codex Internal',
        'Sprint 1',
        null,
      ),
      labels: fc.constantFrom(
        ['codex', 'codex-selftest'],
        ['codex-selftest'],
        ['codex', 'codex-selftest', 'bug'],
        ['codex'],
        [],
      ),
      pr: fc.constantFrom(false, false, false, true),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(issueArb, { minLength: 4, maxLength: 14 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 15 }),
        fc.boolean(),
        fc.constantFrom(500, 403, 502),
        fc.integer({ min: 1, max: 1000 }),
        async (issues, retain, maxAge, admin, faultStatus, seed) => {
          const f = await startFixture({ pages: false });
          try {
            const made = issues.map((i) => ({
              number: selftest(f, i.age, { milestone: i.milestone, labels: i.labels, pr: i.pr }),
              ...i,
            }));
            f.emulator.faults.seed(seed);
            f.emulator.faults.add({
              method: 'PATCH',
              route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
              status: faultStatus,
              rate: 0.5,
            });
            f.emulator.faults.add({ method: 'POST', route: 'POST /graphql', status: faultStatus, rate: 0.5 });
            const before = snapshot(f.emulator);
            const result = await runStageInProcess(stage, {
              apiUrl: f.emulator.url,
              token: admin ? ADMIN : WRITER,
              repository: REPO,
              inputs: {
                publish: 'none',
                'selftest-retain': String(retain),
                'selftest-max-age-days': String(maxAge),
                delete: 'true',
              },
              deps: { now: () => NOW },
            });
            expect(result.exitCode).toBe(0);
            const eligible = made
              .filter((m) => !m.pr && m.milestone === 'Codex Internal' && m.labels.includes('codex-selftest'))
              .sort((a, b) => a.age - b.age || b.number - a.number);
            const allowed = new Set(
              eligible
                .slice(retain)
                .filter((m) => m.age > maxAge)
                .map((m) => m.number),
            );
            const after = snapshot(f.emulator);
            for (const [number, was] of before) {
              if (after.get(number) === was) continue;
              changed += 1;
              expect(allowed.has(number)).toBe(true);
            }
            faultsFired += f.emulator.log.filter((e) => e.fault !== undefined).length;
            expect(validateTelemetry(result.telemetry!).valid).toBe(true);
          } finally {
            await f.emulator.close();
          }
        },
      ),
      { numRuns: 15, seed: 20250615 },
    );
    // The faults really fired, and issues really were retired around them.
    expect(faultsFired).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(0);
  });
});

describe('cleaner: telemetry pruning', () => {
  function telemetry(component: string, runId: number, finishedDaysAgo: number): [string, string] {
    return [
      `telemetry/${component}-${runId}.json`,
      JSON.stringify({ component, run_id: String(runId), finished_at: ago(finishedDaysAgo) }),
    ];
  }

  it('prunes old telemetry in one commit, keeps dashboard/, state/ and the latest file of each component', async () => {
    fixture = await startFixture({ pages: false });
    const files = Object.fromEntries([
      ['dashboard/dashboard.json', '{}'],
      ['dashboard/index.html', '<html></html>'],
      ['state/telemetry-index.json', '{}'],
      ['telemetry/.gitkeep', ''],
      telemetry('cleaner', 100, 90), // the only cleaner file: kept however old
      telemetry('sync', 101, 80),
      telemetry('sync', 102, 60),
      telemetry('self-test', 103, 45),
      telemetry('sync', 104, 31),
      telemetry('self-test', 105, 29),
      telemetry('sync', 106, 2),
    ]);
    fixture.emulator.state.writeFiles(REPO, 'gh-pages', files, 'seed');
    const commitsBefore = fixture.emulator.log.length;
    const result = await run(fixture);
    expect(result.telemetry?.telemetry_pruned).toEqual([
      'telemetry/self-test-103.json',
      'telemetry/sync-101.json',
      'telemetry/sync-102.json',
      'telemetry/sync-104.json',
    ]);
    expect(result.telemetry?.telemetry_pruned_count).toBe(4);
    expect(fixture.emulator.state.listFiles(REPO, 'gh-pages')).toEqual([
      'dashboard/dashboard.json',
      'dashboard/index.html',
      'state/telemetry-index.json',
      'telemetry/.gitkeep',
      'telemetry/cleaner-100.json',
      'telemetry/self-test-105.json',
      'telemetry/sync-106.json',
    ]);
    const commits = fixture.emulator.log
      .slice(commitsBefore)
      .filter((e) => e.route === 'POST /graphql' && e.write);
    expect(commits).toHaveLength(1);
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
  });

  it('keeps the request count small: 400 files cost one tree listing and about log2(n) reads', async () => {
    fixture = await startFixture({ pages: false });
    const files: Record<string, string> = {};
    const components = ['sync', 'supervisor', 'activity', 'self-test'];
    for (let i = 0; i < 400; i += 1) {
      const [path, text] = telemetry(components[i % 4]!, 1000 + i, 100 - i / 4);
      files[path] = text;
    }
    fixture.emulator.state.writeFiles(REPO, 'gh-pages', files, 'seed');
    const result = await run(fixture);
    // finished 100 - i/4 days ago: older than 30 days for i < 280.
    expect(result.telemetry?.telemetry_pruned_count).toBe(280);
    const reads = fixture.emulator.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/contents/{path}');
    expect(reads.length).toBe(result.telemetry?.telemetry_reads);
    expect(reads.length).toBeLessThanOrEqual(Math.ceil(Math.log2(401)));
    const treeLists = fixture.emulator.log.filter(
      (e) => e.route === 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
    );
    expect(treeLists.length).toBeLessThanOrEqual(2); // the listing, and the store's own check before deleting
    expect(fixture.emulator.log.length).toBeLessThanOrEqual(30);
    expect(fixture.emulator.state.listFiles(REPO, 'gh-pages', 'telemetry/')).toHaveLength(120);
  });

  it('prunes nothing when the pages branch does not exist', async () => {
    fixture = await startFixture({ pages: false });
    const result = await run(fixture);
    expect(result.status).toBe('ok');
    expect(result.telemetry?.telemetry_pruned_count).toBe(0);
    expect(writesIn(fixture.emulator)).toEqual([]);
  });
});
