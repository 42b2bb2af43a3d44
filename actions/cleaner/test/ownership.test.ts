/**
 * The cleaner plays against someone trying to make it harm a person's work: every case asserts on
 * the emulator's state afterwards (what GitHub would hold), not on what the cleaner says it did.
 */
import fc from 'fast-check';
import { runMarker } from '@codex-suite/core/ledger/selftest-entry';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { ADMIN, DAY, type Fixture, NOW, REPO, WRITER, startFixture } from '../../self-test/test/support.js';
import { stage } from '../src/stage.js';
import {
  PAGES,
  SUITE,
  addSelftestIssue,
  changedIssues,
  issueStates,
  pagesFiles,
  publish,
} from './ledger-fixture.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

async function run(
  f: Fixture,
  options: { token?: string; inputs?: Record<string, string>; now?: Date; fetch?: typeof fetch } = {},
) {
  const now = options.now ?? NOW;
  return runStageInProcess(stage, {
    apiUrl: f.emulator.url,
    token: options.token ?? WRITER,
    repository: REPO,
    inputs: { publish: 'none', 'selftest-retain': '0', ...options.inputs },
    deps: { now: () => now, ...(options.fetch ? { fetch: options.fetch } : {}) },
  });
}

/** Runs the cleaner in both modes (close, and delete with an admin token) on fresh copies of a repository. */
async function inBothModes(
  build: (f: Fixture) => { human: number[]; suite?: number[] },
  check: (
    f: Fixture,
    made: { human: number[]; suite?: number[] },
    result: Awaited<ReturnType<typeof run>>,
  ) => void,
  fixtureOptions: Parameters<typeof startFixture>[0] = {},
) {
  for (const mode of [{ token: WRITER }, { token: ADMIN, inputs: { delete: 'true' } }]) {
    const f = await startFixture(fixtureOptions);
    try {
      const made = build(f);
      const before = issueStates(f.emulator);
      const result = await run(f, mode);
      const after = issueStates(f.emulator);
      for (const n of made.human) expect(after.get(n), `#${n} (${mode.token})`).toBe(before.get(n));
      check(f, made, result);
    } finally {
      await f.emulator.close();
    }
  }
}

const suspectsOf = (result: Awaited<ReturnType<typeof run>>) =>
  (result.telemetry?.suspects ?? []) as { number: number; reason: string }[];
const suspectNumbers = (result: Awaited<ReturnType<typeof run>>) =>
  suspectsOf(result)
    .map((s) => s.number)
    .sort();

