import type { RouteContext } from '../router.js';

/**
 * GraphQL `createCommitOnBranch(input: CreateCommitOnBranchInput!)`, as GitHub documents it: one
 * commit of `fileChanges` (additions with base64 `contents`, deletions by `path`) on
 * `branch { repositoryNameWithOwner, branchName }`, made only when the branch head is still
 * `expectedHeadOid` — a compare-and-swap. When the head moved GitHub answers HTTP 200 with
 * `data.createCommitOnBranch: null` and a `STALE_DATA` error "Expected branch to point to
 * "<oid>" but it did not. Pull and try again."; a deletion of a path the head does not have is
 * refused the same way ("A path was requested for deletion which does not exist as of commit
 * oid `<oid>`"). The branch must exist: the mutation never creates one.
 */
export interface GraphQLError {
  type?: string;
  path?: string[];
  locations?: Array<{ line: number; column: number }>;
  message: string;
}

interface CommitInput {
  branch?: { repositoryNameWithOwner?: unknown; branchName?: unknown };
  expectedHeadOid?: unknown;
  message?: { headline?: unknown; body?: unknown };
  fileChanges?: {
    additions?: Array<{ path?: unknown; contents?: unknown }>;
    deletions?: Array<{ path?: unknown }>;
  };
}

const OID = /^[0-9a-f]{40}$/;

export function createCommitOnBranch(
  ctx: RouteContext,
  input: unknown,
  location: Array<{ line: number; column: number }>,
): { result: Record<string, unknown> | null; error?: GraphQLError } {
  // Schema errors (no type) come before execution and carry no path.
  const fail = (type: string | undefined, message: string) => ({
    result: null,
    error: type
      ? { type, path: ['createCommitOnBranch'], locations: location, message }
      : { locations: [{ line: 1, column: 1 }], message },
  });
  const given = (input && typeof input === 'object' ? input : {}) as CommitInput;
  const expected = given.expectedHeadOid;
  // Schema errors: GitHub rejects the variables before running anything.
  if (typeof expected !== 'string' || !OID.test(expected)) {
    return fail(
      undefined,
      `Variable $input of type CreateCommitOnBranchInput! was provided invalid value for expectedHeadOid (${typeof expected === 'string' ? `Could not coerce value "${expected}" to GitObjectID` : 'Expected value to not be null'})`,
    );
  }
  const headline = given.message?.headline;
  if (typeof headline !== 'string') {
    return fail(
      undefined,
      'Variable $input of type CreateCommitOnBranchInput! was provided invalid value for message.headline (Expected value to not be null)',
    );
  }
  const fullName = String(given.branch?.repositoryNameWithOwner ?? '');
  const branchName = String(given.branch?.branchName ?? '');
  const repo = ctx.state.findRepo(fullName);
  if (!repo) return fail('NOT_FOUND', `Could not resolve to a Repository with the name '${fullName}'.`);
  if (ctx.token.permissions.admin !== true && ctx.token.permissions.contents !== 'write') {
    return fail('FORBIDDEN', 'Resource not accessible by integration');
  }
  const ref = `refs/heads/${branchName}`;
  const head = repo.git.refs.get(ref);
  if (!head) return fail('NOT_FOUND', `A ref named "${ref}" does not exist in ${repo.fullName}.`);
  if (head !== expected) {
    return fail(
      'STALE_DATA',
      `Expected branch to point to "${expected}" but it did not. Pull and try again.`,
    );
  }

  const git = repo.git;
  const parent = git.commit(head);
  const files = parent ? git.flatten(parent.tree) : new Map();
  for (const deletion of given.fileChanges?.deletions ?? []) {
    const path = String(deletion?.path ?? '');
    if (!files.delete(path)) {
      return fail(
        'UNPROCESSABLE',
        `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
      );
    }
  }
  for (const addition of given.fileChanges?.additions ?? []) {
    const path = String(addition?.path ?? '').replace(/^\/+/, '');
    if (path === '' || typeof addition?.contents !== 'string') {
      return fail('UNPROCESSABLE', 'Addition requires a path and base64 contents.');
    }
    files.set(path, { mode: '100644', sha: git.putBlob(Buffer.from(addition.contents, 'base64')) });
  }

  const user = ctx.state.user(ctx.token.login);
  const signature = {
    name: user.login,
    email: `${user.id}+${user.login}@users.noreply.github.com`,
    date: ctx.state.nowMs(),
  };
  const body = typeof given.message?.body === 'string' && given.message.body !== '' ? given.message.body : '';
  const oid = git.putCommit({
    tree: git.buildTree(files),
    parents: [head],
    author: signature,
    committer: signature,
    message: body ? `${headline}\n\n${body}` : headline,
  });
  git.refs.set(ref, oid);
  ctx.state.changed(repo);
  return {
    result: {
      clientMutationId: null,
      commit: { oid, url: `${ctx.base}/${repo.fullName}/commit/${oid}` },
      ref: { name: branchName, prefix: 'refs/heads/' },
    },
  };
}
