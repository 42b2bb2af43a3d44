import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP proxy inside the action process that holds the API key. Codex talks to it with
 * a per-run client token (its `env_key` value); the proxy checks that token, swaps it for the real
 * key and forwards `/v1/*` to the upstream, streaming both ways. The key so never enters the Codex
 * process, its environment or its CODEX_HOME.
 */
export interface KeyProxy {
  /** `http://127.0.0.1:<port>/v1` — the `base_url` Codex is given */
  readonly baseUrl: string;
  readonly port: number;
  /** the value Codex must send as its bearer token */
  readonly clientToken: string;
  readonly stats: ProxyStats;
  close(): Promise<void>;
}

export interface ProxyStats {
  requests: number;
  rejected: number;
  /** last upstream answer, e.g. `POST /v1/responses → 500`, or a network failure */
  last: string | null;
  upstreamErrors: number;
}

export interface KeyProxyOptions {
  /** upstream base URL without `/v1`, e.g. `https://api.openai.com` */
  readonly upstream: string;
  readonly apiKey: string;
  readonly log?: (message: string) => void;
}

// Hop-by-hop headers (RFC 9110 §7.6.1) and the ones the proxy owns.
const DROPPED_REQUEST_HEADERS = new Set([
  'authorization',
  'host',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'trailer',
  'upgrade',
]);

export async function startKeyProxy(options: KeyProxyOptions): Promise<KeyProxy> {
  const upstream = new URL(options.upstream.replace(/\/+$/, ''));
  const upstreamPath = upstream.pathname.replace(/\/+$/, '');
  const transport = upstream.protocol === 'https:' ? https : http;
  const clientToken = randomBytes(24).toString('hex');
  const expected = Buffer.from(`Bearer ${clientToken}`);
  const stats: ProxyStats = { requests: 0, rejected: 0, last: null, upstreamErrors: 0 };
  const sockets = new Set<import('node:net').Socket>();

  const server = http.createServer((req, res) => {
    stats.requests += 1;
    const auth = Buffer.from(String(req.headers.authorization ?? ''));
    const path = req.url ?? '/';
    if (auth.length !== expected.length || !timingSafeEqual(auth, expected)) {
      stats.rejected += 1;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: 'proxy: unknown client token', code: 'proxy_unauthorized' } }),
      );
      return;
    }
    if (!/^\/v1(\/|$|\?)/.test(path)) {
      stats.rejected += 1;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { message: 'proxy: only /v1/* is forwarded', code: 'proxy_not_found' } }),
      );
      return;
    }
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined && !DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    }
    headers.authorization = `Bearer ${options.apiKey}`;
    headers.host = upstream.host;
    const label = `${req.method} ${path.split('?')[0]}`;
    const outgoing = transport.request(
      {
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port || undefined,
        method: req.method,
        path: `${upstreamPath}${path}`,
        headers,
      },
      (answer) => {
        const status = answer.statusCode ?? 502;
        stats.last = `${label} → ${status}`;
        if (status >= 400) stats.upstreamErrors += 1;
        const out: http.OutgoingHttpHeaders = {};
        for (const [name, value] of Object.entries(answer.headers)) {
          if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) out[name] = value;
        }
        res.writeHead(status, out);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    outgoing.on('error', (error) => {
      stats.upstreamErrors += 1;
      stats.last = `${label} → ${(error as NodeJS.ErrnoException).code ?? error.message}`;
      options.log?.(`proxy: ${stats.last}`);
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ error: { message: `proxy: upstream unreachable`, code: 'proxy_upstream' } }),
        );
      } else {
        res.destroy();
      }
    });
    // Codex gave up (timeout, kill): stop the upstream request too.
    res.on('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    req.pipe(outgoing);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  // Readiness is the listen callback: no file to poll, no race.
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    port,
    clientToken,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
