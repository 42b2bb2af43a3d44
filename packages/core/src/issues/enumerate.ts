import type { ReadOnlyGitHub } from '../github/read-only.js';
import type { RepositoryRef } from '../repository-ref.js';
import type { RawIssue } from './normalize.js';

export interface ListIssuesOptions {
  readonly state: 'open' | 'closed' | 'all';
  /** ISO 8601: only issues updated at or after this time */
  readonly since?: string;
  /** comma-separated label names (all must match) */
  readonly labels?: string;
  /** milestone number, `*` or `none` */
  readonly milestone?: string;
  readonly sort?: 'created' | 'updated';
  readonly direction?: 'asc' | 'desc';
}

export interface IssueListing {
  /** the listed elements; empty when a visitor took them one by one */
  readonly issues: RawIssue[];
  /** elements listed */
  readonly count: number;
  /** the `date` header of the first page: GitHub's clock when the listing began (absent on a replayed 304) */
  readonly serverDate: string | undefined;
  /** pages requested */
  readonly pages: number;
}

/**
 * Every issue (pull requests included — callers filter) of a repository through the REST list
 * endpoint, 100 per page, following `link` headers, with the server time and page count (for
 * incremental reads and tests). Never the search API: it caps at 1,000 results and lags behind
 * writes (contract: "Enumeration of issues").
 * With `visit`, each element is handed over as its page arrives and none is kept: a 50,000-issue
 * repository then never holds more than one page of raw REST objects.
 */
export async function listRepositoryIssuesWithMeta(
  github: ReadOnlyGitHub,
  repo: RepositoryRef,
  opts: ListIssuesOptions,
  visit?: (raw: RawIssue) => void,
): Promise<IssueListing> {
  const params: Record<string, string | number> = {
    owner: repo.owner,
    repo: repo.repo,
    state: opts.state,
    per_page: 100,
  };
  if (opts.since) params.since = opts.since;
  if (opts.labels) params.labels = opts.labels;
  if (opts.milestone) params.milestone = opts.milestone;
  if (opts.sort) params.sort = opts.sort;
  if (opts.direction) params.direction = opts.direction;

  const issues: RawIssue[] = [];
  let serverDate: string | undefined;
  let pages = 0;
  let count = 0;
  // The client keeps no listing page for a conditional re-read (github/etag-cache.ts).
  const iterator = github.paginate.iterator('GET /repos/{owner}/{repo}/issues', params as never);
  for await (const response of iterator) {
    pages += 1;
    if (pages === 1) serverDate = httpDateToIso((response.headers as Record<string, unknown>).date);
    // A page that is not an array is malformed as a whole; nothing in it can be trusted.
    const data: unknown = response.data;
    if (!Array.isArray(data)) continue;
    count += data.length;
    if (visit) for (const raw of data as RawIssue[]) visit(raw);
    else issues.push(...(data as RawIssue[]));
  }
  return { issues, count, serverDate, pages };
}

function httpDateToIso(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
