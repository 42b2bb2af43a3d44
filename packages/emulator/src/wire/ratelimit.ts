import type { EmulatorState } from '../state.js';
import type { RateBucket, TokenRecord } from '../types.js';

export type RateResource = 'core' | 'graphql';

export interface SecondaryLimit {
  writesPerMinute: number;
  /** Content-creating requests per sliding hour (default 500). */
  writesPerHour?: number;
  retryAfterSeconds: number;
}

/**
 * GitHub's documented guidance (docs.github.com, "About secondary rate limits"): no more than 80
 * content-generating requests per minute and no more than 500 per hour.
 */
export const DEFAULT_SECONDARY_LIMIT: SecondaryLimit = {
  writesPerMinute: 80,
  writesPerHour: 500,
  retryAfterSeconds: 60,
};

export function rateHeaders(bucket: RateBucket, resource: RateResource): Record<string, string> {
  return {
    'x-ratelimit-limit': String(bucket.limit),
    'x-ratelimit-remaining': String(bucket.remaining),
    'x-ratelimit-used': String(bucket.limit - bucket.remaining),
    'x-ratelimit-reset': String(Math.floor(bucket.resetAt / 1000)),
    'x-ratelimit-resource': resource,
  };
}

export function bucketOf(state: EmulatorState, token: TokenRecord, resource: RateResource): RateBucket {
  return state.refreshBucket(token[resource]);
}

export function exhaustedMessage(state: EmulatorState, token: TokenRecord): string {
  const user = state.user(token.login);
  return `API rate limit exceeded for user ID ${user.id}. If you reach out to GitHub Support for help, please include the request ID.`;
}

export const SECONDARY_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';

/**
 * Checks the secondary limit for a content-creating request: returns the retry-after seconds
 * when the token is over the limit, otherwise records the write and returns undefined.
 */
export function secondaryCheck(
  state: EmulatorState,
  token: TokenRecord,
  limit: SecondaryLimit,
): number | undefined {
  const now = state.nowMs();
  const hourStart = now - 3_600_000;
  while (token.writes.length > 0 && (token.writes[0] ?? 0) <= hourStart) token.writes.shift();
  const lastMinute = token.writes.filter((at) => at > now - 60_000).length;
  if (lastMinute >= limit.writesPerMinute) return limit.retryAfterSeconds;
  const perHour = limit.writesPerHour ?? DEFAULT_SECONDARY_LIMIT.writesPerHour ?? 500;
  if (token.writes.length >= perHour) {
    // Until the oldest write of the hour leaves the window, and never less than GitHub's minute.
    const oldest = token.writes[token.writes.length - perHour] ?? now;
    return Math.max(limit.retryAfterSeconds, Math.ceil((oldest + 3_600_000 - now) / 1000));
  }
  token.writes.push(now);
  return undefined;
}
