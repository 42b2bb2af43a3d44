import { createHash } from 'node:crypto';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { requestBodyText } from '@codex-suite/harness/request-body';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { GitPagesStore } from '../src/pages/git-store.js';
import { PAGES_LAYOUT } from '../src/pages/layout.js';
import { listBranch, readFiles } from '../src/pages/store.js';

const TOKEN = 'ghs_pagesstoretesttoken000000000000000';
const REPO = 'octo-org/pages-demo';
const BRANCH = 'gh-pages';

let emulator: Emulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(): Promise<Emulator> {
  emulator = await startEmulator({ secondaryLimit: false });
  emulator.state.addToken(TOKEN, {
    login: 'github-actions[bot]',
    permissions: { contents: 'write', issues: 'write' },
  });
  emulator.state.addRepo(REPO);
  return emulator;
}

/**
 * a store with its own client, as a separate job would have; `beforeCommit` runs once, right
 * before its first `createCommitOnBranch` reaches GitHub (someone else acting mid-write)
 */
function store(em: Emulator, log?: string[], beforeCommit?: () => void): GitPagesStore {
  let pending = beforeCommit;
  const fetchWithHook: typeof fetch = async (input, init) => {
    if (
      pending &&
      String(input).endsWith('/graphql') &&
      (await requestBodyText(init?.body)).includes('createCommitOnBranch')
    ) {
      const hook = pending;
      pending = undefined;
      hook();
    }
    return fetch(input, init);
  };
  const client = createGitHubClient({
    token: TOKEN,
    baseUrl: em.url,
    writeIntervalMs: 0,
    retryBaseMs: 5,
    fetch: fetchWithHook,
  });
  return new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, BRANCH, {
    backoffMs: 5,
    maxBackoffMs: 40,
    maxAttempts: 20,
    ...(log ? { log: (m: string) => log.push(m) } : {}),
  });
}

function gitBlobSha(content: string): string {
  const data = Buffer.from(content);
  return createHash('sha1')
    .update(Buffer.concat([Buffer.from(`blob ${data.length}\0`), data]))
    .digest('hex');
}

