import { describe, expect, it } from 'vitest';
import { type TrackFigures, trackVerdict, worstVerdict } from '../src/verdict.js';
import { DEFAULT_VERDICT_THRESHOLDS as T } from './thresholds.js';

const base: TrackFigures = { open: 20, idle: 0, escalated: 0, drifted: 0, staleDays: 14, escalationDays: 30 };
const verdictOf = (f: Partial<TrackFigures>, t = T) => trackVerdict({ ...base, ...f }, t);

describe('trackVerdict at every threshold edge (defaults: stale 25%/50%, escalated 1/3, drift 1/10)', () => {
  it.each([
    // stale share of 20 open issues: 4 = 20%, 5 = 25%, 9 = 45%, 10 = 50%
    [{ idle: 4 }, 'green'],
    [{ idle: 5 }, 'yellow'],
    [{ idle: 9 }, 'yellow'],
    [{ idle: 10 }, 'red'],
    // shares that are not whole percentages: 1 of 4 = 25% exactly, 1 of 3 = 33.3%, 1 of 5 = 20%
    [{ open: 4, idle: 1 }, 'yellow'],
    [{ open: 5, idle: 1 }, 'green'],
    [{ open: 2, idle: 1 }, 'red'],
    [{ open: 3, idle: 1 }, 'yellow'],
    // escalated: 0 / 1 / 2 / 3 (escalated issues are idle too; keep the share low)
    [{ open: 100, idle: 1, escalated: 1 }, 'yellow'],
    [{ open: 100, idle: 2, escalated: 2 }, 'yellow'],
    [{ open: 100, idle: 3, escalated: 3 }, 'red'],
    // drift: 0 / 1 / 9 / 10
    [{ drifted: 1 }, 'yellow'],
    [{ drifted: 9 }, 'yellow'],
    [{ drifted: 10 }, 'red'],
    [{}, 'green'],
  ] as const)('%j → %s', (figures, verdict) => {
    expect(verdictOf(figures).verdict).toBe(verdict);
  });

  it('is green for a track without open issues', () => {
    expect(verdictOf({ open: 0 })).toEqual({ verdict: 'green', reasons: ['no open issues'] });
  });

  it('a threshold of 0 turns its rule off', () => {
    const off = {
      ...T,
      yellowStalePercent: 0,
      redStalePercent: 0,
      yellowEscalatedCount: 0,
      redEscalatedCount: 0,
      yellowDriftCount: 0,
      redDriftCount: 0,
    };
    expect(verdictOf({ idle: 20, escalated: 20, drifted: 20 }, off).verdict).toBe('green');
    expect(verdictOf({ idle: 20 }, { ...T, redStalePercent: 0 }).verdict).toBe('yellow');
  });
});

describe('reasons', () => {
  it('explain every rule that fired, red first, with the figures and the threshold', () => {
    const { verdict, reasons } = verdictOf({
      idle: 6,
      escalated: 3,
      drifted: 2,
      driftDetail: '2 without the codex label',
    });
    expect(verdict).toBe('red');
    expect(reasons).toEqual([
      '3 issues are escalated: no human activity for 30+ days (red at 3)',
      '6 of 20 open issues (30%) have had no human activity for 14+ days (yellow at 25%)',
      '2 issues have drift left (2 without the codex label); yellow at 1',
    ]);
  });
  it('name the one rule of a yellow verdict in the singular', () => {
    expect(verdictOf({ open: 100, idle: 1, escalated: 1 }).reasons).toEqual([
      '1 issue is escalated: no human activity for 30+ days (yellow at 1)',
    ]);
    expect(verdictOf({ drifted: 1 }).reasons).toEqual(['1 issue has drift left; yellow at 1']);
  });
  it('name a red drift rule with its level, and one open issue in the singular when green', () => {
    expect(verdictOf({ drifted: 10 }).reasons).toEqual(['10 issues have drift left; red at 10']);
    expect(verdictOf({ open: 1 }).reasons).toEqual([
      '1 open issue: 0 stale (0%), 0 escalated, 0 with drift; no threshold reached',
    ]);
  });
  it('say what was checked when green', () => {
    expect(verdictOf({ idle: 1 }).reasons).toEqual([
      '20 open issues: 1 stale (5%), 0 escalated, 0 with drift; no threshold reached',
    ]);
  });
});

describe('worstVerdict', () => {
  it('takes the worst', () => {
    expect(worstVerdict([])).toBe('green');
    expect(worstVerdict(['green', 'yellow'])).toBe('yellow');
    expect(worstVerdict(['red', 'yellow', 'green'])).toBe('red');
  });
});
