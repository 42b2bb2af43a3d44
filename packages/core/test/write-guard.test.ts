import { describe, expect, it } from 'vitest';
import { RateLimitStop } from '../src/github/errors.js';
import type { PagesStore } from '../src/pages/store.js';
import { LOGGED_CHANGES, WriteGuard } from '../src/write-guard.js';

const change = (n: number) => ({ kind: 'issue.update', target: `#${n}`, description: `update #${n}` });

describe('write guard', () => {
  it('makes no call in dry-run and records the change as planned', async () => {
    const guard = new WriteGuard({ dryRun: true, maxWrites: 10 });
    let calls = 0;
    const result = await guard.apply(change(1), async () => {
      calls += 1;
    });
    expect(result.outcome).toBe('planned');
    expect(calls).toBe(0);
    expect(guard.stats()).toEqual({ applied: 0, planned: 1, deferred: 0, failed: 0 });
  });

  it('hands a change the pages store it was given, and fails a change that reaches for a client or store it was not given', async () => {
    const pages = { branch: 'gh-pages' } as unknown as PagesStore;
    const withPages = new WriteGuard({ dryRun: false, maxWrites: 5, pages });
    expect(await withPages.apply(change(1), async (writer) => writer.pages)).toEqual({
      outcome: 'applied',
      value: pages,
    });
    const bare = new WriteGuard({ dryRun: false, maxWrites: 5 });
    const noClient = await bare.apply(change(2), async (writer) => writer.github);
    const noStore = await bare.apply(change(3), async (writer) => writer.pages);
    expect(noClient.outcome === 'failed' && noClient.error.message).toMatch(
      /given no GitHub client to write with/,
    );
    expect(noStore.outcome === 'failed' && noStore.error.message).toMatch(
      /given no pages store to commit with/,
    );
    expect(bare.stats()).toEqual({ applied: 0, planned: 0, deferred: 0, failed: 2 });
  });

  it('defers changes beyond the operation budget', async () => {
    const guard = new WriteGuard({ dryRun: false, maxWrites: 2 });
    const outcomes = [];
    for (let n = 1; n <= 4; n += 1) outcomes.push((await guard.apply(change(n), async () => n)).outcome);
    expect(outcomes).toEqual(['applied', 'applied', 'deferred', 'deferred']);
    expect(guard.remainingBudget).toBe(0);
  });

  it('counts a change by its cost: a 3-request commit is deferred when max-writes is 1', async () => {
    const guard = new WriteGuard({ dryRun: false, maxWrites: 1 });
    let calls = 0;
    const commit = { kind: 'pages.commit', target: 'gh-pages', description: 'commit telemetry', cost: 3 };
    const result = await guard.apply(commit, async () => {
      calls += 1;
    });
    expect(result.outcome).toBe('deferred');
    expect(calls).toBe(0);
    expect(guard.remainingBudget).toBe(1);
    const cheap = await guard.apply(change(2), async () => 'ok');
    expect(cheap).toEqual({ outcome: 'applied', value: 'ok' });
    expect(guard.remainingBudget).toBe(0);
  });

  it('records every outcome in order, counts each, logs what it did and lists the failures', async () => {
    const lines: string[] = [];
    const guard = new WriteGuard({ dryRun: false, maxWrites: 2, log: (line) => lines.push(line) });
    expect(guard.records).toEqual([]);
    await guard.apply(change(1), async () => 1);
    await guard.apply(change(2), async () => {
      throw Object.assign(new Error('Not Found'), { status: 404 });
    });
    await guard.apply(change(3), async () => 3);
    expect(guard.records.map((r) => [r.target, r.outcome])).toEqual([
      ['#1', 'applied'],
      ['#2', 'failed'],
      ['#3', 'deferred'],
    ]);
    expect(guard.stats()).toEqual({ applied: 1, planned: 0, deferred: 1, failed: 1 });
    expect(guard.failures()).toEqual([
      { code: 'not_found', message: 'issue.update #2: HTTP 404: Not Found' },
    ]);
    expect(lines).toEqual(['update #1']);
    const dry = new WriteGuard({ dryRun: true, maxWrites: 0, log: (line) => lines.push(line) });
    await dry.apply(change(4), async () => 4);
    expect(lines).toEqual(['update #1', '[dry-run] would update #4']);
  });

  it('logs the first changes one by one, then one line for all the rest, however many there are', async () => {
    const lines: string[] = [];
    const guard = new WriteGuard({ dryRun: false, maxWrites: 5_000, log: (line) => lines.push(line) });
    for (let n = 1; n <= 5_000; n += 1) await guard.apply(change(n), async () => n);
    expect(lines).toHaveLength(LOGGED_CHANGES + 1);
    expect(lines.slice(0, LOGGED_CHANGES)).toEqual(
      Array.from({ length: LOGGED_CHANGES }, (_, i) => `update #${i + 1}`),
    );
    expect(lines[LOGGED_CHANGES]).toMatch(/not logged one by one.*job summary.*telemetry/);
    expect(guard.stats().applied).toBe(5_000);
    expect(guard.summaryLine()).toBe('Changes: 5000 applied, 0 planned, 0 deferred, 0 failed.');

    const dryLines: string[] = [];
    const dry = new WriteGuard({ dryRun: true, maxWrites: 0, log: (line) => dryLines.push(line) });
    for (let n = 1; n <= 100; n += 1) await dry.apply(change(n), async () => n);
    expect(dryLines).toHaveLength(LOGGED_CHANGES + 1);
    expect(dryLines[0]).toBe('[dry-run] would update #1');
    expect(dry.summaryLine()).toBe('Changes: 0 applied, 100 planned, 0 deferred, 0 failed.');
  });

  it('records a failed write and lets the stage go on', async () => {
    const guard = new WriteGuard({ dryRun: false, maxWrites: 5 });
    const failed = await guard.apply(change(1), async () => {
      throw Object.assign(new Error('Not Found'), { status: 404 });
    });
    expect(failed).toEqual({
      outcome: 'failed',
      error: { code: 'not_found', message: 'issue.update #1: HTTP 404: Not Found' },
    });
    const next = await guard.apply(change(2), async () => 'ok');
    expect(next).toEqual({ outcome: 'applied', value: 'ok' });
  });

  it('stops the stage on a rate limit it cannot wait out', async () => {
    const guard = new WriteGuard({ dryRun: false, maxWrites: 5 });
    await expect(
      guard.apply(change(1), async () => {
        throw Object.assign(new Error('API rate limit exceeded'), {
          status: 403,
          response: { headers: { 'x-ratelimit-remaining': '0' } },
        });
      }),
    ).rejects.toBeInstanceOf(RateLimitStop);
    expect(guard.count('failed')).toBe(1);
  });

  it("publishes the run's own record outside the budget and the counts, and never in dry-run", async () => {
    const dry = new WriteGuard({ dryRun: true, maxWrites: 10 });
    let calls = 0;
    expect(await dry.publishRecord(async () => ++calls)).toEqual({ outcome: 'planned' });
    expect(calls).toBe(0);

    const spent = new WriteGuard({ dryRun: false, maxWrites: 0 });
    expect(await spent.publishRecord(async () => ++calls)).toEqual({ outcome: 'applied', value: 1 });
    const limited = Object.assign(new Error('API rate limit exceeded'), { status: 403 });
    const failed = await spent.publishRecord(async () => {
      throw limited;
    });
    expect(failed).toEqual({ outcome: 'failed', error: limited });
    expect(spent.records).toEqual([]);
    expect(spent.stats()).toEqual({ applied: 0, planned: 0, deferred: 0, failed: 0 });
  });
});
