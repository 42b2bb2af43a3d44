/** GitHub's error bodies: { message, documentation_url, status } plus `errors` for 422. */
export interface ValidationError {
  resource: string;
  code: string;
  field?: string;
  value?: unknown;
  message?: string;
}

const DOCS = 'https://docs.github.com/rest';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: {
      errors?: ValidationError[];
      documentation_url?: string;
      headers?: Record<string, string>;
    } = {},
  ) {
    super(message);
  }

  body(): Record<string, unknown> {
    const body: Record<string, unknown> = { message: this.message };
    if (this.extra.errors) body.errors = this.extra.errors;
    body.documentation_url = this.extra.documentation_url ?? DOCS;
    body.status = String(this.status);
    return body;
  }
}

export const notFound = (): HttpError => new HttpError(404, 'Not Found');

export const validationFailed = (errors: ValidationError[], documentation_url?: string): HttpError =>
  new HttpError(422, 'Validation Failed', documentation_url ? { errors, documentation_url } : { errors });

export const unprocessable = (message: string): HttpError => new HttpError(422, message);

/** The default message GitHub gives for a status when nothing more specific applies. */
export function defaultMessage(status: number): string {
  const messages: Record<number, string> = {
    400: 'Bad Request',
    401: 'Requires authentication',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    410: 'Gone',
    422: 'Validation Failed',
    429: 'Too Many Requests',
    500: 'Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists.",
  };
  return messages[status] ?? 'Error';
}