describe('GitPagesStore', () => {
  it('first write creates the branch as an orphan commit with the layout', async () => {
    const em = await setup();
    const pages = store(em);
    expect(await pages.exists()).toBe(false);
    expect(await pages.list('telemetry/')).toEqual([]);
    expect(await pages.read('telemetry/x.json')).toBeNull();

    const result = await pages.commit({ 'telemetry/sync-1.json': '{"a":1}\n' }, 'first');
    expect(result).toMatchObject({ created: true, retries: 0 });
    expect(await pages.exists()).toBe(true);
    const files = em.state.listFiles(REPO, BRANCH);
    expect(files).toEqual([...Object.keys(PAGES_LAYOUT), 'telemetry/sync-1.json'].sort());
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/sync-1.json')).toBe('{"a":1}\n');
    const repo = em.state.repo(REPO);
    const head = repo.git.refs.get(`refs/heads/${BRANCH}`)!;
    expect(repo.git.commit(head)?.parents).toEqual([]);
    // the default branch is untouched
    expect(em.state.listFiles(REPO, 'main')).toEqual(['README.md']);
  });

  it('writes one commit per call: the head, then one createCommitOnBranch that expects it', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/a.json': '1' }, 'one');
    const head = em.state.branch(REPO, BRANCH);
    em.resetLog();
    const result = await pages.commit({ 'telemetry/b.json': '2', 'dashboard/x.txt': 'x' }, 'two');
    expect(result).toMatchObject({ created: false, retries: 0 });
    // the head (and the default branch) in one query, then the commit
    expect(em.log.map((e) => `${e.route} ${e.write ? 'write' : 'read'}`)).toEqual([
      'POST /graphql read',
      'POST /graphql write',
    ]);
    const repo = em.state.repo(REPO);
    expect(repo.git.commit(result.commit)?.parents).toEqual([head]);
    expect(em.state.branch(REPO, BRANCH)).toBe(result.commit);
    expect(em.state.listFiles(REPO, BRANCH, 'telemetry/')).toEqual([
      'telemetry/.gitkeep',
      'telemetry/a.json',
      'telemetry/b.json',
    ]);
    expect(await pages.read('dashboard/x.txt')).toBe('x');
  });

  it('8 concurrent writers: all 8 files land', async () => {
    const em = await setup();
    await store(em).commit({ 'telemetry/seed.json': '{}' }, 'seed');
    const log: string[] = [];
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store(em, log).commit({ [`telemetry/w${i}.json`]: JSON.stringify({ writer: i }) }, `writer ${i}`),
      ),
    );
    const files = em.state.listFiles(REPO, BRANCH, 'telemetry/');
    for (let i = 0; i < 8; i += 1) expect(files).toContain(`telemetry/w${i}.json`);
    expect(files).toContain('telemetry/seed.json');
    // the ref moved under most of them, and they retried
    expect(results.reduce((n, r) => n + r.retries, 0)).toBeGreaterThan(0);
    expect(log.some((m) => m.includes('moved'))).toBe(true);
  });

  it('8 concurrent writers on a missing branch: it is created once and no file is lost', async () => {
    const em = await setup();
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => store(em).commit({ [`telemetry/c${i}.json`]: String(i) }, `c${i}`)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const files = em.state.listFiles(REPO, BRANCH, 'telemetry/');
    for (let i = 0; i < 8; i += 1) expect(files).toContain(`telemetry/c${i}.json`);
    expect(em.state.readFile(REPO, BRANCH, '.nojekyll')).toBe('');
  });

  it('a write built on a head that moved is refused by GitHub, rebuilt on the new head and lands', async () => {
    const em = await setup();
    await store(em).commit({ 'telemetry/a.json': 'a' }, 'one');
    const log: string[] = [];
    const pages = store(em, log, () =>
      em.state.writeFiles(REPO, BRANCH, { 'telemetry/other.json': 'o' }, 'other'),
    );
    em.resetLog();
    const result = await pages.commit({ 'telemetry/b.json': 'b' }, 'two');
    expect(result.retries).toBe(1);
    const commits = em.log.filter((e) => e.route === 'POST /graphql' && e.write);
    expect(commits).toHaveLength(2);
    expect(em.state.listFiles(REPO, BRANCH, 'telemetry/')).toEqual([
      'telemetry/.gitkeep',
      'telemetry/a.json',
      'telemetry/b.json',
      'telemetry/other.json',
    ]);
    expect(log.some((m) => m.includes('moved'))).toBe(true);
  });

  it("gives up after maxAttempts and throws GitHub's refusal", async () => {
    const em = await setup();
    await store(em).commit({ 'a.txt': 'a' }, 'one');
    let busy = 0;
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: em.url,
      writeIntervalMs: 0,
      // every commit finds the branch moved: someone else writes right before it
      fetch: async (input, init) => {
        if ((await requestBodyText(init?.body)).includes('createCommitOnBranch')) {
          busy += 1;
          em.state.writeFiles(REPO, BRANCH, { [`busy-${busy}.txt`]: 'x' }, 'busy');
        }
        return fetch(input, init);
      },
    });
    const pages = new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, BRANCH, {
      maxAttempts: 3,
      sleep: async () => {},
    });
    em.resetLog();
    await expect(pages.commit({ 'b.txt': 'b' }, 'two')).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'STALE_DATA' })],
    });
    expect(em.log.filter((e) => e.route === 'POST /graphql' && e.write)).toHaveLength(3);
    expect(em.state.readFile(REPO, BRANCH, 'b.txt')).toBeUndefined();
  });

  it('deletes only paths that exist, in the same commit as the writes', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/old-1.json': '1', 'telemetry/old-2.json': '2' }, 'one');
    em.resetLog();
    const result = await pages.commit(
      { 'telemetry/old-1.json': null, 'telemetry/never-there.json': null, 'telemetry/new.json': 'n' },
      'prune',
    );
    expect(result.unchanged).toBeUndefined();
    expect(em.state.listFiles(REPO, BRANCH, 'telemetry/')).toEqual([
      'telemetry/.gitkeep',
      'telemetry/new.json',
      'telemetry/old-2.json',
    ]);
    expect(em.log.filter((e) => e.route === 'POST /graphql' && e.write)).toHaveLength(1);

    // deleting only absent paths is a no-op, not an error
    em.resetLog();
    const noop = await pages.commit({ 'telemetry/never-there.json': null }, 'prune again');
    expect(noop.unchanged).toBe(true);
    expect(em.log.filter((e) => e.write)).toHaveLength(0);
  });

  it('reads a file over 1 MB in one request (raw media type) and rewrites it in one PUT', async () => {
    const em = await setup();
    const pages = store(em);
    const big = `${'é'.repeat(600 * 1024)}\n`;
    await pages.commit({ 'state/issue-index.json': big, 'telemetry/x-1.json': '{}' }, 'seed');
    em.resetLog();
    expect(await pages.read('state/issue-index.json')).toBe(big);
    expect(em.log.map((e) => `${e.route} ${e.status}`)).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path} 200',
    ]);
    // the sha it derived from the bytes is the one GitHub checks: the save is one request
    em.resetLog();
    await pages.commit({ 'state/issue-index.json': `${big}more\n` }, 'save');
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['PUT 200']);
    expect(em.state.readFile(REPO, BRANCH, 'state/issue-index.json')).toBe(`${big}more\n`);
  });

  it('reads a file through its blob when the server ignores the raw media type and sends no content', async () => {
    const em = await setup();
    const pages = store(em);
    const big = `${'x'.repeat(1024 * 1024 + 10)}\n`;
    await pages.commit({ 'dashboard/big.json': big }, 'big');
    // the large file went up as its own blob, not inline
    expect(em.log.some((e) => e.route === 'POST /repos/{owner}/{repo}/git/blobs')).toBe(true);
    expect(em.state.readFile(REPO, BRANCH, 'dashboard/big.json')).toBe(big);

    // GitHub's contents API answers files of 1–100 MB with `encoding: none` and empty content.
    const sha = gitBlobSha(big);
    em.faults.add({
      method: 'GET',
      route: 'GET /repos/{owner}/{repo}/contents/{path}',
      status: 200,
      body: JSON.stringify({
        type: 'file',
        encoding: 'none',
        size: Buffer.byteLength(big),
        name: 'big.json',
        path: 'dashboard/big.json',
        content: '',
        sha,
      }),
      times: 1,
    });
    em.resetLog();
    expect(await pages.read('dashboard/big.json')).toBe(big);
    expect(em.log.map((e) => e.route)).toEqual([
      'GET /repos/{owner}/{repo}/contents/{path}',
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
    ]);
  });

  it('lists with one request and reads many by blob sha', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/a.json': 'A', 'telemetry/b.json': 'B', 'dashboard/d.json': 'D' }, 'x');
    em.resetLog();
    const entries = await pages.list('telemetry/');
    expect(entries.map((e) => e.path)).toEqual([
      'telemetry/.gitkeep',
      'telemetry/a.json',
      'telemetry/b.json',
    ]);
    expect(em.log).toHaveLength(1);
    const read = await readFiles(
      pages,
      entries.filter((e) => e.path.endsWith('.json')),
    );
    expect([...read.entries()]).toEqual([
      ['telemetry/a.json', 'A'],
      ['telemetry/b.json', 'B'],
    ]);
    expect(em.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}')).toHaveLength(
      2,
    );
    // paths without a sha are resolved through one listing; absent ones are null
    const byPath = await pages.readMany(['dashboard/d.json', 'dashboard/none.json']);
    expect(Object.fromEntries(byPath)).toEqual({ 'dashboard/d.json': 'D', 'dashboard/none.json': null });
  });

  it('reads a single path it has no blob sha for in one request (no listing), absent or present', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'state/ledger/selftest/7.json': '{"n":7}' }, 'x');
    em.resetLog();
    const present = await readFiles(pages, ['state/ledger/selftest/7.json']);
    expect(Object.fromEntries(present)).toEqual({ 'state/ledger/selftest/7.json': '{"n":7}' });
    expect(em.log).toHaveLength(1);
    em.resetLog();
    const absent = await readFiles(pages, ['state/ledger/selftest/8.json']);
    expect(Object.fromEntries(absent)).toEqual({ 'state/ledger/selftest/8.json': null });
    expect(em.log).toHaveLength(1);
  });

  it('tells a missing branch from an existing one in the one listing request (no ref lookup)', async () => {
    const em = await setup();
    const pages = store(em);
    em.resetLog();
    expect(await listBranch(pages, '')).toBeNull();
    expect(em.log.map((e) => e.route)).toEqual(['GET /repos/{owner}/{repo}/git/trees/{tree_sha}']);
    await pages.commit({ 'telemetry/a.json': 'A' }, 'x');
    em.resetLog();
    const entries = await listBranch(pages, '');
    expect(entries?.map((e) => e.path)).toContain('telemetry/a.json');
    expect(em.log.map((e) => e.route)).toEqual(['GET /repos/{owner}/{repo}/git/trees/{tree_sha}']);
  });

  it('rejects paths that escape or are malformed', async () => {
    const em = await setup();
    const pages = store(em);
    await expect(pages.commit({ '../x': 'x' }, 'bad')).rejects.toThrow(/Not a valid path/);
    await expect(pages.commit({ '/abs': 'x' }, 'bad')).rejects.toThrow(/Not a valid path/);
    expect(em.log.filter((e) => e.write)).toHaveLength(0);
  });
});

