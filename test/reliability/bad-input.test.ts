import { describe, expect, it } from 'vitest';
import { BAD_INPUT_CASES, runBadInput } from '../../scripts/lib/reliability/bad-input.js';
import { STAGES } from '../../scripts/lib/stages.js';

const cells = BAD_INPUT_CASES.flatMap((badCase) =>
  STAGES.filter((s) => badCase.stages.includes(s.id)).map(
    (stage) => [`${badCase.id} → ${stage.id}`, badCase, stage] as const,
  ),
);

describe('bad input', () => {
  it.each(cells)(
    '%s: a clear error or a sound result, never a crash or lost data',
    async (_name, badCase, stage) => {
      const result = await runBadInput(stage, badCase);
      expect(result.violations).toEqual([]);
      expect(result.exitCode).toBe(0);
      if (badCase.expect === 'config-error') {
        expect(result.status).toBe('error');
        expect(result.writes).toBe(0);
        expect(result.errorCodes).toContain('invalid_config');
        expect(result.message).toMatch(/CODEX_/);
      }
      expect(result.holds).toBe(true);
    },
  );
});
