import fc from 'fast-check';
import { runMarker, type SelftestEntry } from '@codex-suite/core/ledger/selftest-entry';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';
import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionSnapshot } from '../src/retention.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const SUITE = 'codex-bot';
const REPOSITORY = 'octo-org/widgets';
const INTERNAL = { number: 1, title: 'Codex Internal' };

function entryOf(number: number, extra: Partial<SelftestEntry> = {}): SelftestEntry {
  return {
    kind: 'selftest-issue',
    repository: REPOSITORY,
    number,
    author: SUITE,
    milestone: 1,
    run_id: `r${number}`,
    recorded_at: NOW.toISOString(),
    ...extra,
  };
}

function issue(number: number, ageDays: number, extra: Partial<ListedIssue> = {}): ListedIssue {
  return {
    number,
    title: `t${number}`,
    state: 'open',
    body: `${runMarker(`r${number}`)}\nMade by the Codex self-test.`,
    user: { login: SUITE },
    comments: 0,
    assignees: [],
    created_at: new Date(NOW.getTime() - ageDays * DAY).toISOString(),
    labels: [{ name: 'codex' }, { name: 'codex-selftest' }],
    milestone: INTERNAL,
    ...extra,
  };
}

/** A snapshot where every issue has its ledger entry unless listed in `unrecorded`. */
function snapshot(
  issues: ListedIssue[],
  extra: { unrecorded?: number[]; entries?: [number, SelftestEntry][]; comments?: [number, string[]][] } = {},
): RetentionSnapshot {
  const ledger = new Map(
    issues.filter((i) => !extra.unrecorded?.includes(i.number)).map((i) => [i.number, entryOf(i.number)]),
  );
  for (const [n, e] of extra.entries ?? []) ledger.set(n, e);
  return { issues, ledger, commentAuthors: new Map(extra.comments ?? []) };
}

const settings = { milestone: 'Codex Internal', repository: REPOSITORY, retain: 3, maxAgeDays: 7, now: NOW };
const numbers = (list: readonly { issue: ListedIssue }[]) => list.map((r) => r.issue.number);

