import { describe, expect, it } from 'vitest';
import {
  LABELS,
  REQUIRED_LABELS,
  TRACKS,
  hasLabel,
  isExcludedFromManagement,
  isPullRequest,
  labelNames,
  milestoneTitle,
  sameName,
  trackLabel,
  trackOfTitle,
} from '../src/contract.js';

describe('the labels of the contract (CONTRACT.md)', () => {
  it('are codex, codex-trackmain, codex-trackdashboard and codex-selftest', () => {
    expect(LABELS).toEqual({
      codex: 'codex',
      trackMain: 'codex-trackmain',
      trackDashboard: 'codex-trackdashboard',
      selftest: 'codex-selftest',
    });
    expect(TRACKS).toEqual(['main', 'dashboard']);
  });

  it('are all created on repair, each with a colour and a description GitHub accepts', () => {
    expect(REQUIRED_LABELS.map((l) => l.name)).toEqual(Object.values(LABELS));
    for (const label of REQUIRED_LABELS) {
      expect(label.color).toMatch(/^[0-9a-f]{6}$/); // GitHub: six hex digits, no '#'
      expect(label.description.length).toBeGreaterThan(0);
      expect(label.description.length).toBeLessThanOrEqual(100); // GitHub's limit
    }
    expect(new Set(REQUIRED_LABELS.map((l) => l.color)).size).toBe(REQUIRED_LABELS.length);
  });
});

describe('tracks', () => {
  it('put a title containing "dashboard" in any letter case on the dashboard track, every other on main', () => {
    expect(trackOfTitle('Dashboard: sparkline')).toBe('dashboard');
    expect(trackOfTitle('fix the DASHboard colours')).toBe('dashboard');
    expect(trackOfTitle('Runner refactor')).toBe('main');
    expect(trackOfTitle('dash board')).toBe('main');
    expect(trackOfTitle(null)).toBe('main');
    expect(trackOfTitle(undefined)).toBe('main');
  });

  it('each have their own label', () => {
    expect(trackLabel('main')).toBe('codex-trackmain');
    expect(trackLabel('dashboard')).toBe('codex-trackdashboard');
  });
});

describe('label names', () => {
  it('compare as GitHub compares them, case-insensitively', () => {
    expect(sameName('Codex-SelfTest', 'codex-selftest')).toBe(true);
    expect(sameName('codex', 'codex-trackmain')).toBe(false);
    expect(hasLabel(['bug', 'CODEX'], 'codex')).toBe(true);
    expect(hasLabel(['bug', 'codex-trackmain'], 'codex')).toBe(false);
    expect(hasLabel([], 'codex')).toBe(false);
  });

  it('are read from strings and named objects, skipping unnamed ones and a missing array', () => {
    expect(
      labelNames({
        labels: ['bug', { name: 'codex' }, { name: '' }, { color: 'ffffff' }, null, { name: 7 }],
      }),
    ).toEqual(['bug', 'codex']);
    expect(labelNames({})).toEqual([]);
    expect(labelNames({ labels: 'codex' })).toEqual([]);
  });
});

describe('what the suite manages', () => {
  it('tells pull requests by their pull_request field', () => {
    expect(isPullRequest({ pull_request: { url: 'u' } })).toBe(true);
    expect(isPullRequest({ pull_request: {} })).toBe(true);
    expect(isPullRequest({})).toBe(false);
    expect(isPullRequest({ pull_request: null })).toBe(false);
  });

  it('reads a milestone title only when it is a string', () => {
    expect(milestoneTitle({ milestone: { number: 1, title: 'Codex Internal' } })).toBe('Codex Internal');
    expect(milestoneTitle({ milestone: { number: 1 } })).toBeNull();
    expect(milestoneTitle({ milestone: { title: 3 } })).toBeNull();
    expect(milestoneTitle({ milestone: null })).toBeNull();
    expect(milestoneTitle({})).toBeNull();
  });

  it('excludes pull requests, the self-test milestone in any letter case and codex-selftest, nothing else', () => {
    const internal = 'Codex Internal';
    const excluded = (issue: Parameters<typeof isExcludedFromManagement>[0]) =>
      isExcludedFromManagement(issue, internal);
    expect(excluded({ pull_request: { url: 'u' }, labels: ['codex'] })).toBe(true);
    expect(excluded({ milestone: { title: 'codex internal' }, labels: [] })).toBe(true);
    expect(excluded({ labels: [{ name: 'Codex-SelfTest' }] })).toBe(true);
    expect(excluded({ labels: ['codex', 'codex-trackmain'], milestone: { title: 'Sprint 1' } })).toBe(false);
    expect(excluded({ labels: ['codex'], milestone: null, pull_request: null })).toBe(false);
    expect(isExcludedFromManagement({ milestone: { title: 'Bots' } }, 'Bots')).toBe(true);
  });
});
