import type { IncomingHttpHeaders } from 'node:http';
import type { ShapeContext } from './shapes.js';
import type { EmulatorState } from './state.js';
import type { Access, PermissionScope, RepoRecord, TokenRecord } from './types.js';
import { notFound } from './wire/errors.js';
import type { RateResource } from './wire/ratelimit.js';

export interface RouteContext {
  state: EmulatorState;
  shapes: ShapeContext;
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  params: Record<string, string>;
  body: unknown;
  token: TokenRecord;
  base: string;
  /** Absolute URL (no query) that Link headers of this request point at, as GitHub builds them. */
  linkBase: string;
}

export interface TextBody {
  contentType: string;
  mediaType: string;
  body: string;
}

export interface RouteResult {
  status: number;
  body?: unknown;
  text?: TextBody;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  /** OpenAPI path template, e.g. '/repos/{owner}/{repo}/issues/{issue_number}'. */
  template: string;
  /** Permission needed; 'admin' for repository administration; none for metadata. */
  permission?: { scope: PermissionScope; access: Access } | 'admin';
  /**
   * A second permission that also grants the request, decided per request: GitHub keys some
   * endpoints off the target resource (a comment on a pull request: `pull-requests` as well as `issues`).
   */
  alsoPermittedBy?: (ctx: RouteContext) => { scope: PermissionScope; access: Access } | undefined;
  resource?: RateResource;
  /** Whether the request is content-creating (secondary limit). Defaults to method !== GET. */
  write?: (ctx: RouteContext) => boolean;
  handler: (ctx: RouteContext) => RouteResult;
}

interface Compiled {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** Params that may span several path segments. */
const GREEDY = new Set(['ref', 'path']);

export class Router {
  private readonly compiled: Compiled[] = [];

  add(routes: Route[]): void {
    for (const route of routes) {
      const names: string[] = [];
      const pattern = route.template
        .replace(/[.+?^$|()[\]\\]/g, '\\$&')
        .replace(/\{(\w+)\}/g, (_all, name: string) => {
          names.push(name);
          return GREEDY.has(name) ? '(.*)' : '([^/]+)';
        });
      this.compiled.push({ route, regex: new RegExp(`^${pattern}/?$`), names });
    }
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const { route, regex, names } of this.compiled) {
      if (route.method !== method) continue;
      const found = regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        const raw = found[index + 1] ?? '';
        params[name] = safeDecode(raw);
      });
      return { route, params };
    }
    return undefined;
  }
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The repository named by {owner}/{repo}; 404 when unknown. */
export function repoOf(ctx: RouteContext): RepoRecord {
  const repo = ctx.state.findRepo(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo) throw notFound();
  return repo;
}

export function intParam(ctx: RouteContext, name: string): number {
  const value = ctx.params[name] ?? '';
  if (!/^\d+$/.test(value)) throw notFound();
  return Number(value);
}

export function json(status: number, body: unknown, headers?: Record<string, string>): RouteResult {
  return headers ? { status, body, headers } : { status, body };
}

export function noContent(): RouteResult {
  return { status: 204 };
}

/** The request body as an object (GitHub answers 400 to anything else where an object is expected). */
export function bodyObject(ctx: RouteContext): Record<string, unknown> {
  const body = ctx.body;
  if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  return {};
}
