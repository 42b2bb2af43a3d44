import type { TokenRecord } from '../types.js';
import { checkAnswer } from '../validation/answer.js';
import { recordViolation, type Violation } from '../validation/violations.js';
import { HttpError } from '../wire/errors.js';
import { bucketOf, rateHeaders } from '../wire/ratelimit.js';
import type { Exchange } from './exchange.js';

/** Answers the request: records the status, checks the answer against GitHub's description, sends it. */
export function send(
  x: Exchange,
  status: number,
  payload: string | undefined,
  extra: Record<string, string> = {},
): void {
  record(x, status);
  const all = { ...x.headers, ...extra };
  if (payload !== undefined && payload.length > 0) all['content-length'] = String(Buffer.byteLength(payload));
  validateAnswer(x, status, all, payload);
  x.res.writeHead(status, all);
  x.res.end(x.method === 'HEAD' ? undefined : payload);
}

export function sendError(x: Exchange, error: HttpError): void {
  send(x, error.status, JSON.stringify(error.body()), {
    'content-type': 'application/json; charset=utf-8',
    ...(error.extra.headers ?? {}),
  });
}

/** Sets the rate-limit headers of the token's bucket for this route. */
export function withRate(x: Exchange, token: TokenRecord | undefined): void {
  if (token) Object.assign(x.headers, rateHeaders(bucketOf(x.parts.state, token, x.resource), x.resource));
}

/** Spends one request of the token's primary limit. */
export function count(x: Exchange): void {
  const bucket = x.bucket;
  if (!bucket) throw new Error('count before the primary limit step');
  bucket.remaining = Math.max(0, bucket.remaining - 1);
  x.entry.counted = true;
  withRate(x, x.token);
}

/** Validate response: an answer GitHub's REST description or GraphQL schema does not allow is a violation. */
function validateAnswer(
  x: Exchange,
  status: number,
  headers: Record<string, string>,
  payload: string | undefined,
): void {
  // An injected fault's answer is the test's deliberate one, not the emulator's model of GitHub.
  if (x.faulted) return;
  const problems = checkAnswer(x.routeName, status, headers, payload, x.body);
  if (problems.length === 0) return;
  const violation: Violation = {
    seq: x.n,
    method: x.method,
    path: x.rawUrl,
    route: x.routeName,
    status,
    problems,
  };
  x.parts.violations.push(violation);
  recordViolation(violation);
}

/** Record: the log entry gets the status sent. */
function record(x: Exchange, status: number): void {
  x.entry.status = status;
}

/** The 500 of a step that threw. */
export function serverError(res: Exchange['res'], error: unknown): void {
  if (res.headersSent) return;
  const body = JSON.stringify(new HttpError(500, `Server Error: ${String(error)}`).body());
  res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}
