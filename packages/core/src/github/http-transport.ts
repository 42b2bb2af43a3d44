import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { getProxyUrl } from '@actions/http-client/lib/proxy';
import { readAll } from './response-body.js';

/**
 * The client's transport: the part of `fetch` Octokit uses, over node:http and node:https.
 *
 * `fetch` (Node's own or undici's) parses HTTP with llhttp compiled to WebAssembly, and V8's
 * compilation of that module costs about 20 MB of memory at a stage's first requests, 30 MB of
 * peak RSS in all for every stage whatever the repository's size. node:http parses with the same
 * llhttp built into Node. What `fetch` does that the suite relies on is done here too:
 * the proxy from `HTTPS_PROXY`/`HTTP_PROXY` unless `NO_PROXY` or a loopback host bypasses it (the
 * rules of @actions/http-client, as before), keep-alive connections, compressed answers
 * (`accept-encoding` as fetch sends it) decoded, redirects followed (`redirect: 'follow'`, fetch's
 * rules for the method and for credentials on another origin), the abort signal ending the request
 * and its body with the signal's reason, and a network failure rejected as fetch rejects it: a
 * TypeError whose `cause` is the error.
 */

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
const MAX_REDIRECTS = 20;

/** The answer's headers, read as fetch's Headers are read: lower-case names, in name order. */
export class TransportHeaders {
  readonly #entries: [string, string][];

