import fc from 'fast-check';
import { gitBlobSha, telemetryEntry } from '@codex-suite/core/ledger/telemetry-entry';
import type { PagesEntry } from '@codex-suite/core/pages/store';
import { describe, expect, it } from 'vitest';
import { planPrune } from '../src/telemetry-prune.js';

const NOW = new Date('2025-06-15T12:00:00Z');
const DAY = 86_400_000;
const COMPONENTS = ['sync', 'self-test', 'cleaner', 'telemetry-merge', 'supervisor'];

interface Listing {
  files: PagesEntry[];
  entries: PagesEntry[];
}

/** A pages branch; `published` files get a ledger entry finished `days` ago. */
function branch(published: [string, number][], other: [string, string][] = []): Listing {
  const files: PagesEntry[] = [];
  const entries: PagesEntry[] = [];
  for (const [path, days] of published) {
    const text = `{"p":"${path}"}`;
    files.push({ path, sha: gitBlobSha(text) });
    entries.push({ path: telemetryEntry(path, text, NOW.getTime() - days * DAY).path });
  }
  for (const [path, text] of other) files.push({ path, sha: gitBlobSha(text) });
  return { files, entries };
}

const plan = (l: Listing, maxAgeDays = 30) =>
  planPrune({ ...l, components: COMPONENTS, now: NOW, maxAgeDays });

describe('planPrune', () => {
  it('prunes old published files with their entries, keeps the latest of each component', () => {
    const l = branch([
      ['telemetry/sync-1.json', 90],
      ['telemetry/sync-2.json', 40],
      ['telemetry/sync-3.json', 1],
      ['telemetry/cleaner-4.json', 99],
    ]);
    const p = plan(l);
    expect(p.prune).toEqual(['telemetry/sync-1.json', 'telemetry/sync-2.json']);
    expect(p.dropEntries).toEqual(
      l.entries
        .slice(0, 2)
        .map((e) => e.path)
        .sort(),
    );
    expect(p.keptLatest).toEqual(['telemetry/cleaner-4.json', 'telemetry/sync-3.json']);
    expect(p.unproven).toEqual([]);
  });

  it('never prunes what the suite cannot prove it published, and says why', () => {
    const l = branch(
      [
        ['telemetry/sync-1.json', 90],
        ['telemetry/sync-9.json', 1],
      ],
      [
        ['telemetry/backup-1.json', '{"finished_at":"2020-01-01T00:00:00Z"}'],
        ['telemetry/sync-5.json', 'not json'],
        ['telemetry/sync-102-2.json', '{"finished_at":"2020-01-01T00:00:00Z"}'],
      ],
    );
    // A person rewrote a file the suite published: its bytes no longer match the record.
    l.files[0] = { path: 'telemetry/sync-1.json', sha: gitBlobSha('edited by hand') };
    const p = plan(l, 0);
    expect(p.prune).toEqual([]);
    expect(p.unproven).toEqual([
      { path: 'telemetry/sync-1.json', reason: 'changed since the suite published it' },
      { path: 'telemetry/backup-1.json', reason: 'not published by the suite (no ledger entry)' },
      { path: 'telemetry/sync-5.json', reason: 'not published by the suite (no ledger entry)' },
      { path: 'telemetry/sync-102-2.json', reason: 'not published by the suite (no ledger entry)' },
    ]);
  });

  it('a listing without blob shas proves nothing', () => {
    const l = branch([
      ['telemetry/sync-1.json', 90],
      ['telemetry/sync-2.json', 1],
    ]);
    const p = plan({ ...l, files: l.files.map((f) => ({ path: f.path })) });
    expect(p.prune).toEqual([]);
    expect(p.unproven.map((u) => u.reason)).toEqual([
      'its content cannot be identified',
      'its content cannot be identified',
    ]);
  });

  it('dates by the recorded finish time, whatever the run ids say', () => {
    const p = plan(
      branch([
        ['telemetry/sync-102-2.json', 1],
        ['telemetry/sync-103.json', 60],
        ['telemetry/sync-104.json', 50],
      ]),
    );
    expect(p.prune).toEqual(['telemetry/sync-103.json', 'telemetry/sync-104.json']);
    expect(p.keptLatest).toEqual(['telemetry/sync-102-2.json']);
  });

  it('keeps the newest local- file of a component, whatever its age', () => {
    const p = plan(
      branch([
        ['telemetry/sync-local-1700000000000.json', 300],
        ['telemetry/sync-local-1600000000000.json', 400],
        ['telemetry/sync-5.json', 1],
      ]),
    );
    expect(p.prune).toEqual(['telemetry/sync-local-1600000000000.json']);
    expect(p.keptLatest).toContain('telemetry/sync-local-1700000000000.json');
  });

  it('a future-dated record counts as finished now, is reported and re-recorded at the time first seen', () => {
    const l = branch([
      ['telemetry/sync-1.json', -400],
      ['telemetry/sync-2.json', 40],
    ]);
    const p = plan(l);
    expect(p.futureDated).toEqual(['telemetry/sync-1.json']);
    expect(p.keptLatest).toEqual(['telemetry/sync-1.json']);
    expect(p.prune).toEqual(['telemetry/sync-2.json']);
    expect(p.reRecord.map((e) => e.finishedMs)).toEqual([NOW.getTime()]);
    expect(p.dropEntries).toContain(l.entries[0]!.path);
    // With the re-recorded entry it ages: 40 days on, a newer file takes the latest slot and it goes.
    const later = new Date(NOW.getTime() + 40 * DAY);
    const next = planPrune({
      files: [...l.files.slice(0, 1), { path: 'telemetry/sync-3.json', sha: gitBlobSha('{}') }],
      entries: [
        { path: p.reRecord[0]!.path },
        { path: telemetryEntry('telemetry/sync-3.json', '{}', later.getTime()).path },
      ],
      components: COMPONENTS,
      now: later,
      maxAgeDays: 30,
    });
    expect(next.prune).toEqual(['telemetry/sync-1.json']);
    expect(next.futureDated).toEqual([]);
  });

  it('tidies old entries whose file is gone; never touches anything outside telemetry/ and the ledger', () => {
    const l = branch([['telemetry/sync-1.json', 90]]);
    const gone = telemetryEntry('telemetry/sync-0.json', 'x', NOW.getTime() - 90 * DAY).path;
    const young = telemetryEntry('telemetry/sync-00.json', 'x', NOW.getTime()).path;
    const p = plan({
      files: [...l.files, { path: 'telemetry/sub/sync-1.json', sha: 'a'.repeat(40) }],
      entries: [...l.entries, { path: gone }, { path: young }],
    });
    expect(p.dropEntries).toEqual([gone]);
    expect(p.prune).toEqual([]);
  });
});

