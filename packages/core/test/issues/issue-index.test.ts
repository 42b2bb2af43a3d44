import {
  type IndexedIssue,
  ISSUE_INDEX_PATH,
  type IssueIndex,
  lastHumanActivity,
  loadIssueIndex,
  forgetIssue,
  humanActivityOf,
  parseIssueIndex,
  recordAttribution,
  recordProjectItemsAdded,
  recordProjectListing,
  recordProjectMembership,
  recordSuiteEdit,
  saveIssueIndex,
  serializeIndex,
} from '@codex-suite/core/issues/issue-index';
import type { Emulator } from '@codex-suite/emulator/server';
import { afterEach, describe, expect, it } from 'vitest';
import { indexContext, REPO, requestsTo, startBed } from './helpers.js';

const LIST = 'GET /repos/{owner}/{repo}/issues';
const MINUTE = 60_000;

function entry(overrides: Partial<IndexedIssue> = {}): IndexedIssue {
  return {
    number: 1,
    id: 11,
    node_id: 'I_1',
    title: 't',
    state: 'open',
    labels: [],
    milestone: null,
    created_at: '2025-01-01T00:00:00.000Z',
    updated_at: '2025-01-05T00:00:00.000Z',
    assignees: [],
    html_url: '',
    is_pull_request: false,
    human_activity_at: '2025-01-05T00:00:00.000Z',
    ...overrides,
  };
}

function emptyIndex(issues: IndexedIssue[]): IssueIndex {
  return {
    version: 1,
    repository: REPO,
    synced_at: '2025-01-06T00:00:00.000Z',
    full_scan_at: '2025-01-06T00:00:00.000Z',
    issues: Object.fromEntries(issues.map((i) => [String(i.number), i])),
  };
}

describe('human activity (pure)', () => {
  it('an issue the suite never touched is active as of its updated_at', () => {
    expect(lastHumanActivity(entry())).toBe('2025-01-05T00:00:00.000Z');
  });

  it("the suite's own edit does not count; a later human edit does", () => {
    const index = emptyIndex([entry()]);
    recordSuiteEdit(index, 1, '2025-02-01T10:00:00Z', { number: 1, labels: [{ name: 'codex' }] });
    const edited = index.issues['1']!;
    expect(edited.updated_at).toBe('2025-02-01T10:00:00.000Z');
    expect(edited.suite_updated_at).toBe('2025-02-01T10:00:00.000Z');
    expect(edited.labels).toEqual(['codex']);
    expect(lastHumanActivity(edited)).toBe('2025-01-05T00:00:00.000Z');
    // A second suite edit keeps the human time.
    recordSuiteEdit(index, 1, '2025-02-02T10:00:00Z');
    expect(lastHumanActivity(index.issues['1']!)).toBe('2025-01-05T00:00:00.000Z');
    // A human comment later moves updated_at past the suite's marker.
    const human = { ...index.issues['1']!, updated_at: '2025-02-03T08:00:00.000Z' };
    expect(lastHumanActivity(human)).toBe('2025-02-03T08:00:00.000Z');
  });

  it('ignores edits of issues it does not hold and unparsable times', () => {
    const index = emptyIndex([entry()]);
    recordSuiteEdit(index, 2, '2025-02-01T10:00:00Z');
    recordSuiteEdit(index, 1, 'not a time');
    expect(index.issues['1']!.suite_updated_at).toBeUndefined();
    expect(Object.keys(index.issues)).toEqual(['1']);
  });
});

describe('parseIssueIndex', () => {
  it('accepts its own output and refuses anything it cannot trust', () => {
    const index = emptyIndex([entry()]);
    expect(parseIssueIndex(JSON.stringify(index), REPO).index).toEqual(index);
    expect(parseIssueIndex(JSON.stringify(index), 'OCTO-ORG/WIDGETS').index).toBeDefined();
    expect(parseIssueIndex('{', REPO).problem).toMatch(/JSON/);
    expect(parseIssueIndex(JSON.stringify({ ...index, version: 3 }), REPO).problem).toMatch(/version/);
    expect(parseIssueIndex(JSON.stringify(index), 'other/repo').problem).toMatch(/another repository/);
    expect(parseIssueIndex(JSON.stringify({ ...index, synced_at: 'x' }), REPO).problem).toMatch(/timestamps/);
    expect(parseIssueIndex(JSON.stringify({ ...index, issues: [] }), REPO).problem).toMatch(/issues/);
    const bad = { ...index, issues: { '2': entry() } };
    expect(parseIssueIndex(JSON.stringify(bad), REPO).problem).toMatch(/malformed entry/);
  });
});

