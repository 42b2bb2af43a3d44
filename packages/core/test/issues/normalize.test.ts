import { normalizeIssue } from '@codex-suite/core/issues/normalize';
import { describe, expect, it } from 'vitest';

const wellFormed = {
  id: 501,
  node_id: 'I_kwDO501',
  number: 7,
  title: 'Dashboard: chart legend',
  state: 'open',
  labels: [{ id: 1, name: 'bug' }, 'codex'],
  milestone: { number: 2, title: 'Dashboard v2', state: 'open' },
  assignees: [{ login: 'octocat' }, { nope: true }],
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-02T00:00:00Z',
  html_url: 'https://github.com/o/r/issues/7',
};

describe('normalizeIssue', () => {
  it('keeps what the suite uses from a well-formed REST issue', () => {
    expect(normalizeIssue(wellFormed)).toEqual({
      number: 7,
      id: 501,
      node_id: 'I_kwDO501',
      title: 'Dashboard: chart legend',
      state: 'open',
      labels: ['bug', 'codex'],
      milestone: { number: 2, title: 'Dashboard v2' },
      created_at: '2025-01-01T00:00:00.000Z',
      updated_at: '2025-01-02T00:00:00.000Z',
      assignees: ['octocat'],
      html_url: 'https://github.com/o/r/issues/7',
      is_pull_request: false,
    });
  });

  it('marks pull requests', () => {
    expect(normalizeIssue({ ...wellFormed, pull_request: { url: 'x' } })?.is_pull_request).toBe(true);
  });

  it('tolerates every malformed field without throwing', () => {
    const record = normalizeIssue({
      number: 9,
      labels: 'bug',
      milestone: { title: 'no number' },
      assignees: null,
      created_at: 'yesterday',
      title: 42,
    });
    expect(record).toMatchObject({
      number: 9,
      id: 0,
      node_id: '',
      title: '',
      labels: [],
      milestone: null,
      created_at: '',
      updated_at: '',
      assignees: [],
      state: 'open',
    });
  });

  it('falls back to created_at when updated_at is missing', () => {
    const { updated_at: _u, ...rest } = wellFormed;
    expect(normalizeIssue(rest)?.updated_at).toBe('2025-01-01T00:00:00.000Z');
  });

  it('returns undefined for elements without a usable number', () => {
    for (const raw of [null, 3, 'x', [], {}, { number: 0 }, { number: '5' }, { number: 1.5 }]) {
      expect(normalizeIssue(raw)).toBeUndefined();
    }
  });
});

describe('what many issues share is kept once', () => {
  it('one milestone object per milestone, one empty assignee list, the label names of the first issue', () => {
    const a = normalizeIssue({ ...wellFormed, number: 8, assignees: [] })!;
    const b = normalizeIssue({ ...wellFormed, number: 9, assignees: [] })!;
    expect(a.milestone).toEqual({ number: 2, title: 'Dashboard v2' });
    expect(b.milestone).toBe(a.milestone);
    expect(b.assignees).toBe(a.assignees);
    expect(a.assignees).toEqual([]);
    // Shared values cannot be changed through one issue behind the others' backs.
    expect(Object.isFrozen(a.milestone)).toBe(true);
    expect(Object.isFrozen(a.assignees)).toBe(true);
    // A renamed milestone is its own object.
    const renamed = normalizeIssue({ ...wellFormed, milestone: { number: 2, title: 'Dashboard v3' } })!;
    expect(renamed.milestone).toEqual({ number: 2, title: 'Dashboard v3' });
    expect(renamed.milestone).not.toBe(a.milestone);
  });
});
