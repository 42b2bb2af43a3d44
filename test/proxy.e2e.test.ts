import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { connect, type Server as NetServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { runAction } from '@codex-suite/harness/run-action';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Bed, REPO, startBed, WRITER } from '../actions/activity/test/bed.js';
import './support/fresh-dist.js';

/**
 * A bundled stage behind an HTTP CONNECT proxy, as on a self-hosted runner that reaches GitHub only
 * through one: `HTTPS_PROXY` names the proxy, the API is https, and `NO_PROXY` lists hosts to reach
 * directly (@actions/http-client reads these; it always bypasses loopback addresses, so the API is
 * named by a host only the proxy can resolve).
 *
 * api.github.test (reserved: it never resolves) → the proxy on 127.0.0.1 tunnels CONNECT to a TLS
 * front with a self-signed certificate for that name (trusted through NODE_EXTRA_CA_CERTS) → the
 * emulator over http. A request that does not go through the proxy cannot reach the emulator.
 */
const ROOT = join(import.meta.dirname, '..');
const API_HOST = 'api.github.test';

let bed: Bed | undefined;
let tlsFront: NetServer;
let proxy: Server;
let proxyUrl: string;
let certFile: string;
/** What the proxy was asked: `CONNECT host:port` per tunnel, `METHOD url` per plain request. */
const seen: string[] = [];
const sockets = new Set<Socket>();

const listen = (server: NetServer | Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  );
const close = (server: NetServer | Server) => new Promise<void>((resolve) => server.close(() => resolve()));

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'codex-proxy-'));
  certFile = join(dir, 'cert.pem');
  const keyFile = join(dir, 'key.pem');
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${API_HOST}`,
      '-addext',
      `subjectAltName=DNS:${API_HOST}`,
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { encoding: 'utf8' },
  );
  expect(made.status, made.stderr).toBe(0);

  // TLS terminated here; the plain bytes go on to whichever emulator the current test started.
  tlsFront = createTlsServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (tls) => {
    sockets.add(tls);
    const upstream = connect(Number(new URL(bed!.emulator.url).port), '127.0.0.1');
    sockets.add(upstream);
    tls.pipe(upstream).pipe(tls);
    tls.on('error', () => upstream.destroy());
    upstream.on('error', () => tls.destroy());
  });
  const tlsPort = await listen(tlsFront);

  proxy = createHttpServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(502).end('this proxy only tunnels');
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    seen.push(`CONNECT ${req.url}`);
    sockets.add(client);
    if (req.url !== `${API_HOST}:443`) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = connect(tlsPort, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
});

afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  seen.length = 0;
  await bed?.close();
  bed = undefined;
});

afterAll(async () => {
  await close(proxy);
  await close(tlsFront);
});

function runSupervisor(env: Record<string, string>) {
  return runAction({
    actionDir: join(ROOT, 'actions', 'supervisor'),
    inputs: { 'write-interval-ms': '0', publish: 'none' },
    env: { CODEX_RETRY_BASE_MS: '20', NODE_EXTRA_CA_CERTS: certFile, ...env },
    github: { api_url: `https://${API_HOST}`, token: WRITER, repository: REPO, run_id: '880001' },
  });
}

async function seeded(): Promise<Bed> {
  const b = await startBed(Date.now());
  for (let i = 0; i < 3; i += 1)
    b.emulator.state.addIssue(REPO, { title: `Issue ${i}`, labels: ['codex'], updated_at: b.ago(2) });
  return b;
}

describe('a bundle behind an HTTPS proxy', () => {
  it('with HTTPS_PROXY set, every request to the API goes through the proxy, and the stage completes', async () => {
    bed = await seeded();
    const result = await runSupervisor({ HTTPS_PROXY: proxyUrl, NO_PROXY: 'example.com,.other.test' });
    expect(result.outputs.status, result.stdout).toBe('ok');
    const requests = bed.emulator.log.length;
    expect(requests).toBeGreaterThanOrEqual(2);
    // Each tunnel is a kept-alive connection carrying any number of requests; every one is to the API.
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen)).toEqual(new Set([`CONNECT ${API_HOST}:443`]));
  });

  it('the lower-case https_proxy works the same', async () => {
    bed = await seeded();
    const result = await runSupervisor({ https_proxy: proxyUrl });
    expect(result.outputs.status, result.stdout).toBe('ok');
    expect(bed.emulator.log.length).toBeGreaterThanOrEqual(2);
    expect(new Set(seen)).toEqual(new Set([`CONNECT ${API_HOST}:443`]));
  });

  it('a host NO_PROXY lists is reached directly: the proxy sees nothing (and this API only resolves through it)', async () => {
    bed = await seeded();
    const result = await runSupervisor({ HTTPS_PROXY: proxyUrl, NO_PROXY: `example.com,.github.test` });
    expect(seen).toEqual([]);
    expect(bed.emulator.log).toEqual([]);
    expect(result.outputs.status).toBe('error');
  });
});