describe('adding one new file', () => {
  it('takes one request on an existing branch', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/a-1.json': '{}' }, 'seed');
    em.resetLog();
    await pages.createFile('telemetry/b-2.json', '{"b":2}', 'add b');
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['PUT 201']);
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/b-2.json')).toBe('{"b":2}');
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/a-1.json')).toBe('{}');
  });

  it('creates the branch with its layout when it is missing', async () => {
    const em = await setup();
    await store(em).createFile('telemetry/c-3.json', '{}', 'add c');
    expect(em.state.listFiles(REPO, BRANCH)).toEqual(
      expect.arrayContaining([
        'telemetry/c-3.json',
        ...Object.keys(PAGES_LAYOUT).filter((p) => p !== 'telemetry/.gitkeep'),
      ]),
    );
  });

  it('replaces a file that already exists instead of failing', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/d-4.json': 'old' }, 'seed');
    await pages.createFile('telemetry/d-4.json', 'new', 'again');
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/d-4.json')).toBe('new');
  });

  it('lets eight concurrent writers land every file', async () => {
    const em = await setup();
    await store(em).commit({ 'telemetry/seed-1.json': '{}' }, 'seed');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store(em).createFile(`telemetry/w-${i}.json`, `{"w":${i}}`, `w ${i}`),
      ),
    );
    expect(em.state.listFiles(REPO, BRANCH, 'telemetry/w-')).toHaveLength(8);
  });
});

