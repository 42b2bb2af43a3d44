import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { slices, writeTelemetryText } from '../../src/telemetry/file.js';
import { recordPieces, recordText } from '../../src/telemetry/record-text.js';

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
