/** The structured error every stage records: `{ code, message }`. */
export interface StageError {
  readonly code: string;
  readonly message: string;
}

interface HttpLikeError {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
}

/** Raised to stop a stage cleanly when a rate limit would take too long to wait out. */
export class RateLimitStop extends Error {
  readonly code = 'rate_limited';
  constructor(message: string) {
    super(message);
    this.name = 'RateLimitStop';
  }
}

export function isRateLimitError(error: unknown): boolean {
  if (error instanceof RateLimitStop) return true;
  const e = error as HttpLikeError;
  if (e?.status !== 403 && e?.status !== 429) return false;
  const headers = e.response?.headers ?? {};
  return (
    e.status === 429 ||
    headers['x-ratelimit-remaining'] === '0' ||
    headers['retry-after'] !== undefined ||
    /rate limit/i.test(e.message ?? '')
  );
}

/**
 * For a stage's own catch blocks: a rate limit that the client could not wait out is not a
 * finding about the repository or the token. It stops the stage, which the runner records as
 * `degraded` with the code `rate_limited`.
 */
export function rethrowIfRateLimited(error: unknown): void {
  if (isRateLimitError(error))
    throw error instanceof RateLimitStop ? error : new RateLimitStop(messageOf(error));
}

export function httpStatusOf(error: unknown): number | undefined {
  const status = (error as HttpLikeError)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** Maps anything thrown into a `{ code, message }` a person can act on. */
export function toStageError(error: unknown, context?: string): StageError {
  const prefix = context ? `${context}: ` : '';
  if (isRateLimitError(error)) {
    return { code: 'rate_limited', message: `${prefix}${messageOf(error)}` };
  }
  const status = httpStatusOf(error);
  if (status !== undefined) {
    const code =
      status === 401
        ? 'unauthorized'
        : status === 403
          ? 'forbidden'
          : status === 404
            ? 'not_found'
            : status === 410
              ? 'gone'
              : status === 422
                ? 'unprocessable'
                : status >= 500
                  ? 'github_unavailable'
                  : `http_${status}`;
    return { code, message: `${prefix}HTTP ${status}: ${messageOf(error)}` };
  }
  if (error instanceof SyntaxError)
    return { code: 'malformed_response', message: `${prefix}${error.message}` };
  return { code: 'internal', message: `${prefix}${messageOf(error)}` };
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
