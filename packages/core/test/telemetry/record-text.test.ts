import { recordText } from '@codex-suite/core/telemetry/record-text';
import { describe, expect, it } from 'vitest';

describe('recordText: one line per top-level field', () => {
  it('writes each field of an object on its own line, its value compact', () => {
    expect(recordText({ status: 'ok', counts: { open: 2 }, main: [{ number: 1, status: 'active' }] })).toBe(
      '{\n  "status": "ok",\n  "counts": {"open":2},\n  "main": [{"number":1,"status":"active"}]\n}\n',
    );
  });

  it('reads back as JSON.stringify would have written it (undefined fields left out, toJSON applied)', () => {
    const value = {
      a: undefined,
      b: [1, undefined, 'x'],
      c: new Date(0),
      d: { e: undefined, f: null },
      'odd "key"': '\u2028',
    };
    expect(JSON.parse(recordText(value))).toEqual(JSON.parse(JSON.stringify(value)));
    expect(recordText({})).toBe('{}\n');
    expect(recordText([1, 2])).toBe('[1,2]\n');
    expect(recordText('text')).toBe('"text"\n');
  });

  it('is about half the size of two-space indentation for a long list of entries', () => {
    const record = { main: Array.from({ length: 1000 }, (_, i) => ({ number: i, status: 'active' })) };
    expect(recordText(record).length).toBeLessThan(JSON.stringify(record, null, 2).length * 0.6);
  });
});
