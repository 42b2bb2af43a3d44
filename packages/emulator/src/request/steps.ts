import type { RouteContext, RouteResult } from '../router.js';
import type { Access, PermissionScope, TokenRecord } from '../types.js';
import { etagFor, matchesIfNoneMatch } from '../wire/etag.js';
import { defaultMessage, HttpError } from '../wire/errors.js';
import {
  bucketOf,
  exhaustedMessage,
  rateHeaders,
  SECONDARY_MESSAGE,
  secondaryCheck,
} from '../wire/ratelimit.js';
import { rateLimitBody } from '../routes/repos.js';
import type { Exchange } from './exchange.js';
import { count, send, sendError, withRate } from './respond.js';

/**
 * The steps a parsed request (exchange.ts) goes through, in order. Each either answers the
 * request (or drops it) and returns true, which ends the request, or returns false and lets the
 * next step go on.
 */
export type Step = (x: Exchange) => boolean | Promise<boolean>;

const READ_METHODS = new Set(['GET', 'HEAD']);

// ---- fault injection ------------------------------------------------------------

/** An injected fault: a delay, a dropped connection, an answer of its own, or extra headers. */
export async function injectFault(x: Exchange): Promise<boolean> {
  const fault = x.parts.faults.match({
    method: x.method,
    path: x.path,
    route: x.routeName,
    tokenId: x.logToken,
    rawBody: x.rawBody,
  });
  if (!fault) return false;
  x.entry.fault = fault.id;
  if (fault.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  fault.effect?.();
  if (fault.reset) {
    x.entry.status = 0;
    x.req.socket.destroy();
    return true;
  }
  if (fault.status !== undefined || fault.body !== undefined) {
    x.faulted = true;
    withRate(x, x.token);
    const status = fault.status ?? 200;
    const payload = fault.body ?? JSON.stringify(new HttpError(status, defaultMessage(status)).body());
    send(x, status, payload, { 'content-type': 'application/json; charset=utf-8', ...(fault.headers ?? {}) });
    return true;
  }
  if (fault.headers) Object.assign(x.headers, fault.headers);
  return false;
}

// ---- the free endpoint ----------------------------------------------------------

/** `GET /rate_limit` answers without a token and costs nothing. */
export function rateLimitEndpoint(x: Exchange): boolean {
  if (x.method !== 'GET' || x.path !== '/rate_limit') return false;
  const { state } = x.parts;
  const token = x.token;
  const core = token
    ? bucketOf(state, token, 'core')
    : { limit: 60, remaining: 60, resetAt: state.nowMs() + 3_600_000 };
  const graphql = token
    ? bucketOf(state, token, 'graphql')
    : { limit: 0, remaining: 0, resetAt: state.nowMs() + 3_600_000 };
  Object.assign(x.headers, rateHeaders(core, 'core'));
  const payload = JSON.stringify(rateLimitBody(core, graphql, state.nowMs()));
  const etag = etagFor(payload);
  if (matchesIfNoneMatch(x.req.headers['if-none-match'], etag)) send(x, 304, undefined, { etag });
  else
    send(x, 200, payload, {
      'content-type': 'application/json; charset=utf-8',
      etag,
      'cache-control': 'no-cache',
    });
  return true;
}

// ---- authentication -------------------------------------------------------------

/** No token, or one the emulator does not know: 401. */
export function authenticate(x: Exchange): boolean {
  if (x.tokenValue === undefined) sendError(x, new HttpError(401, 'Requires authentication'));
  else if (!x.token) sendError(x, new HttpError(401, 'Bad credentials'));
  else return false;
  return true;
}

// ---- primary rate limit ---------------------------------------------------------

/** The token's bucket for the route: its headers on every answer from here, 403 when spent. */
export function primaryLimit(x: Exchange): boolean {
  const token = tokenOf(x);
  x.bucket = bucketOf(x.parts.state, token, x.resource);
  withRate(x, token);
  if (x.bucket.remaining > 0) return false;
  sendError(
    x,
    new HttpError(403, exhaustedMessage(x.parts.state, token), {
      documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
    }),
  );
  return true;
}

// ---- route ----------------------------------------------------------------------

/** A body that is not JSON is a 400, a path no route takes a 404; else the handler's context. */
export function resolveRoute(x: Exchange): boolean {
  if (x.bodyError) {
    count(x);
    sendError(x, new HttpError(400, 'Problems parsing JSON'));
    return true;
  }
  if (!x.matched) {
    count(x);
    sendError(x, new HttpError(404, 'Not Found'));
    return true;
  }
  const { state } = x.parts;
  const repoMatch = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(x.path);
  const repo = repoMatch ? state.findRepo(`${repoMatch[1]}/${repoMatch[2]}`) : undefined;
  const linkPath = repo ? `/repositories/${repo.id}${repoMatch?.[3] ?? ''}` : x.path;
  x.ctx = {
    state,
    shapes: { base: x.requestBase, state },
    method: x.method,
    path: x.path,
    query: x.url.searchParams,
    headers: x.req.headers,
    params: x.matched.params,
    body: x.body,
    token: tokenOf(x),
    base: x.requestBase,
    linkBase: `${x.requestBase}${linkPath}`,
  };
  return false;
}

// ---- permissions (what the token and its kind may do) ---------------------------

export function authorize(x: Exchange): boolean {
  const { route, ctx } = routed(x);
  const permission = route.permission;
  if (!permission) return false;
  const token = tokenOf(x);
  const grants = (p: { scope: PermissionScope; access: Access } | undefined): boolean =>
    p !== undefined &&
    (p.access === 'read' ? token.permissions[p.scope] !== undefined : token.permissions[p.scope] === 'write');
  const granted =
    token.permissions.admin === true ||
    (permission !== 'admin' && (grants(permission) || grants(route.alsoPermittedBy?.(ctx))));
  // GITHUB_TOKEN never reaches user or organisation Projects v2, whatever it was granted.
  const projectsBarred =
    permission !== 'admin' && permission.scope === 'projects' && token.kind === 'actions';
  if (granted && !projectsBarred) return false;
  count(x);
  sendError(x, new HttpError(403, 'Resource not accessible by integration'));
  return true;
}

// ---- secondary rate limit -------------------------------------------------------

/** Content-creating requests beyond the secondary limit: 403 with retry-after. */
export function secondaryLimit(x: Exchange): boolean {
  const { route, ctx } = routed(x);
  x.entry.write = route.write ? route.write(ctx) : !READ_METHODS.has(x.method);
  const secondary = x.parts.secondary;
  if (!x.entry.write || !secondary) return false;
  const retryAfter = secondaryCheck(x.parts.state, tokenOf(x), secondary);
  if (retryAfter === undefined) return false;
  count(x);
  sendError(
    x,
    new HttpError(403, SECONDARY_MESSAGE, {
      documentation_url:
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
      headers: { 'retry-after': String(retryAfter) },
    }),
  );
  return true;
}

// ---- the route's handler --------------------------------------------------------

/** The handler's answer, with an etag on a success and 304 for a read that matches it. */
export function runRoute(x: Exchange): boolean {
  const { route, ctx } = routed(x);
  let result: RouteResult;
  try {
    result = route.handler(ctx);
  } catch (error) {
    count(x);
    if (error instanceof HttpError) {
      sendError(x, error);
      return true;
    }
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
    const etag = etagFor(payload, String(x.req.headers.accept ?? ''));
    extra.etag = etag;
    if (READ_METHODS.has(x.method)) {
      extra['cache-control'] = 'private, max-age=60, s-maxage=60';
      if (matchesIfNoneMatch(x.req.headers['if-none-match'], etag)) {
        send(x, 304, undefined, { etag, 'cache-control': extra['cache-control'] });
        return true;
      }
    }
  }
  count(x);
  send(x, result.status, payload, extra);
  return true;
}

/** The request path of the emulator, step by step. */
export const REQUEST_STEPS: readonly Step[] = [
  injectFault,
  rateLimitEndpoint,
  authenticate,
  primaryLimit,
  resolveRoute,
  authorize,
  secondaryLimit,
  runRoute,
];

// ---- helpers ----------------------------------------------------------------------

function tokenOf(x: Exchange): TokenRecord {
  if (!x.token) throw new Error('a step after authentication ran without a token');
  return x.token;
}

function routed(x: Exchange): { route: NonNullable<Exchange['matched']>['route']; ctx: RouteContext } {
  if (!x.matched || !x.ctx) throw new Error('a step after the route ran without one');
  return { route: x.matched.route, ctx: x.ctx };
}
