import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { nodeHttpTransport } from '../src/github/http-transport.js';
import { jsonBodyWithBase64 } from '../src/pages/base64-body.js';

interface Seen {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let server: Server;
let base: string;
let seen: Seen[];
let answer: (r: Seen, res: import('node:http').ServerResponse) => void;

beforeEach(async () => {
  seen = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      seen.push(r);
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  vi.unstubAllGlobals();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('the client transport over node:http', () => {
  it("a client's requests compile no WebAssembly (fetch's HTTP parser is a WebAssembly module)", async () => {
    answer = (_r, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ full_name: 'a/b' }));
    };
    vi.stubGlobal('WebAssembly', undefined);
    const { octokit } = createGitHubClient({ token: 't0ken-value', baseUrl: base, writeIntervalMs: 0 });
    const repo = await octokit.rest.repos.get({ owner: 'a', repo: 'b' });
    expect(repo.data).toEqual({ full_name: 'a/b' });
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /repos/a/b']);
  });

  it('sends the method, headers and body, asks for compression as fetch does and decodes the answer', async () => {
    answer = (r, res) => {
      res.writeHead(201, {
        'content-type': 'application/json; charset=utf-8',
        'content-encoding': 'gzip',
        'x-b': '2',
        'x-a': '1',
      });
      res.end(gzipSync(JSON.stringify({ echo: r.body })));
    };
    const transport = nodeHttpTransport();
    const response = await transport(`${base}/x?y=1`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', authorization: 'token t' },
      body: '{"é":1}',
    });
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/x?y=1', body: '{"é":1}' });
    expect(seen[0]!.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'token t',
      'content-length': String(Buffer.byteLength('{"é":1}')),
      'accept-encoding': 'gzip, deflate',
    });
    expect(response.status).toBe(201);
    expect(response.ok).toBe(true);
    expect(response.url).toBe(`${base}/x?y=1`);
    expect(response.headers.get('X-A')).toBe('1');
    expect(
      [...(response.headers as unknown as Iterable<[string, string]>)]
        .map(([name]) => name)
        .filter((n) => n.startsWith('x-')),
    ).toEqual(['x-a', 'x-b']);
    expect(await response.json()).toEqual({ echo: '{"é":1}' });
  });

  it('sends a Blob body as its stream gives it, its size as the Content-Length (a commit of base64 contents)', async () => {
    answer = (_r, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    const transport = nodeHttpTransport();
    const json = JSON.stringify({ contents: 'é✓'.repeat(300_000) });
    const body = jsonBodyWithBase64((base64) => ({ query: 'mutation', contents: base64(json) }));
    for (let round = 0; round < 2; round += 1) {
      const response = await transport(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body,
      });
      expect(await response.text()).toBe('ok');
    }
    const expected = JSON.stringify({ query: 'mutation', contents: Buffer.from(json).toString('base64') });
    expect(seen).toHaveLength(2);
    for (const r of seen) {
      expect(r.body).toBe(expected);
      expect(r.headers['content-length']).toBe(String(Buffer.byteLength(expected)));
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
  });

  it('gives the body as a stream, and no body for 204 and 304', async () => {
    answer = (r, res) => {
      if (r.url === '/empty') res.writeHead(204).end();
      else if (r.url === '/same') res.writeHead(304, { etag: '"e"' }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    };
    const transport = nodeHttpTransport();
    const full = await transport(`${base}/text`);
    const reader = full.body!.getReader();
    const parts: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read())
      parts.push(Buffer.from(r.value).toString());
    expect(parts.join('')).toBe('hello');
    expect((await transport(`${base}/empty`, { method: 'DELETE' })).body).toBeNull();
    const same = await transport(`${base}/same`);
    expect(same.status).toBe(304);
    expect(same.body).toBeNull();
    expect(await same.text()).toBe('');
  });

  it("follows redirects by fetch's rules: the method kept on 307, GET after a 303, the final address reported", async () => {
    answer = (r, res) => {
      if (r.url === '/old') res.writeHead(307, { location: '/new' }).end();
      else if (r.url === '/see') res.writeHead(303, { location: `${base}/other` }).end();
      else res.writeHead(200, { 'content-type': 'text/plain' }).end(`${r.method} ${r.url} ${r.body}`);
    };
    const transport = nodeHttpTransport();
    const kept = await transport(`${base}/old`, { method: 'PATCH', body: 'b' });
    expect(kept.url).toBe(`${base}/new`);
    expect(kept.redirected).toBe(true);
    expect(await kept.text()).toBe('PATCH /new b');
    const seeOther = await transport(`${base}/see`, { method: 'POST', body: 'b' });
    expect(await seeOther.text()).toBe('GET /other ');
    const manual = await transport(`${base}/old`, { redirect: 'manual' });
    expect(manual.status).toBe(307);
    expect(manual.headers.get('location')).toBe('/new');
  });

  it('rejects with the signal reason when aborted, and as fetch does (TypeError, cause) when the network fails', async () => {
    answer = () => {}; // never answers
    const transport = nodeHttpTransport();
    const controller = new AbortController();
    const pending = transport(`${base}/slow`, { signal: controller.signal });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    const reason = new Error('gave up');
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);

    const refused = transport('http://127.0.0.1:1/x');
    await expect(refused).rejects.toBeInstanceOf(TypeError);
    await expect(refused).rejects.toMatchObject({
      message: 'fetch failed',
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
  });
});
