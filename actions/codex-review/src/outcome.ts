import type { StageStatus } from '@codex-suite/core/stage';
import type { Review } from './codex/review.js';
import { listFolders } from './output-files.js';
import type { PreparedReview } from './prepare.js';
import type { ReviewRun } from './run.js';
import type { DiffScope } from './diff-scope.js';
import type { GuardDecision, PullRequestInfo } from './guards.js';
import { placeholderReview } from './render.js';
import type { CodexReviewTelemetry } from './telemetry.js';

/**
 * How a review run ends, as a value. Each step either hands the next one what it found
 * (`continue`) or ends the run (`final`); finish.ts turns the final outcome into the stage's
 * outcome, so files, comment, annotations, summary and telemetry are made in one place.
 */
export type Step<T> = { readonly continue: T } | { readonly final: ReviewOutcome };

export const proceed = <T>(value: T): Step<T> => ({ continue: value });
export const end = (outcome: ReviewOutcome): Step<never> => ({ final: outcome });

type GuardReason = Extract<GuardDecision, { run: false }>['reason'];
/** A step after the key check that can fail without a review: the CLI, its run, its answer. */
export type FailReason = 'install' | 'codex_failed' | 'timeout' | 'invalid_output';
export type SkipReason = GuardReason | 'preflight' | FailReason;

/** What the steps learned on the way, recorded in the telemetry whichever way the run ends. */
export type RunFacts = Partial<
  Pick<
    CodexReviewTelemetry,
    | 'preflight'
    | 'diff_bytes'
    | 'diff_truncated'
    | 'codex_install'
    | 'sandbox'
    | 'codex_exit_code'
    | 'codex_timed_out'
  >
>;

export type ReviewOutcome =
  /** a guard said no (fork, no key, no pull request): nothing is posted */
  | {
      readonly kind: 'skipped';
      readonly reason: GuardReason;
      readonly message: string;
      readonly pr: PullRequestInfo | null;
      readonly facts: RunFacts;
    }
  /** the key preflight failed, so Codex never ran; the comment says why */
  | {
      readonly kind: 'not_run';
      readonly preflight: NonNullable<RunFacts['preflight']>;
      readonly message: string;
      readonly pr: PullRequestInfo;
      readonly facts: RunFacts;
    }
  /** the CLI, its run or its answer failed; `listing` shows the folders as they were then */
  | {
      readonly kind: 'failed';
      readonly reason: FailReason;
      readonly message: string;
      readonly pr: PullRequestInfo;
      readonly listing: readonly string[];
      readonly facts: RunFacts;
    }
  /** Codex answered with a review; `scope` says which findings can sit on the code */
  | {
      readonly kind: 'reviewed';
      readonly review: Review;
      readonly pr: PullRequestInfo;
      readonly scope: DiffScope;
      readonly facts: RunFacts;
    }
  /** a bug or a GitHub outage: placeholders are written and the error goes on to the runner */
  | { readonly kind: 'error'; readonly error: unknown; readonly pr: PullRequestInfo | null };

export type EndedRun = Exclude<ReviewOutcome, { kind: 'error' }>;

/** What an ended run stands for: the review it writes, the stage status, the reason, the summary. */
export function conclusion(outcome: EndedRun): {
  readonly review: Review;
  /** absent: the runner decides (`ok`, or `degraded` when something was reported) */
  readonly status?: StageStatus;
  readonly reason: SkipReason | null;
  readonly summary: string;
} {
  switch (outcome.kind) {
    case 'skipped':
      return {
        review: placeholderReview('skipped', outcome.message),
        status: 'skipped',
        reason: outcome.reason,
        summary: `Codex review skipped: ${outcome.message}`,
      };
    case 'not_run':
      return {
        review: placeholderReview('failed', outcome.message),
        status: 'degraded',
        reason: 'preflight',
        summary: `Codex review of #${outcome.pr.number} not run (${outcome.preflight}): ${outcome.message}`,
      };
    case 'failed':
      return {
        review: placeholderReview('failed', outcome.message),
        status: 'degraded',
        reason: outcome.reason,
        summary: `Codex review of #${outcome.pr.number} did not complete: ${outcome.message}`,
      };
    case 'reviewed': {
      const { review, pr, facts } = outcome;
      const high = review.findings.filter((f) => f.severity === 'high').length;
      return {
        review,
        reason: null,
        summary: `Codex review of #${pr.number}: ${review.findings.length} finding(s)${high ? ` (${high} high)` : ''}${facts.diff_truncated ? ', diff truncated' : ''}`,
      };
    }
  }
}

/** A failure after the key check, with the folders listed while they still exist. */
export async function failure(
  run: ReviewRun,
  at: PreparedReview,
  reason: FailReason,
  message: string,
  extraDirs: readonly string[] = [],
): Promise<ReviewOutcome> {
  const listing = await listFolders([run.files.dir, ...extraDirs]);
  return { kind: 'failed', reason, message, pr: at.pull, listing, facts: at.facts };
}
