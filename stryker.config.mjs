// Mutation testing of the rule modules: `npm run mutation` (report: docs/mutation.md).
// `MUTATE=path[,path]` narrows the run to some modules and `MUTATION_TESTS=file[,file]` to the
// test files that cover them (see vitest.mutation.config.ts).
const RULE_MODULES = [
  'packages/core/src/contract.ts',
  'packages/core/src/write-guard.ts',
  'actions/cleaner/src/retention.ts',
  'actions/cleaner/src/telemetry-prune.ts',
  'packages/core/src/activity/classify.ts',
  'actions/supervisor/src/verdict.ts',
  'actions/project-sync/src/plan.ts',
  'packages/core/src/conformance.ts',
  'packages/core/src/issues/integrity.ts',
  // redaction: `redactingIO` and `redact`, not the toolkit adapter above them
  'packages/core/src/action-io.ts:84-105',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  // The command runner, not @stryker-mutator/vitest-runner: with vitest 5 that runner never
  // activates a mutant (every mutant "survives" untested). The command runner activates each
  // mutant through the environment and runs the mutation test set once per mutant.
  testRunner: 'command',
  commandRunner: { command: 'npx vitest run --config vitest.mutation.config.ts --reporter dot' },
  coverageAnalysis: 'off',
  mutate: process.env.MUTATE ? process.env.MUTATE.split(',') : RULE_MODULES,
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'json'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['dist', 'docs', 'reports', '.stryker-tmp', 'schemas'],
  cleanTempDir: true,
};
