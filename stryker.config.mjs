// Mutation testing of the rule modules: `npm run mutation` (report: docs/mutation.md).
// `MUTATE=path[,path]` narrows the run to some modules; their unit tests are picked from
// MODULE_TESTS below (`MUTATION_TESTS=file[,file]` overrides them). vitest.mutation.config.ts
// runs those tests with a lean setup (one worker thread, no per-file isolation, no setup files).

/**
 * Each rule module and the unit tests that must kill its mutants: fast tests that import the
 * module (directly or through `@codex-suite/core`), need no bundle, no emulator and no workflow.
 * A `path:lines` key mutates only those lines.
 */
export const MODULE_TESTS = {
  'packages/core/src/contract.ts': [
    'packages/core/test/contract.test.ts',
    'packages/core/test/conformance.test.ts',
    'packages/core/test/issues/integrity.test.ts',
  ],
  'packages/core/src/write-guard.ts': [
    'packages/core/test/write-guard.test.ts',
    'packages/core/test/write-port.test.ts',
  ],
  'actions/cleaner/src/retention.ts': ['actions/cleaner/test/retention.test.ts'],
  'actions/cleaner/src/telemetry-prune.ts': ['actions/cleaner/test/telemetry-prune.test.ts'],
  'packages/core/src/activity/classify.ts': ['actions/activity/test/classify.test.ts'],
  'actions/supervisor/src/verdict.ts': [
    'actions/supervisor/test/verdict.test.ts',
    'actions/supervisor/test/health.test.ts',
  ],
  'actions/project-sync/src/plan.ts': ['actions/project-sync/test/plan.test.ts'],
  'packages/core/src/conformance.ts': ['packages/core/test/conformance.test.ts'],
  'packages/core/src/issues/integrity.ts': ['packages/core/test/issues/integrity.test.ts'],
  // redaction: `redactingIO` and `redact`, not the toolkit adapter above them
  'packages/core/src/action-io.ts:96-122': ['packages/core/test/redaction.test.ts'],
};

const modulePath = (entry) => entry.replace(/:[\d-]+$/, '');

/** The unit tests of the modules in `mutate` (a module given with other lines counts as itself). */
export function testsFor(mutate) {
  const wanted = new Set(mutate.map(modulePath));
  const tests = Object.entries(MODULE_TESTS)
    .filter(([module]) => wanted.has(modulePath(module)))
    .flatMap(([, files]) => files);
  const unknown = [...wanted].filter((m) => !Object.keys(MODULE_TESTS).some((k) => modulePath(k) === m));
  if (unknown.length > 0 && !process.env.MUTATION_TESTS) {
    throw new Error(
      `no unit tests known for ${unknown.join(', ')}: add it to MODULE_TESTS or set MUTATION_TESTS`,
    );
  }
  return [...new Set(tests)];
}

const mutate = process.env.MUTATE ? process.env.MUTATE.split(',') : Object.keys(MODULE_TESTS);
// Inherited by the test command of every mutant (read by vitest.mutation.config.ts).
process.env.MUTATION_TESTS ??= testsFor(mutate).join(',');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // The command runner, not @stryker-mutator/vitest-runner: with vitest 5 that runner never
  // activates a mutant (every mutant "survives" untested). The command runner activates each
  // mutant through the environment and runs the module's unit tests once per mutant.
  testRunner: 'command',
  commandRunner: { command: 'vitest run --config vitest.mutation.config.ts --reporter dot' },
  coverageAnalysis: 'off',
  mutate,
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Anchored: `schemas` alone would also drop packages/core/src/telemetry/schemas from the sandbox.
  ignorePatterns: ['/dist', '/docs', '/reports', '/.stryker-tmp', '/schemas'],
  cleanTempDir: true,
};
