/**
 * The federation's plan: which repositories run in which matrix job. Pure: targets and limits in,
 * shards out, so the workflow's first job only resolves targets and prints this.
 */

/** GitHub runs at most 256 jobs per matrix; a larger matrix makes the run fail to start. */
export const GITHUB_MATRIX_LIMIT = 256;

export interface FederationLimits {
  /** most jobs in the matrix (1..256) */
  readonly maxJobs: number;
  /** most jobs running at once (`strategy.max-parallel`) */
  readonly maxParallel: number;
  /** REST requests per hour of the token or App installation every job shares */
  readonly requestsPerHour: number;
  /** expected REST requests of one repository's pipeline run (measured, see docs/federation.md) */
  readonly requestsPerRepository: number;
}

export interface Shard {
  /** 0-based, stable for the same targets and limits */
  readonly index: number;
  /** the owner every repository of the shard shares: one App installation mints its token */
  readonly owner: string;
  /** `owner/name`, sorted */
  readonly repositories: readonly string[];
}

export interface FederationPlan {
  readonly shards: readonly Shard[];
  /** repositories per job (the largest shard) */
  readonly perJob: number;
  readonly maxParallel: number;
  /** requests the run is expected to make against the shared budget */
  readonly expectedRequests: number;
  /** repositories the budget covers in one run */
  readonly withinBudget: number;
  /**
   * Targets left for a later run because the budget does not cover them: the window of targets
   * that run moves on by `withinBudget` each run, so every repository runs in turn.
   */
  readonly deferred: readonly string[];
  readonly warnings: readonly string[];
}

function ownerOf(repository: string): string {
  return repository.slice(0, repository.indexOf('/'));
}

/** Splits `items` into `parts` contiguous runs whose sizes differ by one at most. */
function evenRuns<T>(items: readonly T[], parts: number): T[][] {
  const runs: T[][] = [];
  let start = 0;
  for (let i = 0; i < parts; i++) {
    const size = Math.floor(items.length / parts) + (i < items.length % parts ? 1 : 0);
    runs.push(items.slice(start, start + size));
    start += size;
  }
  return runs;
}

/**
 * Splits targets into at most `maxJobs` shards. A shard never mixes owners: an App installation
 * belongs to one account, so each job mints one token scoped to exactly its shard's repositories.
 * Within an owner, shards are contiguous runs of the sorted names of nearly equal size.
 */
export function planFederation(
  allTargets: readonly string[],
  limits: FederationLimits,
  options: { rotation?: number } = {},
): FederationPlan {
  const ordered = [...allTargets].sort((a, b) => a.localeCompare(b, 'en'));
  const withinBudget =
    limits.requestsPerRepository <= 0
      ? ordered.length
      : Math.max(
          1,
          Math.min(ordered.length, Math.floor(limits.requestsPerHour / limits.requestsPerRepository)),
        );
  // The window this run covers: `withinBudget` targets from a start that moves every run.
  const start = ordered.length === 0 ? 0 : ((options.rotation ?? 0) * withinBudget) % ordered.length;
  const window = [...ordered.slice(start), ...ordered.slice(0, start)];
  const targets = window.slice(0, withinBudget);
  const deferred = window.slice(withinBudget).sort((a, b) => a.localeCompare(b, 'en'));
  const maxJobs = Math.min(Math.max(1, Math.floor(limits.maxJobs)), GITHUB_MATRIX_LIMIT);
  const byOwner = new Map<string, string[]>();
  for (const repository of [...targets].sort((a, b) => a.localeCompare(b, 'en'))) {
    const owner = ownerOf(repository);
    const key = owner.toLowerCase();
    byOwner.set(key, [...(byOwner.get(key) ?? []), repository]);
  }
  const groups = [...byOwner.values()];
  if (groups.length > maxJobs) {
    throw new Error(`${groups.length} owners need at least ${groups.length} jobs; the limit is ${maxJobs}.`);
  }
  // The smallest shard size whose shards fit the job limit.
  let perJob = targets.length === 0 ? 0 : Math.ceil(targets.length / maxJobs);
  const jobsFor = (size: number) => groups.reduce((n, g) => n + Math.ceil(g.length / size), 0);
  while (perJob > 0 && jobsFor(perJob) > maxJobs) perJob += 1;
  const shards: Shard[] = [];
  for (const group of groups) {
    for (const run of evenRuns(group, Math.ceil(group.length / perJob))) {
      shards.push({ index: shards.length, owner: ownerOf(run[0]!), repositories: run });
    }
  }
  const jobs = shards.length;
  const expectedRequests = targets.length * limits.requestsPerRepository;
  const warnings: string[] = [];
  if (deferred.length > 0) {
    warnings.push(
      `${ordered.length} repositories need about ${ordered.length * limits.requestsPerRepository} requests, over the budget of ${limits.requestsPerHour} per hour: ` +
        `this run covers ${targets.length}, the next runs the others in turn (${deferred.length} wait; their overview rows stay as they were). ` +
        'Run at most once an hour, or split the targets over several Apps.',
    );
  }
  return {
    shards,
    perJob: Math.max(0, ...shards.map((s) => s.repositories.length)),
    maxParallel: Math.max(1, Math.min(Math.floor(limits.maxParallel), Math.max(jobs, 1))),
    expectedRequests,
    withinBudget,
    deferred,
    warnings,
  };
}
