/** One HTTP exchange with the GitHub API, as the client saw it. */
export interface RequestRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** spent primary rate limit: every answer but 304 and `GET /rate_limit` */
  readonly counted: boolean;
  readonly write: boolean;
  readonly durationMs: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Counts every request the client really sends (retries included), for telemetry and benchmarks,
 * and remembers the last rate-limit headers GitHub sent.
 */
export class RequestMeter {
  readonly records: RequestRecord[] = [];
  rateLimitRemaining: number | null = null;
  rateLimitReset: number | null = null;

  record(
    method: string,
    url: string,
    status: number,
    headers: Headers | undefined,
    durationMs: number,
  ): void {
    const path = safePath(url);
    const upper = method.toUpperCase();
    const isGraphql = path.endsWith('/graphql');
    this.records.push({
      method: upper,
      path,
      status,
      counted: status !== 304 && !path.endsWith('/rate_limit') && status !== 0,
      write: WRITE_METHODS.has(upper) && !(isGraphql && upper === 'POST' && status === -1),
      durationMs,
    });
    const remaining = headers?.get('x-ratelimit-remaining');
    if (remaining != null && remaining !== '') this.rateLimitRemaining = Number(remaining);
    const reset = headers?.get('x-ratelimit-reset');
    if (reset != null && reset !== '') this.rateLimitReset = Number(reset);
  }

  get requests(): number {
    return this.records.filter((r) => r.counted).length;
  }
  get reads(): number {
    return this.records.filter((r) => r.counted && !r.write).length;
  }
  get writes(): number {
    return this.records.filter((r) => r.counted && r.write).length;
  }
  get notModified(): number {
    return this.records.filter((r) => r.status === 304).length;
  }
  get total(): number {
    return this.records.length;
  }

  snapshot(): {
    requests: number;
    reads: number;
    writes: number;
    not_modified: number;
    rate_limit_remaining: number | null;
  } {
    return {
      requests: this.requests,
      reads: this.reads,
      writes: this.writes,
      not_modified: this.notModified,
      rate_limit_remaining: this.rateLimitRemaining,
    };
  }
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}
