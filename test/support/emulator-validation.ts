import { afterAll, afterEach } from 'vitest';
import { describeViolation, takeViolations } from '../../packages/emulator/src/validation/violations.js';

/**
 * Every emulator answer is checked against GitHub's REST description and GraphQL schema as it is
 * sent (packages/emulator/src/validation). This fails the test during which an answer did not
 * conform, or during whose run the suite reached a path the emulator does not serve.
 */
function assertNoViolations(when: string): void {
  const violations = takeViolations();
  if (violations.length === 0) return;
  const listed = violations.slice(0, 10).map(describeViolation).join('\n');
  const more = violations.length > 10 ? `\n… and ${violations.length - 10} more` : '';
  throw new Error(
    `${violations.length} emulator answer(s) ${when} do not conform to GitHub's description:\n${listed}${more}`,
  );
}

afterEach(() => assertNoViolations('during this test'));
afterAll(() => assertNoViolations('after the last test of this file'));