describe('rewriting one file the store has read', () => {
  it('takes one request, carrying the sha it read', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'state/index.json': '{"v":1}', 'telemetry/x-1.json': '{}' }, 'seed');
    expect(await pages.read('state/index.json')).toBe('{"v":1}');
    em.resetLog();
    await pages.commit({ 'state/index.json': '{"v":2}' }, 'save');
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['PUT 200']);
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe('{"v":2}');
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/x-1.json')).toBe('{}');
    // and again, with the sha of its own last write
    em.resetLog();
    await pages.commit({ 'state/index.json': '{"v":3}' }, 'save again');
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['PUT 200']);
  });

  it('creates a file it read as absent in one request', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/x-1.json': '{}' }, 'seed');
    expect(await pages.read('state/new.json')).toBeNull();
    em.resetLog();
    await pages.commit({ 'state/new.json': '{}' }, 'first save');
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['PUT 201']);
  });

  it('falls back to a full commit when the file changed since it was read, and lands', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'state/index.json': '{"v":1}' }, 'seed');
    await pages.read('state/index.json');
    em.state.writeFiles(REPO, BRANCH, { 'state/index.json': '{"v":"other writer"}' }, 'someone else');
    em.resetLog();
    await pages.commit({ 'state/index.json': '{"v":2}' }, 'save');
    expect(em.log[0]).toMatchObject({ method: 'PUT', status: 409 });
    expect(em.log.some((e) => e.route === 'POST /graphql' && e.write)).toBe(true);
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe('{"v":2}');
  });
});

