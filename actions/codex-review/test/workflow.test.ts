import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './setup.js';

type Step = {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
};
type Job = { permissions?: Record<string, string>; steps?: Step[]; needs?: string[]; if?: string };

const workflow = parse(readFileSync(join(ROOT, '.github/workflows/codex-review.yml'), 'utf8')) as {
  jobs: Record<string, Job>;
};
const isReview = (s: Step) => /actions\/codex-review$/.test(s.uses ?? '');

describe('codex-review.yml', () => {
  const review = workflow.jobs.review as Job;
  const publish = workflow.jobs.publish as Job;

  it('the job that runs Codex holds no token that can write repository contents', () => {
    expect(review.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const stage = review.steps?.find(isReview);
    expect(stage?.with?.['github-token']).toBe('${{ github.token }}');
    expect(stage?.with?.publish).toBe('none');
    // No step of the job is handed the PAT, which may carry contents: write.
    expect(JSON.stringify(review.steps)).not.toContain('GH_CI_PAT');
  });

  it('a separate job publishes the review telemetry, without a checkout or Codex', () => {
    expect(publish.needs).toEqual(['review']);
    expect(publish.permissions).toEqual({ contents: 'write' });
    const uses = (publish.steps ?? []).map((s) => s.uses ?? '');
    expect(uses).toContain('$/actions/telemetry-merge');
    expect(uses.some((u) => /actions\/checkout@|codex-review/.test(u))).toBe(false);
  });

  it('lifts the user-namespace restriction only in the review job, only on Linux, before Codex runs', () => {
    const steps = review.steps ?? [];
    const lift = steps.findIndex((s) => /apparmor_restrict_unprivileged_userns=0/.test(s.run ?? ''));
    expect(lift).toBeGreaterThanOrEqual(0);
    expect(steps[lift]?.if).toMatch(/runner\.os == 'Linux'/);
    expect(lift).toBeLessThan(steps.findIndex(isReview));
    expect(JSON.stringify(publish.steps)).not.toContain('apparmor');
  });
});
