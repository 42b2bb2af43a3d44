import { writeFile } from 'node:fs/promises';
import { messageOf } from '@codex-suite/core/github/errors';
import type { StageOutcome } from '@codex-suite/core/stage';
import { planAnnotations } from './annotations.js';
import type { Review } from './codex/review.js';
import { type DiffScope, inScope } from './diff-scope.js';
import type { PullRequestInfo } from './guards.js';
import { conclusion, type EndedRun, type ReviewOutcome } from './outcome.js';
import { writeReviewFiles } from './output-files.js';
import { NO_FEEDBACK, publishFeedback } from './publish.js';
import { placeholderReview, preflightTitle, type RenderContext, renderReviewMarkdown } from './render.js';
import { reviewOutputs, reviewReport } from './report.js';
import type { ReviewContext, ReviewRun } from './run.js';
import { settleReview } from './settle.js';
import { type CodexReviewTelemetry, countBySeverity, emptyTelemetry } from './telemetry.js';

/**
 * The one place a run ends: whatever the outcome, review.json and review.md are written, the
 * pull request gets its feedback (unless skipped), and the summary, telemetry and outputs say
 * what happened.
 */
export async function finishReview(
  ctx: ReviewContext,
  run: ReviewRun,
  outcome: ReviewOutcome,
): Promise<StageOutcome<CodexReviewTelemetry>> {
  if (outcome.kind === 'error') return placeholdersThenThrow(run, outcome.pr, outcome.error);
  try {
    announce(ctx, run, outcome);
    return await conclude(ctx, run, outcome);
  } catch (error) {
    return placeholdersThenThrow(run, outcome.pr, error);
  }
}

/** What the log says about a run that ended without a review. */
function announce(ctx: ReviewContext, run: ReviewRun, outcome: EndedRun): void {
  const io = ctx.io;
  switch (outcome.kind) {
    case 'skipped':
      io.notice(outcome.message, { title: 'Codex review skipped' });
      return;
    case 'not_run':
      ctx.report({ code: `preflight_${outcome.preflight}`, message: run.clean(outcome.message) });
      io.warning(run.clean(outcome.message), { title: `Codex review: ${preflightTitle(outcome.preflight)}` });
      return;
    case 'failed':
      io.warning(run.clean(outcome.message), { title: 'Codex review did not complete' });
      ctx.report({ code: `codex_${outcome.reason}`, message: run.clean(outcome.message) });
      for (const line of outcome.listing) io.info(line);
      return;
    case 'reviewed':
      return;
  }
}

async function conclude(
  ctx: ReviewContext,
  run: ReviewRun,
  outcome: EndedRun,
): Promise<StageOutcome<CodexReviewTelemetry>> {
  const s = ctx.settings;
  const ended = conclusion(outcome);
  const { review, redacted } = settleReview(ended.review, run.redactor);
  if (redacted > 0)
    ctx.io.warning(`${redacted} field(s) of the review held a secret of the run; redacted before posting.`, {
      title: 'Codex review: secret redacted',
    });

  const pr = outcome.pr;
  const scope = outcome.kind === 'reviewed' ? outcome.scope : null;
  const inDiff = scope ? review.findings.filter((f) => inScope(scope, f.path, f.line)) : [];
  // Annotations only go with feedback on a pull request; GitHub shows only so many per step.
  const annotations = planAnnotations(pr && s.annotations && review.status === 'ok' ? inDiff : []);
  const markdown = run.redactor.redact(
    renderReviewMarkdown(review, {
      ...renderContext(run, pr, scope),
      unannotated: new Set(annotations.unshown),
    }),
  );
  await writeReviewFiles(run.files, review, markdown);

  // Feedback on the pull request: not for skipped runs (a fork's token cannot write anyway).
  const feedback =
    pr && review.status !== 'skipped'
      ? await publishFeedback(ctx, run, pr, { status: review.status, markdown }, annotations.shown)
      : NO_FEEDBACK;

  const telemetry: CodexReviewTelemetry = {
    ...emptyTelemetry,
    ...outcome.facts,
    pull_request: pr?.number ?? null,
    review_status: review.status,
    skip_reason: ended.reason,
    findings_count: review.findings.length,
    findings_by_severity: countBySeverity(review),
    codex_version: s.codexVersion,
    model: s.model,
    ...feedback,
    findings_outside_diff: review.findings.length - inDiff.length,
    secrets_redacted: redacted,
    duration_ms: Date.now() - run.started,
    output_dir: run.files.dir,
  };
  return {
    ...(ended.status ? { status: ended.status } : {}),
    summary: run.clean(ended.summary),
    report: reviewReport(markdown, review, telemetry),
    telemetry,
    outputs: reviewOutputs(run.files, review, telemetry),
  };
}

/** Even a bug or a GitHub outage leaves the output contract intact; the error goes on to the runner. */
async function placeholdersThenThrow(
  run: ReviewRun,
  pr: PullRequestInfo | null,
  error: unknown,
): Promise<never> {
  const review: Review = placeholderReview('failed', run.clean(`Internal error: ${messageOf(error)}`));
  await writeFile(run.files.json, `${JSON.stringify(review, null, 2)}\n`).catch(() => {});
  await writeFile(run.files.md, renderReviewMarkdown(review, renderContext(run, pr, null))).catch(() => {});
  throw error;
}

function renderContext(run: ReviewRun, pr: PullRequestInfo | null, scope: DiffScope | null): RenderContext {
  return { ...run.rendering, pullRequest: pr?.number ?? null, headSha: pr?.headSha ?? null, scope };
}
