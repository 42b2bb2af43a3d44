/** A cached GET answer, replayed when GitHub answers 304 Not Modified. */
export interface CachedResponse {
  readonly etag: string;
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly data: unknown;
}

/**
 * Remembers ETags of GET answers so a repeated read is sent conditionally; GitHub does not charge
 * a 304 against the rate limit. Serializable, so a stage can keep it between runs.
 */
export class EtagCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(private readonly maxEntries = 2_000) {}

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedResponse): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  toJSON(): Record<string, CachedResponse> {
    return Object.fromEntries(this.entries);
  }

  static fromJSON(data: unknown, maxEntries?: number): EtagCache {
    const cache = new EtagCache(maxEntries);
    if (data && typeof data === 'object') {
      for (const [key, value] of Object.entries(data as Record<string, CachedResponse>)) {
        if (value && typeof value.etag === 'string') cache.set(key, value);
      }
    }
    return cache;
  }
}
