import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultPlan } from '../faults.js';
import type { RequestLogEntry } from '../log.js';
import type { Route, RouteContext, Router } from '../router.js';
import { type EmulatorState, tokenId } from '../state.js';
import type { RateBucket, TokenRecord } from '../types.js';
import { graphqlSchemaReady } from '../validation/graphql.js';
import type { Violation } from '../validation/violations.js';
import type { RateResource, SecondaryLimit } from '../wire/ratelimit.js';

const API_VERSION = '2022-11-28';

/** What every request of one emulator shares. */
export interface EmulatorParts {
  readonly state: EmulatorState;
  readonly faults: FaultPlan;
  readonly router: Router;
  readonly secondary: SecondaryLimit | undefined;
  readonly log: RequestLogEntry[];
  readonly violations: Violation[];
  /** `http://127.0.0.1:<port>`, known once the server listens */
  readonly base: () => string;
}

/**
 * One request on its way through the steps (request/steps.ts): what was parsed from it, its log
 * entry, the headers every answer carries, and what the steps before learned.
 */
export interface Exchange {
  readonly parts: EmulatorParts;
  readonly n: number;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly method: string;
  /** path and query as requested */
  readonly rawUrl: string;
  readonly url: URL;
  readonly requestBase: string;
  readonly rawBody: string;
  /** the path with /repositories/{id}/... read as /repos/{owner}/{repo}/... */
  readonly path: string;
  readonly matched: { route: Route; params: Record<string, string> } | undefined;
  readonly routeName: string | undefined;
  readonly resource: RateResource;
  readonly body: unknown;
  /** the body is not JSON */
  readonly bodyError: boolean;
  readonly tokenValue: string | undefined;
  /** the token's record; undefined when absent or unknown */
  readonly token: TokenRecord | undefined;
  readonly logToken: string | undefined;
  readonly entry: RequestLogEntry;
  /** headers every answer carries: the base set, the rate limit, a fault's extra ones */
  readonly headers: Record<string, string>;
  /** an injected fault answered: its answer is the test's deliberate one, not checked */
  faulted: boolean;
  /** the token's primary bucket for this route, once authenticated */
  bucket?: RateBucket;
  /** what the route handler sees, once the route is known */
  ctx?: RouteContext;
}

/** Parse: reads the whole request, resolves its token and route, and logs it. */
export async function parseRequest(
  parts: EmulatorParts,
  req: IncomingMessage,
  res: ServerResponse,
  n: number,
): Promise<Exchange> {
  const { state, router } = parts;
  const method = (req.method ?? 'GET').toUpperCase();
  const rawUrl = req.url ?? '/';
  const url = new URL(rawUrl, parts.base());
  const requestBase = `http://${req.headers.host ?? new URL(parts.base()).host}`;
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
  parts.log.push(entry);

  return {
    parts,
    n,
    req,
    res,
    method,
    rawUrl,
    url,
    requestBase,
    rawBody,
    path,
    matched,
    routeName,
    resource: matched?.route.resource ?? 'core',
    body,
    bodyError,
    tokenValue,
    token,
    logToken,
    entry,
    headers: baseHeaders(state, n, req),
    faulted: false,
  };
}

function baseHeaders(state: EmulatorState, n: number, req: IncomingMessage): Record<string, string> {
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