describe('the saved form', () => {
  const full = entry({
    number: 7,
    html_url: 'https://github.com/octo-org/widgets/issues/7',
    labels: ['codex', 'codex-trackmain'],
    milestone: { number: 3, title: 'Codex Main' },
    suite_updated_at: '2025-01-06T00:00:00.000Z',
    in_project: true,
    malformed: ['missing labels'],
  });
  const odd = entry({
    number: 8,
    html_url: 'https://example.test/elsewhere/8x',
    milestone: { number: 3, title: 'Renamed meanwhile' },
    created_at: '',
    state: 'closed',
  });

  it('writes the compact version 2 and reads back exactly what it wrote', () => {
    const index = {
      ...emptyIndex([full, odd, entry({ number: 9 })]),
      project: 'orgs/o/projects/1',
      project_items: 4,
    };
    const text = serializeIndex(index);
    expect(JSON.parse(text).version).toBe(2);
    expect(parseIssueIndex(text, REPO).index).toEqual(index);
    expect(text.length).toBeLessThan(JSON.stringify(index).length * 0.7);
  });

  it('is byte for byte JSON.stringify of the whole saved form, however many pieces of rows it is built from', () => {
    const main = { number: 4, title: 'Codex Main' };
    const issues = Array.from({ length: 1_300 }, (_, i) =>
      entry({
        number: i + 1,
        id: 1_000 + i,
        title: `issue "${i}" é ✓`,
        labels: i % 3 === 0 ? ['codex', 'codex-trackmain'] : [],
        // the milestone is renamed for the issues listed after the first piece of rows
        milestone: i % 2 === 0 ? (i < 700 ? main : { number: 4, title: 'Codex Main (renamed)' }) : null,
        html_url: i === 5 ? 'https://example.test/elsewhere/6x' : `https://example.test/o/r/issues/${i + 1}`,
        ...(i % 7 === 0 ? { in_project: i % 2 === 0, suite_updated_at: '2025-01-05T00:00:00.000Z' } : {}),
        ...(i === 900 ? { malformed: ['labels is not an array'] } : {}),
      }),
    );
    for (const index of [
      { ...emptyIndex(issues), project: 'orgs/o/projects/1', project_items: 9, attribution_rules: 'r' },
      emptyIndex([]),
    ]) {
      const text = serializeIndex(index);
      expect(text).toBe(`${JSON.stringify(JSON.parse(text))}\n`);
      expect(Object.keys(JSON.parse(text)).at(-1)).toBe('issues');
      expect(parseIssueIndex(text, REPO).index).toEqual(index);
    }
  });

  it('reads a saved index with one milestone object per milestone and one empty assignee list', () => {
    const milestone = { number: 4, title: 'Codex Main' };
    const index = emptyIndex([
      entry({ number: 1, milestone, labels: ['codex'] }),
      entry({ number: 2, milestone: { ...milestone }, labels: ['codex'] }),
    ]);
    const read = parseIssueIndex(serializeIndex(index), REPO).index!;
    expect(read).toEqual(index);
    expect(read.issues['2']!.milestone).toBe(read.issues['1']!.milestone);
    expect(read.issues['2']!.assignees).toBe(read.issues['1']!.assignees);
    expect(Object.isFrozen(read.issues['1']!.milestone)).toBe(true);
  });

  it('still reads version 1 (plain objects) from an earlier release, and saves it as version 2', () => {
    const index = emptyIndex([full, odd]);
    const old = JSON.stringify(index);
    const read = parseIssueIndex(old, REPO).index!;
    expect(read).toEqual(index);
    expect(parseIssueIndex(serializeIndex(read), REPO).index).toEqual(index);
  });

  it('keeps attributions and their rules compactly; a file without them (or a version 1 file) reads as before', () => {
    const attributed = entry({
      number: 10,
      attribution: {
        human_at: '2025-01-03T00:00:00.000Z',
        human_by: 'alice',
        through: '2025-01-05T00:00:00.000Z',
        items: 12,
      },
    });
    const both = { ...full, number: 11, attribution: { ...attributed.attribution!, human_by: '' } };
    const index = {
      ...emptyIndex([attributed, both, entry({ number: 12 })]),
      attribution_rules: '["codex-bot",[]]',
    };
    const text = serializeIndex(index);
    expect(parseIssueIndex(text, REPO).index).toEqual(index);
    const rows = JSON.parse(text).issues as unknown[][];
    // no attribution: the row is as long as before (files of the previous release look the same)
    expect(rows[2]).toHaveLength(14);
    expect(rows[0]![14]).toEqual([]);
    expect(rows[0]![15]).toEqual([
      Date.parse('2025-01-03T00:00:00.000Z'),
      'alice',
      Date.parse('2025-01-05T00:00:00.000Z'),
      12,
    ]);
    const broken = JSON.parse(text);
    broken.issues[0][15] = [1, 'alice', 'x', -1];
    expect(parseIssueIndex(JSON.stringify(broken), REPO).problem).toMatch(/malformed entry/);
  });

  it("an attribution answers while updated_at has not moved past what it covered, and survives the suite's own edit", () => {
    const index = emptyIndex([entry()]);
    recordAttribution(index, 1, {
      human_at: '2025-01-02T00:00:00.000Z',
      human_by: 'alice',
      through: '2025-01-05T00:00:00.000Z',
      items: 3,
    });
    expect(humanActivityOf(index.issues['1']!)).toEqual({
      at: '2025-01-02T00:00:00.000Z',
      by: 'alice',
      basis: 'attributed',
    });
    recordSuiteEdit(index, 1, '2025-02-01T00:00:00Z');
    expect(humanActivityOf(index.issues['1']!).basis).toBe('attributed');
    const moved = { ...index.issues['1']!, updated_at: '2025-02-02T00:00:00.000Z' };
    expect(humanActivityOf(moved)).toEqual({ at: '2025-02-02T00:00:00.000Z', basis: 'assumed' });
  });

  it('distrusts a version 2 file with a malformed row, a duplicate or a missing milestone title', () => {
    const rows = JSON.parse(serializeIndex(emptyIndex([full])));
    const bad = (change: (saved: { issues: unknown[][]; milestones: object }) => void) => {
      const copy = structuredClone(rows);
      change(copy);
      return parseIssueIndex(JSON.stringify(copy), REPO).problem;
    };
    expect(
      bad((c) => {
        c.issues[0]![3] = 42;
      }),
    ).toMatch(/malformed entry/);
    expect(bad((c) => void c.issues.push(c.issues[0]!))).toMatch(/malformed entry/);
    expect(
      bad((c) => {
        c.milestones = {};
      }),
    ).toMatch(/malformed entry/);
    expect(
      bad((c) => {
        c.issues = {} as never;
      }),
    ).toMatch(/issues/);
  });
});

