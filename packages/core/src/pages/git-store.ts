import type { GitHubClient } from '../github/client.js';
import { httpStatusOf } from '../github/errors.js';
import type { RepositoryRef } from '../repository-ref.js';
import type { CommitResult, PagesEntry, PagesStore } from './store.js';

export interface GitPagesStoreOptions {
  readonly maxAttempts?: number;
  /** base of the backoff between attempts after the ref moved */
  readonly backoffMs?: number;
  readonly log?: (message: string) => void;
}

interface BranchHead {
  readonly commit: string;
  readonly tree: string;
}

/**
 * The pages branch through the Git Data API, no checkout: each write is one tree (on `base_tree`,
 * inline content) and one commit, then a fast-forward ref update. When another writer moved the
 * ref meanwhile, GitHub answers 422 and the write is rebuilt on the new head and tried again.
 */
export class GitPagesStore implements PagesStore {
  readonly kind = 'git' as const;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;

  constructor(
    private readonly octokit: GitHubClient,
    private readonly repo: RepositoryRef,
    readonly branch: string,
    private readonly options: GitPagesStoreOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoffMs = options.backoffMs ?? 250;
  }

  async exists(): Promise<boolean> {
    return (await this.head()) !== null;
  }

  async list(prefix: string): Promise<PagesEntry[]> {
    const head = await this.head();
    if (!head) return [];
    const { data } = await this.octokit.rest.git.getTree({
      ...this.repo,
      tree_sha: head.tree,
      recursive: 'true',
    });
    return data.tree
      .filter((e) => e.type === 'blob' && typeof e.path === 'string' && e.path.startsWith(prefix))
      .map((e) => ({ path: e.path!, sha: e.sha! }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  async read(path: string): Promise<string | null> {
    try {
      const { data } = await this.octokit.rest.repos.getContent({ ...this.repo, path, ref: this.branch });
      if (Array.isArray(data) || data.type !== 'file') return null;
      if ('content' in data && typeof data.content === 'string' && data.content !== '') {
        return Buffer.from(data.content, 'base64').toString('utf8');
      }
      // Files over 1 MB come without content: read the blob.
      const blob = await this.octokit.rest.git.getBlob({ ...this.repo, file_sha: data.sha });
      return Buffer.from(blob.data.content, 'base64').toString('utf8');
    } catch (error) {
      if (httpStatusOf(error) === 404) return null;
      throw error;
    }
  }

  async commit(files: Readonly<Record<string, string | null>>, message: string): Promise<CommitResult> {
    let lastError: unknown;
    for (let attempt = 0; attempt < this.maxAttempts; attempt += 1) {
      if (attempt > 0) await sleep(this.backoffMs * 2 ** (attempt - 1) * (0.5 + Math.random()));
      const head = await this.head();
      try {
        const result = head
          ? await this.commitOnto(head, files, message)
          : await this.createBranch(files, message);
        return { ...result, retries: attempt };
      } catch (error) {
        // 422: the ref moved (not a fast forward) or the branch appeared meanwhile; 409: repository busy.
        const status = httpStatusOf(error);
        if (status !== 422 && status !== 409) throw error;
        lastError = error;
        this.options.log?.(`The ${this.branch} branch moved during a write; retrying (${attempt + 1}).`);
      }
    }
    throw lastError;
  }

  private async head(): Promise<BranchHead | null> {
    try {
      const ref = await this.octokit.rest.git.getRef({ ...this.repo, ref: `heads/${this.branch}` });
      const commit = await this.octokit.rest.git.getCommit({ ...this.repo, commit_sha: ref.data.object.sha });
      return { commit: commit.data.sha, tree: commit.data.tree.sha };
    } catch (error) {
      if (httpStatusOf(error) === 404 || httpStatusOf(error) === 409) return null;
      throw error;
    }
  }

  private async commitOnto(
    head: BranchHead,
    files: Readonly<Record<string, string | null>>,
    message: string,
  ) {
    const existing = new Set(
      Object.values(files).some((c) => c === null) ? (await this.listTree(head.tree)).map((e) => e.path) : [],
    );
    const tree = Object.entries(files)
      .filter(([path, content]) => content !== null || existing.has(path))
      .map(([path, content]) =>
        content === null
          ? { path, mode: '100644' as const, type: 'blob' as const, sha: null }
          : { path, mode: '100644' as const, type: 'blob' as const, content },
      );
    const newTree = await this.octokit.rest.git.createTree({ ...this.repo, base_tree: head.tree, tree });
    const commit = await this.octokit.rest.git.createCommit({
      ...this.repo,
      message,
      tree: newTree.data.sha,
      parents: [head.commit],
    });
    await this.octokit.rest.git.updateRef({
      ...this.repo,
      ref: `heads/${this.branch}`,
      sha: commit.data.sha,
      force: false,
    });
    return { commit: commit.data.sha, created: false };
  }

  private async createBranch(files: Readonly<Record<string, string | null>>, message: string) {
    const tree = Object.entries(files)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([path, content]) => ({ path, mode: '100644' as const, type: 'blob' as const, content }));
    const newTree = await this.octokit.rest.git.createTree({ ...this.repo, tree });
    const commit = await this.octokit.rest.git.createCommit({
      ...this.repo,
      message,
      tree: newTree.data.sha,
      parents: [],
    });
    await this.octokit.rest.git.createRef({
      ...this.repo,
      ref: `refs/heads/${this.branch}`,
      sha: commit.data.sha,
    });
    return { commit: commit.data.sha, created: true };
  }

  private async listTree(treeSha: string): Promise<PagesEntry[]> {
    const { data } = await this.octokit.rest.git.getTree({
      ...this.repo,
      tree_sha: treeSha,
      recursive: 'true',
    });
    return data.tree.filter((e) => e.type === 'blob').map((e) => ({ path: e.path!, sha: e.sha! }));
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
