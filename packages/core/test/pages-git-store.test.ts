import { createHash } from 'node:crypto';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { GitPagesStore } from '../src/pages/git-store.js';
import { PAGES_LAYOUT } from '../src/pages/layout.js';
import { readFiles } from '../src/pages/store.js';

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

/** a store with its own client, as a separate job would have */
function store(em: Emulator, log?: string[]): GitPagesStore {
  const client = createGitHubClient({ token: TOKEN, baseUrl: em.url, writeIntervalMs: 0, retryBaseMs: 5 });
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

  it('writes one commit per call: tree on base_tree with inline content, then a fast-forward update', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/a.json': '1' }, 'one');
    em.resetLog();
    const result = await pages.commit({ 'telemetry/b.json': '2', 'dashboard/x.txt': 'x' }, 'two');
    expect(result).toMatchObject({ created: false, retries: 0 });
    const written = em.log.filter((e) => e.write);
    expect(written.map((e) => e.route)).toEqual([
      'POST /repos/{owner}/{repo}/git/trees',
      'POST /repos/{owner}/{repo}/git/commits',
      'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
    ]);
    expect(em.state.listFiles(REPO, BRANCH, 'telemetry/')).toEqual([
      'telemetry/.gitkeep',
      'telemetry/a.json',
      'telemetry/b.json',
    ]);
    expect(await pages.read('dashboard/x.txt')).toBe('x');
  });

  it('makes no commit when nothing changes', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'dashboard/app.js': 'same' }, 'one');
    em.resetLog();
    const result = await pages.commit({ 'dashboard/app.js': 'same' }, 'again');
    expect(result.unchanged).toBe(true);
    expect(em.log.filter((e) => e.route === 'POST /repos/{owner}/{repo}/git/commits')).toHaveLength(0);
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

  it('an injected 422 on the ref update is retried and the write lands', async () => {
    const em = await setup();
    const pages = store(em);
    await pages.commit({ 'telemetry/a.json': 'a' }, 'one');
    em.faults.add({
      method: 'PATCH',
      route: 'PATCH /repos/{owner}/{repo}/git/refs/{ref}',
      status: 422,
      body: JSON.stringify({
        message: 'Update is not a fast forward',
        documentation_url: 'https://docs.github.com/rest/git/refs#update-a-reference',
        status: '422',
      }),
      times: 2,
    });
    em.resetLog();
    const result = await pages.commit({ 'telemetry/b.json': 'b' }, 'two');
    expect(result.retries).toBe(2);
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/b.json')).toBe('b');
    expect(em.state.readFile(REPO, BRANCH, 'telemetry/a.json')).toBe('a');
    const patches = em.log.filter((e) => e.route === 'PATCH /repos/{owner}/{repo}/git/refs/{ref}');
    expect(patches.map((e) => e.status)).toEqual([422, 422, 200]);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    const em = await setup();
    const client = createGitHubClient({ token: TOKEN, baseUrl: em.url, writeIntervalMs: 0 });
    const pages = new GitPagesStore(client.octokit, { owner: 'octo-org', repo: 'pages-demo' }, BRANCH, {
      maxAttempts: 3,
      sleep: async () => {},
    });
    await pages.commit({ 'a.txt': 'a' }, 'one');
    em.faults.add({ method: 'PATCH', route: 'PATCH /repos/{owner}/{repo}/git/refs/{ref}', status: 422 });
    await expect(pages.commit({ 'b.txt': 'b' }, 'two')).rejects.toMatchObject({ status: 422 });
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
    expect(em.log.filter((e) => e.route === 'POST /repos/{owner}/{repo}/git/commits')).toHaveLength(1);

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
    expect(em.log.some((e) => e.route === 'PATCH /repos/{owner}/{repo}/git/refs/{ref}')).toBe(true);
    expect(em.state.readFile(REPO, BRANCH, 'state/index.json')).toBe('{"v":2}');
  });
});
