import { mergeFindings, scanIssueIntegrity, vanishedIssue } from '@codex-suite/core/issues/integrity';
import { describe, expect, it } from 'vitest';

const good = {
  id: 1,
  number: 1,
  title: 'ok',
  labels: [{ name: 'codex' }],
  milestone: { number: 1, title: 'Main' },
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
};
const known = new Set([1]);
const reasons = (raw: unknown, options = {}) => scanIssueIntegrity(raw, known, options).map((f) => f.reason);

describe('scanIssueIntegrity', () => {
  it('finds nothing wrong with a well-formed issue', () => {
    expect(scanIssueIntegrity(good, known)).toEqual([]);
  });

  it('reports a missing or non-array labels field', () => {
    const { labels: _l, ...noLabels } = good;
    expect(reasons(noLabels)).toEqual(['missing labels[]']);
    expect(reasons({ ...good, labels: null })).toEqual(['missing labels[]']);
    expect(reasons({ ...good, labels: { name: 'codex' } })).toEqual(['labels is not an array']);
  });

  it('reports malformed label objects but tolerates plain strings', () => {
    expect(reasons({ ...good, labels: ['codex', { name: 'bug' }] })).toEqual([]);
    expect(reasons({ ...good, labels: [{ id: 3 }, null, 7, { name: '' }, { name: 'ok' }] })).toEqual([
      'malformed label at labels[0]',
      'malformed label at labels[1]',
      'malformed label at labels[2]',
      'malformed label at labels[3]',
    ]);
  });

  it('reports milestone defects: absent field, invalid reference, deleted milestone, required but null', () => {
    const { milestone: _m, ...noMilestone } = good;
    expect(reasons(noMilestone)).toEqual(['missing milestone field']);
    expect(reasons({ ...good, milestone: 'Main' })).toEqual(['invalid milestone reference']);
    expect(reasons({ ...good, milestone: { number: 1 } })).toEqual(['invalid milestone reference']);
    expect(reasons({ ...good, milestone: { number: 9, title: 'Gone' } })).toEqual([
      'milestone #9 "Gone" does not exist (deleted?)',
    ]);
    expect(reasons({ ...good, milestone: null })).toEqual([]);
    expect(reasons({ ...good, milestone: null }, { requireMilestone: true })).toEqual(['no milestone']);
    expect(
      reasons(
        { ...good, milestone: null },
        { requireMilestone: (raw: { title?: unknown }) => raw.title === 'x' },
      ),
    ).toEqual([]);
  });

  it('takes a present but undefined or null field as missing, not as malformed', () => {
    expect(reasons({ ...good, labels: undefined })).toEqual(['missing labels[]']);
    expect(reasons({ ...good, created_at: null })).toEqual(['missing created_at']);
    expect(reasons({ ...good, updated_at: undefined })).toEqual(['missing updated_at']);
    expect(reasons({ ...good, milestone: undefined })).toEqual(['invalid milestone reference']);
  });

  it('reports a label named only with spaces, and a milestone reference without a numeric number', () => {
    expect(reasons({ ...good, labels: [{ name: '  ' }] })).toEqual(['malformed label at labels[0]']);
    expect(reasons({ ...good, milestone: { title: 'Main' } })).toEqual(['invalid milestone reference']);
    expect(reasons({ ...good, milestone: { number: '1', title: 'Main' } })).toEqual([
      'invalid milestone reference',
    ]);
  });

  it('asks a requireMilestone predicate about each issue', () => {
    const onlyX = { requireMilestone: (raw: { title?: unknown }) => raw.title === 'x' };
    expect(reasons({ ...good, title: 'x', milestone: null }, onlyX)).toEqual(['no milestone']);
    expect(reasons({ ...good, title: 'y', milestone: null }, onlyX)).toEqual([]);
  });

  it('skips the deleted-milestone check when milestones are not known', () => {
    expect(scanIssueIntegrity({ ...good, milestone: { number: 9, title: 'Gone' } }, undefined)).toEqual([]);
  });

  it('reports missing and invalid timestamps, id and title', () => {
    const { created_at: _c, ...noCreated } = good;
    expect(reasons(noCreated)).toEqual(['missing created_at']);
    expect(reasons({ ...good, updated_at: '' })).toEqual(['missing updated_at']);
    expect(reasons({ ...good, updated_at: 'soon' })).toEqual(['invalid updated_at']);
    expect(reasons({ ...good, created_at: 12 })).toEqual(['invalid created_at']);
    const { id: _i, title: _t, ...bare } = good;
    expect(reasons(bare)).toEqual(['missing id', 'missing title']);
  });

  it('skips pull requests and never throws on garbage', () => {
    expect(scanIssueIntegrity({ number: 4, pull_request: {}, labels: 'x' }, known)).toEqual([]);
    for (const garbage of [null, 1, 'x', [], { number: -1 }, undefined])
      expect(scanIssueIntegrity(garbage, known)).toEqual([]);
  });

  it('describes vanished issues and merges findings without duplicates', () => {
    expect(vanishedIssue(5, 410).reason).toMatch(/410 Gone/);
    expect(vanishedIssue(5, 404).reason).toMatch(/404/);
    const a = { number: 3, reason: 'x' };
    expect(mergeFindings([{ number: 5, reason: 'y' }, a], [a])).toEqual([a, { number: 5, reason: 'y' }]);
  });
});
