import { defineConfig } from 'vitest/config';
import repository from './vitest.config.js';

/**
 * The unit tests of the rule modules, for `npm run mutation` (stryker.config.mjs): the mutants
 * of those modules must be killed here, by fast tests that need no bundle.
 */
export const MUTATION_TESTS = [
  'packages/core/test/write-guard.test.ts',
  'packages/core/test/runner.test.ts',
  'packages/core/test/config.test.ts',
  'packages/core/test/issues/integrity.test.ts',
  'packages/core/test/conformance.test.ts',
  'actions/cleaner/test/retention.test.ts',
  'actions/cleaner/test/telemetry-prune.test.ts',
  'actions/activity/test/classify.test.ts',
  'actions/supervisor/test/verdict.test.ts',
  'actions/supervisor/test/health.test.ts',
  'actions/project-sync/test/plan.test.ts',
];

// Spread, not mergeConfig: mergeConfig would concatenate `include` with the repository's.
export default defineConfig({
  ...repository,
  test: {
    ...repository.test,
    include: process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(',') : MUTATION_TESTS,
    reporters: ['default'],
  },
});
