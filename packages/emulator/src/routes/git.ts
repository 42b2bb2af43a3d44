import type { CommitData, FlatEntry, GitStore } from '../git.js';
import { bodyObject, json, noContent, type Route, type RouteContext, repoOf } from '../router.js';
import { nodeId, repoUrl, type ShapeContext } from '../shapes.js';
import type { RepoRecord } from '../types.js';
import { HttpError, notFound, unprocessable, validationFailed } from '../wire/errors.js';
import { isoSeconds, parseTime } from '../wire/time.js';

const READ = { scope: 'contents', access: 'read' } as const;
const WRITE = { scope: 'contents', access: 'write' } as const;
const SHA = /^[0-9a-f]{40}$/;
const MODES = new Set(['100644', '100755', '040000', '160000', '120000']);

/** A stable numeric id for a sha, for node ids. */
const shaNum = (sha: string): number => Number.parseInt(sha.slice(0, 12), 16);

function refShape(ctx: ShapeContext, repo: RepoRecord, ref: string, sha: string): Record<string, unknown> {
  const type = repo.git.typeOf(sha) ?? 'commit';
  return {
    ref,
    node_id: nodeId('REF', shaNum(sha) + ref.length),
    url: `${repoUrl(ctx, repo)}/git/${ref}`,
    object: { sha, type, url: `${repoUrl(ctx, repo)}/git/${type}s/${sha}` },
  };
}

export function commitShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  sha: string,
  commit: CommitData,
): Record<string, unknown> {
  const signature = (s: CommitData['author']) => ({ name: s.name, email: s.email, date: isoSeconds(s.date) });
  return {
    sha,
    node_id: nodeId('C', shaNum(sha)),
    url: `${repoUrl(ctx, repo)}/git/commits/${sha}`,
    html_url: `${ctx.base}/${repo.fullName}/commit/${sha}`,
    author: signature(commit.author),
    committer: signature(commit.committer),
    tree: { sha: commit.tree, url: `${repoUrl(ctx, repo)}/git/trees/${commit.tree}` },
    message: commit.message,
    parents: commit.parents.map((parent) => ({
      sha: parent,
      url: `${repoUrl(ctx, repo)}/git/commits/${parent}`,
      html_url: `${ctx.base}/${repo.fullName}/commit/${parent}`,
    })),
    verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  };
}

function treeShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  sha: string,
  recursive: boolean,
): Record<string, unknown> {
  const git = repo.git;
  const tree: Record<string, unknown>[] = [];
  const walk = (treeSha: string, prefix: string): void => {
    for (const entry of git.tree(treeSha) ?? []) {
      const path = prefix + entry.name;
      const item: Record<string, unknown> = { path, mode: entry.mode, type: entry.type, sha: entry.sha };
      if (entry.type === 'blob') item.size = git.blob(entry.sha)?.length ?? 0;
      item.url = `${repoUrl(ctx, repo)}/git/${entry.type}s/${entry.sha}`;
      tree.push(item);
      if (recursive && entry.type === 'tree') walk(entry.sha, `${path}/`);
    }
  };
  walk(sha, '');
  return { sha, url: `${repoUrl(ctx, repo)}/git/trees/${sha}`, tree, truncated: false };
}

/** Base64 with a line break every 60 characters, as GitHub's blob and contents APIs send it. */
export function base64Lines(data: Buffer): string {
  const encoded = data.toString('base64');
  return encoded.length === 0 ? '' : `${encoded.replace(/(.{60})/g, '$1\n').replace(/\n$/, '')}\n`;
}

