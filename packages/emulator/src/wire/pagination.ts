import { HttpError } from '../wire/errors.js';

/** Page-number pagination as GitHub does it: per_page (default 30, max 100), page (1-based), Link header. */
export interface PageRequest {
  page: number;
  perPage: number;
}

export function pageRequest(query: URLSearchParams, defaultPerPage = 30, maxPerPage = 100): PageRequest {
  const rawPerPage = Number.parseInt(query.get('per_page') ?? '', 10);
  const rawPage = Number.parseInt(query.get('page') ?? '', 10);
  const perPage =
    Number.isFinite(rawPerPage) && rawPerPage > 0 ? Math.min(rawPerPage, maxPerPage) : defaultPerPage;
  const page = Number.isFinite(rawPage) && rawPage > 0 ? rawPage : 1;
  return { page, perPage };
}

/** `linkBase` is the absolute URL (no query) that page links point at; `query` is the request's own query. */
export function paginate<T>(
  items: readonly T[],
  request: PageRequest,
  linkBase: string,
  query: URLSearchParams,
): { items: T[]; link?: string } {
  const { page, perPage } = request;
  const start = (page - 1) * perPage;
  const slice = items.slice(start, start + perPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  if (items.length === 0 || (last === 1 && page === 1)) return { items: slice };
  const url = (n: number): string => {
    const params = new URLSearchParams(query);
    params.set('page', String(n));
    return `<${linkBase}?${params.toString()}>`;
  };
  const parts: string[] = [];
  if (page > 1) parts.push(`${url(Math.min(page - 1, last))}; rel="prev"`);
  if (page < last) parts.push(`${url(page + 1)}; rel="next"`, `${url(last)}; rel="last"`);
  if (page > 1) parts.push(`${url(1)}; rel="first"`);
  return parts.length > 0 ? { items: slice, link: parts.join(', ') } : { items: slice };
}

/** Cursor pagination (before/after), as the Projects v2 REST endpoints do it. */
function encodeCursor(position: number): string {
  return Buffer.from(JSON.stringify({ id: position })).toString('base64url');
}

function decodeCursor(cursor: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { id?: unknown };
    if (typeof parsed.id === 'number') return parsed.id;
  } catch {
    // fall through
  }
  throw new HttpError(400, 'Invalid cursor');
}

/**
 * Pages a list ordered by ascending numeric key (`keyOf`). `after` returns the items after the
 * cursor, `before` the last page of items before it. Link carries rel="next" and rel="prev".
 */
export function cursorPaginate<T>(
  items: readonly T[],
  keyOf: (item: T) => number,
  query: URLSearchParams,
  linkBase: string,
  defaultPerPage = 30,
  maxPerPage = 100,
): { items: T[]; link?: string } {
  const { perPage } = pageRequest(query, defaultPerPage, maxPerPage);
  const after = query.get('after');
  const before = query.get('before');
  let start = 0;
  let end = items.length;
  if (after) {
    const key = decodeCursor(after);
    start = items.findIndex((item) => keyOf(item) > key);
    if (start < 0) start = items.length;
    end = Math.min(items.length, start + perPage);
  } else if (before) {
    const key = decodeCursor(before);
    end = items.findIndex((item) => keyOf(item) >= key);
    if (end < 0) end = items.length;
    start = Math.max(0, end - perPage);
  } else {
    end = Math.min(items.length, perPage);
  }
  const slice = items.slice(start, end);
  const parts: string[] = [];
  const url = (name: 'before' | 'after', cursor: string): string => {
    const params = new URLSearchParams(query);
    params.delete('before');
    params.delete('after');
    params.set(name, cursor);
    return `<${linkBase}?${params.toString()}>`;
  };
  const first = slice[0];
  const lastItem = slice[slice.length - 1];
  if (end < items.length && lastItem !== undefined)
    parts.push(`${url('after', encodeCursor(keyOf(lastItem)))}; rel="next"`);
  if (start > 0 && first !== undefined)
    parts.push(`${url('before', encodeCursor(keyOf(first)))}; rel="prev"`);
  return parts.length > 0 ? { items: slice, link: parts.join(', ') } : { items: slice };
}
