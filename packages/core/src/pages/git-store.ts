import { createHash } from 'node:crypto';
import type { GitHubClient } from '../github/client.js';
import { httpStatusOf } from '../github/errors.js';
import type { RepositoryRef } from '../repository-ref.js';
import { assertPagesPath, PAGES_LAYOUT } from './layout.js';
import type { CommitResult, PagesEntry, PagesStore } from './store.js';

export interface GitPagesStoreOptions {
  /** attempts of one commit when the ref keeps moving under it (default 10) */
  readonly maxAttempts?: number;
  /** base of the jittered exponential backoff between attempts (default 250 ms) */
  readonly backoffMs?: number;
  /** longest single wait between attempts (default 8 s) */
  readonly maxBackoffMs?: number;
  /** files of a new branch besides the written ones (default PAGES_LAYOUT) */
  readonly layout?: Readonly<Record<string, string>>;
  readonly log?: (message: string) => void;
  /** replaces the wait between attempts (tests) */
  readonly sleep?: (ms: number) => Promise<void>;
}

interface BranchHead {
  readonly commit: string;
  readonly tree: string;
}

type TreeItem =
  | { path: string; mode: '100644'; type: 'blob'; content: string }
  | { path: string; mode: '100644'; type: 'blob'; sha: string | null };

/** the contents API's media type for a file's own bytes, at any size up to 100 MB */
const RAW_MEDIA_TYPE = 'application/vnd.github.raw';
/** Above this size a file goes up as its own blob rather than inline in the tree request. */
const INLINE_LIMIT = 512 * 1024;
/** largest file sent through the contents API in one PUT (base64 in a JSON body); larger ones are committed */
const PUT_LIMIT = 20 * 1024 * 1024;
const BLOB_READ_CONCURRENCY = 4;

/** The ref moved (or appeared) between our read and our update: rebuild on the new head. */
class RefRace extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/**
 * The pages branch through the Git Data API, no checkout. A write is one tree (on `base_tree`,
 * inline content), one commit and a fast-forward ref update. When another writer moved the ref
 * meanwhile GitHub answers 422 ("not a fast forward"); the write is then rebuilt on the new head
 * after a jittered backoff, so concurrent writers never lose each other's files. A missing branch
 * is created as an orphan commit with the layout; two writers creating it at once resolve the
 * same way (the loser's `createRef` gets 422 and it commits onto the winner's branch).
 */