describe('compare-and-swap: what others do mid-write stays done', () => {
  /** a branch whose head has `dropped.txt`, and the commit before it, which has not */
  function twoHeads(em: Emulator): { before: string; withFile: string } {
    const before = em.state.writeFiles(
      REPO,
      BRANCH,
      { 'telemetry/keep.json': '{}', 'state/index.json': '{"v":1}' },
      'seed',
    );
    const withFile = em.state.writeFiles(REPO, BRANCH, { 'dashboard/dropped.html': 'old page' }, 'add');
    return { before, withFile };
  }
  const rewindTo = (em: Emulator, sha: string) => () => {
    em.state.repo(REPO).git.refs.set(`refs/heads/${BRANCH}`, sha);
  };

  it('a maintainer rewinds the branch while a commit is in flight: the dropped file stays dropped', async () => {
    const em = await setup();
    const { before } = twoHeads(em);
    const pages = store(em, undefined, rewindTo(em, before));
    const result = await pages.commit(
      { 'telemetry/new.json': '{"n":1}', 'telemetry/keep.json': null },
      'write',
    );
    expect(result.retries).toBe(1);
    expect(em.state.listFiles(REPO, BRANCH)).toEqual(['state/index.json', 'telemetry/new.json']);
    // built on the rewound head, not on the one the maintainer removed
    expect(em.state.repo(REPO).git.commit(result.commit)?.parents).toEqual([before]);
  });

  it('a change that reads the branch is rebuilt from the rewound head', async () => {
    const em = await setup();
    const { before } = twoHeads(em);
    const pages = store(em, undefined, rewindTo(em, before));
    const seen: string[][] = [];
    await pages.commit(async (view) => {
      const files = (await view.list('')).map((e) => e.path);
      seen.push(files);
      return { 'state/files.json': JSON.stringify(files) };
    }, 'index the branch');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toContain('dashboard/dropped.html');
    expect(seen[1]).not.toContain('dashboard/dropped.html');
    expect(JSON.parse(em.state.readFile(REPO, BRANCH, 'state/files.json')!)).toEqual(seen[1]);
    expect(em.state.readFile(REPO, BRANCH, 'dashboard/dropped.html')).toBeUndefined();
  });

  it('a one-file rewrite after a rewind lands on the rewound head (GitHub builds it there)', async () => {
    const em = await setup();
    const { before } = twoHeads(em);
    const pages = store(em);
    expect(await pages.read('state/index.json')).toBe('{"v":1}');
    rewindTo(em, before)();
    em.resetLog();
    await pages.commit({ 'state/index.json': '{"v":2}' }, 'save');
    // the default-branch lookup, then the PUT
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['POST 200', 'PUT 200']);
    expect(em.state.listFiles(REPO, BRANCH)).toEqual(['state/index.json', 'telemetry/keep.json']);
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe('{"v":2}');
  });

  it('eight concurrent writers appending to one file: every entry lands', async () => {
    const em = await setup();
    await store(em).commit({ 'state/ledger.json': '[]' }, 'seed');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        store(em).commit(async (view) => {
          const entries = JSON.parse((await view.read('state/ledger.json')) ?? '[]') as number[];
          return { 'state/ledger.json': JSON.stringify([...entries, i]) };
        }, `entry ${i}`),
      ),
    );
    const ledger = JSON.parse(em.state.readFile(REPO, BRANCH, 'state/ledger.json')!) as number[];
    expect([...ledger].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('the branch is deleted mid-run: it is created afresh, nothing of the deleted one comes back', async () => {
    const em = await setup();
    twoHeads(em);
    const pages = store(em, undefined, () => em.state.repo(REPO).git.refs.delete(`refs/heads/${BRANCH}`));
    expect(await pages.read('state/index.json')).toBe('{"v":1}');
    const result = await pages.commit(async (view) => {
      const index = await view.read('state/index.json');
      return { 'telemetry/new.json': '{}', 'state/index.json': index === null ? '{"v":"fresh"}' : '{"v":2}' };
    }, 'write');
    expect(result.created).toBe(true);
    expect(em.state.listFiles(REPO, BRANCH)).toEqual(
      [...Object.keys(PAGES_LAYOUT), 'state/index.json', 'telemetry/new.json'].sort(),
    );
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe('{"v":"fresh"}');
    expect(em.state.repo(REPO).git.commit(result.commit)?.parents).toEqual([]);
  });
});

