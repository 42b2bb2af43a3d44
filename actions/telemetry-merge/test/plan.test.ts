import { describe, expect, it, vi } from 'vitest';
import { previousHistory, previousSources, readBranchDashboard } from '../src/dashboard.js';
import { STAGE_DESCRIPTORS } from '@codex-suite/core/stages';
import { historyPointSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst } from '@codex-suite/core/telemetry/validate';
import { extendHistory, historyPoint } from '../src/history.js';
import {
  compareRunKeys,
  parseTelemetry,
  parseTelemetryName,
  type TelemetryRecord,
} from '../src/telemetry-files.js';
import { shownChoice, slimLatest, slimRecordOf, wholeChoice, wholeLatest } from '../src/collect.js';
import { recordText } from '@codex-suite/core/telemetry/record-text';
import { fullRecords } from './fixtures.js';

/** the components whose telemetry the dashboard shows */
const COMPONENTS = STAGE_DESCRIPTORS.filter((d) => d.dashboardKey !== null).map((d) => d.component);

describe('telemetry file names and order', () => {
  it('splits names against the known components, hyphens included', () => {
    expect(parseTelemetryName('self-test-1234.json', COMPONENTS)).toEqual({
      component: 'self-test',
      key: '1234',
    });
    expect(parseTelemetryName('codex-review-99-2.json', COMPONENTS)).toEqual({
      component: 'codex-review',
      key: '99-2',
    });
    expect(parseTelemetryName('telemetry-merge-1.json', COMPONENTS)).toBeNull();
    expect(parseTelemetryName('sync-.json', COMPONENTS)).toBeNull();
    expect(parseTelemetryName('sync-1.txt', COMPONENTS)).toBeNull();
  });

  it('orders run keys by number, attempts after their first try, unnumbered first', () => {
    const keys = ['999', '1000', '1000-2', 'manual', '10000000000', 'local-1700000000000'];
    expect([...keys].sort(compareRunKeys)).toEqual([
      'manual',
      '999',
      '1000',
      '1000-2',
      '10000000000',
      'local-1700000000000',
    ]);
  });

  it('validates records and names the problem', () => {
    expect(parseTelemetry('nope')).toMatchObject({ reason: expect.stringMatching(/^not JSON/) });
    expect(parseTelemetry('[]')).toEqual({ reason: 'not a JSON object' });
    expect(parseTelemetry('{"component":"weather"}')).toMatchObject({
      reason: expect.stringMatching(/unknown telemetry component/),
    });
    const sync = JSON.stringify(fullRecords().sync);
    expect(parseTelemetry(sync, 'sync')).toHaveProperty('record');
    expect(parseTelemetry(sync, 'cleaner')).toMatchObject({
      reason: expect.stringMatching(/file name says cleaner/),
    });
  });
});

