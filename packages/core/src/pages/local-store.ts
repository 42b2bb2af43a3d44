import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gitBlobSha } from '../ledger/telemetry-entry.js';
import { assertPagesPath, PAGES_LAYOUT } from './layout.js';
import type { CommitResult, PagesChange, PagesEntry, PagesStore } from './store.js';

/**
 * The pages store as a local folder: same interface, no network (`publish: none`, previews, the
 * demo). A missing folder is the missing branch: the first commit creates it with the layout.
 * Files are written to a temporary name and renamed, so a reader never sees half a file.
 */
export class LocalPagesStore implements PagesStore {
  readonly root: string;
  private commits = 0;

  constructor(
    root: string,
    readonly branch = 'gh-pages',
    private readonly layout: Readonly<Record<string, string>> = PAGES_LAYOUT,
  ) {
    this.root = resolve(root);
  }

  async exists(): Promise<boolean> {
    return (await stat(this.root).catch(() => undefined))?.isDirectory() ?? false;
  }

  async list(prefix: string): Promise<PagesEntry[]> {
    const files: PagesEntry[] = [];
    const walk = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) await walk(full);
        else if (entry.isFile() && !entry.name.includes('.tmp-')) {
          // The git blob sha, as a tree listing gives it, so ownership checks work the same here.
          const sha = gitBlobSha(await readFile(full));
          files.push({ path: relative(this.root, full).split(sep).join('/'), sha });
        }
      }
    };
    await walk(this.root);
    return files.filter((f) => f.path.startsWith(prefix)).sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async read(path: string): Promise<string | null> {
    return readFile(this.resolve(path), 'utf8').catch(() => null);
  }

  async readMany(items: ReadonlyArray<string | PagesEntry>): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    for (const item of items) {
      const path = typeof item === 'string' ? item : item.path;
      result.set(path, await this.read(path));
    }
    return result;
  }

  async commit(change: PagesChange, _message: string): Promise<CommitResult> {
    const files = typeof change === 'function' ? await change(this) : change;
    const paths = Object.keys(files);
    for (const path of paths) assertPagesPath(path);
    const created = !(await this.exists()) && Object.values(files).some((c) => c !== null);
    const all: Record<string, string | null> = created ? { ...this.layout, ...files } : { ...files };
    let changed = false;
    for (const [path, content] of Object.entries(all)) {
      const target = this.resolve(path);
      const current = await readFile(target, 'utf8').catch(() => null);
      if (content === null) {
        if (current === null) continue;
        await rm(target, { force: true });
      } else {
        if (current === content) continue;
        await mkdir(dirname(target), { recursive: true });
        const temp = `${target}.tmp-${process.pid}-${this.commits}`;
        await writeFile(temp, content);
        await rename(temp, target);
      }
      changed = true;
    }
    if (!changed) return { commit: `local-${this.commits}`, retries: 0, created: false, unchanged: true };
    this.commits += 1;
    return { commit: `local-${this.commits}`, retries: 0, created };
  }

  private resolve(path: string): string {
    assertPagesPath(path);
    const target = join(this.root, path);
    if (!target.startsWith(this.root + sep)) throw new Error(`Path outside the pages folder: ${path}`);
    return target;
  }
}
