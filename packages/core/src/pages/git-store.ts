import type { GitHubClient } from '../github/client.js';
import { gitBlobSha } from '../ledger/telemetry-entry.js';
import type { ReadOnlyGitHub } from '../github/read-only.js';
import { httpStatusOf } from '../github/errors.js';
import type { RepositoryRef } from '../repository-ref.js';
import { defaultBranchRefusal, isDefaultBranch } from './branch-rule.js';
import { jsonBodyWithBase64 } from './base64-body.js';
import { assertPagesPath, PAGES_LAYOUT } from './layout.js';
import type { CommitResult, PagesChange, PagesEntry, PagesFiles, PagesStore, PagesView } from './store.js';

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
  /**
   * The repository's default branch when it is already known (the workflow's event payload
   * names it): the default-branch rule then needs no lookup before a contents PUT.
   */
  readonly defaultBranch?: string;
  /** replaces the wait between attempts (tests) */
  readonly sleep?: (ms: number) => Promise<void>;
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

/** The head moved (or the branch appeared or vanished) since the write was built: rebuild on the new head. */
class RefRace extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super(message);
  }
}

/**
 * The pages branch through GitHub's API, no checkout. Every write is a compare-and-swap: it is
 * built on one head and lands only if the branch still points there.
 *
 * - A commit is one GraphQL `createCommitOnBranch` with `expectedHeadOid` = the head it was built
 *   on. When the head moved meanwhile (another writer, or a maintainer's force-push or rewind)
 *   GitHub refuses it (`STALE_DATA`); the write is then rebuilt on the new head — a change given
 *   as a function re-reads what it needs there — and retried after a jittered backoff, a bounded
 *   number of times. A REST ref update with `force: false` would not do: it accepts any
 *   descendant of the current head, so a commit built before a rewind would still "fast-forward"
 *   and bring back what the maintainer dropped.
 * - One file in one contents `PUT`: a new file (no sha; GitHub refuses it when the path exists)
 *   or a file this store read (its blob sha; GitHub refuses it when the file changed). GitHub
 *   builds that commit on the branch head it has at that moment, so no other file can come from
 *   a stale tree, and the sha makes it a compare-and-swap on the file itself. A refusal falls
 *   back to the commit above.
 * - A missing branch is created through REST (tree, commit, `createRef`: GitHub refuses a ref
 *   that exists, so two creators cannot both win); the loser commits onto the winner's branch.
 * - It never writes to the repository's default branch (branch-rule.ts), which it learns from the
 *   event payload, from the head query of a commit, or with that query before a contents PUT.
 */
export class GitPagesStore implements PagesStore {
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  /**
   * Blob sha of each file this store has read (null: read and found absent). A later one-file
   * commit of such a file is a single contents PUT carrying that sha; GitHub refuses it (409)
   * when the file changed meanwhile, and the full commit takes over.
   */
  private readonly readShas = new Map<string, string | null>();
  /** whether the default-branch rule has been checked (it needs one lookup) */
  private checked = false;
  /** the error every write gets when the branch is the repository's default branch */
  private refusal: Error | undefined;

  /** what the store reads with */
  private readonly octokit: ReadOnlyGitHub;
  /** what it writes with; absent, the store only reads */
  private readonly writes: GitHubClient | undefined;

  /** `github`: one client for both, or the run's read client and its writer (held by the write guard) */
  constructor(
    github: GitHubClient | { readonly reads: ReadOnlyGitHub; readonly writes?: GitHubClient },
    private readonly repo: RepositoryRef,
    readonly branch: string,
    private readonly options: GitPagesStoreOptions = {},
  ) {
    this.octokit = 'reads' in github ? github.reads : github;
    this.writes = 'reads' in github ? github.writes : github;
    if (options.defaultBranch !== undefined) this.learnDefaultBranch(options.defaultBranch);
    this.maxAttempts = options.maxAttempts ?? 10;
    this.backoffMs = options.backoffMs ?? 250;
    this.maxBackoffMs = options.maxBackoffMs ?? 8000;
  }

  async exists(): Promise<boolean> {
    return (await this.headCommit()) !== null;
  }

