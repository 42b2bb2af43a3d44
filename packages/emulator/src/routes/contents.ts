import type { TreeEntry } from '../git.js';
import { bodyObject, json, type Route, type RouteContext, repoOf } from '../router.js';
import { repoUrl, type ShapeContext } from '../shapes.js';
import type { RepoRecord } from '../types.js';
import { HttpError, notFound, validationFailed } from '../wire/errors.js';
import { base64Lines, commitShape } from './git.js';

/**
 * GitHub's size rules for `GET /repos/{owner}/{repo}/contents/{path}` on a file
 * (docs.github.com/rest/repos/contents#get-repository-content; changelog 2022-05-03): up to 1 MB
 * every media type works; from 1 MB to 100 MB the JSON answer has `encoding: "none"` and an empty
 * `content`, and only the raw media type returns the bytes; over 100 MB the endpoint refuses.
 */
const CONTENTS_INLINE_MAX_BYTES = 1024 * 1024;
const CONTENTS_MAX_BYTES = 100 * 1024 * 1024;

function tooLarge(): HttpError {
  return new HttpError(
    403,
    'This API returns blobs up to 100 MB in size. The requested blob is too large to fetch via the API.',
    { errors: [{ resource: 'Blob', field: 'data', code: 'too_large' }] },
  );
}

const READ = { scope: 'contents', access: 'read' } as const;
const WRITE = { scope: 'contents', access: 'write' } as const;

interface Located {
  entry: TreeEntry | undefined; // undefined: the root tree
  treeSha: string;
}

function cleanPath(path: string | undefined): string {
  return (path ?? '').replace(/^\/+|\/+$/g, '');
}

function locate(repo: RepoRecord, rootTree: string, path: string): Located | undefined {
  if (path === '') return { entry: undefined, treeSha: rootTree };
  let treeSha = rootTree;
  const parts = path.split('/');
  for (let i = 0; i < parts.length; i += 1) {
    const entry = repo.git.tree(treeSha)?.find((candidate) => candidate.name === parts[i]);
    if (!entry) return undefined;
    if (i === parts.length - 1) return { entry, treeSha: entry.type === 'tree' ? entry.sha : treeSha };
    if (entry.type !== 'tree') return undefined;
    treeSha = entry.sha;
  }
  return undefined;
}

function entryShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  ref: string,
  path: string,
  entry: TreeEntry,
): Record<string, unknown> {
  const type = entry.type === 'tree' ? 'dir' : 'file';
  const self = `${repoUrl(ctx, repo)}/contents/${path}?ref=${encodeURIComponent(ref)}`;
  const git = `${repoUrl(ctx, repo)}/git/${entry.type}s/${entry.sha}`;
  const html = `${ctx.base}/${repo.fullName}/${type === 'dir' ? 'tree' : 'blob'}/${ref}/${path}`;
  return {
    name: entry.name,
    path,
    sha: entry.sha,
    size: entry.type === 'blob' ? (repo.git.blob(entry.sha)?.length ?? 0) : 0,
    url: self,
    html_url: html,
    git_url: git,
    download_url: type === 'file' ? `${ctx.base}/_raw/${repo.fullName}/${ref}/${path}` : null,
    type,
    _links: { self, git, html },
  };
}

function resolveRef(ctx: RouteContext, repo: RepoRecord): { ref: string; commit: string } {
  const ref = ctx.query.get('ref') ?? repo.defaultBranch;
  if (repo.git.refs.size === 0) throw new HttpError(404, 'This repository is empty.');
  const commit = repo.git.resolveCommit(ref);
  if (!commit) throw new HttpError(404, `No commit found for the ref ${ref}`);
  return { ref, commit };
}

export const contentRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/contents/{path}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const path = cleanPath(ctx.params.path);
      const { ref, commit } = resolveRef(ctx, repo);
      const root = repo.git.commit(commit)?.tree ?? '';
      const found = locate(repo, root, path);
      if (!found) throw notFound();
      if (found.entry === undefined || found.entry.type === 'tree') {
        const entries = repo.git.tree(found.treeSha) ?? [];
        return json(
          200,
          entries.map((entry) =>
            entryShape(ctx.shapes, repo, ref, path === '' ? entry.name : `${path}/${entry.name}`, entry),
          ),
        );
      }
      const data = repo.git.blob(found.entry.sha) ?? Buffer.alloc(0);
      if (data.length > CONTENTS_MAX_BYTES) throw tooLarge();
      const accept = String(ctx.headers.accept ?? '');
      const raw = /application\/vnd\.github(\.v3)?\.raw/.exec(accept);
      if (raw) {
        return {
          status: 200,
          text: {
            contentType: `${raw[0]}; charset=utf-8`,
            mediaType: 'github.v3; param=raw',
            body: data.toString('utf8'),
          },
        };
      }
      // Over 1 MB the JSON answer carries no content: only the raw media type returns the bytes.
      const inline = data.length <= CONTENTS_INLINE_MAX_BYTES;
      return json(200, {
        type: 'file',
        encoding: inline ? 'base64' : 'none',
        ...entryShape(ctx.shapes, repo, ref, path, found.entry),
        content: inline ? base64Lines(data) : '',
      });
    },
  },
  {
    method: 'PUT',
    template: '/repos/{owner}/{repo}/contents/{path}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const path = cleanPath(ctx.params.path);
      const body = bodyObject(ctx);
      if (typeof body.message !== 'string') {
        throw validationFailed([{ resource: 'Commit', code: 'missing_field', field: 'message' }]);
      }
      if (typeof body.content !== 'string') {
        throw validationFailed([{ resource: 'Commit', code: 'missing_field', field: 'content' }]);
      }
      const branch = typeof body.branch === 'string' ? body.branch : repo.defaultBranch;
      const head = ctx.state.branch(repo, branch);
      if (!head && repo.git.refs.size > 0) throw new HttpError(404, `Branch ${branch} not found`);
      const existing = head ? locate(repo, repo.git.commit(head)?.tree ?? '', path)?.entry : undefined;
      if (existing && existing.type === 'blob') {
        if (typeof body.sha !== 'string')
          throw new HttpError(422, 'Invalid request.\n\n"sha" wasn\'t supplied.');
        if (body.sha !== existing.sha) throw new HttpError(409, `${path} does not match ${body.sha}`);
      }
      const content = Buffer.from(body.content, 'base64').toString('utf8');
      const user = ctx.state.user(ctx.token.login);
      const sha = ctx.state.writeFiles(repo, branch, { [path]: content }, body.message, {
        name: user.login,
        email: `${user.id}+${user.login}@users.noreply.github.com`,
      });
      const commit = repo.git.commit(sha);
      const entry = locate(repo, commit?.tree ?? '', path)?.entry;
      if (!commit || !entry) throw new HttpError(500, 'Server Error');
      return json(existing ? 200 : 201, {
        content: entryShape(ctx.shapes, repo, branch, path, entry),
        commit: commitShape(ctx.shapes, repo, sha, commit),
      });
    },
  },
];
