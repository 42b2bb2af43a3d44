import { describe, expect, it } from 'vitest';
import { resolveTargets } from '../../src/federation/targets.js';

const all = { topics: [], visibility: 'all' as const, includeArchived: false };

describe('resolveTargets', () => {
  const listed = [
    { full_name: 'acme/web', topics: ['codex', 'frontend'], visibility: 'public' },
    { full_name: 'acme/api', topics: ['Codex'], visibility: 'private', private: true },
    { full_name: 'acme/old', topics: ['codex'], visibility: 'public', archived: true },
    { full_name: 'acme/tools', topics: [], visibility: 'internal' },
  ];

  it('keeps archived repositories out unless asked', () => {
    expect(resolveTargets([], listed, all).repositories).toEqual(['acme/web', 'acme/api', 'acme/tools']);
    expect(resolveTargets([], listed, { ...all, includeArchived: true }).repositories).toContain('acme/old');
  });

  it('filters by every topic, case-insensitively, and by visibility, and says why a repository is out', () => {
    const r = resolveTargets([], listed, { ...all, topics: ['codex'], visibility: 'public' });
    expect(r.repositories).toEqual(['acme/web']);
    expect(r.excluded).toEqual([
      { repository: 'acme/api', reason: 'visibility private' },
      { repository: 'acme/old', reason: 'archived' },
      { repository: 'acme/tools', reason: 'visibility internal' },
    ]);
  });

  it('adds explicit repositories once, whatever their letter case', () => {
    const r = resolveTargets(['other/lib', 'ACME/web', ' other/lib '], listed, { ...all, topics: ['codex'] });
    expect(r.repositories).toEqual(['other/lib', 'ACME/web', 'acme/api']);
  });

  it('refuses a name that is not owner/name', () => {
    expect(() => resolveTargets(['../etc/passwd'], [], all)).toThrow(/Not a repository: "..\/etc\/passwd"/);
    expect(() => resolveTargets(['acme'], [], all)).toThrow(/expected owner\/name/);
  });
});
