import {
  ISSUE_INDEX_PATH,
  type IssueIndex,
  SINCE_OVERLAP_MS,
  serializeIndex,
} from '@codex-suite/core/issues/issue-index';
import { parseSelftestEntry, selftestEntryPath } from '@codex-suite/core/ledger/selftest-entry';
import { selftestOwnershipFailure } from '@codex-suite/core/ledger/selftest-proof';
import {
  gitBlobSha,
  parseTelemetryEntry,
  TELEMETRY_LEDGER_DIR,
} from '@codex-suite/core/ledger/telemetry-entry';
import { normalizeIssue, type RawIssue } from '@codex-suite/core/issues/normalize';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';
import { commonSettings, repositorySettings } from '@codex-suite/core/settings';
import { EmulatorState } from '@codex-suite/emulator/server';
import { issueShape } from '@codex-suite/emulator/shapes';
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
  benchVariables,
  CONVERGENCE_ACTIVITY_READ_BUDGET,
  humanEdits,
  PHASE_ACTIVITY_READ_BUDGET,
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
    // the traces of earlier runs carry the ledger entries the suite wrote with them: the cleaner
    // reads the 6 issues' entries, keeps the newest 3 and retires the rest (older than 7 days)
    expect(f.selftestLedgerReads).toBe(6);
    expect(f.selftestRetire).toBe(3);
    // 8 files of sync and supervisor (38 to 45 days old) and the 6 self-test runs' files (20 to
    // 25 days): the 6 old ones beyond the latest file of each component are pruned
    expect(f.telemetryFiles).toBe(8 + 6);
    expect(f.telemetryPrune).toBe(6);
    expect(f.componentsToMerge).toBe(3);
    expect(f.missingLabelsAndMilestones).toBe(0);
    expect(f.issueRepairs + f.projectAdds).toBeGreaterThan(0);
    expect(f.projectItems).toBe(state.findProject({ owner: 'org', login: 'acme', number: 1 })!.items.size);
  });

  it('the seeded self-test issues pass the ownership proof the cleaner checks, their telemetry files their entries', () => {
    const state = new EmulatorState();
    seedScenario(state, scenarioSize(100));
    const repo = state.repo(BENCH_REPO);
    const selftest = state.listIssues(repo).filter((i) => i.labels.some((l) => l.name === 'codex-selftest'));
    expect(selftest).toHaveLength(6);
    for (const issue of selftest) {
      const listed = issueShape({ base: 'http://127.0.0.1', state }, issue) as unknown as ListedIssue;
      const entry = parseSelftestEntry(
        state.readFile(repo, BENCH_CONFIG.pagesBranch, selftestEntryPath(issue.number)) ?? null,
      );
      expect(entry?.number).toBe(issue.number);
      expect(
        selftestOwnershipFailure(listed, entry, {
          milestone: BENCH_CONFIG.selftestMilestone,
          repository: BENCH_REPO,
        }),
      ).toBeUndefined();
    }
    const entries = state
      .listFiles(repo, BENCH_CONFIG.pagesBranch, TELEMETRY_LEDGER_DIR)
      .map((p) => parseTelemetryEntry(p)!);
    const files = state.listFiles(repo, BENCH_CONFIG.pagesBranch, 'telemetry/');
    expect(entries.map((e) => e.file).sort()).toEqual([...files].sort());
    for (const e of entries)
      expect(gitBlobSha(state.readFile(repo, BENCH_CONFIG.pagesBranch, e.file)!)).toBe(e.sha);
  });

  it('retention keeps the newest 3 proven issues: a newer one without an entry yet takes no slot', () => {
    const state = new EmulatorState();
    seedScenario(state, scenarioSize(200));
    // this run's self-test issue: in pipeline mode its entry is written by telemetry-merge, later
    state.addIssue(BENCH_REPO, {
      title: 'Codex self-test 1001',
      labels: ['codex', 'codex-selftest'],
      milestone: BENCH_CONFIG.selftestMilestone,
      user: 'github-actions[bot]',
    });
    const f = stageFacts(state, new Map());
    expect(f.selftestLedgerReads).toBe(6);
    expect(f.selftestRetire).toBe(3);
  });

  it('the since-list starts before the cursor by the overlap the index keeps: the suite’s writes just before it are listed again', () => {
    const state = new EmulatorState();
    seedScenario(state, scenarioSize(100));
    const repo = state.repo(BENCH_REPO);
    const open = state.listIssues(repo).filter((i) => i.state === 'open' && !i.pull);
    const synced = state.nowMs();
    const iso = (ms: number) => new Date(ms).toISOString();
    for (const i of state.listIssues(repo)) i.updatedAt = synced - 3_600_000;
    // written by the suite a minute before the cursor (inside the overlap), and ten minutes before (outside)
    open[0]!.updatedAt = synced - 60_000;
    open[1]!.updatedAt = synced - 10 * 60_000;
    const entry = (i: (typeof open)[number]) => {
      const record = normalizeIssue(issueShape({ base: 'http://127.0.0.1', state }, i) as RawIssue)!;
      return { ...record, human_activity_at: iso(i.createdAt), suite_updated_at: iso(i.updatedAt) };
    };
    const index = {
      version: 1,
      repository: BENCH_REPO,
      synced_at: iso(synced),
      full_scan_at: iso(synced),
      issues: Object.fromEntries(open.map((i) => [String(i.number), entry(i)])),
    };
    state.writeFiles(
      BENCH_REPO,
      BENCH_CONFIG.pagesBranch,
      { [ISSUE_INDEX_PATH]: serializeIndex(index as unknown as IssueIndex) },
      'index',
    );
    const f = stageFacts(state, new Map());
    expect(SINCE_OVERLAP_MS).toBe(5 * 60_000);
    // the one issue inside the overlap: what GitHub lists for `since` = cursor - overlap
    expect(f.updatedSinceIndex).toBe(1);
    // the suite's own write is recorded in the index: it changes nothing
    expect(f.indexUpdates).toBe(0);
  });

  it('the phases run with the default read budget and the largest write budget; convergence runs with the largest read budget', () => {
    const vars = benchVariables();
    expect(vars.CODEX_ACTIVITY_READ_BUDGET).toBeUndefined();
    expect(vars.CODEX_MAX_WRITES).toBe(String(commonSettings.maxWrites.max));
    expect(PHASE_ACTIVITY_READ_BUDGET).toBe(repositorySettings.activityReadBudget.default);
    expect(CONVERGENCE_ACTIVITY_READ_BUDGET).toBe(repositorySettings.activityReadBudget.max);
    const state = new EmulatorState();
    seedScenario(state, scenarioSize(50));
    expect(stageFacts(state, new Map()).attributionBudget).toBe(PHASE_ACTIVITY_READ_BUDGET);
    expect(stageFacts(state, new Map(), undefined, CONVERGENCE_ACTIVITY_READ_BUDGET).attributionBudget).toBe(
      CONVERGENCE_ACTIVITY_READ_BUDGET,
    );
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
