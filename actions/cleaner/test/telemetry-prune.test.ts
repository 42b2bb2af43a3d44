import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countOldPrefix,
  finishedAtOf,
  inRunOrder,
  parseTelemetryPath,
  selectPrune,
} from '../src/telemetry-prune.js';

const COMPONENTS = ['self-test', 'cleaner', 'sync', 'telemetry-merge', 'codex-review', 'diagnostics'];

describe('parseTelemetryPath', () => {
  it('reads component, run id and attempt', () => {
    expect(parseTelemetryPath('telemetry/self-test-123.json', COMPONENTS)).toMatchObject({
      component: 'self-test',
      run: { id: 123, attempt: 1 },
    });
    expect(parseTelemetryPath('telemetry/self-test-123-2.json', COMPONENTS)).toMatchObject({
      component: 'self-test',
      run: { id: 123, attempt: 2 },
    });
    expect(parseTelemetryPath('telemetry/telemetry-merge-9.json', COMPONENTS)?.component).toBe(
      'telemetry-merge',
    );
    expect(parseTelemetryPath('telemetry/future-thing-77.json', COMPONENTS)).toMatchObject({
      component: 'future-thing',
      run: { id: 77 },
    });
    expect(parseTelemetryPath('telemetry/sync-local-1700000000000.json', COMPONENTS)).toMatchObject({
      component: 'sync',
      localTime: 1_700_000_000_000,
    });
  });

  it('refuses everything that is not telemetry/<component>-<run key>.json', () => {
    for (const path of [
      'dashboard/dashboard.json',
      'state/telemetry-index.json',
      'telemetry/.gitkeep',
      'telemetry/archive/sync-1.json',
      'telemetry/sync-1.txt',
      'telemetry/notes.json',
      'state/sync-1.json',
      'telemetry/sync-abc.json',
    ]) {
      expect(parseTelemetryPath(path, COMPONENTS)).toBeUndefined();
    }
  });
});

describe('selectPrune', () => {
  it('prunes old files only, keeps the latest of each component and never leaves telemetry/', () => {
    const paths = [
      'dashboard/dashboard.json',
      'state/x.json',
      'telemetry/.gitkeep',
      'telemetry/sync-1.json',
      'telemetry/sync-2.json',
      'telemetry/cleaner-3.json',
      'telemetry/sync-4.json',
    ];
    const all = selectPrune(paths, COMPONENTS, () => true);
    expect(all.prune).toEqual(['telemetry/sync-1.json', 'telemetry/sync-2.json']);
    expect(all.keptLatest).toEqual(['telemetry/cleaner-3.json', 'telemetry/sync-4.json']);
    expect(all.unrecognized).toEqual(['telemetry/.gitkeep']);
  });

  it('property: never selects anything outside telemetry/, nor the latest of a component, nor a young file', () => {
    const pathArb = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(...COMPONENTS, 'x-y'),
          fc.integer({ min: 1, max: 50 }),
          fc.integer({ min: 1, max: 3 }),
        )
        .map(([c, id, attempt]) => `telemetry/${c}-${id}${attempt > 1 ? `-${attempt}` : ''}.json`),
      fc.constantFrom(
        'dashboard/dashboard.json',
        'dashboard/index.html',
        'state/a.json',
        'state/sync-1.json',
        'telemetry/.gitkeep',
        'telemetry/sub/sync-1.json',
      ),
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(pathArb, { maxLength: 40 }),
        fc.integer({ min: 0, max: 51 }),
        (paths, boundary) => {
          const isOld = (f: { run?: { id: number } }) => (f.run?.id ?? 0) < boundary;
          const { prune } = selectPrune(paths, COMPONENTS, isOld);
          for (const path of prune) {
            expect(path).toMatch(/^telemetry\/[^/]+\.json$/);
            const file = parseTelemetryPath(path, COMPONENTS)!;
            expect(isOld(file)).toBe(true);
            const newer = paths
              .map((p) => parseTelemetryPath(p, COMPONENTS))
              .filter(
                (f) =>
                  f?.component === file.component &&
                  f.run &&
                  (f.run.id > file.run!.id ||
                    (f.run.id === file.run!.id && f.run.attempt > file.run!.attempt)),
              );
            expect(newer.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('countOldPrefix', () => {
  it('property: equals the linear count on monotone times, with at most ceil(log2(n+1)) reads', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 1000 }), { maxLength: 600 }),
        fc.integer({ min: 0, max: 1000 }),
        async (raw, cutoff) => {
          const times = [...raw].sort((a, b) => a - b);
          const files = inRunOrder(
            times.map((_, i) => `telemetry/sync-${i + 1}.json`),
            COMPONENTS,
          );
          let reads = 0;
          const count = await countOldPrefix(files, cutoff, async (f) => {
            reads += 1;
            return times[f.run!.id - 1]!;
          });
          expect(count).toBe(times.filter((t) => t < cutoff).length);
          expect(reads).toBeLessThanOrEqual(Math.ceil(Math.log2(times.length + 1)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('counts an unreadable file as young (never prunes more)', async () => {
    const files = inRunOrder(
      ['telemetry/sync-1.json', 'telemetry/sync-2.json', 'telemetry/sync-3.json'],
      COMPONENTS,
    );
    expect(await countOldPrefix(files, 100, async () => null)).toBe(0);
  });
});

describe('finishedAtOf', () => {
  it('reads finished_at, falls back to started_at, and gives null for garbage', () => {
    expect(finishedAtOf('{"finished_at":"2025-01-01T00:00:00Z"}')).toBe(Date.parse('2025-01-01T00:00:00Z'));
    expect(finishedAtOf('{"started_at":"2025-01-02T00:00:00Z"}')).toBe(Date.parse('2025-01-02T00:00:00Z'));
    expect(finishedAtOf('{"finished_at":"soon"}')).toBeNull();
    expect(finishedAtOf('{not json')).toBeNull();
    expect(finishedAtOf(null)).toBeNull();
  });
});