describe('cleaner: people’s issues that look like self-test issues are never retired', () => {
  it('a person’s recently updated, assigned bug report with codex-selftest in Codex Internal', async () => {
    await inBothModes(
      (f) => {
        const bug = f.emulator.state.addIssue(REPO, {
          title: 'Dashboard crashes on load',
          body: 'Steps to reproduce…',
          labels: ['bug', 'codex-selftest'],
          milestone: 'Codex Internal',
          user: 'octocat',
          assignees: ['octocat'],
          created_at: '2024-01-01T00:00:00Z',
          updated_at: NOW.toISOString(),
        });
        return { human: [bug.number], suite: [addSelftestIssue(f, { ageDays: 30 })] };
      },
      (f, made, result) => {
        // The suite's own old issue next to it is still retired: the proof does not stop the cleaner working.
        expect(issueStates(f.emulator).get(made.suite![0]!)).not.toBe('open:');
        expect(suspectsOf(result)).toEqual([
          { number: made.human[0], reason: expect.stringMatching(/not filed by the suite/) },
        ]);
        expect(result.summary).toMatch(/#\d+ \| looks like a self-test issue, not filed by the suite/);
        expect(result.outputs.summary).toMatch(/Left alone: 1 issue/);
      },
    );
  });

  it('label and milestone case games: Codex-SelfTest, a second milestone `codex internal`, a duplicate `Codex Internal`', async () => {
    await inBothModes(
      (f) => {
        const state = f.emulator.state;
        const lower = state.addMilestone(REPO, { title: 'codex internal' });
        const duplicate = state.addMilestone(REPO, { title: 'Codex Internal' });
        return {
          human: [
            // Each carries the suite's identity, marker and a ledger entry for the real milestone.
            addSelftestIssue(f, { ageDays: 30, labels: ['Codex-SelfTest'] }),
            addSelftestIssue(f, { ageDays: 30, milestone: lower.number, entry: { milestone: 1 } }),
            addSelftestIssue(f, { ageDays: 30, milestone: duplicate.number, entry: { milestone: 1 } }),
            // And people's issues in the lookalike milestones.
            state.addIssue(REPO, {
              title: 'x',
              labels: ['codex-selftest'],
              milestone: duplicate.number,
              user: 'octocat',
              created_at: '2020-01-01T00:00:00Z',
            }).number,
            state.addIssue(REPO, {
              title: 'y',
              labels: ['codex-selftest'],
              milestone: lower.number,
              user: 'octocat',
              created_at: '2020-01-01T00:00:00Z',
            }).number,
          ],
        };
      },
      (_f, made, result) => {
        expect(suspectNumbers(result)).toEqual([...made.human].sort());
        expect(result.telemetry?.issues_closed).toEqual([]);
        expect(result.telemetry?.issues_deleted).toEqual([]);
      },
      { labels: false },
    );
  });

  it('lookalike characters in the milestone title (Greek Iota, a zero-width space) prove nothing', async () => {
    await inBothModes(
      (f) => {
        const iota = f.emulator.state.addMilestone(REPO, { title: 'Codex \u0399nternal' });
        const zw = f.emulator.state.addMilestone(REPO, { title: 'Codex Internal\u200b' });
        // Even with ledger entries recording those very milestones.
        return {
          human: [
            addSelftestIssue(f, { ageDays: 30, milestone: iota.number }),
            addSelftestIssue(f, { ageDays: 30, milestone: zw.number }),
          ],
        };
      },
      (_f, made, result) => {
        expect(suspectNumbers(result)).toEqual([...made.human].sort());
        for (const s of suspectsOf(result))
          expect(s.reason).toMatch(/no longer titled exactly 'Codex Internal'/);
      },
    );
  });

  it('a person who copies the marker by hand, and a bot that is not the suite', async () => {
    await inBothModes(
      (f) => {
        const real = addSelftestIssue(f, { ageDays: 40 });
        const body = f.emulator.state.getIssue(REPO, real)!.body!;
        const copy = (user: string) =>
          f.emulator.state.addIssue(REPO, {
            title: 'Codex self-test 9999',
            body,
            labels: ['codex', 'codex-selftest'],
            milestone: 'Codex Internal',
            user,
            created_at: '2020-01-01T00:00:00Z',
          }).number;
        return {
          human: [copy('octocat'), copy('renovate[bot]'), copy('github-actions[bot]')],
          suite: [real],
        };
      },
      (f, made, result) => {
        expect(issueStates(f.emulator).get(made.suite![0]!)).not.toBe('open:');
        expect(suspectNumbers(result)).toEqual([...made.human].sort());
      },
    );
  });

  it('a self-test issue a person commented on, or took over, stays; one with only the suite’s comments goes', async () => {
    await inBothModes(
      (f) => {
        const commented = addSelftestIssue(f, { ageDays: 30 });
        f.emulator.state.addComment(REPO, commented, 'Why is this failing?', 'octocat');
        const botComment = addSelftestIssue(f, { ageDays: 30 });
        f.emulator.state.addComment(REPO, botComment, 'ping', 'dependabot[bot]');
        const assigned = addSelftestIssue(f, { ageDays: 30, assignees: ['octocat'] });
        const own = addSelftestIssue(f, { ageDays: 30 });
        f.emulator.state.addComment(REPO, own, 'note', SUITE);
        const relabelled = addSelftestIssue(f, { ageDays: 30, body: 'rewritten by a maintainer' });
        return { human: [commented, botComment, assigned, relabelled], suite: [own] };
      },
      (f, made, result) => {
        expect(issueStates(f.emulator).get(made.suite![0]!)).not.toBe('open:');
        const reasons = new Map(suspectsOf(result).map((s) => [s.number, s.reason]));
        expect(reasons.get(made.human[0]!)).toMatch(/commented on by octocat/);
        expect(reasons.get(made.human[1]!)).toMatch(/commented on by dependabot\[bot\]/);
        expect(reasons.get(made.human[2]!)).toMatch(/assigned/);
        expect(reasons.get(made.human[3]!)).toMatch(/marker/);
      },
    );
  });

  it('missing information removes nothing: no pages branch, or an unreadable ledger entry', async () => {
    await inBothModes(
      (f) => {
        const issues = [addSelftestIssue(f, { ageDays: 30 }), addSelftestIssue(f, { ageDays: 31 })];
        f.emulator.state.writeFiles(
          REPO,
          PAGES,
          { [`state/ledger/selftest/${issues[1]}.json`]: '{"kind":' },
          'corrupt',
        );
        f.emulator.state.repo(REPO).git.refs.delete(`refs/heads/${PAGES}`);
        return { human: issues };
      },
      (f, made, result) => {
        expect(suspectNumbers(result)).toEqual([...made.human].sort());
        expect(f.emulator.state.branch(REPO, PAGES)).toBeUndefined();
      },
      {},
    );
    // The branch is there but the entry is corrupt.
    await inBothModes(
      (f) => {
        const n = addSelftestIssue(f, { ageDays: 30 });
        f.emulator.state.writeFiles(
          REPO,
          PAGES,
          { [`state/ledger/selftest/${n}.json`]: 'not json' },
          'corrupt',
        );
        return { human: [n] };
      },
      (_f, made, result) => expect(suspectsOf(result).map((s) => s.number)).toEqual(made.human),
    );
  });

  it('a pages branch deleted mid-run: nothing human touched, the branch is not recreated', async () => {
    fixture = await startFixture();
    const suite = addSelftestIssue(fixture, { ageDays: 30 });
    const human = fixture.emulator.state.addIssue(REPO, {
      title: 'bug',
      labels: ['codex-selftest'],
      milestone: 'Codex Internal',
      user: 'octocat',
      created_at: '2020-01-01T00:00:00Z',
    }).number;
    publish(fixture, 'telemetry/sync-1.json', 90);
    publish(fixture, 'telemetry/sync-2.json', 1);
    const em = fixture.emulator;
    let deleted = false;
    const racing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      // Right after the ledger is listed, a maintainer deletes the branch.
      if (!deleted && String(input instanceof Request ? input.url : input).includes('/git/trees/')) {
        em.state.repo(REPO).git.refs.delete(`refs/heads/${PAGES}`);
        deleted = true;
      }
      return response;
    };
    const before = issueStates(em);
    const result = await run(fixture, { fetch: racing });
    expect(deleted).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(issueStates(em).get(human)).toBe(before.get(human));
    expect(changedIssues(before, issueStates(em))).toEqual([suite]);
    expect(em.state.branch(REPO, PAGES)).toBeUndefined();
  });

  it('a future-dated self-test issue counts as created now, is reported, and ages from when it was first seen', async () => {
    fixture = await startFixture();
    const future = addSelftestIssue(fixture, { ageDays: -365 });
    const first = await run(fixture, { inputs: { 'selftest-retain': '1' } });
    expect(first.telemetry?.future_dated).toEqual([`#${future}`]);
    expect(first.telemetry?.retained).toEqual([future]);
    expect(first.logs.some((l) => l.level === 'warning' && /dated in the future/.test(l.message))).toBe(true);
    const entry = JSON.parse(
      fixture.emulator.state.readFile(REPO, PAGES, `state/ledger/selftest/${future}.json`)!,
    );
    expect(entry.clamped_at).toBe(NOW.toISOString());
    // Ten days on, a newer self-test issue takes the retention slot and the future-dated one is retired.
    const later = new Date(NOW.getTime() + 10 * DAY);
    const newer = addSelftestIssue(fixture, { ageDays: -9 });
    const second = await run(fixture, { inputs: { 'selftest-retain': '1' }, now: later });
    expect(second.telemetry?.retained).toEqual([newer]);
    expect(second.telemetry?.issues_closed).toEqual([future]);
  });
});

