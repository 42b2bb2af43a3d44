import type { Review } from './codex/review.js';
import { validateReview } from './codex/review.js';
import { placeholderReview } from './render.js';
import type { SecretRedactor } from './secrets.js';

/**
 * The review as it may leave the run: one that does not fit its schema becomes a placeholder
 * saying so, and every text passes the redactor before anything is written, rendered or posted
 * (escaping would hide a secret's forms). `redacted` counts the fields the redactor changed.
 */
export function settleReview(review: Review, redactor: SecretRedactor): { review: Review; redacted: number } {
  const checked = validateReview(review);
  const valid = checked.valid
    ? review
    : placeholderReview(
        'failed',
        `Internal error: the review did not match its schema (${checked.errors.join('; ')}).`,
      );
  const scrubbed = scrubReview(valid, redactor);
  return { review: scrubbed.review, redacted: scrubbed.fields };
}

/** Every text of the review through the redactor; `fields` counts those it changed. */
export function scrubReview(review: Review, redactor: SecretRedactor): { review: Review; fields: number } {
  let fields = 0;
  const scrub = (text: string) => {
    const out = redactor.scrub(text);
    if (out !== text) fields += 1;
    return out;
  };
  return {
    review: {
      status: review.status,
      summary: scrub(review.summary),
      findings: review.findings.map((f) => ({
        ...f,
        path: scrub(f.path),
        title: scrub(f.title),
        body: scrub(f.body),
      })),
    },
    fields,
  };
}
