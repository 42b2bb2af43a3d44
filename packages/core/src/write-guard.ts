import { AsyncLocalStorage } from 'node:async_hooks';
import type { GitHubClient } from './github/client.js';
import { RateLimitStop, type StageError, isRateLimitError, toStageError } from './github/errors.js';
import { installWriteGate, WRITES_GO_THROUGH_THE_GUARD } from './github/read-only.js';
import type { PagesStore } from './pages/store.js';

/** One intended change to the repository, computed by a stage's plan. */
export interface PlannedChange {
  /** machine name of the operation, e.g. `issue.update`, `project.item.add`, `issue.close` */
  readonly kind: string;
  /** what it changes, e.g. `#123`, `label codex`, `gh-pages` */
  readonly target: string;
  /** one line a person can read */
  readonly description: string;
  /** how many write requests applying it takes (default 1) */
  readonly cost?: number;
}

export type ChangeOutcome = 'applied' | 'planned' | 'deferred' | 'failed';

export interface ChangeRecord extends PlannedChange {
  readonly outcome: ChangeOutcome;
  readonly error?: StageError;
}

export interface WriteGuardOptions {
  readonly dryRun: boolean;
  /** most write requests this run may make; the rest is deferred to the next run */
  readonly maxWrites: number;
  readonly log?: (message: string) => void;
  /**
   * The client that may write. The guard takes it over: from then on its writes are refused
   * unless made by a change this guard is applying.
   */
  readonly github?: GitHubClient;
  /** the pages store that may commit (the stage itself only reads the branch) */
  readonly pages?: PagesStore;
}

/** What the change a guard applies is handed to write with; it stops writing when the change ends. */
export interface Writer {
  readonly github: GitHubClient;
  readonly pages: PagesStore;
}

/**
 * How many changes the guard logs one by one. A first pass can make a write per issue (project-sync
 * made about 900 at 10,000 issues): a log line each was a message from the stage's thread to the
 * main thread and a write to the log, per change. After these the log says once that the rest is
 * not listed; every change is in the job summary and the telemetry file, and the runner logs the
 * counts ({@link WriteGuard.summaryLine}).
 */
export const LOGGED_CHANGES = 20;

export type GuardResult<T> =
  | { readonly outcome: 'applied'; readonly value: T }
  | { readonly outcome: 'planned' | 'deferred' }
  | { readonly outcome: 'failed'; readonly error: StageError };

/**
 * Every mutation of a stage passes through `apply`: one place for dry-run, the operation budget,
 * change statistics and error capture. A rate limit that cannot be waited out stops the stage
 * (thrown as RateLimitStop); any other failure is recorded and the stage goes on.
 *
 * The guard alone holds the client that writes and the pages store that commits: `perform` is
 * handed them (never in a dry run, never over budget), and a write of theirs made anywhere else —
 * a writer kept after its change ended — is refused before it is sent.
 */
export class WriteGuard {
  readonly records: ChangeRecord[] = [];
  private spent = 0;
  private logged = 0;
  /** the change being applied, in the async context of its `perform` */
  private readonly applying = new AsyncLocalStorage<{ open: boolean }>();
  private readonly writer: Writer;

  constructor(private readonly options: WriteGuardOptions) {
    const { github, pages } = options;
    if (github)
      installWriteGate(github, () => this.applying.getStore()?.open === true, WRITES_GO_THROUGH_THE_GUARD);
    this.writer = {
      get github(): GitHubClient {
        if (!github) throw new Error('This write guard was given no GitHub client to write with.');
        return github;
      },
      get pages(): PagesStore {
        if (!pages) throw new Error('This write guard was given no pages store to commit with.');
        return pages;
      },
    };
  }

  /** Whether this run only plans its changes (reports word themselves after it). */
  get dryRun(): boolean {
    return this.options.dryRun;
  }

  /** Write requests still allowed by the budget. */
  get remainingBudget(): number {
    return Math.max(0, this.options.maxWrites - this.spent);
  }

  async apply<T>(change: PlannedChange, perform: (writer: Writer) => Promise<T>): Promise<GuardResult<T>> {
    const cost = change.cost ?? 1;
    if (this.options.dryRun) {
      this.push(change, 'planned');
      this.logChange(`[dry-run] would ${change.description}`);
      return { outcome: 'planned' };
    }
    if (cost > this.remainingBudget) {
      this.push(change, 'deferred');
      return { outcome: 'deferred' };
    }
    this.spent += cost;
    try {
      const value = await this.perform(perform);
      this.push(change, 'applied');
      this.logChange(change.description);
      return { outcome: 'applied', value };
    } catch (error) {
      const stageError = toStageError(error, `${change.kind} ${change.target}`);
      this.push(change, 'failed', stageError);
      if (isRateLimitError(error)) throw new RateLimitStop(stageError.message);
      return { outcome: 'failed', error: stageError };
    }
  }

  /**
   * The run's own record (its telemetry file and ledger entry) goes out through the guard too, so
   * dry-run is decided in one place; it is not a change of the stage: never budgeted, never
   * counted, and a failure (a rate limit included) is returned for the runner to report.
   */
  async publishRecord<T>(
    perform: (writer: Writer) => Promise<T>,
  ): Promise<
    | { readonly outcome: 'applied'; readonly value: T }
    | { readonly outcome: 'planned' }
    | { readonly outcome: 'failed'; readonly error: unknown }
  > {
    if (this.options.dryRun) return { outcome: 'planned' };
    try {
      return { outcome: 'applied', value: await this.perform(perform) };
    } catch (error) {
      return { outcome: 'failed', error };
    }
  }

  /** Runs one change with the writer; whatever it started is refused once it has ended. */
  private async perform<T>(perform: (writer: Writer) => Promise<T>): Promise<T> {
    const change = { open: true };
    try {
      return await this.applying.run(change, () => perform(this.writer));
    } finally {
      change.open = false;
    }
  }

  count(outcome: ChangeOutcome): number {
    return this.records.filter((r) => r.outcome === outcome).length;
  }

  stats(): { applied: number; planned: number; deferred: number; failed: number } {
    return {
      applied: this.count('applied'),
      planned: this.count('planned'),
      deferred: this.count('deferred'),
      failed: this.count('failed'),
    };
  }

  /** One log line with the counts of every outcome. */
  summaryLine(): string {
    const s = this.stats();
    return `Changes: ${s.applied} applied, ${s.planned} planned, ${s.deferred} deferred, ${s.failed} failed.`;
  }

  failures(): StageError[] {
    return this.records.flatMap((r) => (r.error ? [r.error] : []));
  }

  /** The first {@link LOGGED_CHANGES} changes are logged, then one line says the rest are not. */
  private logChange(line: string): void {
    if (!this.options.log) return;
    this.logged += 1;
    if (this.logged <= LOGGED_CHANGES) this.options.log(line);
    else if (this.logged === LOGGED_CHANGES + 1)
      this.options.log(
        'Further changes are not logged one by one: the job summary and the telemetry file report them; the counts follow at the end.',
      );
  }

  private push(change: PlannedChange, outcome: ChangeOutcome, error?: StageError): void {
    this.records.push(error ? { ...change, outcome, error } : { ...change, outcome });
  }
}