describe('cleaner: telemetry files the suite did not publish are never pruned', () => {
  it('a person’s backup, a corrupt file, an unrecorded re-run file, a rewritten file: all stay and are reported', async () => {
    fixture = await startFixture({ pages: false });
    const em = fixture.emulator;
    const old = JSON.stringify({ component: 'sync', finished_at: '2020-01-01T00:00:00Z' });
    em.state.writeFiles(
      REPO,
      PAGES,
      {
        'telemetry/backup-1.json': old,
        'telemetry/sync-5.json': '{ corrupt',
        'telemetry/sync-102-2.json': old,
        'telemetry/notes.md': 'hello',
        'README.md': 'mine',
      },
      'a person’s files',
    );
    publish(fixture, 'telemetry/sync-100.json', 90);
    publish(fixture, 'telemetry/sync-101.json', 80);
    publish(fixture, 'telemetry/sync-200.json', 1);
    // A maintainer rewrites a file the suite published.
    em.state.writeFiles(REPO, PAGES, { 'telemetry/sync-101.json': '{"edited":true}' }, 'fix by hand');
    const before = pagesFiles(em);
    const result = await run(fixture);
    const after = pagesFiles(em);
    expect(result.telemetry?.telemetry_pruned).toEqual(['telemetry/sync-100.json']);
    const removed = [...before.keys()].filter((p) => !after.has(p));
    expect(removed.filter((p) => !p.startsWith('state/ledger/'))).toEqual(['telemetry/sync-100.json']);
    for (const p of [
      'telemetry/backup-1.json',
      'telemetry/sync-5.json',
      'telemetry/sync-102-2.json',
      'README.md',
    ])
      expect(after.get(p)).toBe(before.get(p));
    expect(after.get('telemetry/sync-101.json')).toBe('{"edited":true}');
    expect(result.telemetry?.telemetry_unproven).toEqual([
      { path: 'telemetry/backup-1.json', reason: 'not published by the suite (no ledger entry)' },
      { path: 'telemetry/sync-101.json', reason: 'changed since the suite published it' },
      { path: 'telemetry/sync-102-2.json', reason: 'not published by the suite (no ledger entry)' },
      { path: 'telemetry/sync-5.json', reason: 'not published by the suite (no ledger entry)' },
    ]);
    expect(result.summary).toMatch(/telemetry\/backup-1\.json \| not published by the suite/);
  });

  it('a file a person rewrites between the listing and the commit is not pruned (the plan is made again on the head)', async () => {
    fixture = await startFixture({ pages: false });
    const em = fixture.emulator;
    publish(fixture, 'telemetry/sync-1.json', 90);
    publish(fixture, 'telemetry/sync-2.json', 80);
    publish(fixture, 'telemetry/sync-3.json', 1);
    let rewritten = false;
    const racing: typeof fetch = async (input, init) => {
      // The commit starts by asking GitHub for the head: a maintainer edits a file just before.
      if (!rewritten && String(input instanceof Request ? input.url : input).endsWith('/graphql')) {
        em.state.writeFiles(REPO, PAGES, { 'telemetry/sync-1.json': '{"kept by hand":true}' }, 'edit');
        rewritten = true;
      }
      return fetch(input, init);
    };
    const result = await run(fixture, { fetch: racing });
    expect(rewritten).toBe(true);
    expect(em.state.readFile(REPO, PAGES, 'telemetry/sync-1.json')).toBe('{"kept by hand":true}');
    expect(em.state.readFile(REPO, PAGES, 'telemetry/sync-2.json')).toBeUndefined();
    expect(result.telemetry?.telemetry_pruned).toEqual(['telemetry/sync-2.json']);
  });

  it('a pages branch from before the ledger: nothing pruned, every file reported', async () => {
    fixture = await startFixture({ pages: false });
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i += 1)
      files[`telemetry/sync-${i}.json`] = '{"finished_at":"2020-01-01T00:00:00Z"}';
    fixture.emulator.state.writeFiles(REPO, PAGES, files, 'old suite');
    fixture.emulator.resetLog();
    const result = await run(fixture);
    expect(fixture.emulator.state.listFiles(REPO, PAGES, 'telemetry/')).toHaveLength(60);
    expect(fixture.emulator.log.filter((e) => e.write)).toEqual([]);
    expect(result.telemetry?.telemetry_unproven_count).toBe(60);
    expect(result.telemetry?.telemetry_unproven).toHaveLength(50);
    expect(result.summary).toMatch(/and 10 more file/);
  });

  it('the newest local- file is never pruned; a future-dated file is re-recorded and pruned once it has aged', async () => {
    fixture = await startFixture({ pages: false });
    publish(fixture, 'telemetry/sync-local-1600000000000.json', 400);
    publish(fixture, 'telemetry/sync-local-1500000000000.json', 500);
    publish(fixture, 'telemetry/activity-7.json', -800); // a runner with its clock two years ahead
    publish(fixture, 'telemetry/activity-6.json', 40);
    const first = await run(fixture);
    expect(first.telemetry?.telemetry_pruned).toEqual([
      'telemetry/activity-6.json',
      'telemetry/sync-local-1500000000000.json',
    ]);
    expect(first.telemetry?.future_dated).toEqual(['telemetry/activity-7.json']);
    const entries = fixture.emulator.state.listFiles(REPO, PAGES, 'state/ledger/telemetry/activity-7.');
    expect(entries).toEqual([expect.stringContaining(`.${NOW.getTime()}.`)]);
    // 40 days on, with a newer activity file, it is pruned like any other.
    const later = new Date(NOW.getTime() + 40 * DAY);
    publish(fixture, 'telemetry/activity-8.json', -39);
    const second = await run(fixture, { now: later });
    expect(second.telemetry?.telemetry_pruned).toEqual(['telemetry/activity-7.json']);
    expect(fixture.emulator.state.listFiles(REPO, PAGES, 'telemetry/')).toEqual([
      'telemetry/activity-8.json',
      'telemetry/sync-local-1600000000000.json',
    ]);
  });
});

