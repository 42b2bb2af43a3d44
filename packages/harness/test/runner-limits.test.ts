import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAction } from '../src/run-action.js';
import { runWorkflow } from '../src/run-workflow.js';
import { jobAnnotations, stepAnnotations } from '../src/runner-limits.js';

const limits = path.join(import.meta.dirname, 'fixtures', 'limits-action');

describe('what the runner keeps of a step', () => {
  it('drops a step summary over 1 MiB entirely and says so in an error annotation', async () => {
    const big = await runAction({ actionDir: limits, inputs: { 'summary-kib': '1025' } });
    expect(big.exitCode).toBe(0);
    expect(big.summary).toBe('');
    expect(big.annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        message: '$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got 1025k.',
      }),
    ]);
    const fits = await runAction({ actionDir: limits, inputs: { 'summary-kib': '1024' } });
    expect(fits.summary).toHaveLength(1024 * 1024);
    expect(fits.annotations).toEqual([]);
  });

  it('shows the first 10 warnings and the first 10 errors of a step; the rest are gone', async () => {
    const run = await runAction({ actionDir: limits, inputs: { warnings: '12', errors: '3' } });
    const titles = run.annotations.map((a) => a.properties.title);
    expect(titles).toEqual([...Array.from({ length: 10 }, (_, i) => `w${i + 1}`), 'e1', 'e2', 'e3']);
  });

  it('keeps at most 50 annotations in a job', () => {
    const step = stepAnnotations(
      Array.from({ length: 10 }, (_, i) => ({
        command: 'notice',
        properties: {},
        message: `n${i}`,
        stream: 'stdout' as const,
      })),
    );
    const job = jobAnnotations(Array.from({ length: 6 }, () => step));
    expect(job).toHaveLength(50);
  });

  it('shows a job at most 50 annotations, each step first cut to 10 of each level', async () => {
    const repoRoot = path.join(import.meta.dirname, 'fixtures');
    const res = await runWorkflow({
      workflowPath: path.join(repoRoot, '.github', 'workflows', 'annotations.yml'),
      repoRoot,
      event: { name: 'workflow_dispatch' },
    });
    const job = res.jobs.noisy!;
    expect(job.result).toBe('success');
    expect(job.steps.map((s) => s.annotations.length)).toEqual([13, 10, 10, 10, 11]);
    const titles = job.annotations.map((a) => a.properties.title);
    expect(titles).toHaveLength(50);
    // step 1: w1..w10, e1..e3; step 2: n1..n10; steps 3 and 4: w1..w10; step 5: the first 7 warnings
    expect(titles.slice(0, 13)).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `w${i + 1}`),
      'e1',
      'e2',
      'e3',
    ]);
    expect(titles.slice(13, 23)).toEqual(Array.from({ length: 10 }, (_, i) => `n${i + 1}`));
    expect(titles.slice(43)).toEqual(Array.from({ length: 7 }, (_, i) => `w${i + 1}`));
    expect(job.annotations.filter((a) => a.level === 'error').map((a) => a.properties.title)).toEqual([
      'e1',
      'e2',
      'e3',
    ]);
  });
});
