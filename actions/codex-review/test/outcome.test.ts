import { describe, expect, it } from 'vitest';
import type { Review } from '../src/codex/review.js';
import type { PullRequestInfo } from '../src/guards.js';
import { conclusion } from '../src/outcome.js';
import { countBySeverity, emptyTelemetry } from '../src/telemetry.js';
import { verdictOf } from '../src/verdict.js';
import { REPO, REVIEW_WITH_FINDINGS } from './setup.js';

const pr: PullRequestInfo = {
  number: 7,
  title: 't',
  headRepo: REPO,
  baseRepo: REPO,
  headSha: 'a'.repeat(40),
};
const review = { ...JSON.parse(REVIEW_WITH_FINDINGS), status: 'ok' } as Review;
const cleanExit = { timedOut: false, exitCode: 0, failure: null };
const quietProxy = { upstreamErrors: 0, last: 'POST /v1/responses → 200' };

describe('the verdict on a Codex run', () => {
  it('a timeout is a timeout, whatever the answer says', () => {
    const verdict = verdictOf(
      { timedOut: true, exitCode: null, failure: 'Codex timed out' },
      REVIEW_WITH_FINDINGS,
      {
        upstreamErrors: 2,
        last: 'POST /v1/responses → 500',
      },
    );
    expect(verdict).toEqual({
      ok: false,
      reason: 'timeout',
      message: 'Codex timed out (last API answer: POST /v1/responses → 500)',
    });
  });
  it('a failed exit is codex_failed; the API answer is named only when the API failed', () => {
    const run = { timedOut: false, exitCode: 1, failure: 'stream error' };
    expect(verdictOf(run, REVIEW_WITH_FINDINGS, quietProxy)).toEqual({
      ok: false,
      reason: 'codex_failed',
      message: 'Codex failed: stream error',
    });
  });
  it('a clean exit with an answer that does not fit is invalid_output', () => {
    expect(verdictOf(cleanExit, 'no json here', quietProxy)).toMatchObject({
      ok: false,
      reason: 'invalid_output',
    });
  });
  it('a clean exit with a fitting answer is a review', () => {
    expect(verdictOf(cleanExit, REVIEW_WITH_FINDINGS, quietProxy)).toEqual({ ok: true, review });
  });
});

describe('how an ended run concludes', () => {
  it('a skip is skipped, with the guard message as summary', () => {
    const ended = conclusion({ kind: 'skipped', reason: 'fork', message: 'From a fork.', pr, facts: {} });
    expect(ended).toEqual({
      review: { status: 'skipped', summary: 'From a fork.', findings: [] },
      status: 'skipped',
      reason: 'fork',
      summary: 'Codex review skipped: From a fork.',
    });
  });
  it('a refused key and a failed run are degraded, with a failed placeholder review', () => {
    const notRun = conclusion({ kind: 'not_run', preflight: 'quota', message: 'No quota.', pr, facts: {} });
    expect(notRun).toMatchObject({ status: 'degraded', reason: 'preflight' });
    expect(notRun.summary).toBe('Codex review of #7 not run (quota): No quota.');
    const failed = conclusion({
      kind: 'failed',
      reason: 'timeout',
      message: 'Too slow.',
      pr,
      listing: [],
      facts: {},
    });
    expect(failed).toMatchObject({ status: 'degraded', reason: 'timeout' });
    expect(failed.review).toEqual({ status: 'failed', summary: 'Too slow.', findings: [] });
    expect(failed.summary).toBe('Codex review of #7 did not complete: Too slow.');
  });
  it('a review leaves the status to the runner and counts findings in the summary', () => {
    const ended = conclusion({
      kind: 'reviewed',
      review,
      pr,
      scope: new Map(),
      facts: { diff_truncated: true },
    });
    expect(ended.status).toBeUndefined();
    expect(ended.reason).toBeNull();
    expect(ended.summary).toBe('Codex review of #7: 2 finding(s) (1 high), diff truncated');
  });
});

describe('telemetry counts', () => {
  it('counts each review afresh: the empty telemetry is never written into', () => {
    expect(countBySeverity(review)).toEqual({ high: 1, medium: 0, low: 1 });
    expect(countBySeverity(review)).toEqual({ high: 1, medium: 0, low: 1 });
    expect(emptyTelemetry.findings_by_severity).toEqual({ high: 0, medium: 0, low: 0 });
  });
});
