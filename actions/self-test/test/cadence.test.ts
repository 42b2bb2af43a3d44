import { runStageInProcess } from '@codex-suite/harness/in-process';
import { runMarker, type SelftestEntry } from '@codex-suite/core/ledger/selftest-entry';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';
import { afterEach, describe, expect, it } from 'vitest';
import { recentSelftestIssue } from '../src/cadence.js';
import { selftestTitle } from '../src/issue.js';
import { stage } from '../src/stage.js';
import { type Fixture, REPO, WRITER, startFixture, writesIn } from './support.js';

const HOUR = 3_600_000;
const NOW = new Date('2025-06-15T12:00:00Z');

function issue(number: number, hoursAgo: number, overrides: Partial<ListedIssue> = {}): ListedIssue {
  const runId = String(1000 + number);
  return {
    number,
    title: selftestTitle(runId),
    body: `${runMarker(runId)}\nMade by the Codex self-test.`,
    state: 'open',
    created_at: new Date(NOW.getTime() - hoursAgo * HOUR).toISOString(),
    labels: [{ name: 'codex-selftest' }],
    milestone: { number: 1, title: 'Codex Internal' },
    user: { login: 'codex-bot' },
    ...overrides,
  } as ListedIssue;
}

describe('recentSelftestIssue', () => {
  const entry = (number: number, overrides: Partial<SelftestEntry> = {}): SelftestEntry => ({
    kind: 'selftest-issue',
    repository: REPO,
    number,
    author: 'codex-bot',
    milestone: 1,
    run_id: String(1000 + number),
    recorded_at: NOW.toISOString(),
    ...overrides,
  });
  const filedBySuite = (numbers: number[]) => new Map(numbers.map((n) => [n, entry(n)]));
  const owned = { milestone: 'Codex Internal', repository: REPO };
  const pick = (
    issues: ListedIssue[],
    intervalHours = 24,
    ledger: ReadonlyMap<number, SelftestEntry> = filedBySuite(issues.map((i) => i.number)),
  ) => recentSelftestIssue(issues, ledger, { now: NOW, intervalHours, ...owned })?.number;

  it('picks the newest self-test issue filed within the interval', () => {
    expect(pick([issue(1, 30), issue(2, 20), issue(3, 2)])).toBe(3);
    expect(pick([issue(1, 30), issue(2, 23.9)])).toBe(2);
    expect(pick([issue(1, 24), issue(2, 48)])).toBeUndefined();
  });

  it('files every run when the interval is 0', () => {
    expect(pick([issue(1, 0.1)], 0)).toBeUndefined();
  });

  it('ignores what only looks like a self-test issue', () => {
    const marker = runMarker('1001');
    expect(pick([issue(1, 1, { body: `Please look: ${marker}` })])).toBeUndefined(); // marker not first
    expect(pick([issue(1, 1, { title: 'Codex self-test 9999' })])).toBeUndefined(); // title of another run
    expect(pick([issue(1, 1, { body: '<!-- codex-selftest-run: a b -->' })])).toBeUndefined();
    expect(pick([issue(1, 1, { pull_request: {} })])).toBeUndefined();
    expect(pick([issue(1, 1, { state: 'closed' })])).toBeUndefined();
    expect(pick([issue(1, -2)])).toBeUndefined(); // dated in the future
    expect(pick([issue(1, 1, { created_at: 'yesterday' })])).toBeUndefined();
  });

  it('reuses only an issue its ledger entry proves the suite filed', () => {
    const suite = issue(1, 5);
    // A person copies the suite's issue: same title, same marker, newer.
    const copy = issue(2, 1, {
      title: suite.title,
      body: suite.body,
      user: { login: 'mallory' },
    } as Partial<ListedIssue>);
    expect(pick([suite, copy], 24, filedBySuite([1]))).toBe(1);
    expect(pick([copy], 24, filedBySuite([1]))).toBeUndefined();
    // An entry for the number does not help an issue that is not the one recorded.
    expect(pick([issue(2, 1, { user: { login: 'mallory' } } as Partial<ListedIssue>)])).toBeUndefined();
    expect(pick([issue(2, 1)], 24, new Map([[2, entry(2, { milestone: 7 })]]))).toBeUndefined();
    expect(pick([issue(2, 1)], 24, new Map([[2, entry(2, { run_id: '9' })]]))).toBeUndefined();
    expect(pick([issue(2, 1)], 24, new Map())).toBeUndefined();
  });
});

