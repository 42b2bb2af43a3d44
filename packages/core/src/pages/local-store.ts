import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { CommitResult, PagesEntry, PagesStore } from './store.js';

/** The pages store as a local folder: same interface, no network. */
export class LocalPagesStore implements PagesStore {
  readonly kind = 'local' as const;
  private commits = 0;

  constructor(
    readonly root: string,
    readonly branch = 'gh-pages',
  ) {}

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
        else files.push({ path: relative(this.root, full).split(sep).join('/') });
      }
    };
    await walk(this.root);
    return files.filter((f) => f.path.startsWith(prefix)).sort((a, b) => a.path.localeCompare(b.path));
  }

  async read(path: string): Promise<string | null> {
    return readFile(this.resolve(path), 'utf8').catch(() => null);
  }

  async commit(files: Readonly<Record<string, string | null>>, _message: string): Promise<CommitResult> {
    const created = !(await this.exists());
    for (const [path, content] of Object.entries(files)) {
      const target = this.resolve(path);
      if (content === null) {
        await rm(target, { force: true });
      } else {
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, content);
      }
    }
    this.commits += 1;
    return { commit: `local-${this.commits}`, retries: 0, created };
  }

  private resolve(path: string): string {
    const target = join(this.root, path);
    if (!target.startsWith(this.root + sep)) throw new Error(`Path outside the pages folder: ${path}`);
    return target;
  }
}
