import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { MAX_CACHE_BYTES } from '../src/github/etag-cache.js';

let server: Server;
let baseUrl: string;
let seen: { method: string; url: string; ifNoneMatch?: string }[];
let handler: (req: { method: string; url: string; ifNoneMatch?: string }) => {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
};

beforeEach(async () => {
  seen = [];
  server = createServer((req, res) => {
    const r = {
      method: req.method ?? 'GET',
      url: req.url ?? '',
      ifNoneMatch: req.headers['if-none-match'] as string | undefined,
    };
    seen.push(r);
    const answer = handler(r);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers });
    res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GitHub client', () => {
  it('sends repeated reads conditionally and serves a 304 from its cache, uncounted', async () => {
    handler = (r) =>
      r.ifNoneMatch === 'W/"v1"'
        ? { status: 304, headers: { etag: 'W/"v1"', 'x-ratelimit-remaining': '100' } }
        : {
            status: 200,
            body: { full_name: 'a/b', default_branch: 'main' },
            headers: { etag: 'W/"v1"', 'x-ratelimit-remaining': '100' },
          };
    const { octokit, meter } = createGitHubClient({ token: 't0ken-value', baseUrl, writeIntervalMs: 0 });
    const first = await octokit.rest.repos.get({ owner: 'a', repo: 'b' });
    const second = await octokit.rest.repos.get({ owner: 'a', repo: 'b' });
    expect(second.data).toEqual(first.data);
    expect(seen.map((s) => s.ifNoneMatch)).toEqual([undefined, 'W/"v1"']);
    expect(meter.snapshot()).toMatchObject({
      requests: 1,
      reads: 1,
      not_modified: 1,
      rate_limit_remaining: 100,
    });
  });

  describe('keeps no listing for a re-read, however it is paginated', () => {
    // Three pages of 100 issues of about 4 KB each, with ETags, as GitHub sends them.
    const listing = (r: { url: string }) => {
      const page = Number(new URL(r.url, baseUrl).searchParams.get('page') ?? '1');
      const headers: Record<string, string> = { etag: `W/"page-${page}"` };
      if (page < 3) headers.link = `<${baseUrl}/repos/a/b/issues?per_page=100&page=${page + 1}>; rel="next"`;
      const body = Array.from({ length: 100 }, (_, i) => ({
        number: (page - 1) * 100 + i + 1,
        body: 'x'.repeat(4000),
      }));
      return { status: 200, body, headers };
    };

    it('paginate.iterator with no options at all', async () => {
      handler = listing;
      const { octokit, etagCache } = createGitHubClient({
        token: 't0ken-value',
        baseUrl,
        writeIntervalMs: 0,
      });
      for (let run = 0; run < 2; run += 1) {
        for await (const page of octokit.paginate.iterator('GET /repos/{owner}/{repo}/issues', {
          owner: 'a',
          repo: 'b',
          per_page: 100,
        })) {
          expect(page.data).toHaveLength(100);
        }
      }
      expect(etagCache.size).toBe(0);
      expect(seen).toHaveLength(6);
      expect(seen.every((s) => s.ifNoneMatch === undefined)).toBe(true);
    });

    it('paginate() and a single-page listing', async () => {
      handler = listing;
      const { octokit, etagCache } = createGitHubClient({
        token: 't0ken-value',
        baseUrl,
        writeIntervalMs: 0,
      });
      const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
        owner: 'a',
        repo: 'b',
        per_page: 100,
      });
      expect(all).toHaveLength(300);
      handler = () => ({ status: 200, body: [{ name: 'codex' }], headers: { etag: 'W/"labels"' } });
      await octokit.rest.issues.listLabelsForRepo({ owner: 'a', repo: 'b' });
      expect(etagCache.size).toBe(0);
    });
  });

  it('keeps no large answer and holds a bounded number of bytes', async () => {
    handler = (r) => ({
      status: 200,
      body: r.url.includes('big')
        ? { content: 'x'.repeat(200_000) }
        : { path: r.url, pad: 'y'.repeat(10_000) },
      headers: { etag: `W/"${r.url}"` },
    });
    const { octokit, etagCache } = createGitHubClient({ token: 't0ken-value', baseUrl, writeIntervalMs: 0 });
    await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: 'a',
      repo: 'b',
      path: 'big',
    });
    expect(etagCache.size).toBe(0);
    for (let i = 0; i < 120; i += 1) {
      await octokit.request('GET /repos/{owner}/{repo}/git/ref/{ref}', {
        owner: 'a',
        repo: 'b',
        ref: `heads/b${i}`,
      });
    }
    expect(etagCache.bytes).toBeLessThanOrEqual(MAX_CACHE_BYTES);
    expect(etagCache.size).toBeGreaterThan(50);
    expect(etagCache.size).toBeLessThan(120);
  });

  it('parses answers as Octokit would: JSON, text with a utf-8 charset, bytes otherwise', async () => {
    const { octokit } = createGitHubClient({ token: 't0ken-value', baseUrl, writeIntervalMs: 0 });
    server.removeAllListeners('request');
    server.on('request', (req, res) => {
      const path = req.url ?? '';
      if (path.includes('json')) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end('{"id":9007199254740991,"name":"é"}');
      } else if (path.includes('raw')) {
        res.writeHead(200, { 'content-type': 'application/vnd.github.raw; charset=utf-8' });
        res.end('{"not":"parsed"}');
      } else {
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        res.end(Buffer.from([1, 2, 3]));
      }
    });
    expect((await octokit.request('GET /json')).data).toEqual({ id: 9007199254740991, name: 'é' });
    expect((await octokit.request('GET /raw')).data).toBe('{"not":"parsed"}');
    const bytes = (await octokit.request('GET /bytes')).data as ArrayBuffer;
    expect([...new Uint8Array(bytes)]).toEqual([1, 2, 3]);
  });

  it('decodes an answer that arrives in pieces, a character split between two of them', async () => {
    const { octokit } = createGitHubClient({ token: 't0ken-value', baseUrl, writeIntervalMs: 0 });
    server.removeAllListeners('request');
    const euro = Buffer.from('€', 'utf8'); // three bytes
    server.on('request', (req, res) => {
      const json = (req.url ?? '').includes('json');
      res.writeHead(200, {
        'content-type': json ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
      });
      res.write(Buffer.concat([Buffer.from(json ? '\uFEFF{"name":"' : '\uFEFFa'), euro.subarray(0, 1)]));
      setTimeout(() => {
        res.write(euro.subarray(1, 2));
        setTimeout(() => res.end(Buffer.concat([euro.subarray(2), Buffer.from(json ? 'x"}' : 'x')])), 20);
      }, 20);
    });
    // A byte-order mark is kept as Buffer#toString keeps it, so JSON behind one stays text.
    expect((await octokit.request('GET /json')).data).toBe('\uFEFF{"name":"€x"}');
    expect((await octokit.request('GET /text')).data).toBe('\uFEFFa€x');
  });

  it('follows Link pagination and counts every page', async () => {
    handler = (r) => {
      const page = Number(new URL(r.url, baseUrl).searchParams.get('page') ?? '1');
      const headers: Record<string, string> = {};
      if (page < 3) headers.link = `<${baseUrl}/repos/a/b/issues?per_page=2&page=${page + 1}>; rel="next"`;
      return { status: 200, body: [{ number: page * 2 - 1 }, { number: page * 2 }], headers };
    };
    const { octokit, meter } = createGitHubClient({ token: 't0ken-value', baseUrl, writeIntervalMs: 0 });
    const all = await octokit.paginate(octokit.rest.issues.listForRepo, {
      owner: 'a',
      repo: 'b',
      per_page: 2,
    });
    expect(all.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(meter.requests).toBe(3);
  });

  it('waits out a short secondary rate limit and retries', async () => {
    let calls = 0;
    handler = () => {
      calls += 1;
      return calls === 1
        ? {
            status: 403,
            body: { message: 'You have exceeded a secondary rate limit' },
            headers: { 'retry-after': '1' },
          }
        : { status: 201, body: { number: 7 } };
    };
    const logs: string[] = [];
    const { octokit, meter } = createGitHubClient({
      token: 't0ken-value',
      baseUrl,
      writeIntervalMs: 0,
      log: (m) => logs.push(m),
    });
    const created = await octokit.rest.issues.create({ owner: 'a', repo: 'b', title: 'x' });
    expect(created.data.number).toBe(7);
    expect(meter.writes).toBe(2);
    expect(logs.join('\n')).toContain('Secondary rate limit');
  });

  it('gives up on a primary rate limit whose reset is too far away', async () => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    handler = () => ({
      status: 403,
      body: { message: 'API rate limit exceeded for installation' },
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    });
    const { octokit } = createGitHubClient({
      token: 't0ken-value',
      baseUrl,
      writeIntervalMs: 0,
      maxRateLimitWaitSeconds: 5,
    });
    await expect(octokit.rest.repos.get({ owner: 'a', repo: 'b' })).rejects.toMatchObject({ status: 403 });
    expect(seen).toHaveLength(1);
  });
});