describe('self-test files at most one issue a day', () => {
  let fixture: Fixture | undefined;
  afterEach(async () => {
    await fixture?.emulator.close();
    fixture = undefined;
  });

  async function runAt(f: Fixture, runId: string, inputs: Record<string, string> = {}) {
    return runStageInProcess(stage, {
      apiUrl: f.emulator.url,
      token: WRITER,
      repository: REPO,
      runId,
      // telemetry kept local: the only writes left are the ones to issues
      inputs: { publish: 'none', ...inputs },
      deps: { now: () => f.emulator.state.now() },
    });
  }

  it('four runs a day on the default schedule file one issue; the next day files the next', async () => {
    fixture = await startFixture();
    const f = fixture;

    // The filing run publishes its telemetry, and with it the ledger entry that proves the issue.
    const first = await runAt(f, '5001', { publish: 'gh-pages' });
    const filed = first.telemetry?.issue_number as number;
    expect(first.telemetry?.issue_reused).toBe(false);

    for (const runId of ['5002', '5003', '5004']) {
      f.emulator.state.advanceClock(6 * HOUR);
      f.emulator.resetLog();
      const later = await runAt(f, runId);
      expect(later.status).toBe('ok');
      expect(later.telemetry?.issue_number).toBe(filed);
      expect(later.telemetry?.issue_reused).toBe(true);
      // Nothing written: not a new issue, not a change to the old one.
      expect(writesIn(f.emulator)).toEqual([]);
      const create = (later.telemetry!.checks as { name: string; message: string }[]).find(
        (c) => c.name === 'issue create',
      );
      expect(create?.message).toMatch(
        new RegExp(
          `^Not filed: #${filed} was filed .*, less than 24 h ago .*; the next self-test issue is filed from 2025-06-16T12:00:00.000Z`,
        ),
      );
    }
    expect(
      f.emulator.state.listIssues(REPO).filter((i) => i.title.startsWith('Codex self-test')),
    ).toHaveLength(1);

    f.emulator.state.advanceClock(6 * HOUR); // 24 h after the first
    const nextDay = await runAt(f, '5005');
    expect(nextDay.telemetry?.issue_reused).toBe(false);
    expect(nextDay.telemetry?.issue_number).not.toBe(filed);
  });

  it('a look-alike filed by someone else is never written to nor reused, and issue-interval-hours 0 files every run', async () => {
    fixture = await startFixture();
    const f = fixture;
    const milestone = f.emulator.state.findMilestone(REPO, 'Codex Internal')!.number;
    const lookAlike = f.emulator.state.addIssue(REPO, {
      title: selftestTitle('666'),
      body: `${runMarker('666')}\nnot really`,
      labels: ['codex', 'codex-selftest'],
      milestone,
      user: 'mallory',
    });
    const issueNow = () => {
      const { repo: _repo, ...issue } = f.emulator.state.getIssue(REPO, lookAlike.number)!;
      return JSON.stringify(issue);
    };
    const before = issueNow();
    const run = await runAt(f, '6001');
    // Without a ledger entry it proves nothing: it does not keep the self-test from filing.
    expect(run.telemetry?.issue_reused).toBe(false);
    expect(run.telemetry?.issue_number).not.toBe(lookAlike.number);
    expect(writesIn(f.emulator)).toEqual(['POST POST /repos/{owner}/{repo}/issues 201']);
    expect(issueNow()).toBe(before);

    const every = await runAt(f, '6002', { 'issue-interval-hours': '0' });
    expect(every.telemetry?.issue_reused).toBe(false);
    expect(every.telemetry?.issue_number).not.toBe(lookAlike.number);
  });
});
