import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { restEndpointMethods } from '@octokit/plugin-rest-endpoint-methods';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck/light.js';
import { cacheableSize, EtagCache } from './etag-cache.js';
import { nodeHttpTransport } from './http-transport.js';
import { yieldLimitersWithoutTimers } from './limiter-yield.js';
import {
  installWriteGate,
  type ReadOnlyGitHub,
  readOnlyTransport,
  WRITES_GO_THROUGH_THE_GUARD,
} from './read-only.js';
import { RequestMeter } from './request-meter.js';
import { readResponseBody } from './response-body.js';

/**
 * @actions/github's Octokit (REST methods and pagination) with the throttling and retry plugins,
 * made here from the same packages: @actions/github loads undici at the top for a `fetch` the
 * client does not use (http-transport.ts), about 8 MB of every stage's memory.
 */
const SuiteOctokit = Octokit.plugin(restEndpointMethods, paginateRest, throttling, retry);
// The plugins' limiters yield between the steps of a request without a 1 ms timer each.
yieldLimitersWithoutTimers();
export type GitHubClient = InstanceType<typeof SuiteOctokit>;

export interface GitHubClientOptions {
  readonly token: string;
  /** `GITHUB_API_URL`; GitHub Enterprise and the local test bed rely on it */
  readonly baseUrl: string;
  readonly meter?: RequestMeter;
  /** conditional GET requests (If-None-Match); 304 answers cost no rate limit */
  readonly etagCache?: EtagCache;
  /** longest rate-limit wait, in seconds, before giving up (the stage then stops as degraded) */
  readonly maxRateLimitWaitSeconds?: number;
  /** pause between writes; GitHub asks integrators for one second */
  readonly writeIntervalMs?: number;
  /** base of the retry backoff for 5xx and network errors (retry n waits n² × base) */
  readonly retryBaseMs?: number;
  readonly retries?: number;
  /** per-request timeout */
  readonly timeoutMs?: number;
  readonly log?: (message: string) => void;
  /** replaces the transport (tests) */
  readonly fetch?: typeof fetch;
  readonly userAgent?: string;
}

export interface MeteredClient {
  /** the writer: the runner hands it to the write guard, never to a stage */
  readonly octokit: GitHubClient;
  /** the same client for reads only (a stage's `ctx.github`): any write is refused before it is sent */
  readonly reader: ReadOnlyGitHub;
  readonly meter: RequestMeter;
  readonly etagCache: EtagCache;
}

/**
 * The suite's one GitHub client: Octokit with REST methods and pagination, as @actions/github makes it, with the
 * throttling and retry plugins, every real HTTP exchange metered, and conditional reads.
 */
export function createGitHubClient(options: GitHubClientOptions): MeteredClient {
  const meter = options.meter ?? new RequestMeter();
  const etagCache = options.etagCache ?? new EtagCache();
  const log = options.log ?? (() => {});
  const maxWait = options.maxRateLimitWaitSeconds ?? 120;
  const maxRetries = options.retries ?? 3;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseFetch: typeof fetch = options.fetch ?? nodeHttpTransport();

  const meteredFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = init?.method ?? 'GET';
    const started = performance.now();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await baseFetch(input, { ...init, signal });
      meter.record(method, url, response.status, response.headers, performance.now() - started);
      return response;
    } catch (error) {
      meter.record(method, url, 0, undefined, performance.now() - started);
      throw error;
    }
  };

  const shouldWait =
    (kind: string) =>
    (retryAfter: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
      if (retryAfter <= maxWait && retryCount < maxRetries) {
        log(`${kind} on ${request.method} ${request.url}: waiting ${retryAfter}s (retry ${retryCount + 1}).`);
        return true;
      }
      log(
        `${kind} on ${request.method} ${request.url}: a wait of ${retryAfter}s is over the limit of ${maxWait}s; stopping.`,
      );
      return false;
    };

  // Both clients share every limiter: GraphQL queries wait in the write queue as writes do.
  const throttleGroups = {
    // One write at a time, spaced (contract: "Writes are made serially").
    write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeIntervalMs ?? 1000 }),
    // Writes that notify people (new issues, comments) keep the plugin's 3 s spacing, except on
    // a local test bed (write interval 0), where it would only slow the tests down.
    notifications: new Bottleneck.Group({
      maxConcurrent: 1,
      minTime: options.writeIntervalMs === 0 ? 0 : 3000,
    }),
  };
  // As @actions/github's getOctokitOptions: a client needs a token.
  if (!options.token) throw new Error('Parameter token or opts.auth is required');
  const build = (transport: typeof fetch): GitHubClient => {
    const octokit = new SuiteOctokit({
      auth: `token ${options.token}`,
      baseUrl: options.baseUrl.replace(/\/+$/, ''),
      userAgent: userAgentWithOrchestrationId(options.userAgent ?? 'codex-suite'),
      request: { fetch: transport },
      retry: { retries: maxRetries, retryAfterBaseValue: options.retryBaseMs ?? 1000 },
      throttle: {
        onRateLimit: shouldWait('Primary rate limit'),
        onSecondaryRateLimit: shouldWait('Secondary rate limit'),
        ...throttleGroups,
        retryAfterBaseValue: 1000,
      },
    });
    // Parsing first: hooks registered earlier run closer to the request, and the conditional reads
    // keep parsed answers.
    installResponseParsing(octokit);
    installConditionalReads(octokit, etagCache);
    return octokit;
  };

  const octokit = build(meteredFetch);
  // Refused in its hooks before anything else runs, and by its transport should a caller replace them.
  const reader = build(readOnlyTransport(meteredFetch, WRITES_GO_THROUGH_THE_GUARD));
  installWriteGate(reader, () => false, WRITES_GO_THROUGH_THE_GUARD);
  return { octokit, reader: reader as ReadOnlyGitHub, meter, etagCache };
}

