import { selftestEntryPath } from '@codex-suite/core/ledger/selftest-entry';
import { telemetryEntry } from '@codex-suite/core/ledger/telemetry-entry';
import { EmulatorState } from '@codex-suite/emulator/server';
import { describe, expect, it } from 'vitest';
import {
  countIndexUpdates,
  latestTelemetry,
  parseTelemetryName,
  stageFacts,
} from '../../scripts/lib/bench/facts.js';
import {
  BENCH_CONFIG,
  BENCH_REPO,
  humanEdits,
  scenarioSize,
  seedScenario,
} from '../../scripts/lib/bench/scenario.js';

describe('scenario and facts', () => {
  it('seeds the population and the traces of earlier runs, and reads the facts back', () => {
    const state = new EmulatorState();
    const size = scenarioSize(200);
    const report = seedScenario(state, size);
    expect(report.counts.open).toBe(200);
    const f = stageFacts(state, new Map());
    // open issues + open pull requests + the 6 old self-test issues
    expect(f.openListed).toBe(200 + size.pullRequests + 6);
    expect(f.indexExists).toBe(false);
    // the traces of earlier runs predate the ledger: the cleaner may not touch them
    expect(f.selftestRetire).toBe(0);
    expect(f.selftestLedgerReads).toBe(0);
    expect(f.telemetryFiles).toBe(8);
    expect(f.telemetryPrune).toBe(0);
    expect(f.componentsToMerge).toBe(2);
    expect(f.missingLabelsAndMilestones).toBe(0);
    expect(f.issueRepairs + f.projectAdds).toBeGreaterThan(0);
    expect(f.projectItems).toBe(state.findProject({ owner: 'org', login: 'acme', number: 1 })!.items.size);
  });

  it('what the ledger proves the suite made is what the cleaner retires and prunes', () => {
    const state = new EmulatorState();
    seedScenario(state, scenarioSize(200));
    const repo = state.repo(BENCH_REPO);
    const entries: Record<string, string> = {};
    const selftest = state.listIssues(repo).filter((i) => i.title.startsWith('Codex self-test run'));
    for (const issue of selftest) entries[selftestEntryPath(issue.number)] = '{}\n';
    for (const path of state.listFiles(repo, BENCH_CONFIG.pagesBranch, 'telemetry/')) {
      const text = state.readFile(repo, BENCH_CONFIG.pagesBranch, path)!;
      const finished = Date.parse(JSON.parse(text).finished_at);
      entries[telemetryEntry(path, text, finished).path] = '{}\n';
    }
    state.writeFiles(BENCH_REPO, BENCH_CONFIG.pagesBranch, entries, 'ledger');
    const f = stageFacts(state, new Map());
    expect(selftest).toHaveLength(6);
    expect(f.selftestLedgerReads).toBe(6);
    expect(f.selftestRetire).toBe(3); // the newest 3 are kept
    expect(f.telemetryPrune).toBe(6); // the latest file of each of the two components is kept
  });

  it('human edits: new titles, removed labels and comments, each bumping updated_at', () => {
    const state = new EmulatorState();
    seedScenario(state, scenarioSize(300));
    const before = stageFacts(state, new Map()).issueRepairs;
    state.advanceClock(3_600_000);
    const edits = humanEdits(state, 20);
    expect(edits).toHaveLength(20);
    expect(new Set(edits.map((e) => e.kind))).toEqual(new Set(['title', 'label-removed', 'comment']));
    const now = state.nowMs();
    for (const e of edits)
      expect(state.getIssue(BENCH_REPO, e.number)!.updatedAt).toBeGreaterThanOrEqual(now - 1000);
    expect(stageFacts(state, new Map()).issueRepairs).toBeGreaterThan(before);
  });

  it('telemetry names', () => {
    expect(parseTelemetryName('telemetry/telemetry-merge-12-2.json')).toEqual({
      component: 'telemetry-merge',
      run: 12,
    });
    expect(parseTelemetryName('dashboard/dashboard.json')).toBeUndefined();
    expect(
      latestTelemetry(['telemetry/sync-9.json', 'telemetry/sync-10.json', 'telemetry/activity-1.json']),
    ).toEqual(
      new Map([
        ['sync', 'telemetry/sync-10.json'],
        ['activity', 'telemetry/activity-1.json'],
      ]),
    );
  });

  it('index updates: only changes the index sees, not the suite’s own writes, pull requests or self-test issues', () => {
    const t = (iso: string) => Date.parse(iso);
    const index = {
      synced_at: '2026-01-01T10:00:00Z',
      issues: {
        '1': { updated_at: '2026-01-01T09:00:00Z', suite_updated_at: '2026-01-01T10:00:05Z' },
        '2': { updated_at: '2026-01-01T09:00:00Z' },
        '3': { updated_at: '2026-01-01T09:00:00Z' },
      },
    };
    const base = { open: true, pull: false, selftest: false };
    expect(
      countIndexUpdates(
        [
          { ...base, number: 1, updatedAt: t('2026-01-01T10:00:05Z') + 400 }, // the suite's own repair (ms clock)
          { ...base, number: 2, updatedAt: t('2026-01-01T10:30:00Z') }, // a person edited it
          { ...base, number: 3, updatedAt: t('2026-01-01T10:30:00Z'), open: false }, // closed
          { ...base, number: 4, updatedAt: t('2026-01-01T10:30:00Z') }, // newly opened
          { ...base, number: 5, updatedAt: t('2026-01-01T10:30:00Z'), selftest: true },
          { ...base, number: 6, updatedAt: t('2026-01-01T10:30:00Z'), pull: true },
          { ...base, number: 7, updatedAt: t('2026-01-01T10:30:00Z'), open: false }, // closed, never indexed
        ],
        index,
      ),
    ).toBe(3);
  });
});
