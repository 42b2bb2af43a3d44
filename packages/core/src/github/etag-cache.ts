/** A cached GET answer, replayed when GitHub answers 304 Not Modified. */
export interface CachedResponse {
  readonly etag: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly data: unknown;
}

/** Largest answer worth keeping for a conditional re-read (a repository, a ref, a milestone page). */
const MAX_CACHED_ANSWER_BYTES = 64 * 1024;
/** What the whole cache may hold; the oldest answers make room for newer ones. */
export const MAX_CACHE_BYTES = 1024 * 1024;

/**
 * Whether a GET answer may be kept for a conditional re-read. The client asks this of every
 * answer, however the request was made (a single call, `paginate`, `paginate.iterator`), so no
 * caller can make the cache hold a repository's issues:
 * - an array is a page of a listing, and a `link` header names further pages: listings are read
 *   once per run, and keeping their pages held every issue and project item until exit;
 * - an answer over `MAX_CACHED_ANSWER_BYTES` (a large file, a recursive tree) is read once too.
 * Returns the answer's size in bytes when it may be kept, otherwise undefined.
 */
export function cacheableSize(data: unknown, headers: Record<string, unknown>): number | undefined {
  if (Array.isArray(data) || typeof headers.link === 'string') return undefined;
  const size = approximateSize(data);
  return size <= MAX_CACHED_ANSWER_BYTES ? size : undefined;
}

/** Bytes of an answer body as it came over the wire (JSON text, or the text or bytes themselves). */
function approximateSize(data: unknown): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  // The declared length is the compressed one when the answer was gzipped: measure the body itself.
  return JSON.stringify(data ?? null).length;
}

/**
 * Remembers ETags of GET answers so a repeated read is sent conditionally; GitHub does not charge
 * a 304 against the rate limit. Bounded in bytes, not only in entries: what it holds never grows
 * with the size of the repository.
 */
export class EtagCache {
  private readonly entries = new Map<string, { value: CachedResponse; bytes: number }>();
  private heldBytes = 0;

  constructor(private readonly maxBytes = MAX_CACHE_BYTES) {}

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key)?.value;
  }

  /** Keeps an answer of `bytes` bytes, evicting the oldest ones beyond the byte budget. */
  set(key: string, value: CachedResponse, bytes: number): void {
    this.delete(key);
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, bytes });
    this.heldBytes += bytes;
    while (this.heldBytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.heldBytes -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** bytes of the answers held */
  get bytes(): number {
    return this.heldBytes;
  }
}
