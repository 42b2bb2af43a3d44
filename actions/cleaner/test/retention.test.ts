import fc from 'fast-check';
import type { ListedIssue } from '@codex-suite/core/repo-lookups';
import { describe, expect, it } from 'vitest';
import { planRetention, whyNotEligible } from '../src/retention.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;

function issue(number: number, ageDays: number, extra: Partial<ListedIssue> = {}): ListedIssue {
  return {
    number,
    title: `t${number}`,
    state: 'open',
    created_at: new Date(NOW.getTime() - ageDays * DAY).toISOString(),
    labels: [{ name: 'codex' }, { name: 'codex-selftest' }],
    milestone: { title: 'Codex Internal', number: 1 },
    ...extra,
  };
}

const settings = { milestone: 'Codex Internal', retain: 3, maxAgeDays: 7, now: NOW };

describe('planRetention', () => {
  it('keeps the newest RETAIN and retires the older ones past the max age, oldest first', () => {
    const issues = [
      issue(1, 30),
      issue(2, 20),
      issue(3, 10),
      issue(4, 8),
      issue(5, 3),
      issue(6, 2),
      issue(7, 1),
    ];
    const plan = planRetention(issues, settings);
    expect(plan.retained).toEqual([7, 6, 5]);
    expect(plan.retire.map((i) => i.number)).toEqual([1, 2, 3, 4]);
  });

  it('retires nothing when there are exactly RETAIN issues, however old', () => {
    const plan = planRetention([issue(1, 90), issue(2, 80), issue(3, 70)], settings);
    expect(plan.retire).toEqual([]);
    expect(plan.retained).toEqual([3, 2, 1]);
  });

  it('retires nothing when every issue is younger than the max age', () => {
    const plan = planRetention(
      [1, 2, 3, 4, 5, 6].map((n) => issue(n, 6)),
      settings,
    );
    expect(plan.retire).toEqual([]);
    expect(plan.young).toEqual([3, 2, 1]);
  });

  it('does nothing with no issues', () => {
    expect(planRetention([], settings)).toEqual({ retire: [], retained: [], young: [], ignored: [] });
  });

  it('orders by created_at, then number, when times are equal', () => {
    const plan = planRetention([issue(5, 10), issue(9, 10), issue(7, 10), issue(1, 10)], {
      ...settings,
      retain: 2,
    });
    expect(plan.retained).toEqual([9, 7]);
    expect(plan.retire.map((i) => i.number)).toEqual([1, 5]);
  });

  it('ignores pull requests, other milestones, issues without the label, closed ones', () => {
    const ignored = [
      issue(1, 30, { pull_request: { url: 'x' } }),
      issue(2, 30, { milestone: { title: 'Sprint 1' } }),
      issue(3, 30, { milestone: null }),
      issue(4, 30, { labels: [{ name: 'codex' }] }),
      issue(5, 30, { state: 'closed' }),
      issue(6, 30, { labels: undefined }),
    ];
    const plan = planRetention(ignored, { ...settings, retain: 0 });
    expect(plan.retire).toEqual([]);
    expect(plan.ignored.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('compares the label and the milestone case-insensitively', () => {
    const odd = issue(1, 30, { labels: ['CODEX-SelfTest'], milestone: { title: 'codex internal' } });
    expect(whyNotEligible(odd, 'Codex Internal')).toBeUndefined();
  });
});

// ---- property: nothing outside the rule is ever selected ----------------------------

const labelSets = fc.subarray([
  'codex',
  'codex-selftest',
  'CODEX-SELFTEST',
  'Codex-Selftest',
  'bug',
  'codex-trackmain',
]);
const milestones = fc.constantFrom<unknown>(
  { title: 'Codex Internal' },
  { title: 'codex internal' },
  { title: 'Sprint 1' },
  { title: 'Codex Internal 2' },
  null,
  undefined,
  { title: 42 },
);
const randomIssue = fc.record({
  number: fc.integer({ min: 1, max: 400 }),
  ageMs: fc.integer({ min: -DAY, max: 60 * DAY }),
  labels: fc.oneof(
    labelSets.map((names) => names.map((name) => ({ name }))),
    labelSets,
    fc.constant(undefined),
  ),
  milestone: milestones,
  pr: fc.boolean(),
  state: fc.constantFrom('open', 'open', 'open', 'closed'),
});

describe('planRetention (property)', () => {
  it('selects only open non-PR issues with codex-selftest in the self-test milestone, older than the max age, beyond the newest RETAIN', () => {
    fc.assert(
      fc.property(
        fc.array(randomIssue, { maxLength: 60 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('Codex Internal', 'codex internal', 'Sprint 1'),
        (raw, retain, maxAgeDays, milestone) => {
          const issues: ListedIssue[] = raw.map((r) => ({
            number: r.number,
            title: `#${r.number}`,
            state: r.state,
            created_at: new Date(NOW.getTime() - r.ageMs).toISOString(),
            labels: r.labels,
            milestone: r.milestone,
            ...(r.pr ? { pull_request: { url: 'u' } } : {}),
          }));
          const plan = planRetention(issues, { milestone, retain, maxAgeDays, now: NOW });
          const cutoff = NOW.getTime() - maxAgeDays * DAY;
          const retiredNumbers = new Set(plan.retire.map((i) => i.number));
          // The rule, written independently of the implementation.
          const eligible = (i: ListedIssue) =>
            i.pull_request === undefined &&
            i.state === 'open' &&
            Array.isArray(i.labels) &&
            i.labels.some(
              (l) =>
                String(typeof l === 'string' ? l : (l as { name: string }).name).toLowerCase() ===
                'codex-selftest',
            ) &&
            typeof (i.milestone as { title?: unknown } | null)?.title === 'string' &&
            (i.milestone as { title: string }).title.toLowerCase() === milestone.toLowerCase();
          for (const r of plan.retire) {
            expect(eligible(r)).toBe(true);
            expect(Date.parse(r.created_at)).toBeLessThan(cutoff);
            expect(plan.retained).not.toContain(r.number);
          }
          // The newest RETAIN eligible issues are never retired.
          const firstSeen = new Map<number, ListedIssue>();
          for (const i of issues) if (!firstSeen.has(i.number)) firstSeen.set(i.number, i);
          const newest = [...firstSeen.values()]
            .filter(eligible)
            .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.number - a.number)
            .slice(0, retain);
          for (const i of newest) expect(retiredNumbers.has(i.number)).toBe(false);
          // Nothing is retired twice.
          expect(retiredNumbers.size).toBe(plan.retire.length);
        },
      ),
      { numRuns: 400 },
    );
  });
});