describe('planPrune at its edges', () => {
  it('prunes strictly older than the max age: a file or a gone file’s entry exactly MAX_AGE_DAYS old stays', () => {
    const l = branch([
      ['telemetry/sync-1.json', 30],
      ['telemetry/sync-2.json', 30 + 1 / DAY],
      ['telemetry/sync-3.json', 1],
    ]);
    const edge = telemetryEntry('telemetry/sync-0.json', 'x', NOW.getTime() - 30 * DAY).path;
    const past = telemetryEntry('telemetry/sync-00.json', 'x', NOW.getTime() - 30 * DAY - 1).path;
    const p = plan({ files: l.files, entries: [...l.entries, { path: edge }, { path: past }] });
    expect(p.prune).toEqual(['telemetry/sync-2.json']);
    expect(p.dropEntries).toEqual([past, l.entries[1]!.path].sort());
  });

  it('lists what it prunes and the entries it drops in path order, whatever the listing order', () => {
    const l = branch([
      ['telemetry/sync-3.json', 50],
      ['telemetry/sync-2.json', 60],
      ['telemetry/sync-1.json', 70],
      ['telemetry/sync-9.json', 1],
    ]);
    const p = plan(l);
    expect(p.prune).toEqual(['telemetry/sync-1.json', 'telemetry/sync-2.json', 'telemetry/sync-3.json']);
    expect(p.dropEntries).toEqual([l.entries[2]!.path, l.entries[1]!.path, l.entries[0]!.path]);
  });

  it('keeps the file with the greater name as the latest of a component when finish times tie, in either listing order', () => {
    for (const order of [
      ['telemetry/sync-2.json', 'telemetry/sync-1.json'],
      ['telemetry/sync-1.json', 'telemetry/sync-2.json'],
    ]) {
      const p = plan(branch(order.map((path) => [path, 40])));
      expect(p.keptLatest).toEqual(['telemetry/sync-2.json']);
      expect(p.prune).toEqual(['telemetry/sync-1.json']);
    }
  });

  it('groups by the longest known component, whatever order the components are listed in', () => {
    const l = branch([
      ['telemetry/telemetry-merge-5.json', 1],
      ['telemetry/telemetry-3.json', 90],
    ]);
    for (const components of [
      ['telemetry', 'telemetry-merge'],
      ['telemetry-merge', 'telemetry'],
    ]) {
      const p = planPrune({ ...l, components, now: NOW, maxAgeDays: 30 });
      expect(p.keptLatest).toEqual(['telemetry/telemetry-3.json', 'telemetry/telemetry-merge-5.json']);
      expect(p.prune).toEqual([]);
    }
  });

  it('leaves a published file of an unknown component alone and says why', () => {
    const p = plan(branch([['telemetry/backup-1.json', 90]]));
    expect(p.prune).toEqual([]);
    expect(p.keptLatest).toEqual([]);
    expect(p.unproven).toEqual([
      { path: 'telemetry/backup-1.json', reason: 'not named like a telemetry file of a known component' },
    ]);
  });

  it('looks only at .json files directly under telemetry/, and skips ledger names it cannot read', () => {
    const l = branch([['telemetry/sync-1.json', 1]]);
    const p = plan({
      files: [
        ...l.files,
        { path: 'telemetry/README.md', sha: 'a'.repeat(40) },
        { path: 'telemetry/sync-2.json.bak', sha: 'a'.repeat(40) },
        { path: 'telemetry/sub/telemetry/sync-3.json', sha: 'a'.repeat(40) },
      ],
      entries: [...l.entries, { path: 'state/ledger/telemetry/README.md' }],
    });
    expect(p.unproven).toEqual([]);
    expect(p.keptLatest).toEqual(['telemetry/sync-1.json']);
    expect(p.dropEntries).toEqual([]);
  });
});

