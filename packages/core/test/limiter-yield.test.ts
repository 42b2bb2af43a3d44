import Bottleneck from 'bottleneck/light.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldLimitersWithoutTimers } from '../src/github/limiter-yield.js';

/** The datastore every Bottleneck limiter keeps its state in (not part of Bottleneck's typings). */
function storeOf(limiter: Bottleneck): { yieldLoop(t?: number): Promise<void> } {
  return (limiter as unknown as { _store: { yieldLoop(t?: number): Promise<void> } })._store;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the throttling and retry plugins' limiters", () => {
  it('the GitHub client leaves every limiter yielding without a timer', async () => {
    await import('../src/github/client.js');
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    // A limiter made after the client module loaded, as the retry plugin makes one per request.
    const yielded = storeOf(new Bottleneck()).yieldLoop();
    expect(vi.getTimerCount()).toBe(0);
    await yielded;
  });

  it('a zero wait yields to the event loop without a timer; a real wait still waits on one', async () => {
    yieldLimitersWithoutTimers();
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const store = storeOf(new Bottleneck());
    let order: string[] = [];
    const yielded = store.yieldLoop().then(() => order.push('yield'));
    order.push('sync');
    expect(vi.getTimerCount()).toBe(0);
    await yielded;
    expect(order).toEqual(['sync', 'yield']);

    order = [];
    const waited = store.yieldLoop(50).then(() => order.push('waited'));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(50);
    await waited;
    expect(order).toEqual(['waited']);
  });

  it('a limiter with the patched datastore still runs its jobs, one at a time, in order', async () => {
    yieldLimitersWithoutTimers();
    const limiter = new Bottleneck({ maxConcurrent: 1, minTime: 0 });
    const events: string[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        limiter.schedule(async () => {
          events.push(`start ${n}`);
          await new Promise((resolve) => setImmediate(resolve));
          events.push(`end ${n}`);
        }),
      ),
    );
    expect(events).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  it('a job with no wait due starts without a timer; a retry after a failure still waits on one', async () => {
    await import('../src/github/client.js');
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    const limiter = new Bottleneck();
    let attempts = 0;
    limiter.on('failed', () => 40);
    const done = limiter.schedule(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('first attempt fails');
      return 'second attempt';
    });
    for (let i = 0; i < 50 && attempts === 0; i += 1) await new Promise((resolve) => setImmediate(resolve));
    expect(attempts).toBe(1);
    // The retry's 40 ms wait is a timer, as before.
    for (let i = 0; i < 50 && vi.getTimerCount() === 0; i += 1)
      await new Promise((resolve) => setImmediate(resolve));
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(40);
    await expect(done).resolves.toBe('second attempt');
    expect(attempts).toBe(2);
  });
});