export class GitPagesStore implements PagesStore {
  readonly kind = 'git' as const;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  /**
   * Blob sha of each file this store has read (null: read and found absent). A later one-file
   * commit of such a file is a single contents PUT carrying that sha; GitHub refuses it (409)
   * when the file changed meanwhile, and the full commit takes over.
   */
  private readonly readShas = new Map<string, string | null>();

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repo: RepositoryRef,
    readonly branch: string,
    private readonly options: GitPagesStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoffMs = options.backoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 8000;
  }

  async exists(): Promise<boolean> {
    return (await this.headCommit()) !== null;
  }

  /** One request: the recursive tree of the branch (a ref name is a valid tree-ish). */
  async list(prefix: string): Promise<PagesEntry[]> {
    let data: TreeResponse;
    try {
      data = (await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: this.branch, recursive: 'true' }))
        .data as TreeResponse;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404 || status === 409) return [];
      throw error;
    }
    let entries = blobsOf(data.tree);
    if (data.truncated) entries = await this.listTruncated(data.sha, prefix);
    return entries.filter((e) => e.path.startsWith(prefix)).sort((a, b) => compare(a.path, b.path));
  }

  /**
   * One request at any size: the raw media type returns the file's bytes, where the JSON answer
   * leaves out files over 1 MB (GitHub's contents API; the blob would cost a second request).
   * The blob sha a later contents PUT must name is the git hash of those bytes.
   */
  async read(path: string): Promise<string | null> {
    let data: unknown;
    try {
      data = (
        await this.octokit.rest.repos.getContent({
          ...this.repo,
          path,
          ref: this.branch,
          headers: { accept: RAW_MEDIA_TYPE },
        })
      ).data;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404) this.readShas.set(path, null);
      if (status === 404 || status === 409) return null;
      throw error;
    }
    if (typeof data === 'string' || data instanceof ArrayBuffer) {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data);
      this.readShas.set(path, gitBlobSha(bytes));
      return typeof data === 'string' ? data : bytes.toString('utf8');
    }
    // JSON instead of bytes: a directory or submodule (never a file), or a server that ignored
    // the media type and sent the file's metadata.
    const file = data as { type?: unknown; sha?: unknown; encoding?: unknown; content?: unknown };
    if (Array.isArray(data) || file?.type !== 'file' || typeof file.sha !== 'string') return null;
    this.readShas.set(path, file.sha);
    if (file.encoding === 'base64' && typeof file.content === 'string')
      return Buffer.from(file.content, 'base64').toString('utf8');
    return this.readBlob(file.sha);
  }

  async readMany(items: ReadonlyArray<string | PagesEntry>): Promise<Map<string, string | null>> {
    const result = new Map<string, string | null>();
    const wanted = items.map((item) => (typeof item === 'string' ? { path: item } : item));
    let shas: Map<string, string> | undefined;
    if (wanted.some((w) => !w.sha)) {
      shas = new Map((await this.list('')).map((e) => [e.path, e.sha!]));
    }
    const jobs = wanted.map((w) => ({ path: w.path, sha: w.sha ?? shas?.get(w.path) }));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < jobs.length) {
        const job = jobs[next++]!;
        result.set(job.path, job.sha ? await this.readBlob(job.sha) : null);
      }
    };
    await Promise.all(Array.from({ length: Math.min(BLOB_READ_CONCURRENCY, jobs.length) }, worker));
    // Keep the caller's order.
    return new Map(wanted.map((w) => [w.path, result.get(w.path) ?? null]));
  }

  async commit(files: Readonly<Record<string, string | null>>, message: string): Promise<CommitResult> {
    for (const path of Object.keys(files)) assertPagesPath(path);
    const single = Object.entries(files);
    if (single.length === 1 && single[0]![1] !== null && this.readShas.has(single[0]![0])) {
      const [path, content] = single[0] as [string, string];
      const done = await this.putContents(path, content, message, this.readShas.get(path) ?? undefined);
      if (done) return done;
    }
    const writes = Object.entries(files).filter((e): e is [string, string] => e[1] !== null);
    const deletions = Object.entries(files)
      .filter(([, content]) => content === null)
      .map(([path]) => path);
    // Large files go up once as blobs; the blob does not depend on the head, so retries reuse it.
    const blobs = new Map<string, string>();
    for (const [path, content] of writes) {
      if (Buffer.byteLength(content) > INLINE_LIMIT) blobs.set(path, await this.createBlob(content));
    }
    const treeItem = (path: string, content: string): TreeItem => {
      const sha = blobs.get(path);
      return sha
        ? { path, mode: '100644', type: 'blob', sha }
        : { path, mode: '100644', type: 'blob', content };
    };

    let lastError: unknown;
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      if (attempt > 0) await this.wait(attempt);
      const headSha = await this.headCommit();
      const head = headSha ? await this.readHead(headSha) : null;
      try {
        if (!head) {
          if (writes.length === 0) return { commit: '', retries: attempt, created: false, unchanged: true };
          const layout = this.options.layout ?? PAGES_LAYOUT;
          const tree = [
            ...Object.entries(layout)
              .filter(([path]) => !(path in files))
              .map(([path, content]) => treeItem(path, content)),
            ...writes.map(([path, content]) => treeItem(path, content)),
          ];
          const commit = await this.createBranch(tree, message);
          return { commit, retries: attempt, created: true };
        }
        // Deleting a path that is not there would fail the tree request: keep only existing ones.
        const existing = deletions.length > 0 ? await this.existingPaths(head.tree, deletions) : new Set();
        const tree: TreeItem[] = [
          ...writes.map(([path, content]) => treeItem(path, content)),
          ...deletions
            .filter((p) => existing.has(p))
            .map((path): TreeItem => ({ path, mode: '100644', type: 'blob', sha: null })),
        ];
        if (tree.length === 0)
          return { commit: head.commit, retries: attempt, created: false, unchanged: true };
        const commit = await this.commitOnto(head, tree, message);
        return commit
          ? { commit, retries: attempt, created: false }
          : { commit: head.commit, retries: attempt, created: false, unchanged: true };
      } catch (error) {
        if (!(error instanceof RefRace)) throw error;
        lastError = error.cause;
        this.options.log?.(
          `${error.message}; re-reading ${this.branch} and retrying (attempt ${attempt + 2} of ${this.maxAttempts}).`,
        );
      }
    }
    throw lastError;
  }

  /**
   * One request instead of five: the contents API creates the file and its commit on the branch
   * head in a single `PUT`. A missing branch (404), an existing file (422: GitHub wants its sha)
   * or a branch that keeps moving under concurrent writers (409) falls back to `commit`, which
   * handles all three.
   */
  async createFile(path: string, content: string, message: string): Promise<CommitResult> {
    assertPagesPath(path);
    return (
      (await this.putContents(path, content, message, undefined)) ?? this.commit({ [path]: content }, message)
    );
  }

  /**
   * A file as one contents `PUT` (with its blob sha when it replaces one this store read).
   * Undefined when GitHub refuses it (404, 409, 422: the branch is missing, the file changed or
   * exists) or it is too large: the caller then makes a full commit.
   */
  private async putContents(
    path: string,
    content: string,
    message: string,
    sha: string | undefined,
  ): Promise<CommitResult | undefined> {
    if (Buffer.byteLength(content) > PUT_LIMIT) return undefined;
    try {
      const { data } = await this.octokit.rest.repos.createOrUpdateFileContents({
        ...this.repo,
        path,
        message,
        branch: this.branch,
        content: Buffer.from(content).toString('base64'),
        ...(sha ? { sha } : {}),
      });
      this.readShas.set(path, data.content?.sha ?? null);
      return { commit: data.commit.sha ?? '', retries: 0, created: false };
    } catch (error) {
      const status = httpStatusOf(error);
      if (status !== 404 && status !== 409 && status !== 422) throw error;
      this.readShas.delete(path);
      this.options.log?.(
        `Writing ${path} in one request was refused (HTTP ${status}); committing it instead.`,
      );
      return undefined;
    }
  }

  /** the branch head, or null when the branch (or every ref: an empty repository) is missing */
  private async headCommit(): Promise<string | null> {
    try {
      const ref = await this.octokit.rest.git.getRef({ ...this.repo, ref: `heads/${this.branch}` });
      const object = ref.data.object as { sha: string; type?: string };
      return object.sha;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404 || status === 409) return null;
      throw error;
    }
  }

  /** `null` when the new tree equals the head's tree (nothing changed: no commit) */
  private async commitOnto(resolved: BranchHead, tree: TreeItem[], message: string): Promise<string | null> {
    const newTree = await this.octokit.rest.git.createTree({
      ...this.repo,
      base_tree: resolved.tree,
      tree: tree as never,
    });
    if (newTree.data.sha === resolved.tree) return null;
    const commit = await this.octokit.rest.git.createCommit({
      ...this.repo,
      message,
      tree: newTree.data.sha,
      parents: [resolved.commit],
    });
    try {
      await this.octokit.rest.git.updateRef({
        ...this.repo,
        ref: `heads/${this.branch}`,
        sha: commit.data.sha,
        force: false,
      });
    } catch (error) {
      const status = httpStatusOf(error);
      // 422: not a fast forward (someone else committed) or the ref vanished; 409: repository busy.
      if (status === 422 || status === 409) throw new RefRace(`The ${this.branch} branch moved`, error);
      throw error;
    }
    return commit.data.sha;
  }

  private async createBranch(tree: TreeItem[], message: string): Promise<string> {
    let commitSha: string;
    try {
      const newTree = await this.octokit.rest.git.createTree({ ...this.repo, tree: tree as never });
      const commit = await this.octokit.rest.git.createCommit({
        ...this.repo,
        message,
        tree: newTree.data.sha,
        parents: [],
      });
      commitSha = commit.data.sha;
    } catch (error) {
      if (httpStatusOf(error) === 409) {
        throw new Error(
          `Cannot create the ${this.branch} branch: the repository is empty (the Git Data API needs at least one commit). Push any commit first.`,
        );
      }
      throw error;
    }
    try {
      await this.octokit.rest.git.createRef({
        ...this.repo,
        ref: `refs/heads/${this.branch}`,
        sha: commitSha,
      });
    } catch (error) {
      // 422 "Reference already exists": another writer created the branch first.
      if (httpStatusOf(error) === 422)
        throw new RefRace(`The ${this.branch} branch appeared meanwhile`, error);
      throw error;
    }
    return commitSha;
  }

  private async readHead(commitSha: string): Promise<BranchHead> {
    const commit = await this.octokit.rest.git.getCommit({ ...this.repo, commit_sha: commitSha });
    return { commit: commit.data.sha, tree: commit.data.tree.sha };
  }

  private async existingPaths(treeSha: string, paths: readonly string[]): Promise<Set<string>> {
    const { data } = await this.octokit.rest.git.getTree({
      ...this.repo,
      tree_sha: treeSha,
      recursive: 'true',
    });
    const tree = data as TreeResponse;
    const found = new Set(blobsOf(tree.tree).map((e) => e.path));
    if (!tree.truncated) return new Set(paths.filter((p) => found.has(p)));
    // A truncated listing may miss paths: look each directory up on its own.
    const result = new Set<string>();
    const dirs = new Map<string, Set<string>>();
    for (const path of paths) {
      const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
      if (!dirs.has(dir)) dirs.set(dir, new Set((await this.listDirectory(treeSha, dir)).map((e) => e.path)));
      if (dirs.get(dir)!.has(path)) result.add(path);
    }
    return result;
  }

  /** blobs directly inside `dir` ('' = root), walking one tree per path segment */
  private async listDirectory(rootTree: string, dir: string): Promise<PagesEntry[]> {
    let sha = rootTree;
    for (const segment of dir === '' ? [] : dir.split('/')) {
      const { data } = await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: sha });
      const entry = (data as TreeResponse).tree.find((e) => e.path === segment && e.type === 'tree');
      if (!entry?.sha) return [];
      sha = entry.sha;
    }
    const { data } = await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: sha });
    const prefix = dir === '' ? '' : `${dir}/`;
    return blobsOf((data as TreeResponse).tree).map((e) => ({ path: prefix + e.path, sha: e.sha }));
  }

  /** the recursive listing was truncated: list the prefix's folder recursively on its own */
  private async listTruncated(rootTree: string, prefix: string): Promise<PagesEntry[]> {
    const dir = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
    let sha = rootTree;
    for (const segment of dir === '' ? [] : dir.split('/')) {
      const { data } = await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: sha });
      const entry = (data as TreeResponse).tree.find((e) => e.path === segment && e.type === 'tree');
      if (!entry?.sha) return [];
      sha = entry.sha;
    }
    const { data } = await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: sha, recursive: 'true' });
    const tree = data as TreeResponse;
    if (tree.truncated)
      this.options.log?.(`The listing of ${prefix} on ${this.branch} is truncated by GitHub.`);
    const base = dir === '' ? '' : `${dir}/`;
    return blobsOf(tree.tree).map((e) => ({ path: base + e.path, sha: e.sha }));
  }

  private async readBlob(sha: string): Promise<string> {
    const blob = await this.octokit.rest.git.getBlob({ ...this.repo, file_sha: sha });
    return Buffer.from(blob.data.content, blob.data.encoding === 'utf-8' ? 'utf8' : 'base64').toString(
      'utf8',
    );
  }

  private async createBlob(content: string): Promise<string> {
    const blob = await this.octokit.rest.git.createBlob({
      ...this.repo,
      content: Buffer.from(content).toString('base64'),
      encoding: 'base64',
    });
    return blob.data.sha;
  }

  /** full jitter: a random wait up to base × 2^(attempt-1), capped */
  private wait(attempt: number): Promise<void> {
    const ceiling = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
    const ms = Math.round(ceiling * (0.25 + 0.75 * Math.random()));
    return (this.options.sleep ?? sleep)(ms);
  }
}

interface TreeResponse {
  readonly sha: string;
  readonly truncated?: boolean;
  readonly tree: ReadonlyArray<{ path?: string; type?: string; sha?: string }>;
}

function blobsOf(tree: TreeResponse['tree']): PagesEntry[] {
  return tree
    .filter((e) => e.type === 'blob' && typeof e.path === 'string' && typeof e.sha === 'string')
    .map((e) => ({ path: e.path!, sha: e.sha! }));
}

/** byte order, as git sorts (stable across locales) */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The sha git gives a blob of these bytes (what the contents API calls the file's `sha`). */
export function gitBlobSha(bytes: Buffer): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
