import type { JsonSchema } from '@codex-suite/core/telemetry/schemas/common';
import { validateAgainst } from '@codex-suite/core/telemetry/validate';

/** The review file contract: `review.json` always validates against this schema. */
export const REVIEW_STATUSES = ['ok', 'skipped', 'failed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
export const SEVERITIES = ['high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ReviewFinding {
  readonly path: string;
  /** 1-based line in the new version of the file; null for a file-level remark */
  readonly line: number | null;
  readonly severity: Severity;
  readonly title: string;
  readonly body: string;
}

export interface Review {
  readonly status: ReviewStatus;
  readonly summary: string;
  readonly findings: readonly ReviewFinding[];
}

export const reviewSchema: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://codex-suite.github.io/schemas/codex-review/review.json',
  title: 'Codex review result',
  type: 'object',
  required: ['status', 'summary', 'findings'],
  properties: {
    status: { enum: [...REVIEW_STATUSES] },
    summary: { type: 'string' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'line', 'severity', 'title', 'body'],
        properties: {
          path: { type: 'string', minLength: 1 },
          line: { anyOf: [{ type: 'integer', minimum: 1 }, { type: 'null' }] },
          severity: { enum: [...SEVERITIES] },
          title: { type: 'string', minLength: 1 },
          body: { type: 'string' },
        },
      },
    },
  },
};

export function validateReview(value: unknown): { valid: boolean; errors: readonly string[] } {
  return validateAgainst(reviewSchema, value);
}

/**
 * What the model is asked for (`codex exec --output-schema`): a summary and findings, and no
 * status. Whether there is a review at all (ok, skipped, failed) is the stage's decision, made
 * from what it saw happen; a model cannot claim it. Strict form (every property required, no
 * others) as structured outputs want it.
 */
export const modelAnswerSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['summary', 'findings'],
  properties: {
    summary: { type: 'string' },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['path', 'line', 'severity', 'title', 'body'],
        properties: {
          path: { type: 'string' },
          line: { type: ['integer', 'null'] },
          severity: { type: 'string', enum: [...SEVERITIES] },
          title: { type: 'string' },
          body: { type: 'string' },
        },
      },
    },
  },
};

export type ParsedReview =
  | { readonly ok: true; readonly review: Review }
  | { readonly ok: false; readonly reason: string };

/**
 * Reads the model's final message as a review. Models sometimes wrap JSON in a code fence or add
 * a sentence around it: the outermost `{…}` is taken. A `status` in the answer is ignored: an
 * answer that parses and fits the schema is a review (`ok`), whatever it says about itself.
 */
export function parseReviewOutput(text: string): ParsedReview {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, reason: 'Codex wrote no final message.' };
  const start = trimmed.indexOf('{');
  const end = trimmed.lastIndexOf('}');
  if (start < 0 || end <= start)
    return { ok: false, reason: 'The final message of Codex contains no JSON object.' };
  let value: unknown;
  try {
    value = JSON.parse(trimmed.slice(start, end + 1));
  } catch (error) {
    return { ok: false, reason: `The final message of Codex is not valid JSON: ${(error as Error).message}` };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, reason: 'The final message of Codex is not a JSON object.' };
  const { valid, errors } = validateReview({ ...(value as object), status: 'ok' });
  if (!valid) {
    return {
      ok: false,
      reason: `The review JSON does not match the schema: ${errors.slice(0, 5).join('; ')}`,
    };
  }
  const review = value as Omit<Review, 'status'>;
  // Only the contract's fields travel on.
  return {
    ok: true,
    review: {
      status: 'ok',
      summary: review.summary,
      findings: review.findings.map((f) => ({
        path: f.path,
        line: f.line,
        severity: f.severity,
        title: f.title,
        body: f.body,
      })),
    },
  };
}
