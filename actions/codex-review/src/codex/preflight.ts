/**
 * Preflight of an OpenAI-compatible endpoint: one `GET <base>/v1/models` with the key, read into
 * a class a maintainer can act on. A 200 proves the key is accepted, not that it has quota.
 */
export const PREFLIGHT_CLASSES = [
  'ok',
  'missing_key',
  'invalid_key',
  'quota',
  'rate_limited',
  'upstream',
  'unreachable',
] as const;
export type PreflightClass = (typeof PREFLIGHT_CLASSES)[number];

/** What the preflight saw: an HTTP answer, a network failure, or no key at all. */
export type PreflightObservation =
  | { readonly kind: 'missing_key' }
  | { readonly kind: 'response'; readonly status: number; readonly body: string }
  | { readonly kind: 'network'; readonly reason: string };

export interface PreflightResult {
  readonly result: PreflightClass;
  readonly httpStatus: number | null;
  /** one actionable sentence (never contains the key) */
  readonly message: string;
}

/** The error code of an OpenAI error body (`{ error: { code, type } }`), when there is one. */
function errorCodeOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; type?: unknown } };
    const code = parsed.error?.code ?? parsed.error?.type;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return /insufficient_quota/.test(body) ? 'insufficient_quota' : undefined;
  }
}

export function classifyPreflight(observation: PreflightObservation): PreflightClass {
  if (observation.kind === 'missing_key') return 'missing_key';
  if (observation.kind === 'network') return 'unreachable';
  const { status, body } = observation;
  if (status >= 200 && status < 300) return 'ok';
  if (status === 401 || status === 403) return 'invalid_key';
  if (status === 429) return errorCodeOf(body) === 'insufficient_quota' ? 'quota' : 'rate_limited';
  if (status >= 500) return 'upstream';
  // 404 and friends: the base URL does not serve the OpenAI API.
  return 'upstream';
}

/** The sentence shown in the log, the job summary, the placeholders and the pull-request comment. */
export function preflightMessage(
  result: PreflightClass,
  context: { baseUrl: string; httpStatus?: number | null; reason?: string },
): string {
  const status = context.httpStatus ? ` (HTTP ${context.httpStatus})` : '';
  switch (result) {
    case 'ok':
      return `The key was accepted by ${context.baseUrl}${status}; quota is not proven by this check.`;
    case 'missing_key':
      return 'No OpenAI API key: set the repository secret OPENAI_API_KEY and pass it as `openai-api-key: ${{ secrets.OPENAI_API_KEY }}` (secrets are not given to pull requests from forks).';
    case 'invalid_key':
      return `The OpenAI API key was rejected by ${context.baseUrl}${status}: it is wrong, revoked, or restricted without access to models and responses. Create a new key and update the OPENAI_API_KEY secret.`;
    case 'quota':
      return `The OpenAI account has no quota left${status} (insufficient_quota): add credit or raise the usage limit of the project that owns the key, then re-run.`;
    case 'rate_limited':
      return `${context.baseUrl} is rate limiting this key${status}: re-run later, or lower how often the review runs.`;
    case 'upstream':
      return `${context.baseUrl} answered with an error${status}: the API is having trouble (or base-url is not an OpenAI-compatible endpoint). Re-run later; check base-url if it persists.`;
    case 'unreachable':
      return `${context.baseUrl} could not be reached${context.reason ? ` (${context.reason})` : ''}: check base-url, the runner's network and proxy settings, then re-run.`;
  }
}

export interface PreflightOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** `<base>/v1/<path>` for a base URL given with or without a trailing slash. */
export function apiUrl(baseUrl: string, path: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v1/${path.replace(/^\/+/, '')}`;
}

export async function runPreflight(options: PreflightOptions): Promise<PreflightResult> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const key = options.apiKey.trim();
  let observation: PreflightObservation;
  if (!key) {
    observation = { kind: 'missing_key' };
  } else {
    try {
      const response = await (options.fetch ?? fetch)(apiUrl(baseUrl, 'models'), {
        headers: { authorization: `Bearer ${key}`, accept: 'application/json' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      // Only the error code is read; the body is bounded so a huge answer cannot stall the run.
      const body = (await response.text()).slice(0, 64 * 1024);
      observation = { kind: 'response', status: response.status, body };
    } catch (error) {
      observation = { kind: 'network', reason: networkReason(error) };
    }
  }
  const result = classifyPreflight(observation);
  const httpStatus = observation.kind === 'response' ? observation.status : null;
  const reason = observation.kind === 'network' ? observation.reason : undefined;
  return {
    result,
    httpStatus,
    message: preflightMessage(result, { baseUrl, httpStatus, ...(reason ? { reason } : {}) }),
  };
}

function networkReason(error: unknown): string {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'timed out';
  return e?.cause?.code ?? e?.cause?.message ?? e?.message ?? 'network error';
}
