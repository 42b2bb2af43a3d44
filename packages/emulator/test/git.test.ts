import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GitStore } from '../src/git.js';
import type { Emulator } from '../src/server.js';
import { call, REPO, setup } from './helpers.js';

let emulator: Emulator;
afterEach(async () => {
  await emulator?.close();
});

describe('git object store', () => {
  it('hashes blobs and trees exactly like git', () => {
    const store = new GitStore();
    expect(store.putBlob('hello world\n')).toBe('3b18e512dba79e4c8300dd08aeb37f8e728b8dad');
    expect(store.putTree([])).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    // Cross-check a nested tree with git itself.
    const dir = mkdtempSync(join(tmpdir(), 'emu-git-'));
    try {
      execFileSync('git', ['init', '-q', dir]);
      writeFileSync(join(dir, 'a.txt'), 'A');
      execFileSync('mkdir', ['-p', join(dir, 'sub')]);
      writeFileSync(join(dir, 'sub', 'b.json'), '{"b":1}');
      writeFileSync(join(dir, 'sub.txt'), 'order matters');
      execFileSync('git', ['-C', dir, 'add', '.']);
      const expected = execFileSync('git', ['-C', dir, 'write-tree'], { encoding: 'utf8' }).trim();
      const files = new Map([
        ['a.txt', { mode: '100644', sha: store.putBlob('A') }],
        ['sub/b.json', { mode: '100644', sha: store.putBlob('{"b":1}') }],
        ['sub.txt', { mode: '100644', sha: store.putBlob('order matters') }],
      ]);
      expect(store.buildTree(files)).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('git data API over a gh-pages branch', () => {
  it('ref 404, create branch from a commit, add and delete files with base_tree, fast-forward rules', async () => {
    emulator = await setup();
    const base = `/repos/${REPO}/git`;
    expect((await call(emulator, 'GET', `${base}/ref/heads/gh-pages`)).status).toBe(404);
    expect((await call(emulator, 'GET', `${base}/matching-refs/heads/gh-pages`)).body).toEqual([]);

    const tree = await call(emulator, 'POST', `${base}/trees`, {
      body: { tree: [{ path: 'telemetry/sync-1.json', mode: '100644', type: 'blob', content: '{"run":1}' }] },
    });
    expect(tree.status).toBe(201);
    const root = await call(emulator, 'POST', `${base}/commits`, {
      body: { message: 'init', tree: tree.body.sha, parents: [] },
    });
    expect(
      (
        await call(emulator, 'POST', `${base}/refs`, {
          body: { ref: 'refs/heads/gh-pages', sha: root.body.sha },
        })
      ).status,
    ).toBe(201);
    expect(emulator.state.readFile(REPO, 'gh-pages', 'telemetry/sync-1.json')).toBe('{"run":1}');

    const blob = await call(emulator, 'POST', `${base}/blobs`, {
      body: { content: Buffer.from('{"run":2}').toString('base64'), encoding: 'base64' },
    });
    const next = await call(emulator, 'POST', `${base}/trees`, {
      body: {
        base_tree: tree.body.sha,
        tree: [
          { path: 'telemetry/sync-2.json', mode: '100644', type: 'blob', sha: blob.body.sha },
          { path: 'telemetry/sync-1.json', mode: '100644', type: 'blob', sha: null },
          { path: 'dashboard/dashboard.json', mode: '100644', type: 'blob', content: '{}' },
        ],
      },
    });
    const recursive = await call(emulator, 'GET', `${base}/trees/${next.body.sha}?recursive=1`);
    expect(recursive.body.tree.map((e: { path: string; type: string }) => `${e.type}:${e.path}`)).toEqual([
      'tree:dashboard',
      'blob:dashboard/dashboard.json',
      'tree:telemetry',
      'blob:telemetry/sync-2.json',
    ]);
    const second = await call(emulator, 'POST', `${base}/commits`, {
      body: { message: 'two', tree: next.body.sha, parents: [root.body.sha] },
    });
    expect(second.body.parents[0].sha).toBe(root.body.sha);

    // A sibling commit of `second` is not a fast forward once gh-pages moved.
    const sibling = await call(emulator, 'POST', `${base}/commits`, {
      body: { message: 'other', tree: tree.body.sha, parents: [root.body.sha] },
    });
    expect(
      (await call(emulator, 'PATCH', `${base}/refs/heads/gh-pages`, { body: { sha: second.body.sha } }))
        .status,
    ).toBe(200);
    const conflict = await call(emulator, 'PATCH', `${base}/refs/heads/gh-pages`, {
      body: { sha: sibling.body.sha },
    });
    expect(conflict.status).toBe(422);
    expect(conflict.body.message).toBe('Update is not a fast forward');
    expect(
      (
        await call(emulator, 'PATCH', `${base}/refs/heads/gh-pages`, {
          body: { sha: sibling.body.sha, force: true },
        })
      ).status,
    ).toBe(200);
    expect(
      (await call(emulator, 'PATCH', `${base}/refs/heads/missing`, { body: { sha: sibling.body.sha } })).body
        .message,
    ).toBe('Reference does not exist');
    expect(
      (await call(emulator, 'POST', `${base}/commits`, { body: { message: 'x', tree: 'f'.repeat(40) } }))
        .status,
    ).toBe(422);
  });

  it('contents: base64 file, directory list, raw media type, 404; PUT create and update with sha', async () => {
    emulator = await setup();
    emulator.state.writeFiles(
      REPO,
      'gh-pages',
      { 'dashboard/dashboard.json': '{"ok":true}', 'dashboard/index.html': '<html>' },
      'seed',
    );
    const file = await call(emulator, 'GET', `/repos/${REPO}/contents/dashboard/dashboard.json?ref=gh-pages`);
    expect(file.body).toMatchObject({
      type: 'file',
      encoding: 'base64',
      path: 'dashboard/dashboard.json',
      size: 11,
    });
    expect(Buffer.from(file.body.content, 'base64').toString()).toBe('{"ok":true}');
    const dir = await call(emulator, 'GET', `/repos/${REPO}/contents/dashboard?ref=gh-pages`);
    expect(dir.body.map((e: { name: string }) => e.name)).toEqual(['dashboard.json', 'index.html']);
    const raw = await call(emulator, 'GET', `/repos/${REPO}/contents/dashboard/index.html?ref=gh-pages`, {
      headers: { accept: 'application/vnd.github.raw' },
    });
    expect(raw.text).toBe('<html>');
    // GitHub's size rule: over 1 MB the JSON answer has no content; the raw media type has it all.
    const big = 'x'.repeat(1024 * 1024 + 1);
    emulator.state.writeFiles(REPO, 'gh-pages', { 'state/big.json': big }, 'big');
    const large = await call(emulator, 'GET', `/repos/${REPO}/contents/state/big.json?ref=gh-pages`);
    expect(large.body).toMatchObject({ type: 'file', encoding: 'none', content: '', size: big.length });
    const largeRaw = await call(emulator, 'GET', `/repos/${REPO}/contents/state/big.json?ref=gh-pages`, {
      headers: { accept: 'application/vnd.github.raw' },
    });
    expect(largeRaw.text).toBe(big);
    expect((await call(emulator, 'GET', `/repos/${REPO}/contents/nope?ref=gh-pages`)).status).toBe(404);
    expect((await call(emulator, 'GET', `/repos/${REPO}/contents/x?ref=no-branch`)).status).toBe(404);

    const path = `/repos/${REPO}/contents/dashboard/dashboard.json`;
    const noSha = await call(emulator, 'PUT', path, {
      body: { message: 'm', content: Buffer.from('{}').toString('base64'), branch: 'gh-pages' },
    });
    expect(noSha.status).toBe(422);
    const stale = await call(emulator, 'PUT', path, {
      body: { message: 'm', content: 'e30=', branch: 'gh-pages', sha: 'a'.repeat(40) },
    });
    expect(stale.status).toBe(409);
    const updated = await call(emulator, 'PUT', path, {
      body: { message: 'm', content: 'e30=', branch: 'gh-pages', sha: file.body.sha },
    });
    expect(updated.status).toBe(200);
    expect(emulator.state.readFile(REPO, 'gh-pages', 'dashboard/dashboard.json')).toBe('{}');
    expect(emulator.state.listFiles(REPO, 'gh-pages', 'dashboard/')).toEqual([
      'dashboard/dashboard.json',
      'dashboard/index.html',
    ]);
  });
});
