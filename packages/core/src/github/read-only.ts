import type { GitHubClient } from './client.js';

/** What a write around the write guard is told (the stage's read port, a writer kept too long). */
export const WRITES_GO_THROUGH_THE_GUARD =
  'writes go through ctx.writes.apply(change, (writer) => …), never through ctx.github or ctx.pages';

/** REST method names that only read (every one of them is a GET). */
type ReadMethodName =
  | `get${string}`
  | `list${string}`
  | `check${string}`
  | `compare${string}`
  | `download${string}`;

type ReadOnlyRest = {
  readonly [N in keyof GitHubClient['rest']]: Pick<
    GitHubClient['rest'][N],
    Extract<keyof GitHubClient['rest'][N], ReadMethodName>
  >;
};

/**
 * The client a stage reads with: the same transport, meter, conditional reads and limits as the
 * writer, but GET/HEAD requests and GraphQL queries only. The types leave out the writing REST
 * methods; the runtime check (`installReadOnlyGate`) refuses everything else before it is sent.
 */
export type ReadOnlyGitHub = Omit<GitHubClient, 'rest'> & { readonly rest: ReadOnlyRest };

interface HookedClient {
  readonly hook: GitHubClient['hook'];
  readonly request: GitHubClient['request'];
}

/**
 * Refuses, before anything is sent, every request of `octokit` that is not a read while `allowed()`
 * says no. The hook is registered last, so it runs first: no limiter, retry or meter sees it.
 */
export function installWriteGate(octokit: HookedClient, allowed: () => boolean, refusal: string): void {
  octokit.hook.before('request', (options) => {
    if (allowed()) return;
    const write = describeWrite(octokit, options);
    if (write) throw Object.assign(new Error(`Refused ${write}: ${refusal}.`), { code: 'write_refused' });
  });
}

/** `METHOD /path` of a request of `octokit` that writes, or undefined for a read. */
function describeWrite(octokit: HookedClient, options: unknown): string | undefined {
  const endpoint = octokit.request.endpoint(options as never) as {
    method: string;
    url: string;
    body?: unknown;
  };
  return writeOf(endpoint.method, endpoint.url, endpoint.body);
}

/**
 * `METHOD /path` of a request that writes, or undefined for a read: GET and HEAD, and a GraphQL
 * POST whose document is plainly a query (`graphqlIsQuery`). The body is the request's, as an
 * object or as the JSON text the transport sends.
 */
export function writeOf(method: string, url: string, body: unknown): string | undefined {
  const verb = method.toUpperCase();
  if (verb === 'GET' || verb === 'HEAD') return undefined;
  const path = new URL(url, 'http://github.invalid').pathname;
  if (verb === 'POST' && (path === '/graphql' || path.endsWith('/api/graphql'))) {
    const query = graphqlQueryOf(body);
    return query !== undefined && graphqlIsQuery(query) ? undefined : 'a GraphQL mutation';
  }
  return `${verb} ${path}`;
}

/**
 * A transport that refuses what `writeOf` calls a write, before it is sent: the read client's
 * last line, for a caller that replaced the request hooks (`request: { hook }`).
 */
export function readOnlyTransport(inner: typeof fetch, refusal: string): typeof fetch {
  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    const write = writeOf(method, url, init?.body);
    if (write) throw Object.assign(new Error(`Refused ${write}: ${refusal}.`), { code: 'write_refused' });
    return inner(input, init);
  };
}

function graphqlQueryOf(body: unknown): string | undefined {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const query = (parsed as { query?: unknown } | null | undefined)?.query;
  return typeof query === 'string' ? query : undefined;
}

/**
 * Whether a GraphQL document only reads: every operation it defines is a query (named or the
 * `{ … }` shorthand), besides fragments. Comments and strings are skipped; anything else — a
 * mutation, a subscription, a schema definition, a document that does not close — is not a read.
 */
export function graphqlIsQuery(document: string): boolean {
  let depth = 0;
  let atDefinition = true;
  let queries = 0;
  let i = 0;
  while (i < document.length) {
    const c = document[i]!;
    if (c === '#') {
      while (i < document.length && document[i] !== '\n' && document[i] !== '\r') i += 1;
    } else if (document.startsWith('"""', i)) {
      const end = document.indexOf('"""', i + 3);
      if (end < 0) return false;
      i = end + 3;
      continue;
    } else if (c === '"') {
      i += 1;
      while (i < document.length && document[i] !== '"') i += document[i] === '\\' ? 2 : 1;
      if (i >= document.length) return false;
    } else if (c === '{' || c === '(' || c === '[') {
      if (depth === 0 && atDefinition) {
        if (c !== '{') return false;
        queries += 1;
        atDefinition = false;
      }
      depth += 1;
    } else if (c === '}' || c === ')' || c === ']') {
      depth -= 1;
      if (depth < 0) return false;
      if (depth === 0 && c === '}') atDefinition = true;
    } else if (depth === 0 && atDefinition && /[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(document.slice(i))![0];
      if (word === 'query') queries += 1;
      else if (word !== 'fragment') return false;
      atDefinition = false;
      i += word.length;
      continue;
    }
    i += 1;
  }
  return depth === 0 && atDefinition && queries > 0;
}
