import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { stage as selfTest } from '../../self-test/src/stage.js';
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
import { stage } from '../src/stage.js';
import { PAGES, addSelftestIssue, changedIssues, issueStates, publish } from './ledger-fixture.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

async function run(
  f: Fixture,
  options: { token?: string; inputs?: Record<string, string>; now?: Date } = {},
) {
  const now = options.now ?? NOW;
  return runStageInProcess(stage, {
    apiUrl: f.emulator.url,
    token: options.token ?? WRITER,
    repository: REPO,
    inputs: { publish: 'none', ...options.inputs },
    deps: { now: () => now },
  });
}

describe('cleaner: self-test issues', () => {
  it('closes old self-test issues as not planned, keeps the newest RETAIN and touches nothing else', async () => {
    fixture = await startFixture();
    const old = [40, 20, 9].map((ageDays) => addSelftestIssue(fixture!, { ageDays }));
    const kept = [8, 5, 1].map((ageDays) => addSelftestIssue(fixture!, { ageDays }));
    const others = [
      addSelftestIssue(fixture, { ageDays: 50, milestone: 'Sprint 1' }),
      addSelftestIssue(fixture, { ageDays: 50, milestone: null }),
      addSelftestIssue(fixture, { ageDays: 50, labels: ['codex'] }),
      addSelftestIssue(fixture, { ageDays: 50, pr: true }),
    ];
    const before = issueStates(fixture.emulator);
    const result = await run(fixture);
    expect(result.status).toBe('ok');
    expect(result.telemetry?.issues_closed).toEqual(old);
    expect(result.telemetry?.issues_deleted).toEqual([]);
    expect(result.telemetry?.retained).toEqual([...kept].reverse());
    const after = issueStates(fixture.emulator);
    for (const n of old) expect(after.get(n)).toBe('closed:not_planned');
    expect(changedIssues(before, after)).toEqual(old);
    expect(others.every((n) => before.get(n) === after.get(n))).toBe(true);
    // Retired issues leave the ledger in the same pages commit; the kept ones stay in it.
    const ledger = fixture.emulator.state.listFiles(REPO, PAGES, 'state/ledger/selftest/');
    for (const n of old) expect(ledger).not.toContain(`state/ledger/selftest/${n}.json`);
    for (const n of kept) expect(ledger).toContain(`state/ledger/selftest/${n}.json`);
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
    // A second run has nothing left to do.
    fixture.emulator.resetLog();
    const second = await run(fixture);
    expect(second.telemetry?.issues_closed).toEqual([]);
    expect(writesIn(fixture.emulator)).toEqual([]);
  });

  it('deletes through GraphQL with an admin token when delete is set', async () => {
    fixture = await startFixture();
    const old = [30, 29].map((ageDays) => addSelftestIssue(fixture!, { ageDays }));
    for (const ageDays of [3, 2, 1]) addSelftestIssue(fixture, { ageDays });
    const result = await run(fixture, { token: ADMIN, inputs: { delete: 'true' } });
    expect(result.telemetry?.issues_deleted).toEqual(old);
    expect(result.telemetry?.issues_closed).toEqual([]);
    for (const n of old) expect(fixture.emulator.state.getIssue(REPO, n)).toBeUndefined();
    // Two deleteIssue mutations, then one commit (createCommitOnBranch) that drops their ledger entries.
    expect(fixture.emulator.log.filter((e) => e.route === 'POST /graphql' && e.write)).toHaveLength(3);
    for (const n of old)
      expect(fixture.emulator.state.readFile(REPO, PAGES, `state/ledger/selftest/${n}.json`)).toBeUndefined();
  });

  it('closes instead, and says why, when asked to delete without admin rights', async () => {
    fixture = await startFixture();
    const old = [addSelftestIssue(fixture, { ageDays: 30 })];
    for (const ageDays of [3, 2, 1]) addSelftestIssue(fixture, { ageDays });
    const result = await run(fixture, { token: WRITER, inputs: { delete: 'true' } });
    expect(result.telemetry?.issues_closed).toEqual(old);
    expect(result.telemetry?.issues_deleted).toEqual([]);
    expect(result.telemetry?.delete_unavailable_reason).toMatch(/not an administrator/);
    expect(result.logs.some((l) => l.level === 'warning' && /admin/.test(l.message))).toBe(true);
    // No deleteIssue: the only GraphQL write is the pages commit that drops the ledger entry.
    expect(fixture.emulator.log.filter((e) => e.route === 'POST /graphql' && e.write)).toHaveLength(1);
    expect(fixture.emulator.state.repo(REPO).issues.get(old[0]!)?.deleted).toBe(false);
    expect(result.status).toBe('ok');
  });

  it('retention edges: exactly RETAIN old issues, all younger than the max age, none at all', async () => {
    fixture = await startFixture();
    for (const ageDays of [90, 80, 70]) addSelftestIssue(fixture, { ageDays });
    expect((await run(fixture)).telemetry?.issues_closed).toEqual([]);
    for (const ageDays of [6, 5, 4, 3]) addSelftestIssue(fixture, { ageDays });
    // 7 issues now: the 3 newest are kept; the 4 others are all younger than a max age of 100 days.
    const young = await run(fixture, { inputs: { 'selftest-max-age-days': '100' } });
    expect(young.telemetry?.issues_closed).toEqual([]);
    await fixture.emulator.close();
    fixture = await startFixture();
    const none = await run(fixture);
    expect(none.telemetry).toMatchObject({ issues_closed: [], candidates: 0, retained: [] });
    expect(writesIn(fixture.emulator)).toEqual([]);
  });

  it('reads every page of the issue list: with 105 self-test issues all are considered', async () => {
    fixture = await startFixture();
    const made = Array.from({ length: 105 }, (_, i) => addSelftestIssue(fixture!, { ageDays: 200 - i }));
    const result = await run(fixture);
    expect(result.telemetry?.candidates).toBe(105);
    expect(result.telemetry?.retained).toEqual(made.slice(-3).reverse());
    expect(result.telemetry?.issues_closed).toEqual(made.slice(0, 102));
    const pages = fixture.emulator.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/issues');
    expect(pages.length).toBe(2);
  });

  it('dry run writes nothing and reports what it would retire', async () => {
    fixture = await startFixture();
    for (const ageDays of [30, 20, 3, 2, 1]) addSelftestIssue(fixture, { ageDays });
    publish(fixture, 'telemetry/sync-1.json', 60);
    publish(fixture, 'telemetry/sync-2.json', 1);
    fixture.emulator.resetLog();
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

  it('end to end: the issue the self-test files (and records) is retired once old; a re-run attempt adds no second record', async () => {
    fixture = await startFixture();
    const selfTestRun = (attempt: string, at: Date) =>
      runStageInProcess(selfTest, {
        apiUrl: fixture!.emulator.url,
        token: WRITER,
        repository: REPO,
        runId: '5150',
        env: { GITHUB_RUN_ATTEMPT: attempt },
        inputs: { 'write-interval-ms': '0' },
        deps: { now: () => at },
      });
    const first = await selfTestRun('1', NOW);
    const number = first.telemetry?.issue_number as number;
    expect(first.telemetry?.issue_author).toBe('codex-bot');
    const entryPath = `state/ledger/selftest/${number}.json`;
    const entryText = fixture.emulator.state.readFile(REPO, PAGES, entryPath);
    expect(JSON.parse(entryText!)).toMatchObject({
      number,
      author: 'codex-bot',
      milestone: 1,
      run_id: '5150',
    });
    const again = await selfTestRun('2', NOW);
    expect(again.telemetry).toMatchObject({ issue_number: number, issue_reused: true, issue_author: null });
    expect(fixture.emulator.state.readFile(REPO, PAGES, entryPath)).toBe(entryText);
    // The self-test's own telemetry files were recorded in the ledger too.
    const telemetryEntries = fixture.emulator.state.listFiles(REPO, PAGES, 'state/ledger/telemetry/');
    expect(telemetryEntries.filter((p) => p.includes('self-test-5150'))).toHaveLength(2);
    // Younger than the max age: kept.
    const soon = await run(fixture, { inputs: { 'selftest-retain': '0' } });
    expect(soon.telemetry?.issues_closed).toEqual([]);
    const later = await run(fixture, {
      inputs: { 'selftest-retain': '0' },
      now: new Date(NOW.getTime() + 10 * DAY),
    });
    expect(later.telemetry?.issues_closed).toEqual([number]);
    expect(fixture.emulator.state.readFile(REPO, PAGES, entryPath)).toBeUndefined();
  });
});

describe('cleaner: telemetry pruning', () => {
  it('prunes old telemetry the suite published in one commit, with its ledger entries; keeps the latest of each component', async () => {
    fixture = await startFixture({ pages: false });
    fixture.emulator.state.writeFiles(
      REPO,
      PAGES,
      {
        'dashboard/dashboard.json': '{}',
        'dashboard/index.html': '<html></html>',
        'state/issue-index.json': '{}',
        'telemetry/.gitkeep': '',
      },
      'seed',
    );
    publish(fixture, 'telemetry/cleaner-100.json', 90); // the only cleaner file: kept however old
    publish(fixture, 'telemetry/sync-101.json', 80);
    publish(fixture, 'telemetry/sync-102.json', 60);
    publish(fixture, 'telemetry/self-test-103.json', 45);
    publish(fixture, 'telemetry/sync-104.json', 31);
    publish(fixture, 'telemetry/self-test-105.json', 29);
    publish(fixture, 'telemetry/sync-106.json', 2);
    fixture.emulator.resetLog();
    const result = await run(fixture);
    expect(result.telemetry?.telemetry_pruned).toEqual([
      'telemetry/self-test-103.json',
      'telemetry/sync-101.json',
      'telemetry/sync-102.json',
      'telemetry/sync-104.json',
    ]);
    expect(result.telemetry?.telemetry_pruned_count).toBe(4);
    expect(
      fixture.emulator.state.listFiles(REPO, PAGES).filter((p) => !p.startsWith('state/ledger/')),
    ).toEqual([
      'dashboard/dashboard.json',
      'dashboard/index.html',
      'state/issue-index.json',
      'telemetry/.gitkeep',
      'telemetry/cleaner-100.json',
      'telemetry/self-test-105.json',
      'telemetry/sync-106.json',
    ]);
    const entries = fixture.emulator.state.listFiles(REPO, PAGES, 'state/ledger/telemetry/');
    expect(entries.map((p) => p.split('/').pop()!.split('.')[0]).sort()).toEqual([
      'cleaner-100',
      'self-test-105',
      'sync-106',
    ]);
    const commits = fixture.emulator.log.filter((e) => e.route === 'POST /graphql' && e.write);
    expect(commits).toHaveLength(1);
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
  });

  it('dates files by the recorded finish time, not run-id order: a re-run that finished yesterday stays', async () => {
    fixture = await startFixture({ pages: false });
    publish(fixture, 'telemetry/sync-101.json', 80);
    publish(fixture, 'telemetry/sync-102-2.json', 1); // attempt 2 of an old run, re-run yesterday
    publish(fixture, 'telemetry/sync-103.json', 70);
    publish(fixture, 'telemetry/sync-104.json', 40);
    const result = await run(fixture);
    expect(result.telemetry?.telemetry_pruned).toEqual([
      'telemetry/sync-101.json',
      'telemetry/sync-103.json',
      'telemetry/sync-104.json',
    ]);
    expect(fixture.emulator.state.listFiles(REPO, PAGES, 'telemetry/')).toEqual([
      'telemetry/sync-102-2.json',
    ]);
  });

  it('keeps the request count small: 400 files cost two tree listings and no file reads', async () => {
    fixture = await startFixture({ pages: false });
    const components = ['sync', 'supervisor', 'activity', 'self-test'];
    const files: Record<string, string> = {};
    const { telemetryEntry, telemetryEntryText } = await import('@codex-suite/core/ledger/telemetry-entry');
    for (let i = 0; i < 400; i += 1) {
      const path = `telemetry/${components[i % 4]}-${1000 + i}.json`;
      const finished = NOW.getTime() - (100 - i / 4) * DAY;
      const text = JSON.stringify({ finished_at: new Date(finished).toISOString() });
      const entry = telemetryEntry(path, text, finished);
      files[path] = text;
      files[entry.path] = telemetryEntryText(entry);
    }
    fixture.emulator.state.writeFiles(REPO, PAGES, files, 'seed');
    const result = await run(fixture);
    // finished 100 - i/4 days ago: older than 30 days for i < 280.
    expect(result.telemetry?.telemetry_pruned_count).toBe(280);
    const reads = fixture.emulator.log.filter(
      (e) => e.route === 'GET /repos/{owner}/{repo}/contents/{path}' || e.route?.includes('/git/blobs/'),
    );
    expect(reads).toEqual([]);
    expect(fixture.emulator.log.length).toBeLessThanOrEqual(30);
    expect(fixture.emulator.state.listFiles(REPO, PAGES, 'telemetry/')).toHaveLength(120);
    expect(fixture.emulator.state.listFiles(REPO, PAGES, 'state/ledger/telemetry/')).toHaveLength(120);
  });

  it('the telemetry a stage publishes is recorded in the ledger with its finish time, and pruned by it later', async () => {
    fixture = await startFixture();
    const published = await runStageInProcess(stage, {
      apiUrl: fixture.emulator.url,
      token: WRITER,
      repository: REPO,
      runId: '31337',
      inputs: { 'write-interval-ms': '0' },
      deps: { now: () => NOW },
    });
    expect(published.status).toBe('ok');
    const entries = fixture.emulator.state.listFiles(REPO, PAGES, 'state/ledger/telemetry/');
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(
      new RegExp(`^state/ledger/telemetry/cleaner-31337\\.${NOW.getTime()}\\.[0-9a-f]{40}\\.json$`),
    );
    publish(fixture, 'telemetry/cleaner-31338.json', -1); // a newer run, so the first is not the latest
    const later = await run(fixture, { now: new Date(NOW.getTime() + 31 * DAY) });
    expect(later.telemetry?.telemetry_pruned).toEqual(['telemetry/cleaner-31337.json']);
  });

  it('prunes nothing when the pages branch does not exist', async () => {
    fixture = await startFixture({ pages: false });
    const result = await run(fixture);
    expect(result.status).toBe('ok');
    expect(result.telemetry?.telemetry_pruned_count).toBe(0);
    expect(writesIn(fixture.emulator)).toEqual([]);
  });
});