describe('planRetention', () => {
  it('keeps the newest RETAIN and retires the older proven ones past the max age, oldest first', () => {
    const issues = [30, 20, 10, 8, 3, 2, 1].map((age, i) => issue(i + 1, age));
    const plan = planRetention(snapshot(issues), settings);
    expect(plan.retained).toEqual([7, 6, 5]);
    expect(numbers(plan.retire)).toEqual([1, 2, 3, 4]);
    expect(plan.suspects).toEqual([]);
  });

  it('retires nothing with exactly RETAIN issues, or when every issue is younger than the max age', () => {
    expect(planRetention(snapshot([issue(1, 90), issue(2, 80), issue(3, 70)]), settings).retire).toEqual([]);
    const young = planRetention(snapshot([1, 2, 3, 4, 5, 6].map((n) => issue(n, 6))), settings);
    expect(young.retire).toEqual([]);
    expect(young.young).toEqual([3, 2, 1]);
  });

  it('does nothing with no issues', () => {
    expect(planRetention(snapshot([]), settings)).toEqual({
      retire: [],
      retained: [],
      young: [],
      ignored: [],
      suspects: [],
      futureDated: [],
      clamp: [],
    });
  });

  it('orders by created_at, then number, when times are equal', () => {
    const plan = planRetention(snapshot([issue(5, 10), issue(9, 10), issue(7, 10), issue(1, 10)]), {
      ...settings,
      retain: 2,
    });
    expect(plan.retained).toEqual([9, 7]);
    expect(numbers(plan.retire)).toEqual([1, 5]);
  });

  it('leaves alone, with the reason, every issue that fails a part of the proof', () => {
    const cases: [ListedIssue, string | RegExp][] = [
      [issue(1, 30), /not filed by the suite \(the ledger has no record of it\)/],
      [issue(2, 30, { user: { login: 'octocat' } }), /not filed by the suite \(author octocat/],
      [issue(3, 30, { user: { login: 'dependabot[bot]' } }), /not filed by the suite/],
      [issue(4, 30, { user: null }), /author unknown/],
      [issue(5, 30, { labels: [{ name: 'Codex-SelfTest' }] }), /label codex-selftest exactly/],
      [issue(6, 30, { milestone: { number: 2, title: 'Codex Internal' } }), /not in the milestone .* \(#1\)/],
      [issue(7, 30, { milestone: { number: 1, title: 'codex internal' } }), /no longer titled exactly/],
      [issue(8, 30, { milestone: { number: 1, title: 'Codex Ιnternal' } }), /no longer titled exactly/],
      [issue(9, 30, { milestone: null }), /not in the milestone/],
      [issue(10, 30, { body: 'my own bug report' }), /marker/],
      [issue(11, 30, { body: runMarker('r999') }), /marker for run r11/],
      [issue(12, 30, { assignees: [{ login: 'octocat' }] }), /assigned/],
      [issue(13, 30, { comments: 2 }), /comments could not be read/],
      [issue(14, 30, { comments: 2 }), /commented on by octocat/],
      [issue(15, 30), /not about this issue/],
      [issue(16, 30), /not about this issue/],
      [issue(17, 30, { comments: undefined }), /comments could not be read/],
    ];
    const plan = planRetention(
      snapshot(
        cases.map(([i]) => i),
        {
          unrecorded: [1],
          entries: [
            [15, entryOf(15, { number: 99 })],
            [16, entryOf(16, { repository: 'other/repo' })],
          ],
          comments: [[14, [SUITE, 'octocat']]],
        },
      ),
      { ...settings, retain: 0 },
    );
    expect(plan.retire).toEqual([]);
    expect(plan.suspects.map((s) => s.number)).toEqual(cases.map(([i]) => i.number));
    for (const [i, reason] of cases)
      expect(plan.suspects.find((s) => s.number === i.number)?.reason).toMatch(reason);
  });

  it('retires strictly older than the max age: exactly MAX_AGE_DAYS old is young, one millisecond more is retired', () => {
    const edge = issue(1, 7);
    const past = issue(2, 7, { created_at: new Date(NOW.getTime() - 7 * DAY - 1).toISOString() });
    const plan = planRetention(snapshot([edge, past]), { ...settings, retain: 0 });
    expect(numbers(plan.retire)).toEqual([2]);
    expect(plan.young).toEqual([1]);
    const allOld = planRetention(snapshot([issue(1, 30), issue(2, 20)]), { ...settings, retain: 0 });
    expect(allOld.young).toEqual([]);
  });

  it('counts an issue created exactly now as now, not as future-dated', () => {
    const plan = planRetention(snapshot([issue(1, 0)]), settings);
    expect(plan.retained).toEqual([1]);
    expect(plan.futureDated).toEqual([]);
    expect(plan.clamp).toEqual([]);
  });

  it('plans an issue listed twice (a page boundary that moved) once', () => {
    const plan = planRetention(snapshot([issue(1, 30), issue(2, 20), issue(1, 30)]), {
      ...settings,
      retain: 0,
    });
    expect(numbers(plan.retire)).toEqual([1, 2]);
  });

  it('takes an issue listed without a state as open (the list asks for open issues only)', () => {
    const plan = planRetention(snapshot([issue(1, 30, { state: undefined })]), { ...settings, retain: 0 });
    expect(numbers(plan.retire)).toEqual([1]);
    expect(plan.ignored).toEqual([]);
  });

  it('names every person who commented, once each', () => {
    const plan = planRetention(
      snapshot([issue(1, 30, { comments: 4 })], { comments: [[1, ['octocat', SUITE, 'hubot', 'octocat']]] }),
      { ...settings, retain: 0 },
    );
    expect(plan.suspects).toEqual([{ number: 1, reason: 'commented on by octocat, hubot' }]);
  });

  it('retires an issue whose only comments are the suite’s own', () => {
    const plan = planRetention(snapshot([issue(1, 30, { comments: 1 })], { comments: [[1, [SUITE]]] }), {
      ...settings,
      retain: 0,
    });
    expect(numbers(plan.retire)).toEqual([1]);
  });

  it('ignores pull requests, closed issues and issues without a valid date (not self-test issues)', () => {
    const plan = planRetention(
      snapshot([
        issue(1, 30, { pull_request: { url: 'x' } }),
        issue(2, 30, { state: 'closed' }),
        issue(3, 30, { created_at: 'yesterday' }),
      ]),
      { ...settings, retain: 0 },
    );
    expect(plan.retire).toEqual([]);
    expect(plan.ignored.map((i) => i.number)).toEqual([1, 2, 3]);
  });

  it('a future-dated issue counts as created now, is reported and its first sighting recorded', () => {
    const future = issue(9, -400);
    const plan = planRetention(snapshot([issue(1, 30), issue(2, 20), future]), { ...settings, retain: 1 });
    expect(plan.futureDated).toEqual([9]);
    expect(plan.retained).toEqual([9]);
    expect(plan.clamp).toEqual([{ ...entryOf(9), clamped_at: NOW.toISOString() }]);
    // Once recorded, it ages from that moment: 10 days later it no longer holds the slot.
    const later = new Date(NOW.getTime() + 10 * DAY);
    const recorded = snapshot([issue(1, 30), issue(2, 20), future], {
      entries: [[9, { ...entryOf(9), clamped_at: NOW.toISOString() }]],
    });
    const next = planRetention(recorded, { ...settings, retain: 0, now: later });
    expect(numbers(next.retire)).toEqual([1, 2, 9]);
    expect(next.clamp).toEqual([]);
  });
});

// ---- property: only what the ledger proves the suite made is ever retired ----------------

const randomIssue = fc.record({
  number: fc.integer({ min: 1, max: 400 }),
  ageMs: fc.integer({ min: -30 * DAY, max: 60 * DAY }),
  user: fc.constantFrom(SUITE, SUITE, 'octocat', 'other-bot[bot]', 'Codex-Bot'),
  labels: fc.subarray(['codex', 'codex-selftest', 'Codex-SelfTest', 'CODEX-SELFTEST', 'bug']),
  milestone: fc.constantFrom<unknown>(
    INTERNAL,
    INTERNAL,
    { number: 2, title: 'Codex Internal' },
    { number: 1, title: 'codex internal' },
    { number: 3, title: 'Codex Internal\u200b' },
    null,
  ),
  marker: fc.constantFrom('own', 'own', 'other', 'none'),
  recorded: fc.constantFrom(true, true, false),
  comments: fc.constantFrom<string[]>([], [], [SUITE], ['octocat']),
  assigned: fc.constantFrom(false, false, true),
  pr: fc.constantFrom(false, false, true),
  state: fc.constantFrom('open', 'open', 'closed'),
});

describe('planRetention (property)', () => {
  it('retires only open issues with every part of the proof, never a person’s, never the newest RETAIN', () => {
    fc.assert(
      fc.property(
        fc.array(randomIssue, { maxLength: 50 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 40 }),
        (raw, retain, maxAgeDays) => {
          const issues: ListedIssue[] = raw.map((r) => ({
            number: r.number,
            title: `#${r.number}`,
            state: r.state,
            user: { login: r.user },
            body:
              r.marker === 'own' ? runMarker(`r${r.number}`) : r.marker === 'other' ? runMarker('x') : 'hi',
            created_at: new Date(NOW.getTime() - r.ageMs).toISOString(),
            labels: r.labels.map((name) => ({ name })),
            milestone: r.milestone,
            comments: r.comments.length,
            assignees: r.assigned ? [{ login: 'octocat' }] : [],
            ...(r.pr ? { pull_request: { url: 'u' } } : {}),
          }));
          const firstSeen = new Map<number, (typeof raw)[number]>();
          for (const r of raw) if (!firstSeen.has(r.number)) firstSeen.set(r.number, r);
          const recorded = [...firstSeen.values()].filter((r) => r.recorded).map((r) => r.number);
          const plan = planRetention(
            {
              issues,
              ledger: new Map(recorded.map((n) => [n, entryOf(n)])),
              commentAuthors: new Map([...firstSeen.values()].map((r) => [r.number, r.comments])),
            },
            { ...settings, retain, maxAgeDays },
          );
          // The proof, written independently of the implementation.
          const proven = (r: (typeof raw)[number]) =>
            r.recorded &&
            !r.pr &&
            r.state === 'open' &&
            r.user === SUITE &&
            r.labels.includes('codex-selftest') &&
            r.milestone === INTERNAL &&
            r.marker === 'own' &&
            !r.assigned &&
            r.comments.every((c) => c === SUITE);
          const cutoff = NOW.getTime() - maxAgeDays * DAY;
          const retired = new Set(numbers(plan.retire));
          expect(retired.size).toBe(plan.retire.length);
          for (const n of retired) {
            const r = firstSeen.get(n)!;
            expect(proven(r)).toBe(true);
            expect(Math.min(NOW.getTime(), NOW.getTime() - r.ageMs)).toBeLessThan(cutoff);
          }
          const newest = [...firstSeen.values()]
            .filter(proven)
            .map((r) => ({ n: r.number, at: Math.min(NOW.getTime(), NOW.getTime() - r.ageMs) }))
            .sort((a, b) => b.at - a.at || b.n - a.n)
            .slice(0, retain);
          for (const { n } of newest) expect(retired.has(n)).toBe(false);
          // Everything that looks like the suite's but is not proven is reported.
          for (const r of firstSeen.values())
            if (!proven(r) && !r.pr && r.state === 'open')
              expect(plan.suspects.some((s) => s.number === r.number)).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