describe('the repository default branch', () => {
  it('is never written: commit and createFile refuse, say why and how to fix it, and send no write', async () => {
    const em = await setup();
    const head = em.state.branch(REPO, 'main');
    const client = createGitHubClient({ token: TOKEN, baseUrl: em.url, writeIntervalMs: 0 });
    const pages = new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, 'main');
    em.resetLog();
    const refusal =
      /Refusing to write to main: it is the default branch of octo-org\/pages-demo.*Set pages-branch/;
    await expect(pages.commit({ 'dashboard/index.html': 'suite page' }, 'x')).rejects.toThrow(refusal);
    await expect(pages.createFile('telemetry/sync-1.json', '{}', 'x')).rejects.toThrow(refusal);
    await expect(pages.commit(async () => ({ 'README.md': null }), 'x')).rejects.toThrow(refusal);
    expect(em.log.filter((e) => e.write)).toEqual([]);
    // one lookup (a GraphQL query), remembered
    expect(em.log.map((e) => `${e.route} ${e.write ? 'write' : 'read'}`)).toEqual(['POST /graphql read']);
    expect(em.state.branch(REPO, 'main')).toBe(head);
    expect(em.state.listFiles(REPO, 'main')).toEqual(['README.md']);
  });

  it('is compared as GitHub names it, whatever the letter case', async () => {
    const em = await setup();
    const client = createGitHubClient({ token: TOKEN, baseUrl: em.url, writeIntervalMs: 0 });
    const pages = new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, 'Main');
    await expect(pages.createFile('telemetry/sync-1.json', '{}', 'x')).rejects.toThrow(/default branch/);
    expect(em.state.branch(REPO, 'Main')).toBeUndefined();
  });
});

describe('a default branch the workflow already knows (event payload)', () => {
  function storeKnowing(em: Emulator, branch: string, defaultBranch: string): GitPagesStore {
    const client = createGitHubClient({ token: TOKEN, baseUrl: em.url, writeIntervalMs: 0 });
    return new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, branch, {
      defaultBranch,
    });
  }

  it('a new file is one request: no lookup', async () => {
    const em = await setup();
    await store(em).commit({ 'telemetry/a-1.json': '{}' }, 'seed');
    em.resetLog();
    await storeKnowing(em, BRANCH, 'main').createFile('telemetry/b-2.json', '{}', 'add b');
    expect(em.log.map((e) => `${e.method} ${e.status}`)).toEqual(['PUT 201']);
  });

  it('the default branch is refused before any request', async () => {
    const em = await setup();
    em.resetLog();
    const pages = storeKnowing(em, 'main', 'main');
    await expect(pages.createFile('telemetry/b-2.json', '{}', 'add b')).rejects.toThrow(/default branch/);
    await expect(pages.commit({ 'x.txt': 'x' }, 'x')).rejects.toThrow(/default branch/);
    expect(em.log).toEqual([]);
    expect(em.state.listFiles(REPO, 'main')).toEqual(['README.md']);
  });
});