function fullRef(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`;
}

function sortedRefs(git: GitStore): Array<[string, string]> {
  return [...git.refs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function requireSha(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw validationFailed([{ resource: 'Reference', code: 'missing_field', field }]);
  }
  return value;
}

function buildTree(git: GitStore, body: Record<string, unknown>): string {
  const entries = body.tree;
  if (!Array.isArray(entries))
    throw validationFailed([{ resource: 'Tree', code: 'missing_field', field: 'tree' }]);
  let files = new Map<string, FlatEntry>();
  if (body.base_tree !== undefined && body.base_tree !== null) {
    const base = typeof body.base_tree === 'string' ? git.resolveTree(body.base_tree) : undefined;
    if (!base) throw unprocessable('Invalid tree info');
    files = git.flatten(base);
  }
  const removeUnder = (path: string): void => {
    files.delete(path);
    for (const key of [...files.keys()]) if (key.startsWith(`${path}/`)) files.delete(key);
  };
  for (const raw of entries) {
    const entry = (raw ?? {}) as Record<string, unknown>;
    const path = typeof entry.path === 'string' ? entry.path.replace(/^\/+|\/+$/g, '') : '';
    const mode = typeof entry.mode === 'string' ? entry.mode : '';
    if (path === '' || !MODES.has(mode)) throw unprocessable('GitRPC::BadObjectState');
    const type = entry.type === 'tree' || mode === '040000' ? 'tree' : 'blob';
    if ('sha' in entry && entry.sha === null) {
      removeUnder(path);
      continue;
    }
    if (typeof entry.content === 'string') {
      if (type === 'tree') throw unprocessable('GitRPC::BadObjectState');
      removeUnder(path);
      files.set(path, { mode, sha: git.putBlob(entry.content) });
      continue;
    }
    const sha = typeof entry.sha === 'string' ? entry.sha : '';
    const actual = git.typeOf(sha);
    if (!actual || actual !== type) throw unprocessable(`Invalid tree info: ${sha || path}`);
    removeUnder(path);
    if (type === 'tree') for (const [sub, value] of git.flatten(sha)) files.set(`${path}/${sub}`, value);
    else files.set(path, { mode, sha });
  }
  return git.buildTree(files);
}

function signatureFrom(ctx: RouteContext, value: unknown): CommitData['author'] {
  const input = (value ?? {}) as Record<string, unknown>;
  const user = ctx.state.user(ctx.token.login);
  return {
    name: typeof input.name === 'string' ? input.name : user.login,
    email:
      typeof input.email === 'string' ? input.email : `${user.id}+${user.login}@users.noreply.github.com`,
    date: parseTime(input.date) ?? ctx.state.nowMs(),
  };
}

export const gitRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/ref/{ref}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = fullRef(ctx.params.ref ?? '');
      const sha = repo.git.refs.get(ref);
      if (!sha) throw notFound();
      return json(200, refShape(ctx.shapes, repo, ref, sha));
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/matching-refs/{ref}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const prefix = fullRef(ctx.params.ref ?? '');
      const refs = sortedRefs(repo.git).filter(([name]) => name.startsWith(prefix));
      return json(
        200,
        refs.map(([name, sha]) => refShape(ctx.shapes, repo, name, sha)),
      );
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/git/refs',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      const ref = typeof body.ref === 'string' ? body.ref : '';
      if (!ref.startsWith('refs/') || ref.split('/').length < 3) {
        throw unprocessable("ref must start with 'refs' and have at least two slashes.");
      }
      const sha = requireSha(body.sha, 'sha');
      if (!SHA.test(sha) || !repo.git.has(sha)) throw unprocessable('Object does not exist');
      if (repo.git.refs.has(ref)) throw unprocessable('Reference already exists');
      repo.git.refs.set(ref, sha);
      ctx.state.changed(repo);
      const shape = refShape(ctx.shapes, repo, ref, sha);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/git/refs/{ref}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = fullRef(ctx.params.ref ?? '');
      const body = bodyObject(ctx);
      const sha = requireSha(body.sha, 'sha');
      const current = repo.git.refs.get(ref);
      if (!current) throw unprocessable('Reference does not exist');
      if (!SHA.test(sha) || !repo.git.has(sha)) throw unprocessable('Object does not exist');
      if (body.force !== true && !repo.git.isAncestor(current, sha))
        throw unprocessable('Update is not a fast forward');
      repo.git.refs.set(ref, sha);
      ctx.state.changed(repo);
      return json(200, refShape(ctx.shapes, repo, ref, sha));
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/git/refs/{ref}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const ref = fullRef(ctx.params.ref ?? '');
      if (!repo.git.refs.delete(ref)) throw unprocessable('Reference does not exist');
      ctx.state.changed(repo);
      return noContent();
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/commits/{commit_sha}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = ctx.params.commit_sha ?? '';
      const commit = repo.git.commit(sha);
      if (!commit) throw notFound();
      return json(200, commitShape(ctx.shapes, repo, sha, commit));
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/git/commits',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      if (typeof body.message !== 'string') {
        throw validationFailed([{ resource: 'Commit', code: 'missing_field', field: 'message' }]);
      }
      const tree = typeof body.tree === 'string' ? body.tree : '';
      if (repo.git.typeOf(tree) !== 'tree') throw unprocessable('Tree SHA does not exist');
      const parents = Array.isArray(body.parents) ? body.parents : [];
      for (const parent of parents) {
        if (typeof parent !== 'string' || repo.git.typeOf(parent) !== 'commit') {
          throw unprocessable('Parent SHA does not exist or is not a commit object');
        }
      }
      const author = signatureFrom(ctx, body.author);
      const committer = body.committer ? signatureFrom(ctx, body.committer) : author;
      const commit: CommitData = {
        tree,
        parents: parents as string[],
        author,
        committer,
        message: body.message,
      };
      const sha = repo.git.putCommit(commit);
      const shape = commitShape(ctx.shapes, repo, sha, commit);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/trees/{tree_sha}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = repo.git.resolveTree(ctx.params.tree_sha ?? '');
      if (!sha) throw notFound();
      return json(200, treeShape(ctx.shapes, repo, sha, ctx.query.has('recursive')));
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/git/trees',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = buildTree(repo.git, bodyObject(ctx));
      const shape = treeShape(ctx.shapes, repo, sha, false);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/git/blobs/{file_sha}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const sha = ctx.params.file_sha ?? '';
      const data = repo.git.blob(sha);
      if (!data) throw notFound();
      return json(200, {
        sha,
        node_id: nodeId('B', shaNum(sha)),
        size: data.length,
        url: `${repoUrl(ctx.shapes, repo)}/git/blobs/${sha}`,
        content: base64Lines(data),
        encoding: 'base64',
      });
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/git/blobs',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      if (typeof body.content !== 'string') {
        throw validationFailed([{ resource: 'Blob', code: 'missing_field', field: 'content' }]);
      }
      const encoding = body.encoding ?? 'utf-8';
      if (encoding !== 'utf-8' && encoding !== 'utf8' && encoding !== 'base64') {
        throw new HttpError(422, `encoding must be either "utf-8" or "base64"`);
      }
      const data = Buffer.from(body.content, encoding === 'base64' ? 'base64' : 'utf8');
      const sha = repo.git.putBlob(data);
      const url = `${repoUrl(ctx.shapes, repo)}/git/blobs/${sha}`;
      return json(201, { url, sha }, { location: url });
    },
  },
];