describe('loadIssueIndex / saveIssueIndex against the emulator', () => {
  let emulator: Emulator;
  afterEach(async () => {
    await emulator?.close();
  });

  it('builds a full index of open issues without pull requests, then reads only what changed', async () => {
    emulator = await startBed();
    const { state } = emulator;
    state.addIssue(REPO, { title: 'first', labels: ['bug'] });
    state.addIssue(REPO, { title: 'closed', state: 'closed' });
    state.addPullRequest(REPO, { title: 'a pull request', head: { ref: 'x', sha: 'a'.repeat(40) } });
    const third = state.addIssue(REPO, { title: 'third' });

    const first = await loadIssueIndex(indexContext(emulator));
    expect(first.mode).toBe('full');
    expect(first.fullReason).toBe('no saved index');
    expect(Object.keys(first.index.issues)).toEqual(['1', '4']);
    expect(first.changed).toEqual([1, 4]);
    expect(first.index.synced_at).toBe('2025-03-01T12:00:00.000Z');
    const ctx = indexContext(emulator);
    await saveIssueIndex(ctx, first.index);
    expect(state.readFile(REPO, 'gh-pages', ISSUE_INDEX_PATH)).toContain('"first"');

    // Later: one issue edited, one closed, one created.
    state.advanceClock(60 * MINUTE);
    const issue1 = state.getIssue(REPO, 1)!;
    issue1.title = 'first, renamed';
    state.touchIssue(issue1);
    third.state = 'closed';
    state.touchIssue(third);
    state.addIssue(REPO, { title: 'fifth' });
    emulator.resetLog();

    const second = await loadIssueIndex(indexContext(emulator));
    expect(second.mode).toBe('incremental');
    expect([...second.changed].sort()).toEqual([1, 5]);
    expect(second.closed).toEqual([4]);
    expect(Object.keys(second.index.issues)).toEqual(['1', '5']);
    expect(second.index.issues['1']!.title).toBe('first, renamed');
    const lists = requestsTo(emulator, LIST);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.path).toContain('state=all');
    expect(lists[0]!.path).toContain('since=2025-03-01T11%3A55%3A00.000Z');
  });

  it('keeps the suite’s own edits out of human activity across runs', async () => {
    emulator = await startBed();
    const { state } = emulator;
    state.addIssue(REPO, {
      title: 'stale work',
      updated_at: '2025-01-10T00:00:00Z',
      created_at: '2025-01-01T00:00:00Z',
    });
    const ctx = indexContext(emulator);
    const loaded = await loadIssueIndex(ctx);
    // The suite edits the issue (as project-sync does) and records the answer.
    const edit = await ctx.writes.apply(
      { kind: 'issue.update', target: '#1', description: 'label #1' },
      ({ github }) =>
        github.rest.issues.update({ owner: 'octo-org', repo: 'widgets', issue_number: 1, labels: ['codex'] }),
    );
    if (edit.outcome !== 'applied') throw new Error(`the edit was ${edit.outcome}`);
    const patched = edit.value;
    recordSuiteEdit(loaded.index, 1, patched.data.updated_at, patched.data as never);
    await saveIssueIndex(ctx, loaded.index);

    state.advanceClock(30 * MINUTE);
    const again = await loadIssueIndex(indexContext(emulator));
    expect(again.mode).toBe('incremental');
    expect(again.index.issues['1']!.labels).toEqual(['codex']);
    expect(lastHumanActivity(again.index.issues['1']!)).toBe('2025-01-10T00:00:00.000Z');

    // A person comments later: that is activity again.
    state.advanceClock(30 * MINUTE);
    state.addComment(REPO, 1, 'still on it', 'octocat');
    const later = await loadIssueIndex(indexContext(emulator));
    expect(lastHumanActivity(later.index.issues['1']!)).toBe(state.now().toISOString());
  });

  it('commits nothing when only synced_at moved, and plans instead of writing in dry-run', async () => {
    emulator = await startBed();
    emulator.state.addIssue(REPO, { title: 'one' });
    const dry = indexContext(emulator, { dryRun: true });
    const planned = await loadIssueIndex(dry);
    emulator.resetLog();
    await saveIssueIndex(dry, planned.index);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
    expect(dry.writes.stats().planned).toBe(1);

    const ctx = indexContext(emulator);
    await saveIssueIndex(ctx, (await loadIssueIndex(ctx)).index);
    emulator.state.advanceClock(10 * MINUTE);
    const next = indexContext(emulator);
    const unchanged = await loadIssueIndex(next);
    expect(unchanged.index.matches_saved).toBe(true);
    emulator.resetLog();
    await saveIssueIndex(next, unchanged.index);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
    expect(next.writes.records).toEqual([]);
    // The state is in memory only: the saved file does not carry it.
    expect(serializeIndex(unchanged.index)).not.toContain('matches_saved');
    expect(parseIssueIndex(serializeIndex(unchanged.index), REPO).index?.matches_saved).toBeUndefined();
  });

  it('commits an unchanged index again only after a change made through the index functions', async () => {
    emulator = await startBed();
    const one = emulator.state.addIssue(REPO, { title: 'one' });
    emulator.state.addIssue(REPO, { title: 'two' });
    const ctx = indexContext(emulator);
    await saveIssueIndex(ctx, (await loadIssueIndex(ctx)).index);
    const changes: Array<[string, (index: IssueIndex) => void]> = [
      ['membership', (index) => recordProjectMembership(index, 1, true)],
      [
        'listing',
        (index) =>
          recordProjectListing(index, 'orgs/acme/projects/1', { count: 1, contentIds: new Set([one.id]) }),
      ],
      ['items added', (index) => recordProjectItemsAdded(index, 1)],
      ['suite edit', (index) => recordSuiteEdit(index, 2, '2099-01-01T00:00:00Z')],
      ['forgotten', (index) => forgetIssue(index, 2)],
    ];
    for (const [name, change] of changes) {
      emulator.state.advanceClock(10 * MINUTE);
      const next = indexContext(emulator);
      const loaded = await loadIssueIndex(next);
      expect(loaded.index.matches_saved, name).toBe(true);
      change(loaded.index);
      expect(loaded.index.matches_saved, name).toBeUndefined();
      emulator.resetLog();
      await saveIssueIndex(next, loaded.index);
      expect(
        emulator.log.filter((e) => e.write),
        name,
      ).toHaveLength(1);
    }
    // The same values again change nothing: no commit.
    emulator.state.advanceClock(10 * MINUTE);
    const next = indexContext(emulator);
    const loaded = await loadIssueIndex(next);
    recordProjectMembership(loaded.index, 1, true);
    recordProjectListing(loaded.index, 'orgs/acme/projects/1', { count: 2, contentIds: new Set([one.id]) });
    forgetIssue(loaded.index, 2);
    emulator.resetLog();
    await saveIssueIndex(next, loaded.index);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
  });

  it('keeps self-test issues out, so a new one each run changes nothing to commit', async () => {
    emulator = await startBed();
    emulator.state.addIssue(REPO, { title: 'human work' });
    emulator.state.addIssue(REPO, { title: 'Codex self-test 1', labels: ['codex', 'codex-selftest'] });
    const ctx = indexContext(emulator);
    const first = await loadIssueIndex(ctx);
    expect(Object.values(first.index.issues).map((i) => i.title)).toEqual(['human work']);
    await saveIssueIndex(ctx, first.index);
    emulator.state.advanceClock(10 * MINUTE);
    emulator.state.addIssue(REPO, { title: 'Codex self-test 2', labels: ['codex', 'CODEX-SELFTEST'] });
    const next = indexContext(emulator);
    const second = await loadIssueIndex(next);
    expect(second.changed).toEqual([]);
    emulator.resetLog();
    await saveIssueIndex(next, second.index);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
  });

  it('runs a full pass when asked, when the index is too old or unreadable', async () => {
    emulator = await startBed();
    emulator.state.addIssue(REPO, { title: 'one' });
    const ctx = indexContext(emulator);
    await saveIssueIndex(ctx, (await loadIssueIndex(ctx)).index);

    expect((await loadIssueIndex(indexContext(emulator), { fullScan: true })).fullReason).toBe(
      'full scan requested',
    );
    emulator.state.advanceClock(3 * 3_600_000);
    expect((await loadIssueIndex(indexContext(emulator), { maxAgeHours: 2 })).fullReason).toMatch(
      /older than 2 hours/,
    );
    expect((await loadIssueIndex(indexContext(emulator))).mode).toBe('incremental');

    emulator.state.writeFiles(REPO, 'gh-pages', { [ISSUE_INDEX_PATH]: '{"version":1' }, 'broken');
    const broken = await loadIssueIndex(indexContext(emulator));
    expect(broken.mode).toBe('full');
    expect(broken.fullReason).toMatch(/not valid JSON/);
  });

  it('remembers malformed issues between runs and reports issues in deleted milestones', async () => {
    emulator = await startBed();
    const { state } = emulator;
    const milestone = state.addMilestone(REPO, { title: 'Old' });
    state.addIssue(REPO, { title: 'in old milestone', milestone: 'Old' });
    const known = [{ number: milestone.number + 1, title: 'Other' }];
    const first = await loadIssueIndex(indexContext(emulator), { knownMilestones: known });
    expect(first.malformed).toEqual([
      { number: 1, reason: `milestone #${milestone.number} "Old" does not exist (deleted?)` },
    ]);
    const ctx = indexContext(emulator);
    await saveIssueIndex(ctx, first.index);
    state.advanceClock(MINUTE * 10);
    const again = await loadIssueIndex(indexContext(emulator), { knownMilestones: known });
    expect(again.mode).toBe('incremental');
    expect(again.malformed).toEqual(first.malformed);
  });

  it('pages through a large repository 100 at a time', async () => {
    emulator = await startBed();
    for (let i = 0; i < 250; i += 1) emulator.state.addIssue(REPO, { title: `issue ${i}` });
    const loaded = await loadIssueIndex(indexContext(emulator));
    expect(Object.keys(loaded.index.issues)).toHaveLength(250);
    expect(loaded.pages).toBe(3);
    const lists = requestsTo(emulator, LIST);
    expect(lists.every((e) => e.path.includes('per_page=100'))).toBe(true);
  });
});
