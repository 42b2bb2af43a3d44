import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
// @ts-expect-error: a plain ES module without type declarations
import { MODULE_TESTS } from './stryker.config.mjs';
import repository from './vitest.config.js';

/**
 * The unit tests of the rule modules, for `npm run mutation` (stryker.config.mjs runs them once
 * per mutant): `MUTATION_TESTS=file[,file]`, by default all of MODULE_TESTS.
 *
 * Lean, since start-up is most of a mutant's cost: one worker thread reused across files, no
 * per-file isolation and no setup files (these tests use neither the emulator nor global state).
 */
const root = fileURLToPath(new URL('.', import.meta.url));
const allTests = [...new Set(Object.values(MODULE_TESTS as Record<string, string[]>).flat())];

export default defineConfig({
  // The workspace packages resolve to this directory's sources (in Stryker's sandbox: the mutated
  // ones), not through node_modules' symlinks to the original checkout.
  resolve: {
    alias: [
      { find: /^@codex-suite\/(core|harness|emulator)\/(.*)$/, replacement: `${root}packages/$1/src/$2.ts` },
    ],
  },
  test: {
    include: process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(',') : allTests,
    reporters: ['default'],
    testTimeout: repository.test?.testTimeout,
    pool: 'threads',
    maxWorkers: 1,
    isolate: false,
    server: repository.test?.server,
  },
});