/**
 * The user agent with the runner's orchestration id appended (`actions_orchestration_id/<id>`), as
 * @actions/github's getOctokitOptions sends it.
 */
export function userAgentWithOrchestrationId(userAgent: string): string {
  const id = process.env.ACTIONS_ORCHESTRATION_ID?.trim();
  if (!id) return userAgent;
  const tag = `actions_orchestration_id/${id.replace(/[^a-z0-9_.-]/gi, '_')}`;
  return userAgent.includes(tag) ? userAgent : `${userAgent ? `${userAgent} ` : ''}${tag}`;
}

/**
 * Conditional reads for every GET. What is kept for a re-read is decided here, from the answer
 * itself (`cacheableSize`), never by a per-call option: `paginate.iterator` sends only
 * `{ method, url, headers }` for each page, so an option given by the caller would not reach
 * this hook on later pages.
 */
function installConditionalReads(octokit: GitHubClient, cache: EtagCache): void {
  octokit.hook.wrap('request', async (request, options) => {
    if (options.method !== 'GET' || (options.headers as Record<string, unknown>)['if-none-match']) {
      return request(options);
    }
    const endpoint = octokit.request.endpoint(options as never) as {
      url: string;
      headers: Record<string, string>;
    };
    const key = `${endpoint.url} ${endpoint.headers.accept ?? ''}`;
    const cached = cache.get(key);
    if (cached) (options.headers as Record<string, string>)['if-none-match'] = cached.etag;
    try {
      const response = await request(options);
      const etag = response.headers.etag;
      const bytes = etag ? cacheableSize(response.data, response.headers) : undefined;
      if (etag && bytes !== undefined) {
        cache.set(
          key,
          { etag, status: response.status, headers: pickHeaders(response.headers), data: response.data },
          bytes,
        );
      } else {
        cache.delete(key);
      }
      return response;
    } catch (error) {
      if (cached && (error as { status?: number }).status === 304) {
        return {
          status: cached.status,
          url: endpoint.url,
          headers: cached.headers,
          data: cached.data,
        } as never;
      }
      throw error;
    }
  });
}

/** Successful answers are parsed by `readResponseBody` (errors keep Octokit's own parsing). */
function installResponseParsing(octokit: GitHubClient): void {
  octokit.hook.wrap('request', async (request, options) => {
    const own = options.request as { parseSuccessResponseBody?: boolean } | undefined;
    if (own?.parseSuccessResponseBody === false) return request(options);
    // In place: every hook of the chain is handed the same options object.
    options.request = { ...own, parseSuccessResponseBody: false } as never;
    const response = await request(options);
    const body = response.data as unknown;
    const data =
      body === '' || body === undefined
        ? body
        : await readResponseBody(body as ReadableStream<Uint8Array> | null, response.headers['content-type']);
    return { ...response, data } as never;
  });
}

function pickHeaders(headers: Record<string, unknown>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of ['link', 'etag', 'content-type', 'last-modified']) {
    const value = headers[name];
    if (typeof value === 'string') kept[name] = value;
  }
  return kept;
}