// ---- property: over generated repositories and pages branches ---------------------------------

const issueArb = fc.record({
  age: fc.integer({ min: -20, max: 60 }),
  author: fc.constantFrom(SUITE, SUITE, SUITE, 'octocat', 'other-bot[bot]'),
  recorded: fc.constantFrom(true, true, false),
  labels: fc.constantFrom(
    ['codex', 'codex-selftest'],
    ['codex-selftest'],
    ['codex-selftest', 'bug'],
    ['bug'],
  ),
  milestone: fc.constantFrom('real', 'real', 'real', 'duplicate', 'lower', 'lookalike', 'none'),
  marker: fc.constantFrom('own', 'own', 'copied', 'none'),
  comment: fc.constantFrom<string | null>(null, null, null, SUITE, 'octocat'),
  assigned: fc.constantFrom(false, false, false, true),
});
const fileArb = fc.record({
  name: fc.constantFrom('sync', 'activity', 'backup', 'self-test'),
  key: fc.oneof(
    fc.integer({ min: 1, max: 500 }).map(String),
    fc.integer({ min: 1, max: 500 }).map((n) => `${n}-2`),
  ),
  age: fc.integer({ min: -30, max: 120 }),
  kind: fc.constantFrom('published', 'published', 'human', 'corrupt', 'rewritten'),
});

