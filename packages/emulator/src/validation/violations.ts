/**
 * Answers of an emulator that GitHub's description would not allow. They are kept per emulator
 * and in one store per process, which the test setup (test/support/emulator-validation.ts)
 * empties after every test, failing the test that caused them.
 */
export interface Violation {
  seq: number;
  method: string;
  /** Path and query as requested. */
  path: string;
  /** Route template; undefined when the emulator has no route for the path. */
  route: string | undefined;
  status: number;
  problems: string[];
}

const STORE = Symbol.for('codex-suite.emulator.violations');

function store(): Violation[] {
  const global = globalThis as { [STORE]?: Violation[] };
  global[STORE] ??= [];
  return global[STORE];
}

export function recordViolation(violation: Violation): void {
  store().push(violation);
}

/** Every violation recorded in this process since the last call, oldest first; empties the store. */
export function takeViolations(): Violation[] {
  return store().splice(0);
}

/** Removes the given violations from the process store (a test that provoked them on purpose). */
export function acknowledgeViolations(violations: readonly Violation[]): void {
  const all = store();
  for (const violation of violations) {
    const index = all.indexOf(violation);
    if (index >= 0) all.splice(index, 1);
  }
}

export function describeViolation(violation: Violation): string {
  const what = violation.route ?? `${violation.method} ${violation.path.split('?')[0]} (no route)`;
  return `#${violation.seq} ${violation.method} ${violation.path} → ${violation.status} [${what}]: ${violation.problems.join('; ')}`;
}
