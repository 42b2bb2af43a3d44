import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults.js';
import type { RequestLogEntry } from './log.js';
import { type Route, type RouteContext, type RouteResult, Router } from './router.js';
import { contentRoutes } from './routes/contents.js';
import { gitRoutes } from './routes/git.js';
import { graphqlRoutes } from './routes/graphql.js';
import { issueRoutes } from './routes/issues.js';
import { labelRoutes } from './routes/labels.js';
import { milestoneRoutes } from './routes/milestones.js';
import { projectRoutes } from './routes/projects.js';
import { pullRoutes } from './routes/pulls.js';
import { rateLimitBody, repoRoutes } from './routes/repos.js';
import { variableRoutes } from './routes/variables.js';
import { loadScenario, type Scenario } from './scenario.js';
import { EmulatorState, tokenId } from './state.js';
import type { Access, PermissionScope, TokenRecord } from './types.js';
import { checkAnswer } from './validation/answer.js';
import { graphqlSchemaReady } from './validation/graphql.js';
import { acknowledgeViolations, recordViolation, type Violation } from './validation/violations.js';
import { etagFor, matchesIfNoneMatch } from './wire/etag.js';
import { defaultMessage, HttpError } from './wire/errors.js';
import {
  bucketOf,
  DEFAULT_SECONDARY_LIMIT,
  exhaustedMessage,
  type RateResource,
  rateHeaders,
  SECONDARY_MESSAGE,
  type SecondaryLimit,
  secondaryCheck,
} from './wire/ratelimit.js';

export type { RequestLogEntry } from './log.js';
export type { Scenario } from './scenario.js';
export { EmulatorState } from './state.js';
export { FaultPlan } from './faults.js';
export type { Violation } from './validation/violations.js';

export interface EmulatorOptions {
  seed?: Scenario;
  /** 0 (default) picks a free port on 127.0.0.1. */
  port?: number;
  /** Secondary limit on content-creating requests; default 80 writes/minute, retry-after 60 s. `false` turns it off. */
  secondaryLimit?: SecondaryLimit | false;
  clock?: () => Date;
  /** Seed of the PRNG behind `rate` faults (default 1). */
  faultSeed?: number;
}

export interface Emulator {
  url: string;
  state: EmulatorState;
  faults: FaultPlan;
  log: RequestLogEntry[];
  resetLog(): void;
  /**
   * Answers this emulator sent that GitHub's REST description or GraphQL schema does not allow
   * (injected faults excepted). Each also sits in the process store that fails the causing test.
   */
  violations: Violation[];
  /** This emulator's violations so far, taken out of the process store: for tests that provoke them. */
  takeViolations(): Violation[];
  close(): Promise<void>;
}

export const API_VERSION = '2022-11-28';
const READ_METHODS = new Set(['GET', 'HEAD']);

