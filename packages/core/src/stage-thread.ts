import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * The young generation (V8's nursery: two semi-spaces and the new large-object space) of the
 * thread a stage runs in, in MB: about 4 MB per semi-space. V8 sizes it from the machine, and on a
 * runner with gigabytes of memory it grows to 32 MB per semi-space as soon as a stage allocates
 * quickly (a list page of 100 issues is about 0.4 MB of JSON and several times that once parsed),
 * whatever the stage keeps: project-sync's first pass over 50,000 issues keeps about 60 MB yet
 * peaked above 400 MB. A smaller nursery is collected more often, each time as cheaply, since
 * what it holds is mostly garbage already.
 */
export const STAGE_YOUNG_GENERATION_MB = 12;

/**
 * The old generation's bound for the thread a stage runs in, in MB. V8 lets the old generation
 * grow to a multiple of what survived the last full collection before it runs the next one, and
 * it scales the largest multiple with this bound: 1.3x at 256 MB, 2x just under 2 GB, 4x from
 * 2 GB up, which is where a machine with a few gigabytes of memory puts the bound by default. A
 * stage's garbage reaches the old generation with every request (answers that outlive two
 * young-generation collections while they are read), so its peak was set by that multiple more than by what it kept:
 * project-sync's first pass over 50,000 issues keeps about 60 MB and its heap grew to 190 MB
 * before a full collection. At 1 GB the multiple is at most 1.6x (that pass then peaked at
 * 84 MB of heap); the bound itself is about sixteen times what that pass keeps.
 */
export const STAGE_OLD_GENERATION_MB = 1024;

/**
 * Runs the stage bundle's `main.js` (beside `entry`, the entry's own path) in a worker thread with
 * the bounded young and old generations, and resolves with its exit code. An action's `runs.main` cannot
 * pass node flags; a worker's `resourceLimits` can. The worker shares the process's environment,
 * working directory and output streams, so inputs, outputs and workflow commands work as they
 * would in the main thread. An error the stage does not catch rejects, as it would in-process.
 */
export function runMainInThread(entry: string = process.argv[1] ?? ''): Promise<number> {
  const main = pathToFileURL(join(dirname(entry), 'main.js')).href;
  const worker = new Worker(
    `import(${JSON.stringify(main)}).then(async (m) => { process.exitCode = await m.main(); });`,
    {
      eval: true,
      resourceLimits: {
        maxYoungGenerationSizeMb: STAGE_YOUNG_GENERATION_MB,
        maxOldGenerationSizeMb: STAGE_OLD_GENERATION_MB,
      },
    },
  );
  return new Promise((resolve, reject) => {
    let failure: unknown;
    worker.once('error', (error) => {
      failure = error;
    });
    worker.once('exit', (code) => (failure === undefined ? resolve(code) : reject(failure)));
  });
}