  constructor(raw: IncomingMessage['headers']) {
    this.#entries = Object.entries(raw)
      .filter((entry): entry is [string, string | string[]] => entry[1] !== undefined)
      .map(([name, value]): [string, string] => [name, Array.isArray(value) ? value.join(', ') : value])
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  get(name: string): string | null {
    const lower = name.toLowerCase();
    return this.#entries.find(([n]) => n === lower)?.[1] ?? null;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  forEach(fn: (value: string, name: string) => void): void {
    for (const [name, value] of this.#entries) fn(value, name);
  }

  entries(): IterableIterator<[string, string]> {
    return this.#entries[Symbol.iterator]();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** An answer as fetch's Response presents it, as far as Octokit and the client read it. */
export class TransportResponse {
  readonly ok: boolean;
  readonly redirected: boolean;
  readonly bodyUsed = false;
  readonly body: ReadableStream<Uint8Array> | null;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly url: string,
    readonly headers: TransportHeaders,
    stream: Readable | null,
    redirects: number,
  ) {
    this.ok = status >= 200 && status < 300;
    this.redirected = redirects > 0;
    this.body = stream ? (Readable.toWeb(stream) as ReadableStream<Uint8Array>) : null;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = await this.#bytes();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async text(): Promise<string> {
    return new TextDecoder('utf-8').decode(await this.#bytes());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  #bytes(): Promise<Buffer> {
    return this.body ? readAll(this.body) : Promise.resolve(Buffer.alloc(0));
  }
}

type Body = string | Uint8Array | ArrayBuffer | Blob | null | undefined;

/**
 * What is sent: bytes, or a Blob as its stream gives it (base64-body.ts makes a commit's body a
 * step at a time as it is read, rather than holding it whole).
 */
function bodyBytes(body: unknown): Buffer | Blob | undefined {
  if (body === undefined || body === null) return undefined;
  if (body instanceof Blob) return body;
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  throw new TypeError(`the client's transport sends string, byte or Blob bodies, not ${typeof body}`);
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  // Not `instanceof Headers`: reading that global loads Node's fetch implementation.
  const pairs: Iterable<[string, string]> =
    Symbol.iterator in headers
      ? (headers as Iterable<[string, string]>)
      : Object.entries(headers as Record<string, string>);
  for (const [name, value] of pairs) record[name.toLowerCase()] = String(value);
  return record;
}

/** The decoded body of an answer, as fetch decodes it (gzip, deflate, br; an unknown coding is left as it is). */
function decoded(response: IncomingMessage): Readable {
  const coding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder =
    coding === 'gzip' || coding === 'x-gzip'
      ? createGunzip()
      : coding === 'deflate'
        ? createInflate()
        : coding === 'br'
          ? createBrotliDecompress()
          : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/**
 * A fetch for the GitHub client over node:http/node:https (see the module comment). Each transport
 * keeps its own keep-alive agents, one per protocol and proxy.
 */
export function nodeHttpTransport(): typeof fetch {
  const agents = new Map<string, HttpAgent>();
  const agentFor = (url: URL): HttpAgent => {
    const proxy = getProxyUrl(url);
    const key = `${url.protocol} ${proxy?.href ?? ''}`;
    let agent = agents.get(key);
    if (!agent) {
      const Agent = url.protocol === 'https:' ? HttpsAgent : HttpAgent;
      agent = new Agent({
        keepAlive: true,
        ...(proxy ? { proxyEnv: { HTTPS_PROXY: proxy.href, HTTP_PROXY: proxy.href } } : {}),
      });
      agents.set(key, agent);
    }
    return agent;
  };

  const send = (
    url: URL,
    method: string,
    headers: Record<string, string>,
    body: Buffer | Blob | undefined,
    signal: AbortSignal | undefined,
  ): Promise<IncomingMessage> =>
    new Promise((resolve, reject) => {
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${url.protocol}`) }));
        return;
      }
      const outgoing = { ...headers };
      if (body !== undefined || ['POST', 'PUT', 'PATCH'].includes(method))
        outgoing['content-length'] = String((body instanceof Blob ? body.size : body?.byteLength) ?? 0);
      outgoing['accept-encoding'] ??= url.protocol === 'https:' ? 'br, gzip, deflate' : 'gzip, deflate';
      const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
        method,
        headers: outgoing,
        agent: agentFor(url),
      });
      const onAbort = () => request.destroy(signal?.reason as Error);
      signal?.addEventListener('abort', onAbort, { once: true });
      request.once('response', (response) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(response);
      });
      request.once('error', (error) => {
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
      });
      if (body instanceof Blob) {
        // piped: written as the request drains, so only a few steps of it are ever in memory
        Readable.fromWeb(body.stream() as import('node:stream/web').ReadableStream<Uint8Array>)
          .once('error', (error) => request.destroy(error))
          .pipe(request);
      } else request.end(body);
    });

  const transport = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const signal = init.signal ?? undefined;
    signal?.throwIfAborted();
    let url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    let method = (init.method ?? 'GET').toUpperCase();
    const headers = headerRecord(init.headers);
    let body = bodyBytes(init.body as Body);
    if (typeof init.body === 'string' && headers['content-type'] === undefined)
      headers['content-type'] = 'text/plain;charset=UTF-8';
    for (let redirects = 0; ; redirects += 1) {
      const response = await send(url, method, headers, body, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (REDIRECTS.has(status) && location !== undefined && init.redirect !== 'manual') {
        response.resume();
        if (init.redirect === 'error' || redirects >= MAX_REDIRECTS)
          throw new TypeError('fetch failed', { cause: new Error('redirect') });
        const next = new URL(location, url);
        if (status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST') {
          method = 'GET';
          body = undefined;
          for (const name of ['content-type', 'content-length', 'content-encoding', 'content-language'])
            delete headers[name];
        }
        if (next.origin !== url.origin)
          for (const name of ['authorization', 'proxy-authorization', 'cookie']) delete headers[name];
        url = next;
        continue;
      }
      const empty = NULL_BODY.has(status) || method === 'HEAD';
      let stream: Readable | null = null;
      if (empty) response.resume();
      else {
        stream = decoded(response);
        if (signal) {
          const onAbort = () => stream?.destroy(signal.reason as Error);
          signal.addEventListener('abort', onAbort, { once: true });
          stream.once('close', () => signal.removeEventListener('abort', onAbort));
        }
      }
      return new TransportResponse(
        status,
        response.statusMessage ?? '',
        url.href,
        new TransportHeaders(response.headers),
        stream,
        redirects,
      ) as unknown as Response;
    }
  };
  return transport as typeof fetch;
}