export function allRoutes(): Route[] {
  return [
    ...repoRoutes,
    ...issueRoutes,
    ...labelRoutes,
    ...milestoneRoutes,
    ...projectRoutes,
    ...gitRoutes,
    ...contentRoutes,
    ...variableRoutes,
    ...pullRoutes,
    ...graphqlRoutes,
  ];
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const state = new EmulatorState(options.clock);
  if (options.seed) loadScenario(state, options.seed);
  const faults = new FaultPlan(options.faultSeed ?? 1, tokenId, (token, resetInSeconds) => {
    const targets = token === undefined ? [...state.tokens.values()] : [state.tokens.get(token)];
    for (const record of targets) {
      if (!record) throw new Error('primaryExhausted: unknown token');
      record.core.remaining = 0;
      record.core.resetAt = state.nowMs() + resetInSeconds * 1000;
    }
  });
  const router = new Router();
  router.add(allRoutes());
  const secondary =
    options.secondaryLimit === false ? undefined : (options.secondaryLimit ?? DEFAULT_SECONDARY_LIMIT);
  const log: RequestLogEntry[] = [];
  const violations: Violation[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let seq = 0;
  let base = '';

  const server: Server = createServer((req, res) => {
    seq += 1;
    handle(req, res, seq).catch((error: unknown) => {
      if (!res.headersSent) {
        const body = JSON.stringify(new HttpError(500, `Server Error: ${String(error)}`).body());
        res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        res.end(body);
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse, n: number): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, base);
    const requestBase = `http://${req.headers.host ?? new URL(base).host}`;
    const rawBody = await readBody(req);
    if (url.pathname === '/graphql') await graphqlSchemaReady();
    const tokenValue = parseToken(req.headers.authorization);
    const token = tokenValue === undefined ? undefined : state.tokens.get(tokenValue);
    const logToken = tokenValue === undefined ? undefined : tokenId(tokenValue);

    // /repositories/{id}/... (the form GitHub's Link headers use) is the same as /repos/{owner}/{repo}/...
    let path = url.pathname;
    const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
    if (byId) {
      const repo = state.reposById.get(Number(byId[1]));
      if (repo) path = `/repos/${repo.fullName}${byId[2] ?? ''}`;
    }
    const matched = router.match(method === 'HEAD' ? 'GET' : method, path);
    const routeName =
      path === '/rate_limit'
        ? 'GET /rate_limit'
        : matched
          ? `${matched.route.method} ${matched.route.template}`
          : undefined;

    let body: unknown;
    let bodyError = false;
    if (rawBody.length > 0) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        bodyError = true;
      }
    }

    const entry: RequestLogEntry = {
      seq: n,
      method,
      path: rawUrl,
      route: routeName,
      status: 0,
      counted: false,
      write: false,
      at: state.now().toISOString(),
    };
    if (logToken) entry.token = logToken;
    log.push(entry);

    const resource: RateResource = matched?.route.resource ?? 'core';
    const headers: Record<string, string> = baseHeaders(n, req);

    let faulted = false;
    const send = (status: number, payload: string | undefined, extra: Record<string, string> = {}): void => {
      entry.status = status;
      const all = { ...headers, ...extra };
      if (payload !== undefined && payload.length > 0)
        all['content-length'] = String(Buffer.byteLength(payload));
      // An injected fault's answer is the test's deliberate one, not the emulator's model of GitHub.
      if (!faulted) {
        const problems = checkAnswer(routeName, status, all, payload, body);
        if (problems.length > 0) {
          const violation: Violation = { seq: n, method, path: rawUrl, route: routeName, status, problems };
          violations.push(violation);
          recordViolation(violation);
        }
      }
      res.writeHead(status, all);
      res.end(method === 'HEAD' ? undefined : payload);
    };
    const sendError = (error: HttpError): void => {
      send(error.status, JSON.stringify(error.body()), {
        'content-type': 'application/json; charset=utf-8',
        ...(error.extra.headers ?? {}),
      });
    };
    const withRate = (record: TokenRecord | undefined): void => {
      if (record) Object.assign(headers, rateHeaders(bucketOf(state, record, resource), resource));
    };

    // ---- injected faults --------------------------------------------------------
    const fault = faults.match({ method, path, route: routeName, tokenId: logToken, rawBody });
    if (fault) {
      entry.fault = fault.id;
      if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      fault.effect?.();
      if (fault.reset) {
        entry.status = 0;
        req.socket.destroy();
        return;
      }
      if (fault.status !== undefined || fault.body !== undefined) {
        faulted = true;
        withRate(token);
        const status = fault.status ?? 200;
        const payload = fault.body ?? JSON.stringify(new HttpError(status, defaultMessage(status)).body());
        send(status, payload, {
          'content-type': 'application/json; charset=utf-8',
          ...(fault.headers ?? {}),
        });
        return;
      }
      if (fault.headers) Object.assign(headers, fault.headers);
    }

    // ---- free endpoint ----------------------------------------------------------
    if (method === 'GET' && path === '/rate_limit') {
      const core = token
        ? bucketOf(state, token, 'core')
        : { limit: 60, remaining: 60, resetAt: state.nowMs() + 3_600_000 };
      const graphql = token
        ? bucketOf(state, token, 'graphql')
        : { limit: 0, remaining: 0, resetAt: state.nowMs() + 3_600_000 };
      Object.assign(headers, rateHeaders(core, 'core'));
      const payload = JSON.stringify(rateLimitBody(core, graphql, state.nowMs()));
      const etag = etagFor(payload);
      if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) return send(304, undefined, { etag });
      return send(200, payload, jsonHeaders(etag));
    }

    // ---- authentication ---------------------------------------------------------
    if (tokenValue === undefined) return sendError(new HttpError(401, 'Requires authentication'));
    if (!token) return sendError(new HttpError(401, 'Bad credentials'));

    const bucket = bucketOf(state, token, resource);
    withRate(token);
    if (bucket.remaining <= 0) {
      return sendError(
        new HttpError(403, exhaustedMessage(state, token), {
          documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        }),
      );
    }
    const count = (): void => {
      bucket.remaining = Math.max(0, bucket.remaining - 1);
      entry.counted = true;
      withRate(token);
    };

    if (bodyError) {
      count();
      return sendError(new HttpError(400, 'Problems parsing JSON'));
    }
    if (!matched) {
      count();
      return sendError(new HttpError(404, 'Not Found'));
    }
    const { route, params } = matched;

    const linkPath = (() => {
      const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
      const repo = repoMatch ? state.findRepo(`${repoMatch[1]}/${repoMatch[2]}`) : undefined;
      return repo ? `/repositories/${repo.id}${repoMatch?.[3] ?? ''}` : path;
    })();
    const ctx: RouteContext = {
      state,
      shapes: { base: requestBase, state },
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      params,
      body,
      token,
      base: requestBase,
      linkBase: `${requestBase}${linkPath}`,
    };

    // ---- permissions ------------------------------------------------------------
    const permission = route.permission;
    if (permission) {
      const grants = (p: { scope: PermissionScope; access: Access } | undefined): boolean =>
        p !== undefined &&
        (p.access === 'read'
          ? token.permissions[p.scope] !== undefined
          : token.permissions[p.scope] === 'write');
      const granted =
        token.permissions.admin === true ||
        (permission !== 'admin' && (grants(permission) || grants(route.alsoPermittedBy?.(ctx))));
      // GITHUB_TOKEN never reaches user or organisation Projects v2, whatever it was granted.
      const projectsBarred =
        permission !== 'admin' && permission.scope === 'projects' && token.kind === 'actions';
      if (!granted || projectsBarred) {
        count();
        return sendError(new HttpError(403, 'Resource not accessible by integration'));
      }
    }

    // ---- secondary limit ----------------------------------------------------------
    entry.write = route.write ? route.write(ctx) : !READ_METHODS.has(method);
    if (entry.write && secondary) {
      const retryAfter = secondaryCheck(state, token, secondary);
      if (retryAfter !== undefined) {
        count();
        return sendError(
          new HttpError(403, SECONDARY_MESSAGE, {
            documentation_url:
              'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            headers: { 'retry-after': String(retryAfter) },
          }),
        );
      }
    }

    // ---- the handler --------------------------------------------------------------
    let result: RouteResult;
    try {
      result = route.handler(ctx);
    } catch (error) {
      count();
      if (error instanceof HttpError) return sendError(error);
      throw error;
    }

    const extra: Record<string, string> = { ...(result.headers ?? {}) };
    let payload: string | undefined;
    if (result.text) {
      payload = result.text.body;
      extra['content-type'] = result.text.contentType;
      extra['x-github-media-type'] = result.text.mediaType;
    } else if (result.body !== undefined && result.status !== 204) {
      payload = JSON.stringify(result.body);
      extra['content-type'] = 'application/json; charset=utf-8';
    }
    if (payload !== undefined && result.status >= 200 && result.status < 300) {
      const etag = etagFor(payload, String(req.headers.accept ?? ''));
      extra.etag = etag;
      if (READ_METHODS.has(method)) {
        extra['cache-control'] = 'private, max-age=60, s-maxage=60';
        if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
          return send(304, undefined, { etag, 'cache-control': extra['cache-control'] });
        }
      }
    }
    count();
    send(result.status, payload, extra);
  }

  function baseHeaders(n: number, req: IncomingMessage): Record<string, string> {
    const requested = req.headers['x-github-api-version'];
    return {
      date: state.now().toUTCString(),
      'x-github-request-id': requestId(n),
      'x-github-api-version-selected': typeof requested === 'string' ? requested : API_VERSION,
      'x-github-media-type': 'github.v3; format=json',
      'access-control-allow-origin': '*',
      'access-control-expose-headers':
        'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'deny',
      vary: 'Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding',
    };
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  base = `http://127.0.0.1:${address.port}`;

  const emulator: Emulator = {
    url: base,
    state,
    faults,
    log,
    resetLog: () => {
      log.length = 0;
    },
    violations,
    takeViolations: () => {
      const taken = violations.splice(0);
      acknowledgeViolations(taken);
      return taken;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return emulator;
}

function jsonHeaders(etag: string): Record<string, string> {
  return { 'content-type': 'application/json; charset=utf-8', etag, 'cache-control': 'no-cache' };
}

function parseToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function requestId(n: number): string {
  const hex = (value: number, width: number) => value.toString(16).toUpperCase().padStart(width, '0');
  return `${hex(n & 0xffff, 4)}:${randomBytes(2).toString('hex').toUpperCase()}:${hex(n, 6)}:${hex(n * 7, 7)}:${hex(Math.floor(Date.now() / 1000), 8)}`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