describe('planPrune (property)', () => {
  it('prunes only published files with matching bytes, older than the cutoff, never the latest of a group', () => {
    const fileArb = fc.record({
      component: fc.constantFrom('sync', 'self-test', 'backup', 'telemetry-merge'),
      key: fc.oneof(
        fc.integer({ min: 1, max: 300 }).map(String),
        fc.integer({ min: 1, max: 300 }).map((n) => `${n}-2`),
        fc.integer({ min: 1, max: 9 }).map((n) => `local-17000000000${n}0`),
      ),
      days: fc.integer({ min: -50, max: 120 }),
      published: fc.boolean(),
      edited: fc.constantFrom(false, false, false, true),
    });
    fc.assert(
      fc.property(
        fc.array(fileArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 60 }),
        (raw, maxAgeDays) => {
          const byPath = new Map(raw.map((r) => [`telemetry/${r.component}-${r.key}.json`, r]));
          const files: PagesEntry[] = [];
          const entries: PagesEntry[] = [];
          for (const [path, r] of byPath) {
            const text = `{"${path}":1}`;
            files.push({ path, sha: gitBlobSha(r.edited ? `${text} ` : text) });
            if (r.published)
              entries.push({ path: telemetryEntry(path, text, NOW.getTime() - r.days * DAY).path });
          }
          const p = planPrune({ files, entries, components: COMPONENTS, now: NOW, maxAgeDays });
          const cutoff = NOW.getTime() - maxAgeDays * DAY;
          for (const path of p.prune) {
            const r = byPath.get(path)!;
            expect(r.published && !r.edited).toBe(true);
            expect(NOW.getTime() - r.days * DAY).toBeLessThan(cutoff);
            expect(p.keptLatest).not.toContain(path);
          }
          for (const path of p.dropEntries) expect(path.startsWith('state/ledger/telemetry/')).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });
});
