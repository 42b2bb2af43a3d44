import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { call, READER, REPO, setup } from './helpers.js';

let emulator: Emulator;
afterEach(async () => {
  await emulator?.close();
});

const MUTATION = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid url } }
}`;

const b64 = (text: string) => Buffer.from(text).toString('base64');

function commitOnBranch(
  em: Emulator,
  input: Record<string, unknown>,
  token?: string,
): ReturnType<typeof call> {
  return call(em, 'POST', '/graphql', {
    body: { query: MUTATION, variables: { input } },
    ...(token ? { token } : {}),
  });
}

const onPages = (expectedHeadOid: string | undefined, fileChanges: Record<string, unknown>) => ({
  branch: { repositoryNameWithOwner: REPO, branchName: 'gh-pages' },
  message: { headline: 'pages: write' },
  ...(expectedHeadOid === undefined ? {} : { expectedHeadOid }),
  fileChanges,
});

describe('GraphQL createCommitOnBranch', () => {
  it('commits additions and deletions onto the expected head, in one request', async () => {
    emulator = await setup();
    const head = emulator.state.writeFiles(REPO, 'gh-pages', { 'a.txt': 'a', 'old.txt': 'o' }, 'seed');
    const answer = await commitOnBranch(
      emulator,
      onPages(head, {
        additions: [{ path: 'dir/b.txt', contents: b64('b') }],
        deletions: [{ path: 'old.txt' }],
      }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const oid = answer.body.data.createCommitOnBranch.commit.oid as string;
    expect(emulator.state.branch(REPO, 'gh-pages')).toBe(oid);
    expect(emulator.state.repo(REPO).git.commit(oid)?.parents).toEqual([head]);
    expect(emulator.state.listFiles(REPO, 'gh-pages')).toEqual(['a.txt', 'dir/b.txt']);
  });

  it('refuses with STALE_DATA when the branch no longer points at expectedHeadOid, and writes nothing', async () => {
    emulator = await setup();
    const old = emulator.state.writeFiles(REPO, 'gh-pages', { 'a.txt': 'a' }, 'seed');
    const now = emulator.state.writeFiles(REPO, 'gh-pages', { 'b.txt': 'b' }, 'someone else');
    const answer = await commitOnBranch(
      emulator,
      onPages(old, { additions: [{ path: 'c.txt', contents: b64('c') }] }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      data: { createCommitOnBranch: null },
      errors: [
        {
          type: 'STALE_DATA',
          path: ['createCommitOnBranch'],
          locations: [{ line: 2, column: 3 }],
          message: `Expected branch to point to "${old}" but it did not. Pull and try again.`,
        },
      ],
    });
    expect(emulator.state.branch(REPO, 'gh-pages')).toBe(now);
  });

  it('refuses a commit built before a rewind, which a REST fast-forward would have accepted', async () => {
    emulator = await setup();
    const before = emulator.state.writeFiles(REPO, 'gh-pages', { 'keep.txt': 'k' }, 'seed');
    const withFile = emulator.state.writeFiles(REPO, 'gh-pages', { 'dropped.txt': 'd' }, 'add');
    // A maintainer rewinds the branch to drop dropped.txt.
    emulator.state.repo(REPO).git.refs.set('refs/heads/gh-pages', before);

    const stale = await commitOnBranch(
      emulator,
      onPages(withFile, { additions: [{ path: 'new.txt', contents: b64('n') }] }),
    );
    expect(stale.body.errors[0].type).toBe('STALE_DATA');
    expect(emulator.state.listFiles(REPO, 'gh-pages')).toEqual(['keep.txt']);

    // The same write through the Git Data API: a commit on the old head is a descendant of the
    // rewound head, so `force: false` lets it through and dropped.txt comes back.
    const git = `/repos/${REPO}/git`;
    const tree = await call(emulator, 'POST', `${git}/trees`, {
      body: { base_tree: withFile, tree: [{ path: 'new.txt', mode: '100644', type: 'blob', content: 'n' }] },
    });
    const commit = await call(emulator, 'POST', `${git}/commits`, {
      body: { message: 'stale', tree: tree.body.sha, parents: [withFile] },
    });
    const update = await call(emulator, 'PATCH', `${git}/refs/heads/gh-pages`, {
      body: { sha: commit.body.sha, force: false },
    });
    expect(update.status).toBe(200);
    expect(emulator.state.listFiles(REPO, 'gh-pages')).toContain('dropped.txt');
  });

  it('refuses a deletion of a path the head does not have', async () => {
    emulator = await setup();
    const head = emulator.state.writeFiles(REPO, 'gh-pages', { 'a.txt': 'a' }, 'seed');
    const answer = await commitOnBranch(emulator, onPages(head, { deletions: [{ path: 'missing.txt' }] }));
    expect(answer.body.data.createCommitOnBranch).toBeNull();
    expect(answer.body.errors[0].message).toBe(
      `A path was requested for deletion which does not exist as of commit oid \`${head}\``,
    );
    expect(emulator.state.branch(REPO, 'gh-pages')).toBe(head);
  });

  it('never creates a branch, needs expectedHeadOid and contents write', async () => {
    emulator = await setup();
    const missing = await commitOnBranch(
      emulator,
      onPages('0'.repeat(40), { additions: [{ path: 'a.txt', contents: b64('a') }] }),
    );
    expect(missing.body.errors[0].type).toBe('NOT_FOUND');
    expect(emulator.state.branch(REPO, 'gh-pages')).toBeUndefined();

    const head = emulator.state.writeFiles(REPO, 'gh-pages', { 'a.txt': 'a' }, 'seed');
    const noHead = await commitOnBranch(emulator, onPages(undefined, { additions: [] }));
    expect(noHead.body.data).toBeUndefined();
    expect(noHead.body.errors[0].message).toMatch(/invalid value for expectedHeadOid/);

    const reader = await commitOnBranch(
      emulator,
      onPages(head, { additions: [{ path: 'b.txt', contents: b64('b') }] }),
      READER,
    );
    expect(reader.body.errors[0].type).toBe('FORBIDDEN');
    expect(emulator.state.branch(REPO, 'gh-pages')).toBe(head);
  });
});