  /** One request: the recursive tree of the branch (a ref name is a valid tree-ish). */
  async list(prefix: string): Promise<PagesEntry[]> {
    return (await this.listAt(prefix, this.branch)) ?? [];
  }

  /** The same one request; GitHub answers 404 (409 in an empty repository) for a missing branch. */
  listIfExists(prefix: string): Promise<PagesEntry[] | null> {
    return this.listAt(prefix, this.branch);
  }

  private async listAt(prefix: string, treeish: string): Promise<PagesEntry[] | null> {
    let data: TreeResponse;
    try {
      data = (await this.octokit.rest.git.getTree({ ...this.repo, tree_sha: treeish, recursive: 'true' }))
        .data as TreeResponse;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404 || status === 409) return null;
      throw error;
    }
    let entries = blobsOf(data.tree);
    if (data.truncated) entries = await this.listTruncated(data.sha, prefix);
    return entries.filter((e) => e.path.startsWith(prefix)).sort((a, b) => compare(a.path, b.path));
  }

  read(path: string): Promise<string | null> {
    return this.readAt(path, this.branch);
  }

  /**
   * A file at `ref` (the branch, or the commit a write is built on), in one request at any size:
   * the raw media type returns the file's bytes, where the JSON answer leaves out files over 1 MB
   * (GitHub's contents API; the blob would cost a second request). The blob sha a later contents
   * PUT must name is the git hash of those bytes.
   */
  private async readAt(path: string, ref: string): Promise<string | null> {
    let data: unknown;
    try {
      data = (
        await this.octokit.rest.repos.getContent({
          ...this.repo,
          path,
          ref,
          headers: { accept: RAW_MEDIA_TYPE },
        })
      ).data;
    } catch (error) {
      const status = httpStatusOf(error);
      if (status === 404) this.readShas.set(path, null);
      if (status === 404 || status === 409) return null;
      throw error;
    }
    if (typeof data === 'string') {
      this.readShas.set(path, gitBlobSha(data));
      return data;
    }
    if (data instanceof ArrayBuffer) {
      const bytes = Buffer.from(data);
      this.readShas.set(path, gitBlobSha(bytes));
      return bytes.toString('utf8');
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
    const unknown = wanted.filter((w) => !w.sha);
    // One path without a sha: its contents read is one request; the listing would be one more.
    if (unknown.length === 1 && wanted.length === 1) {
      const path = unknown[0]!.path;
      return new Map([[path, await this.read(path)]]);
    }
    let shas: Map<string, string> | undefined;
    if (unknown.length > 0) {
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

  async commit(change: PagesChange, message: string): Promise<CommitResult> {
    if (typeof change !== 'function') for (const path of Object.keys(change)) assertPagesPath(path);
    if (this.refusal) throw this.refusal;
    const single = typeof change === 'function' ? [] : Object.entries(change);
    if (single.length === 1 && single[0]![1] !== null && this.readShas.has(single[0]![0])) {
      const [path, content] = single[0] as [string, string];
      await this.assertWritable();
      const done = await this.putContents(path, content, message, this.readShas.get(path) ?? undefined);
      if (done) return done;
    }

    let lastError: unknown;
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      if (attempt > 0) await this.wait(attempt);
      const head = await this.branchHead();
      // What the change writes, built on this head (a function re-reads what it needs there).
      const files = typeof change === 'function' ? await change(this.viewAt(head)) : change;
      for (const path of Object.keys(files)) assertPagesPath(path);
      try {
        return head
          ? await this.commitOnto(head, files, message, attempt)
          : await this.createBranch(files, message, attempt);
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

  /** The branch as it is at `head` (null: missing), for a change that rebuilds on it. */
  private viewAt(head: string | null): PagesView {
    return {
      read: (path) => (head ? this.readAt(path, head) : Promise.resolve(null)),
      list: async (prefix) => (head ? ((await this.listAt(prefix, head)) ?? []) : []),
    };
  }

  /**
   * The head a write builds on (null: the branch is missing), and the default-branch rule
   * (branch-rule.ts), in one GraphQL request.
   */
  private async branchHead(): Promise<string | null> {
    if (this.refusal) throw this.refusal;
    const { repository } = await this.octokit.graphql<BranchHeadAnswer>(BRANCH_HEAD, {
      owner: this.repo.owner,
      name: this.repo.repo,
      ref: `refs/heads/${this.branch}`,
    });
    this.learnDefaultBranch(repository?.defaultBranchRef?.name);
    if (this.refusal) throw this.refusal;
    return repository?.ref?.target?.oid ?? null;
  }

  private learnDefaultBranch(defaultBranch: string | null | undefined): void {
    this.checked = true;
    if (isDefaultBranch(this.branch, defaultBranch)) {
      this.refusal = Object.assign(
        new Error(defaultBranchRefusal(this.branch, `${this.repo.owner}/${this.repo.repo}`)),
        { code: 'pages_branch_is_default' },
      );
    }
  }

  /** The default-branch rule before a write that needs no head (a contents PUT). */
  private async assertWritable(): Promise<void> {
    if (this.refusal) throw this.refusal;
    if (!this.checked) await this.branchHead();
  }

  /**
   * One request: the contents API creates the file and its commit on the branch head GitHub has
   * at that moment, in a single `PUT`. A missing branch (404), an existing file (422: GitHub
   * wants its sha) or a branch busy with concurrent writers (409) falls back to `commit`, which
   * handles all three.
   */
  async createFile(path: string, content: string, message: string): Promise<CommitResult> {
    assertPagesPath(path);
    await this.assertWritable();
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
      // createOrUpdateFileContents, its body built as one Blob (base64-body.ts).
      const { data } = (await this.writer().request({
        method: 'PUT',
        url: '/repos/{owner}/{repo}/contents/{path}',
        ...this.repo,
        path,
        data: jsonBodyWithBase64((base64) => ({
          message,
          branch: this.branch,
          content: base64(content),
          ...(sha ? { sha } : {}),
        })),
      })) as { data: { content?: { sha?: string } | null; commit: { sha?: string } } };
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

  /**
   * One `createCommitOnBranch` built on `head`, refused by GitHub when the branch no longer points
   * there. Deletions of paths the head does not have are dropped first (GitHub refuses them).
   */
  private async commitOnto(
    head: string,
    files: PagesFiles,
    message: string,
    attempt: number,
  ): Promise<CommitResult> {
    const entries = Object.entries(files);
    const additions = entries.filter((e): e is [string, string] => e[1] !== null);
    const deleting = entries.filter(([, content]) => content === null).map(([path]) => path);
    const existing = deleting.length > 0 ? await this.existingPaths(head, deleting) : new Set<string>();
    const deletions = deleting.filter((path) => existing.has(path)).map((path) => ({ path }));
    if (additions.length === 0 && deletions.length === 0)
      return { commit: head, retries: attempt, created: false, unchanged: true };
    let result: { createCommitOnBranch: { commit: { oid: string } } | null } | undefined;
    try {
      result = await this.graphqlWrite(
        jsonBodyWithBase64((base64) => ({
          query: CREATE_COMMIT,
          variables: {
            input: {
              branch: {
                repositoryNameWithOwner: `${this.repo.owner}/${this.repo.repo}`,
                branchName: this.branch,
              },
              expectedHeadOid: head,
              message: { headline: message },
              fileChanges: {
                additions: additions.map(([path, content]) => ({ path, contents: base64(content) })),
                deletions,
              },
            },
          },
        })),
      );
    } catch (error) {
      // STALE_DATA: the head moved; NOT_FOUND: the branch vanished. Both: rebuild on what is there now.
      const types = graphqlErrorTypes(error);
      if (types.includes('STALE_DATA') || types.includes('NOT_FOUND'))
        throw new RefRace(`The ${this.branch} branch moved`, error);
      throw error;
    }
    const oid = result?.createCommitOnBranch?.commit.oid;
    if (!oid) throw new Error(`GitHub did not say which commit it made on ${this.branch}.`);
    return { commit: oid, retries: attempt, created: false };
  }

  /** A new branch: an orphan commit of the layout and the files (REST: the mutation needs a head). */
  private async createBranch(files: PagesFiles, message: string, attempt: number): Promise<CommitResult> {
    const writes = Object.entries(files).filter((e): e is [string, string] => e[1] !== null);
    if (writes.length === 0) return { commit: '', retries: attempt, created: false, unchanged: true };
    const layout = this.options.layout ?? PAGES_LAYOUT;
    const tree: TreeItem[] = [];
    for (const [path, content] of [
      ...Object.entries(layout).filter(([path]) => !(path in files)),
      ...writes,
    ]) {
      // Large files go up as their own blob rather than inline in the tree request.
      tree.push(
        Buffer.byteLength(content) > INLINE_LIMIT
          ? { path, mode: '100644', type: 'blob', sha: await this.createBlob(content) }
          : { path, mode: '100644', type: 'blob', content },
      );
    }
    let commitSha: string;
    try {
      const newTree = await this.writer().rest.git.createTree({ ...this.repo, tree: tree as never });
      const commit = await this.writer().rest.git.createCommit({
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
      await this.writer().rest.git.createRef({
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
    return { commit: commitSha, retries: attempt, created: true };
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
    const blob = (await this.writer().request({
      method: 'POST',
      url: '/repos/{owner}/{repo}/git/blobs',
      ...this.repo,
      data: jsonBodyWithBase64((base64) => ({ content: base64(content), encoding: 'base64' })),
    })) as { data: { sha: string } };
    return blob.data.sha;
  }

  /**
   * A GraphQL mutation whose JSON body is already built (`octokit.graphql` would serialise its
   * variables into one more string): the same request, and its errors thrown as octokit does
   * (`errors` on the error, the first messages in its text).
   */
  private async graphqlWrite<T>(body: Blob): Promise<T | undefined> {
    const writer = this.writer();
    const baseUrl = String(writer.request.endpoint.DEFAULTS.baseUrl);
    // GitHub Enterprise Server answers GraphQL at /api/graphql, beside its REST /api/v3 (as octokit.graphql).
    const url = GHES_REST_SUFFIX.test(baseUrl)
      ? baseUrl.replace(GHES_REST_SUFFIX, '/api/graphql')
      : '/graphql';
    const { data, headers } = await writer.request({ method: 'POST', url, data: body });
    const answer = data as { data?: T; errors?: Array<{ message?: string; type?: string }> };
    if (Array.isArray(answer.errors) && answer.errors.length > 0) {
      throw Object.assign(
        new Error(
          `Request failed due to following response errors:\n${answer.errors.map((e) => ` - ${e.message}`).join('\n')}`,
        ),
        { name: 'GraphqlResponseError', errors: answer.errors, data: answer.data, headers },
      );
    }
    return answer.data;
  }

  /** full jitter: a random wait up to base × 2^(attempt-1), capped */
  private writer(): GitHubClient {
    if (!this.writes)
      throw new Error(`This store of ${this.branch} only reads: it was given no client to write with.`);
    return this.writes;
  }

  private wait(attempt: number): Promise<void> {
    const ceiling = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
    const ms = Math.round(ceiling * (0.25 + 0.75 * Math.random()));
    return (this.options.sleep ?? sleep)(ms);
  }
}

const BRANCH_HEAD = `query ($owner: String!, $name: String!, $ref: String!) {
  repository(owner: $owner, name: $name) {
    defaultBranchRef { name }
    ref(qualifiedName: $ref) { target { oid } }
  }
}`;

interface BranchHeadAnswer {
  repository: {
    defaultBranchRef: { name: string } | null;
    ref: { target: { oid: string } | null } | null;
  } | null;
}

const GHES_REST_SUFFIX = /\/api\/v3\/?$/;

const CREATE_COMMIT = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;

/** the `type` of each error a GraphQL answer carried (octokit throws them as `errors`) */
function graphqlErrorTypes(error: unknown): string[] {
  const errors = (error as { errors?: unknown })?.errors;
  return Array.isArray(errors)
    ? errors.map((e) => String((e as { type?: unknown })?.type ?? '')).filter((t) => t !== '')
    : [];
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
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
