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
}

/**
 * The branch that holds `telemetry/`, `dashboard/` and `state/`. Two implementations share this
 * interface: the Git Data API (no checkout; one commit per write) and a local folder
 * (`publish: none`, dry-run, the demo).
 */
export interface PagesStore {
  readonly kind: 'git' | 'local';
  readonly branch: string;
  /** whether the branch exists */
  exists(): Promise<boolean>;
  /** files whose path starts with `prefix` (e.g. `telemetry/`) */
  list(prefix: string): Promise<PagesEntry[]>;
  /** a file's text, or null when absent */
  read(path: string): Promise<string | null>;
  /**
   * One commit that writes (string) and deletes (null) the given paths, creating the branch when
   * missing. Concurrent writers never lose each other's files.
   */
  commit(files: Readonly<Record<string, string | null>>, message: string): Promise<CommitResult>;
}
