import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PAGES_LAYOUT } from '../src/pages/layout.js';
import { LocalPagesStore } from '../src/pages/local-store.js';

async function tempStore(): Promise<LocalPagesStore> {
  return new LocalPagesStore(join(await mkdtemp(join(tmpdir(), 'pages-local-')), 'branch'));
}

describe('LocalPagesStore', () => {
  it('creates the folder with the layout on the first write, then writes and deletes', async () => {
    const pages = await tempStore();
    expect(await pages.exists()).toBe(false);
    expect(await pages.list('')).toEqual([]);
    const first = await pages.commit({ 'telemetry/a.json': 'A' }, 'first');
    expect(first.created).toBe(true);
    expect((await pages.list('')).map((e) => e.path)).toEqual(
      [...Object.keys(PAGES_LAYOUT), 'telemetry/a.json'].sort(),
    );
    const second = await pages.commit(
      { 'telemetry/a.json': null, 'telemetry/b.json': 'B', 'gone.txt': null },
      'x',
    );
    expect(second.created).toBe(false);
    expect((await pages.list('telemetry/')).map((e) => e.path)).toEqual([
      'telemetry/.gitkeep',
      'telemetry/b.json',
    ]);
    expect(await readFile(join(pages.root, 'telemetry/b.json'), 'utf8')).toBe('B');
    expect(Object.fromEntries(await pages.readMany(['telemetry/b.json', 'telemetry/a.json']))).toEqual({
      'telemetry/b.json': 'B',
      'telemetry/a.json': null,
    });
    // no temporary files stay behind
    expect((await readdir(join(pages.root, 'telemetry'))).some((n) => n.includes('.tmp-'))).toBe(false);
  });

  it('reports an unchanged write and refuses paths outside the folder', async () => {
    const pages = await tempStore();
    await pages.commit({ 'dashboard/x': '1' }, 'one');
    expect((await pages.commit({ 'dashboard/x': '1' }, 'same')).unchanged).toBe(true);
    await expect(pages.commit({ '../escape': 'x' }, 'bad')).rejects.toThrow(/Not a valid path/);
    await expect(pages.read('../escape')).rejects.toThrow(/Not a valid path/);
  });
});