describe('history', () => {
  const records = fullRecords();
  const latest = {
    supervisor: records.supervisor!,
    cleaner: records.cleaner!,
    selftest: records['self-test']!,
    sync: records.sync!,
    activity: records.activity!,
    diagnostics: null,
    codex_review: null,
  };

  it('reduces the latest records to trend numbers', () => {
    expect(historyPoint('2026-11-21T10:00:00.000Z', '1', latest)).toEqual({
      at: '2026-11-21T10:00:00.000Z',
      run: '1',
      stages: {
        supervisor: 'ok',
        cleaner: 'ok',
        selftest: 'ok',
        sync: 'degraded',
        activity: 'ok',
        diagnostics: null,
        codex_review: null,
      },
      sync: { corrections: 10, malformed: 2 },
      activity: {
        main: { open: 23, stale: 4, escalated: 2 },
        dashboard: { open: 6, stale: 0, escalated: 0 },
      },
      supervisor: { verdict: 'yellow', main: 'yellow', dashboard: 'green', drift: { main: 3, dashboard: 3 } },
      cleaner: { closed: 2, pruned: 5 },
    });
  });

  it('keeps history points merged before drift was recorded valid', () => {
    const point = historyPoint('2026-11-21T10:00:00.000Z', '1', latest);
    delete point.supervisor!.drift;
    expect(validateAgainst(historyPointSchema, point).valid).toBe(true);
    expect(extendHistory([point], historyPoint('2026-11-22T10:00:00.000Z', '2', latest), 10).dropped).toBe(0);
  });

  it('counts from the activity lists when a record has no counts', () => {
    const { counts: _counts, ...older } = records.activity!;
    expect(historyPoint('2026-11-21T10:00:00.000Z', '1', { ...latest, activity: older }).activity).toEqual({
      main: { open: 7, stale: 4, escalated: 2 },
      dashboard: { open: 1, stale: 0, escalated: 0 },
    });
  });

  it('is bounded: the oldest points go first', () => {
    let history: unknown[] = [];
    for (let i = 0; i < 8; i += 1) {
      const at = new Date(Date.UTC(2026, 10, 1, i)).toISOString();
      history = extendHistory(history, historyPoint(at, String(i), latest), 5).history;
    }
    expect(history.map((p) => (p as { run: string }).run)).toEqual(['3', '4', '5', '6', '7']);
  });

  it('restarts from an unreadable dashboard.json, with the reason', () => {
    expect(previousHistory(null)).toEqual({ history: [] });
    expect(previousHistory('{"history": 3}').problem).toMatch(/not a list/);
    expect(previousHistory('"text"').problem).toMatch(/not a JSON object/);
    expect(previousHistory('{').problem).toMatch(/^not JSON/);
    expect(previousHistory('{"history": [1]}')).toEqual({ history: [1] });
  });

  it('reads of the branch dashboard its history, and of each record it shows only what decides the newer one', () => {
    const sync = { component: 'sync', status: 'ok', run_id: '7', main: [{ number: 1 }, { number: 2 }] };
    const text = JSON.stringify({
      sources: { sync: 'telemetry/sync-7.json', cleaner: 'elsewhere.json' },
      sync,
      cleaner: { component: 'cleaner', status: 'ok' },
      history: [{ run: '7' }],
    });
    const keyOf = (component: string) => (component === 'sync' ? 'sync' : undefined);
    const parse = vi.spyOn(JSON, 'parse');
    try {
      const read = readBranchDashboard(text, keyOf, slimRecordOf);
      // the record's list is never parsed
      expect(parse.mock.calls.map(([t]) => t).filter((t) => String(t).includes('"number"'))).toEqual([]);
      expect(read.history).toEqual([{ run: '7' }]);
      expect(read.problem).toBeUndefined();
      expect([...read.sources.keys()]).toEqual(['sync']);
      const shown = read.sources.get('sync')!;
      expect(shown).toEqual({
        file: 'telemetry/sync-7.json',
        record: { component: 'sync', status: 'ok', run_id: '7' },
        text: JSON.stringify(sync),
      });
      expect(wholeChoice(shownChoice(shown)).record).toEqual(
        previousSources(text, keyOf).get('sync')!.record,
      );
    } finally {
      parse.mockRestore();
    }
    for (const bad of ['[1]', '{', '{"history": 3}', '{"history": [1], "x": 01}']) {
      const read = readBranchDashboard(bad, keyOf, slimRecordOf);
      expect(read).toEqual({ history: [], problem: previousHistory(bad).problem, sources: new Map() });
    }
    expect(readBranchDashboard(null, keyOf, slimRecordOf)).toEqual({ history: [], sources: new Map() });
  });
});

describe('the chosen records once the dashboard is built', () => {
  const records = fullRecords();
  const localText = recordText(records.activity);
  const latest = {
    supervisor: null,
    cleaner: null,
    selftest: null,
    sync: {
      record: records.sync as TelemetryRecord,
      file: 'telemetry/sync-9001.json',
      origin: 'branch' as const,
    },
    activity: {
      record: records.activity as TelemetryRecord,
      file: 'telemetry/activity-9001.json',
      origin: 'local' as const,
      text: localText,
    },
    diagnostics: null,
    codex_review: null,
  };

  it('keeps of a local file only the status, times and run of its record, and the record whole from its text', () => {
    const slim = slimLatest(latest);
    expect(Object.keys(slim.activity!.record).sort()).toEqual(
      ['component', 'finished_at', 'run_attempt', 'run_id', 'started_at', 'status'].sort(),
    );
    expect(slim.activity!.record).not.toHaveProperty('main');
    expect(slim.activity!.text).toBe(localText);
    // a record from the branch has no text to parse again: it is kept whole
    expect(slim.sync).toBe(latest.sync);
    expect(wholeLatest(slim)).toEqual(latest);
  });
});
