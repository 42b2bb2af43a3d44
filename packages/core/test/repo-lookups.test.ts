import { describe, expect, it } from 'vitest';
import { findMilestone } from '../src/repo-lookups.js';

describe('findMilestone', () => {
  const m = (number: number, title: string, state = 'open') => ({ number, title, state });

  it('compares titles as GitHub compares names', () => {
    expect(findMilestone([m(1, 'Codex Internal')], 'codex internal')?.number).toBe(1);
    expect(findMilestone([m(1, 'Sprint')], 'Codex Internal')).toBeUndefined();
  });

  it('prefers the exact spelling, then an open milestone over a closed namesake', () => {
    expect(findMilestone([m(1, 'SPRINT'), m(2, 'Sprint')], 'Sprint')?.number).toBe(2);
    expect(findMilestone([m(1, 'Sprint', 'closed'), m(2, 'sprint')], 'Sprint')?.number).toBe(1);
    expect(findMilestone([m(1, 'sprint', 'closed'), m(2, 'SPRINT')], 'Sprint')?.number).toBe(2);
  });
});
