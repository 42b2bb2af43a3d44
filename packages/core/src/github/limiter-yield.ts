import Bottleneck from 'bottleneck/light.js';

interface LocalDatastore {
  yieldLoop(t?: number): Promise<void>;
  Promise: PromiseConstructor;
}

const PATCHED = Symbol.for('codex-suite.limiter-yield');

/**
 * The throttling and retry plugins schedule every request through Bottleneck limiters (the retry
 * plugin makes one per request; a write passes four). Bottleneck's in-process datastore yields to
 * the event loop before each step of a job (submit, register, free…) with `setTimeout(resolve, 0)`,
 * which Node runs no sooner than 1 ms later: about a dozen 1 ms timers per request, each an event
 * loop turn that only waits — over 30,000 turns in project-sync's first pass at 10,000 issues, a
 * fifth of its CPU. Here a zero wait yields with `setImmediate` instead: still after pending I/O
 * and in the order asked, but without a timer. A real wait (`yieldLoop(t)` with t > 0) and
 * Bottleneck's own spacing (`minTime`, retries) keep their timers. Applied once, to the datastore
 * class every limiter of the bundle shares.
 */
export function yieldLimitersWithoutTimers(): void {
  const store = Object.getPrototypeOf(
    (new Bottleneck() as unknown as { _store: LocalDatastore })._store,
  ) as LocalDatastore & { [PATCHED]?: true };
  if (store[PATCHED]) return;
  const timed = store.yieldLoop;
  store.yieldLoop = function yieldLoop(this: LocalDatastore, t = 0): Promise<void> {
    if (t > 0) return timed.call(this, t);
    return new this.Promise((resolve) => {
      setImmediate(resolve);
    });
  };
  store[PATCHED] = true;
}
