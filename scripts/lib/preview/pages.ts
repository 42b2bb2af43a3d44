import { LocalPagesStore } from '@codex-suite/core/pages/local-store';
import type { CommitResult, PagesEntry, PagesStore } from '@codex-suite/core/pages/store';
import { readFiles } from '@codex-suite/core/pages/store';

/**
 * The pages branch as a preview sees it: read from the repository's real branch, written to a
 * local folder. A stage then plans against what the branch really holds (old telemetry to prune,
 * the previous dashboard), and anything that would be committed lands in the folder instead.
 */
export class PreviewPagesStore implements PagesStore {
  readonly branch: string;
  readonly local: LocalPagesStore;
  /** paths this preview wrote or deleted locally: they no longer read from the branch */
  private readonly overridden = new Set<string>();

  constructor(
    private readonly remote: PagesStore,
    folder: string,
  ) {
    this.branch = remote.branch;
    this.local = new LocalPagesStore(folder, remote.branch);
  }

  async exists(): Promise<boolean> {
    return (await this.remote.exists()) || (await this.local.exists());
  }

  async list(prefix: string): Promise<PagesEntry[]> {
    const local = await this.local.list(prefix);
    const remote = (await this.remote.list(prefix)).filter((e) => !this.overridden.has(e.path));
    const paths = new Set(remote.map((e) => e.path));
    return [...remote, ...local.filter((e) => !paths.has(e.path))].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  async read(path: string): Promise<string | null> {
    return this.overridden.has(path) ? this.local.read(path) : this.remote.read(path);
  }

  async readMany(items: ReadonlyArray<string | PagesEntry>): Promise<Map<string, string | null>> {
    const pathOf = (item: string | PagesEntry) => (typeof item === 'string' ? item : item.path);
    const result = await readFiles(
      this.remote,
      items.filter((i) => !this.overridden.has(pathOf(i))),
    );
    for (const item of items.filter((i) => this.overridden.has(pathOf(i))))
      result.set(pathOf(item), await this.local.read(pathOf(item)));
    return result;
  }

  async commit(files: Readonly<Record<string, string | null>>, message: string): Promise<CommitResult> {
    const result = await this.local.commit(files, message);
    for (const path of Object.keys(files)) this.overridden.add(path);
    return result;
  }
}
