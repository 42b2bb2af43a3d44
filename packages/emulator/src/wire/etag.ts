import { createHash } from 'node:crypto';

/** Weak entity tag over a response body, as GitHub sends on GETs. */
export function etagFor(body: string, variant = ''): string {
  return `W/"${createHash('sha256').update(variant).update('\0').update(body).digest('hex')}"`;
}

/** Whether an If-None-Match header matches the tag (weak comparison, lists, `*`). */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, '');
  const wanted = strip(etag);
  return header.split(',').some((candidate) => candidate.trim() === '*' || strip(candidate) === wanted);
}