describe('request bodies that carry file contents', () => {
  /** a store whose transport records the body of each write */
  function recording(em: Emulator): { pages: GitPagesStore; bodies: unknown[] } {
    const bodies: unknown[] = [];
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: em.url,
      writeIntervalMs: 0,
      fetch: async (input, init) => {
        if (
          (init?.method ?? 'GET') !== 'GET' &&
          !(await requestBodyText(init?.body)).includes('defaultBranchRef')
        )
          bodies.push(init?.body);
        return fetch(input, init);
      },
    });
    const pages = new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, BRANCH);
    return { pages, bodies };
  }

  // Over the 512 KB a tree carries inline, with characters of 1 to 4 UTF-8 bytes.
  const big = `{"t":"${'état ✓ 😀 '.repeat(50_000)}"}\n`;

  it('go as bytes, never as one string, for a blob, a commit and a contents PUT, and the files land intact', async () => {
    const em = await setup();
    const { pages, bodies } = recording(em);
    // a new branch: the large file goes up as its own blob
    await pages.commit({ 'state/index.json': big }, 'create');
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe(big);
    // a commit on the branch
    await pages.commit({ 'dashboard/dashboard.json': big, 'telemetry/a-1.json': 'a' }, 'commit');
    expect(em.state.readFile(REPO, BRANCH, 'dashboard/dashboard.json')).toBe(big);
    // a file it read, rewritten in one contents PUT
    await pages.read('state/index.json');
    await pages.commit({ 'state/index.json': `${big}more` }, 'put');
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe(`${big}more`);

    // (the tree of a new branch carries only small files inline, the large one by its blob's sha)
    const texts = await Promise.all(bodies.map((b) => requestBodyText(b)));
    const withContents = bodies.filter(
      (_, i) => /"(content|contents)":/.test(texts[i]!) && !texts[i]!.includes('"tree":'),
    );
    expect(withContents.length).toBeGreaterThanOrEqual(3);
    // a Blob, sent as it is: fetch copies a Buffer body before sending it
    for (const body of withContents) expect(body).toBeInstanceOf(Blob);
    const kinds = await Promise.all(withContents.map((b) => requestBodyText(b)));
    expect(kinds.some((b) => b.includes('createCommitOnBranch'))).toBe(true);
    expect(kinds.some((b) => b.includes('"encoding":"base64"'))).toBe(true);
    expect(kinds.some((b) => b.includes('"branch":"gh-pages"'))).toBe(true);
  });

  it('a refused commit keeps the GraphQL errors on the error it throws', async () => {
    const em = await setup();
    const { pages } = recording(em);
    await pages.commit({ 'a.txt': 'a' }, 'one');
    const client = createGitHubClient({
      token: TOKEN,
      baseUrl: em.url,
      writeIntervalMs: 0,
      fetch: async (input, init) => {
        if ((await requestBodyText(init?.body)).includes('createCommitOnBranch'))
          em.state.writeFiles(REPO, BRANCH, { 'busy.txt': String(Math.random()) }, 'busy');
        return fetch(input, init);
      },
    });
    const racing = new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, BRANCH, {
      maxAttempts: 1,
    });
    const error = await racing.commit({ 'b.txt': 'b' }, 'two').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as { errors?: unknown }).errors).toEqual([expect.objectContaining({ type: 'STALE_DATA' })]);
    expect((error as Error).message).toMatch(/^Request failed due to following response errors:\n - /);
  });
});
