import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slices, writeTelemetryText } from '../../src/telemetry/file.js';
import { jsonPieces, recordPieces, recordText } from '../../src/telemetry/record-text.js';

describe('writeTelemetryText: a record written from its pieces', () => {
  it('writes what recordText makes of the record, a large field and pairs at slice edges included', async () => {
    const list = Array.from({ length: 40_000 }, (_, i) => ({ n: i, title: i % 7 === 0 ? 'é😀x' : 'plain' }));
    const record = { schema_version: 1, list, empty: [], note: '😀'.repeat(70_000) };
    const dir = await mkdtemp(join(tmpdir(), 'telemetry-text-'));
    const fields = Object.entries(record).map(([k, v]) => [k, JSON.stringify(v)] as const);
    const path = await writeTelemetryText(dir, 'activity', '7-1', recordPieces(fields));
    expect(path).toBe(join(dir, 'activity-7-1.json'));
    expect(await readFile(path, 'utf8')).toBe(recordText(record));
  });

  it('slices a piece of several MB into bounded slices that never split a surrogate pair', () => {
    const piece = `a${'😀'.repeat(100_000)}`;
    const parts = [...slices(['{', piece, '}'])];
    expect(parts.join('')).toBe(`{${piece}}`);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThanOrEqual(64 * 1024);
    for (const part of parts) expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
  });
});

describe("jsonPieces: a value's compact JSON, a long list a slice of entries at a time", () => {
  it('joins to JSON.stringify of the value; later slices start with their comma', () => {
    const list = Array.from({ length: 1300 }, (_, i) => (i % 5 === 0 ? { n: i, t: 'é😀', u: undefined } : i));
    const pieces = jsonPieces(list)!;
    expect(pieces.join('')).toBe(JSON.stringify(list));
    // '[', three slices of at most 512 entries, ']'
    expect(pieces).toHaveLength(5);
    expect(pieces[0]).toBe('[');
    expect(pieces.at(-1)).toBe(']');
    expect(pieces[2]!.startsWith(',')).toBe(true);
    expect(pieces[3]!.startsWith(',')).toBe(true);
    expect(JSON.parse(`[${pieces[2]!.slice(1)}]`)).toEqual(JSON.parse(JSON.stringify(list.slice(512, 1024))));
  });

  it('is one piece for anything else, nothing for what JSON leaves out', () => {
    expect(jsonPieces({ a: [1, 2] })).toEqual(['{"a":[1,2]}']);
    expect(jsonPieces([1, 2])).toEqual(['[1,2]']);
    expect(jsonPieces(undefined)).toBeUndefined();
    const records = { schema_version: 1, list: Array.from({ length: 2000 }, (_, i) => ({ i })) };
    const fields = Object.entries(records).map(([k, v]) => [k, jsonPieces(v)!] as const);
    expect(recordPieces(fields).join('')).toBe(recordText(records));
  });
});
