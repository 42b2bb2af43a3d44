/** Reading the emulator's request log: what a stage spent, and where. Pure. */

export interface LoggedRequest {
  readonly method: string;
  readonly route: string | undefined;
  readonly status: number;
  readonly counted: boolean;
  readonly write: boolean;
  readonly at?: string;
}

export interface RequestSummary {
  /** requests that spent primary rate limit */
  readonly counted: number;
  /** counted requests that read */
  readonly reads: number;
  /** counted requests that wrote (content-creating) */
  readonly writes: number;
  /** 304 answers to conditional requests (free) */
  readonly notModified: number;
  /** every request, counted or not */
  readonly requests: number;
  /** `METHOD /route status` → count, most frequent first */
  readonly byRoute: Record<string, number>;
}

export function summarizeRequests(entries: readonly LoggedRequest[]): RequestSummary {
  let counted = 0;
  let writes = 0;
  let notModified = 0;
  const routes = new Map<string, number>();
  for (const e of entries) {
    if (e.counted) {
      counted += 1;
      if (e.write) writes += 1;
    }
    if (e.status === 304) notModified += 1;
    const key = `${e.route ?? `${e.method} (no route)`} ${e.status}`;
    routes.set(key, (routes.get(key) ?? 0) + 1);
  }
  const byRoute = Object.fromEntries([...routes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  return { counted, reads: counted - writes, writes, notModified, requests: entries.length, byRoute };
}

/** Adds summaries (a pipeline's total); byRoute is merged. */
export function addSummaries(parts: readonly RequestSummary[]): RequestSummary {
  const routes: Record<string, number> = {};
  for (const p of parts) for (const [k, v] of Object.entries(p.byRoute)) routes[k] = (routes[k] ?? 0) + v;
  const sum = (f: (p: RequestSummary) => number) => parts.reduce((n, p) => n + f(p), 0);
  return {
    counted: sum((p) => p.counted),
    reads: sum((p) => p.reads),
    writes: sum((p) => p.writes),
    notModified: sum((p) => p.notModified),
    requests: sum((p) => p.requests),
    byRoute: Object.fromEntries(
      Object.entries(routes).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    ),
  };
}
