/** A file on the pages branch. */
export interface PagesEntry {
  readonly path: string;
  /** git blob sha when the store has one */
  readonly sha?: string;
}

export interface CommitResult {
  /** commit sha (git) or a local marker */
  readonly commit: string;
  /** how many times a moved ref made the store re-read and try again */
  readonly retries: number;
  readonly created: boolean;
  /** true when the files already had this content (or only absent paths were deleted): no commit made */
  readonly unchanged?: boolean;
}

/** What one commit writes (string) and deletes (null), by path. */
export type PagesFiles = Readonly<Record<string, string | null>>;

/** The branch as it is at the head a write is being built on. */
export interface PagesView {
  read(path: string): Promise<string | null>;
  list(prefix: string): Promise<PagesEntry[]>;
}

/**
 * What a commit changes: the files themselves, when they do not depend on what is on the branch,
 * or a function that builds them from the branch as it is at the head the commit is built on.
 * The store calls the function again on the new head whenever another writer got there first, so
 * content that merges with the branch (a history, a ledger) never loses the other writer's part.
 */
export type PagesChange = PagesFiles | ((view: PagesView) => Promise<PagesFiles>);

/**
 * The branch that holds `telemetry/`, `dashboard/` and `state/`. Two implementations share this
 * interface: the Git Data API (no checkout; one commit per write) and a local folder
 * (`publish: none`, dry-run, the demo).
 */
export interface PagesStore {
  readonly branch: string;
  /** whether the branch exists */
  exists(): Promise<boolean>;
  /** files whose path starts with `prefix` (e.g. `telemetry/`) */
  list(prefix: string): Promise<PagesEntry[]>;
  /** a file's text, or null when absent */
  read(path: string): Promise<string | null>;
  /**
   * One commit that writes (string) and deletes (null) the given paths, creating the branch when
   * missing. It lands only on the head it was built on (compare-and-swap); when the head moved it
   * is rebuilt on the new one and tried again, so concurrent writers never lose each other's
   * files and a file a maintainer dropped meanwhile stays dropped.
   */
  commit(change: PagesChange, message: string): Promise<CommitResult>;
  /**
   * Several files at once (absent → null). Entries that carry a `sha` (from `list`) are read by
   * blob, without resolving the branch again. Optional: use `readFiles(store, ...)`.
   */
  readMany?(items: ReadonlyArray<string | PagesEntry>): Promise<Map<string, string | null>>;
  /**
   * Adds one file that does not exist yet (a telemetry file), in as few requests as the store
   * allows; otherwise it behaves as `commit({ [path]: content })`. Optional: use `addFile(store, ...)`.
   */
  createFile?(path: string, content: string, message: string): Promise<CommitResult>;
  /**
   * `list(prefix)`, or null when the branch does not exist, in as few requests as the store allows
   * (one listing, where `exists` then `list` are two). Optional: use `listBranch(store, ...)`.
   */
  listIfExists?(prefix: string): Promise<PagesEntry[] | null>;
}

/** `store.listIfExists` when the store has it, else `exists` then `list`. */
export async function listBranch(store: PagesReader, prefix: string): Promise<PagesEntry[] | null> {
  if (store.listIfExists) return store.listIfExists(prefix);
  return (await store.exists()) ? store.list(prefix) : null;
}

/** The pages branch as a stage sees it: it reads; it commits only through its write guard. */
export type PagesReader = Pick<
  PagesStore,
  'branch' | 'exists' | 'list' | 'read' | 'readMany' | 'listIfExists'
>;

/**
 * A read-only face of `store` (a stage's `ctx.pages`), sharing what the store has read. It holds
 * no way back to the store: a commit through it is refused with the same error as a write
 * through the read client.
 */
export function readOnlyPages(store: PagesStore, refusal: string): PagesReader {
  const refuse = async (): Promise<never> => {
    throw Object.assign(new Error(`Refused a commit to ${store.branch}: ${refusal}.`), {
      code: 'write_refused',
    });
  };
  const readMany = store.readMany;
  const listIfExists = store.listIfExists;
  return Object.freeze({
    branch: store.branch,
    exists: () => store.exists(),
    list: (prefix: string) => store.list(prefix),
    read: (path: string) => store.read(path),
    ...(readMany
      ? { readMany: (items: ReadonlyArray<string | PagesEntry>) => readMany.call(store, items) }
      : {}),
    ...(listIfExists ? { listIfExists: (prefix: string) => listIfExists.call(store, prefix) } : {}),
    commit: refuse,
    createFile: refuse,
  });
}

/** `store.createFile` when the store has it, else a one-file `commit`. */
export function addFile(
  store: PagesStore,
  path: string,
  content: string,
  message: string,
): Promise<CommitResult> {
  return store.createFile
    ? store.createFile(path, content, message)
    : store.commit({ [path]: content }, message);
}

/** `store.readMany` when the store has it, else one `read` per file. */
export async function readFiles(
  store: PagesReader,
  items: ReadonlyArray<string | PagesEntry>,
): Promise<Map<string, string | null>> {
  if (store.readMany) return store.readMany(items);
  const result = new Map<string, string | null>();
  for (const item of items) {
    const path = typeof item === 'string' ? item : item.path;
    result.set(path, await store.read(path));
  }
  return result;
}