describe('cleaner (property over generated repositories)', () => {
  it('whatever the mix of people’s and the suite’s items, the cleaner removes only what the suite made', async () => {
    let removedIssues = 0;
    let removedFiles = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(issueArb, { maxLength: 12 }),
        fc.array(fileArb, { maxLength: 14 }),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (issues, files, retain, admin) => {
          const f = await startFixture({ pages: false });
          try {
            const state = f.emulator.state;
            const duplicate = state.addMilestone(REPO, { title: 'Codex Internal' }).number;
            const lower = state.addMilestone(REPO, { title: 'codex internal' }).number;
            const lookalike = state.addMilestone(REPO, { title: 'Codex Internа1' }).number;
            const milestoneOf = { real: 1, duplicate, lower, lookalike, none: null } as const;
            const suiteMade = new Set<number>();
            for (const i of issues) {
              const number = addSelftestIssue(f, {
                ageDays: i.age,
                user: i.author,
                ledger: i.recorded && i.author === SUITE,
                labels: i.labels,
                milestone: milestoneOf[i.milestone as keyof typeof milestoneOf],
                entry: { milestone: 1 },
                ...(i.marker === 'copied'
                  ? { body: runMarker('1') }
                  : i.marker === 'none'
                    ? { body: 'hi' }
                    : {}),
                assignees: i.assigned ? ['octocat'] : [],
              });
              if (i.comment) state.addComment(REPO, number, 'c', i.comment);
              const proven =
                i.recorded &&
                i.author === SUITE &&
                i.labels.includes('codex-selftest') &&
                i.milestone === 'real' &&
                i.marker === 'own' &&
                !i.assigned &&
                i.comment !== 'octocat';
              if (proven) suiteMade.add(number);
            }
            const suiteFiles = new Set<string>();
            for (const file of files) {
              const path = `telemetry/${file.name}-${file.key}.json`;
              if (file.kind === 'human') state.writeFiles(REPO, PAGES, { [path]: '{"mine":1}' }, 'a person');
              else if (file.kind === 'corrupt') state.writeFiles(REPO, PAGES, { [path]: '{' }, 'a person');
              else {
                publish(f, path, file.age);
                if (file.kind === 'rewritten')
                  state.writeFiles(REPO, PAGES, { [path]: '{"edited":1}' }, 'edit');
              }
            }
            // What the suite made, as it stands on the branch (a later person's write wins).
            for (const file of files) {
              const path = `telemetry/${file.name}-${file.key}.json`;
              const last = files.filter((g) => `telemetry/${g.name}-${g.key}.json` === path).at(-1)!;
              if (last.kind === 'published') suiteFiles.add(path);
            }
            const issuesBefore = issueStates(f.emulator);
            const filesBefore = pagesFiles(f.emulator);
            const result = await run(f, {
              token: admin ? ADMIN : WRITER,
              inputs: { 'selftest-retain': String(retain), delete: 'true' },
            });
            expect(result.exitCode).toBe(0);
            for (const n of changedIssues(issuesBefore, issueStates(f.emulator))) {
              expect(suiteMade.has(n), `#${n}`).toBe(true);
              removedIssues += 1;
            }
            const filesAfter = pagesFiles(f.emulator);
            for (const [path, text] of filesBefore) {
              if (filesAfter.get(path) === text) continue;
              if (path.startsWith('state/ledger/')) continue; // the suite's own records
              expect(suiteFiles.has(path), path).toBe(true);
              expect(filesAfter.has(path)).toBe(false);
              removedFiles += 1;
            }
          } finally {
            await f.emulator.close();
          }
        },
      ),
      { numRuns: 20, seed: 20261130 },
    );
    // The generator really exercised removals, so the subset check had something to check.
    expect(removedIssues).toBeGreaterThan(0);
    expect(removedFiles).toBeGreaterThan(0);
  });
});
