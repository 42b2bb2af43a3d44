import { describe, expect, it } from 'vitest';
import { GITHUB_MATRIX_LIMIT, planFederation } from '../../src/federation/plan.js';

const names = (n: number) => Array.from({ length: n }, (_, i) => `acme/repo-${String(i).padStart(4, '0')}`);
const limits = { maxJobs: 256, maxParallel: 20, requestsPerHour: 5000, requestsPerRepository: 60 };

describe('planFederation', () => {
  it('gives each repository its own job up to the matrix limit', () => {
    const plan = planFederation(names(3), limits);
    expect(plan.shards.map((s) => s.repositories)).toEqual([
      ['acme/repo-0000'],
      ['acme/repo-0001'],
      ['acme/repo-0002'],
    ]);
    expect(plan.perJob).toBe(1);
    expect(plan.maxParallel).toBe(3);
  });

  it('shards 1,000 repositories into at most 256 jobs of nearly equal size, each repository once', () => {
    const targets = names(1000);
    const plan = planFederation(targets, { ...limits, requestsPerHour: 100_000 });
    expect(plan.shards).toHaveLength(250);
    const sizes = plan.shards.map((s) => s.repositories.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    expect(plan.perJob).toBe(4);
    expect(plan.shards.flatMap((s) => s.repositories).sort()).toEqual(targets);
    expect(plan.shards.map((s) => s.index)).toEqual([...Array(250).keys()]);
  });

  it('never plans more than 256 jobs, whatever the limit asks', () => {
    expect(
      planFederation(names(600), { ...limits, maxJobs: 10_000, requestsPerHour: 1_000_000 }).shards,
    ).toHaveLength(200);
    expect(
      planFederation(names(257), { ...limits, maxJobs: 10_000, requestsPerHour: 1_000_000 }).shards,
    ).toHaveLength(129);
    expect(
      planFederation(names(256), { ...limits, maxJobs: 10_000, requestsPerHour: 1_000_000 }).shards,
    ).toHaveLength(GITHUB_MATRIX_LIMIT);
  });

  it('honours a smaller job limit and bounds max-parallel by it', () => {
    const plan = planFederation(names(10), { ...limits, maxJobs: 4, maxParallel: 50 });
    expect(plan.shards.map((s) => s.repositories)).toEqual([
      ['acme/repo-0000', 'acme/repo-0001', 'acme/repo-0002'],
      ['acme/repo-0003', 'acme/repo-0004', 'acme/repo-0005'],
      ['acme/repo-0006', 'acme/repo-0007'],
      ['acme/repo-0008', 'acme/repo-0009'],
    ]);
    expect(plan.maxParallel).toBe(4);
  });

  it('never mixes owners in a shard, so one installation token covers a job', () => {
    const targets = [...names(5), 'zeta/one', 'Beta/two', 'beta/three'];
    const plan = planFederation(targets, { ...limits, maxJobs: 3 });
    expect(plan.shards.length).toBeLessThanOrEqual(3);
    for (const shard of plan.shards) {
      expect(new Set(shard.repositories.map((r) => r.split('/')[0]!.toLowerCase())).size).toBe(1);
      expect(shard.repositories[0]!.startsWith(`${shard.owner}/`)).toBe(true);
    }
    expect(plan.shards.flatMap((s) => s.repositories)).toHaveLength(8);
  });

  it('refuses more owners than jobs', () => {
    expect(() => planFederation(['a/x', 'b/x', 'c/x'], { ...limits, maxJobs: 2 })).toThrow(
      /3 owners need at least 3 jobs/,
    );
  });

  it('is the same plan for the same targets in any order', () => {
    const a = planFederation(['a/x', 'a/y', 'a/z'], { ...limits, maxJobs: 2 });
    const b = planFederation(['a/z', 'a/x', 'a/y'], { ...limits, maxJobs: 2 });
    expect(a).toEqual(b);
  });

  it('runs only what the budget covers, and the next runs cover the rest in turn', () => {
    const targets = names(100);
    const budget = { ...limits, requestsPerHour: 3000, requestsPerRepository: 60 };
    const runs = [0, 1, 2].map((rotation) => planFederation(targets, budget, { rotation }));
    const ran = runs.map((p) => p.shards.flatMap((s) => s.repositories));
    expect(ran.map((r) => r.length)).toEqual([50, 50, 50]);
    expect(runs[0]!.expectedRequests).toBe(3000);
    expect(runs[0]!.deferred).toHaveLength(50);
    expect(new Set([...ran[0]!, ...ran[1]!])).toEqual(new Set(targets));
    expect(ran[2]).toEqual(ran[0]);
    expect(runs[0]!.deferred).toEqual(targets.filter((t) => !ran[0]!.includes(t)));
    expect(runs[0]!.warnings.join(' ')).toMatch(/this run covers 50, the next runs the others in turn/);
    const fits = planFederation(names(10), limits, { rotation: 7 });
    expect(fits.deferred).toEqual([]);
    expect(fits.warnings).toEqual([]);
    expect(fits.shards.flatMap((s) => s.repositories)).toEqual(names(10));
  });

  it('plans nothing for no targets', () => {
    const plan = planFederation([], limits);
    expect(plan.shards).toEqual([]);
    expect(plan.maxParallel).toBe(1);
  });
});
