import { createRandom, type Random } from './prng.js';
import { SECONDARY_MESSAGE } from './wire/ratelimit.js';

/** A planned misbehaviour. Every given matcher must match; the trigger fields pick which matches fire. */
export interface FaultSpec {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** A route template ('PATCH /repos/{owner}/{repo}/issues/{issue_number}' or just the path part) or a RegExp over the path. */
  route?: string | RegExp;
  /** Only requests made with this token (raw token; compared by its hash). */
  token?: string;
  /** Status to answer with. Without status, body or reset the fault only delays. */
  status?: number;
  /** Raw body (e.g. truncated JSON). Default: GitHub's error body for the status. */
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Destroy the socket without an answer. */
  reset?: boolean;
  /** Only requests whose raw body matches (e.g. one GraphQL mutation among the queries). */
  body_matches?: RegExp;
  /**
   * Runs when the fault fires, before its answer; a fault with only an effect lets the request
   * go on to the emulator afterwards (e.g. another writer moves a branch just before a commit).
   */
  effect?: () => void;
  /** Fire on these matching requests (1-based). */
  at?: number[];
  /** Fire on every nth matching request. */
  every?: number;
  /** Fire with this probability (seeded PRNG). */
  rate?: number;
  /** Stop after firing this many times. */
  times?: number;
}

export interface Fault extends FaultSpec {
  id: string;
  matched: number;
  fired: number;
}

export interface FaultRequest {
  method: string;
  path: string;
  route: string | undefined;
  tokenId: string | undefined;
  rawBody?: string;
}

export class FaultPlan {
  private readonly faults: Fault[] = [];
  private counter = 0;
  private random: Random;

  constructor(
    seed = 1,
    private readonly hashToken: (token: string) => string = (token) => token,
    private readonly exhaust: (token: string | undefined, resetInSeconds: number) => void = () => {},
  ) {
    this.random = createRandom(seed);
  }

  add(spec: FaultSpec): string {
    this.counter += 1;
    const id = `fault-${this.counter}`;
    this.faults.push({ ...spec, id, matched: 0, fired: 0 });
    return id;
  }

  remove(id: string): boolean {
    const index = this.faults.findIndex((fault) => fault.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  clear(): void {
    this.faults.length = 0;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  /** Reseeds the PRNG behind `rate`. */
  seed(seed: number): void {
    this.random = createRandom(seed);
  }

  /** A secondary rate limit answer (403 or 429 with retry-after) on the matching requests; once by default. */
  secondaryLimit(
    options: {
      route?: string | RegExp;
      method?: string;
      status?: 403 | 429;
      retryAfter?: number;
      times?: number;
      at?: number[];
    } = {},
  ): string {
    const spec: FaultSpec = {
      status: options.status ?? 403,
      headers: { 'retry-after': String(options.retryAfter ?? 60) },
      body: JSON.stringify({
        message: SECONDARY_MESSAGE,
        documentation_url:
          'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(options.status ?? 403),
      }),
      times: options.times ?? 1,
    };
    if (options.route !== undefined) spec.route = options.route;
    if (options.method !== undefined) spec.method = options.method;
    if (options.at !== undefined) spec.at = options.at;
    return this.add(spec);
  }

  /** Exhausts the primary limit of one token (or every token) until `resetInSeconds` from now. */
  primaryExhausted(options: { token?: string; resetInSeconds?: number } = {}): void {
    this.exhaust(options.token, options.resetInSeconds ?? 3600);
  }

  /** The fault that fires for this request, if any (updates counters). */
  match(request: FaultRequest): Fault | undefined {
    for (const fault of this.faults) {
      if (!matches(fault, request, this.hashToken)) continue;
      fault.matched += 1;
      if (fault.times !== undefined && fault.fired >= fault.times) continue;
      if (!this.triggers(fault)) continue;
      fault.fired += 1;
      return fault;
    }
    return undefined;
  }

  private triggers(fault: Fault): boolean {
    if (fault.at && !fault.at.includes(fault.matched)) return false;
    if (fault.every && fault.matched % fault.every !== 0) return false;
    if (fault.rate !== undefined && this.random() >= fault.rate) return false;
    return true;
  }
}

function matches(fault: Fault, request: FaultRequest, hashToken: (token: string) => string): boolean {
  if (fault.method && fault.method.toUpperCase() !== request.method) return false;
  if (fault.token !== undefined && hashToken(fault.token) !== request.tokenId) return false;
  if (fault.body_matches && !fault.body_matches.test(request.rawBody ?? '')) return false;
  if (fault.route === undefined) return true;
  if (fault.route instanceof RegExp) return fault.route.test(request.path);
  const route = fault.route.trim();
  if (request.route === undefined) return false;
  if (/^[A-Z]+ /.test(route)) return route === request.route;
  return route === request.route.slice(request.route.indexOf(' ') + 1);
}
