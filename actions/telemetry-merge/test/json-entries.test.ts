import { describe, expect, it } from 'vitest';
import { objectEntries } from '../src/json-entries.js';

/** What JSON.parse makes of the text: its entries as the parsed values of their ranges, or undefined. */
function parsedEntries(text: string): Record<string, unknown> | undefined {
  const entries = objectEntries(text);
  return (
    entries && Object.fromEntries([...entries].map(([k, r]) => [k, JSON.parse(text.slice(r.start, r.end))]))
  );
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

describe('objectEntries', () => {
  it('finds the top-level entries of any JSON object as JSON.parse reads it, and nothing else', () => {
    const texts = [
      '{}',
      ' \t\n{ }\r\n',
      '{"a":1,"b":[1,2,{"c":"d"}],"e":{"f":null},"g":true,"h":false}',
      '{\n  "schema_version": 1,\n  "main": [{"number":5,"title":"é ✓ \\"q\\" \\u00e9\\n\\/"}],\n  "n": -0.5e+3\n}\n',
      '{"dup":1,"dup":2}',
      '{"a":"\ud83d"}',
      '{"nested":[[[[]]],{}],"s":""}',
      // not JSON, or not an object
      '[1]',
      '"text"',
      '3',
      '{',
      '{"a":1,}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":+1}',
      '{"a":"tab\tinside"}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{"a":tru}',
      '{"a" 1}',
      '{a:1}',
      '{"a":1} x',
      '\ufeff{"a":1}',
      '{"a":[1 2]}',
      '{"a":NaN}',
    ];
    for (const text of texts) expect(parsedEntries(text), text).toEqual(jsonObject(text));
  });

  it('gives each value as the exact range of the text it spans', () => {
    const text = '{ "a" : [1, 2] , "b":{"c":"}"}}';
    const entries = objectEntries(text)!;
    expect(text.slice(entries.get('a')!.start, entries.get('a')!.end)).toBe('[1, 2]');
    expect(text.slice(entries.get('b')!.start, entries.get('b')!.end)).toBe('{"c":"}"}');
  });

  it('reads a large record without trouble: long strings, many entries', () => {
    const record = {
      main: Array.from({ length: 20_000 }, (_, i) => ({ number: i, title: `t${'x'.repeat(i % 50)}"\\\\` })),
      long: 'é'.repeat(1_000_000),
    };
    const text = JSON.stringify(record);
    expect(parsedEntries(text)).toEqual(record);
  });
});
