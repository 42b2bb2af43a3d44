import Bottleneck from 'bottleneck/light.js';

interface LocalDatastore {
  yieldLoop(t?: number): Promise<void>;
  Promise: PromiseConstructor;
}

/** The parts of a Bottleneck limiter (light.js, 2.19) that start a job. */
interface Job {
  readonly options: { readonly expiration?: number | null };
  doRun(): void;
  doExecute(chained: unknown, clearGlobalState: () => boolean, run: unknown, free: unknown): unknown;
}
interface LimiterInternals {
  _run(index: string, job: Job, wait: number): unknown;
  _clearGlobalState(index: string): boolean;
  _free(index: string, job: Job, ...rest: unknown[]): unknown;
  _scheduled: Record<string, { timeout: unknown; expiration: unknown; job: Job }>;
  _limiter: unknown;
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
 * Bottleneck's own spacing (`minTime`, retries) keep their timers. Likewise a job with no wait
 * due is started with `setImmediate` rather than `setTimeout(…, 0)` (`Bottleneck#_run`, as in
 * light.js but for the timer; a job with an expiration keeps the original path). The plugins never
 * stop a limiter, the one place where a started job's timer was cleared. Applied once, to the
 * classes every limiter of the bundle shares.
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

  const limiter = Bottleneck.prototype as unknown as LimiterInternals;
  const timedRun = limiter._run;
  limiter._run = function run(this: LimiterInternals, index, job, wait) {
    if (wait > 0 || job.options.expiration != null) return timedRun.call(this, index, job, wait);
    job.doRun();
    const clearGlobalState = this._clearGlobalState.bind(this, index);
    const again = this._run.bind(this, index, job);
    const free = this._free.bind(this, index, job);
    this._scheduled[index] = {
      timeout: setImmediate(() => job.doExecute(this._limiter, clearGlobalState, again, free)),
      expiration: undefined,
      job,
    };
    return this._scheduled[index];
  };
}
