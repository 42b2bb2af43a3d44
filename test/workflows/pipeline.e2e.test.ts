/**
 * The pipeline workflow itself, executed job by job with the local workflow executor: the real
 * bundles in dist/ against the emulator, `if:` and `continue-on-error` as GitHub evaluates them.
 * Every test seeds its own repository; each asserts every stage's status and effects.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PIPELINE_STAGES } from '@codex-suite/core/stages';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { tokenId } from '@codex-suite/emulator/state';
import { afterEach, describe, expect, it } from 'vitest';
import { type DemoRepository, seedDemoRepository } from '../../scripts/lib/demo-repository.js';
import {
  downloadedTelemetry,
  faultInjection,
  PIPELINE_JOBS,
  type PipelineJob,
  runPipeline,
  writtenIssueNumbers,
} from './pipeline-run.js';
import { examplesDir, workflowsDir } from './support.js';
import '../support/fresh-dist.js';

const JOBS = Object.keys(PIPELINE_JOBS) as PipelineJob[];
/** pipeline job → its dashboard key (telemetry-merge has none) */
const DASHBOARD_KEYS: Record<string, string> = Object.fromEntries(
  PIPELINE_STAGES.flatMap((d) => (d.dashboardKey ? [[d.id, d.dashboardKey]] : [])),
);

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function freshRepository(): Promise<{ emulator: Emulator; seed: DemoRepository }> {
  emulator = await startEmulator({ secondaryLimit: { writesPerMinute: 10_000, retryAfterSeconds: 1 } });
  const seed = seedDemoRepository(emulator.state, { size: 'test' });
  return { emulator, seed };
}

/**
 * What each stage reports and how many changes it applies on the freshly seeded demo repository:
 * every stage has something to do or to check there, so none may skip.
 */
const FIRST_RUN: Record<PipelineJob, { status: string; applied: 'some' | 'none' }> = {
  'self-test': { status: 'ok', applied: 'some' },
  cleaner: { status: 'ok', applied: 'some' },
  'project-sync': { status: 'ok', applied: 'some' },
  supervisor: { status: 'ok', applied: 'none' },
  // The issue index, saved with the attributions it made (the next run reads only what is new).
  activity: { status: 'ok', applied: 'some' },
  diagnostics: { status: 'ok', applied: 'none' },
  'telemetry-merge': { status: 'ok', applied: 'some' },
};

/** The state of one issue as the contract sees it. */
function issueView(em: Emulator, seed: DemoRepository, number: number) {
  const issue = em.state.getIssue(seed.repository, number)!;
  const milestone =
    issue.milestone === null
      ? null
      : [...issue.repo.milestones.values()].find((m) => m.number === issue.milestone)?.title;
  return { issue, labels: issue.labels.map((l) => l.name.toLowerCase()), milestone };
}

function pagesFile(em: Emulator, seed: DemoRepository, file: string): string | undefined {
  return em.state.readFile(seed.repository, 'gh-pages', file);
}

/** Commits of the pages branch (newest first) that added each of the given files. */
function introducingCommits(em: Emulator, seed: DemoRepository, files: string[]): Set<string> {
  const repo = em.state.repo(seed.repository);
  const found = new Set<string>();
  let sha = em.state.branch(seed.repository, 'gh-pages');
  while (sha) {
    const commit = repo.git.commit(sha)!;
    const parent = commit.parents[0] ? repo.git.commit(commit.parents[0]) : undefined;
    const now = repo.git.flatten(commit.tree);
    const then = parent ? repo.git.flatten(parent.tree) : new Map();
    for (const f of files) if (now.has(f) && !then.has(f)) found.add(sha);
    sha = commit.parents[0];
  }
  return found;
}

const statusOf = (entry: unknown): string | undefined =>
  entry && typeof entry === 'object' ? (entry as { status?: string }).status : undefined;

describe('codex-pipeline.yml, end to end', () => {
  it('runs every stage in order and publishes the run to the pages branch', async () => {
    const { emulator: em, seed } = await freshRepository();
    // Every job gets a GITHUB_TOKEN with only its own permissions block; GH_CI_PAT reaches only the
    // jobs docs/workflows.md names. Every stage still does its work.
    const run = await runPipeline(em, seed, {
      runId: '7001',
      secrets: { GH_CI_PAT: seed.token },
      jobTokens: true,
    });
    const { result } = run;
    expect(result.order).toEqual(JOBS);
    expect(result.conclusion).toBe('success');
    for (const job of JOBS) {
      expect(result.jobs[job]!.result, job).toBe('success');
      expect(
        result.jobs[job]!.outcome,
        `${job}: ${result.jobs[job]!.error ?? ''}\n${result.jobs[job]!.log}`,
      ).toBe('success');
      const telemetry = run.telemetry[job];
      expect(telemetry, `${job} uploaded its telemetry`).toBeDefined();
      expect(validateTelemetry(telemetry).errors, job).toEqual([]);
      expect(telemetry!.component).toBe(PIPELINE_JOBS[job]);
      expect(telemetry!.dry_run).toBe(false);
      expect(telemetry!.status, `${job}: ${telemetry!.summary}`).toBe(FIRST_RUN[job].status);
      expect(telemetry!.errors, job).toEqual([]);
      const applied = telemetry!.changes.applied as number;
      if (FIRST_RUN[job].applied === 'some') expect(applied, job).toBeGreaterThan(0);
      else expect(applied, job).toBe(0);
      expect(result.jobs[job]!.outputs.status).toBe(telemetry!.status);
    }
    // GH_CI_PAT only where the table in docs/workflows.md says (the jobs that reach the project;
    // the cleaner only when it deletes); every other job worked with its own GITHUB_TOKEN, and no
    // token shows in a log.
    expect(run.log.length).toBeGreaterThan(0);
    const jobToken = (job: PipelineJob) => `ghs_job_7001_${job}`;
    const ownToken: PipelineJob[] = ['cleaner', 'supervisor', 'activity', 'telemetry-merge'];
    expect(new Set(run.log.map((e) => e.token))).toEqual(
      new Set([tokenId(seed.token), ...ownToken.map((j) => tokenId(jobToken(j)))]),
    );
    for (const secret of [seed.token, ...JOBS.map(jobToken)]) {
      expect(JSON.stringify(result)).not.toContain(secret);
    }
    // The merge got every stage's telemetry of this run.
    const downloaded = downloadedTelemetry(run);
    for (const job of JOBS.filter((j) => j !== 'telemetry-merge')) {
      expect(downloaded).toContain(`${PIPELINE_JOBS[job]}-7001.json`);
    }
    // Stages keep their telemetry local (publish: none): only the merge and the cleaner make
    // multi-file commits (the issue index is one file, written through the contents API).
    const commitTokens = new Set(
      run.log.filter((e) => e.write && /git\/(refs|commits)|graphql/.test(e.path)).map((e) => e.token),
    );
    expect(commitTokens).toEqual(
      new Set([tokenId(jobToken('cleaner')), tokenId(jobToken('telemetry-merge'))]),
    );

    {
      const number = run.telemetry['self-test']!.issue_number as number;
      const { labels, milestone } = issueView(em, seed, number);
      expect(labels).toContain('codex-selftest');
      expect(milestone).toBe('Codex Internal');
      // The merge published the self-test's telemetry, and with it the ledger entry that lets a
      // later cleaner prove the suite filed this issue.
      const entry = JSON.parse(pagesFile(em, seed, `state/ledger/selftest/${number}.json`) ?? '{}');
      expect(entry).toMatchObject({ kind: 'selftest-issue', number, author: 'codex-bot', run_id: '7001' });
    }
    {
      const closed = [
        ...(run.telemetry.cleaner!.issues_closed as number[]),
        ...((run.telemetry.cleaner!.issues_deleted as number[] | undefined) ?? []),
      ];
      expect(closed.length).toBeGreaterThan(0);
      for (const number of closed) expect(seed.selftestIssues).toContain(number);
      for (const number of seed.decoys) expect(issueView(em, seed, number).issue.state).toBe('open');
      for (const file of seed.recentTelemetry) expect(pagesFile(em, seed, file), file).toBeDefined();
    }
    {
      const malformed = new Set(
        ((run.telemetry['project-sync']!.integrity?.malformed ?? []) as Array<{ number: number }>).map(
          (m) => m.number,
        ),
      );
      for (const issue of em.state.listIssues(seed.repository)) {
        if (issue.pull || issue.state !== 'open' || malformed.has(issue.number)) continue;
        const { labels, milestone } = issueView(em, seed, issue.number);
        if (labels.includes('codex-selftest') || milestone === 'Codex Internal') continue;
        const dashboard = /dashboard/i.test(issue.title);
        expect(labels, `#${issue.number} ${issue.title}`).toContain('codex');
        expect(
          labels.filter((l) => l.startsWith('codex-track')),
          `#${issue.number} ${issue.title}`,
        ).toEqual([dashboard ? 'codex-trackdashboard' : 'codex-trackmain']);
        expect(milestone, `#${issue.number}`).toBe(dashboard ? seed.dashboardMilestone : seed.mainMilestone);
      }
    }
    {
      const statuses = [...run.telemetry.activity!.main, ...run.telemetry.activity!.dashboard] as Array<{
        number: number;
        status: string;
      }>;
      const byNumber = new Map(statuses.map((s) => [s.number, s.status]));
      for (const n of seed.longStale) expect(byNumber.get(n), `#${n}`).toBe('escalation');
      for (const n of seed.stale) expect(byNumber.get(n), `#${n}`).toBe('stale');
    }
    // Installed as docs/install.md says: every check passes, nothing to repair.
    const checks = run.telemetry.diagnostics!.checks as Array<{ ok: boolean }>;
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(run.telemetry.diagnostics!.failed_checks).toBe(0);

    {
      const dashboard = JSON.parse(pagesFile(em, seed, 'dashboard/dashboard.json')!);
      expect(dashboard.repository).toBe(seed.repository);
      for (const key of [
        'supervisor',
        'cleaner',
        'selftest',
        'sync',
        'activity',
        'diagnostics',
        'codex_review',
      ]) {
        expect(dashboard, key).toHaveProperty(key);
      }
      for (const [job, key] of Object.entries(DASHBOARD_KEYS)) {
        expect(statusOf(dashboard[key]), key).toBe(run.telemetry[job as PipelineJob]!.status);
      }
      expect(pagesFile(em, seed, 'dashboard/index.html')).toBeDefined();
      // Every stage's telemetry of this run arrived in one commit.
      const files = Object.values(PIPELINE_JOBS)
        .filter((c) => c !== 'telemetry-merge')
        .map((c) => `telemetry/${c}-7001.json`);
      for (const file of files) expect(pagesFile(em, seed, file), file).toBeDefined();
      expect(introducingCommits(em, seed, files).size).toBe(1);
    }

    // A second run: nothing left to repair on any human issue.
    const second = await runPipeline(em, seed, { runId: '7002', secrets: { GH_CI_PAT: seed.token } });
    expect(second.result.conclusion).toBe('success');
    const selftest = (n: number) =>
      issueView(em, seed, n).labels.includes('codex-selftest') ||
      n === run.telemetry['self-test']?.issue_number;
    expect(writtenIssueNumbers(second.log).filter((n) => !selftest(n))).toEqual([]);
    expect(second.telemetry['project-sync']!.status).toBe('ok');
    expect(Object.values(second.telemetry['project-sync']!.corrections)).toEqual([0, 0, 0, 0, 0]);
  });

  it('keeps going when a stage is killed or its API fails, and the dashboard shows it', async () => {
    const { emulator: em, seed } = await freshRepository();
    const run = await runPipeline(em, seed, {
      runId: '7101',
      stepOverrides: faultInjection(em, { killedByTimeout: 'supervisor', serverErrors: 'cleaner' }),
    });
    const { result } = run;
    expect(result.order).toEqual(JOBS);
    expect(result.conclusion).toBe('success');
    // The killed job fails but continue-on-error keeps the run and the later jobs going.
    const supervisorSteps = result.jobs.supervisor!.steps;
    expect(supervisorSteps.find((s) => s.id === 'stage')!).toMatchObject({
      outcome: 'failure',
      exitCode: null,
    });
    expect(result.jobs.supervisor!.outcome).toBe('failure');
    expect(result.jobs.supervisor!.result).toBe('success');
    // No step of the workflow writes telemetry: the stage's own process did, before it was killed.
    expect(supervisorSteps.map((s) => s.name)).not.toContain('Record a stage that ended without telemetry');
    expect(readFileSync(path.join(workflowsDir, 'codex-pipeline.yml'), 'utf8')).not.toContain(
      'stage_crashed',
    );
    for (const job of ['activity', 'diagnostics', 'telemetry-merge'] as const) {
      expect(result.jobs[job]!.result, job).toBe('success');
      const stage = result.jobs[job]!.steps.find((s) => s.id === 'stage')!;
      expect(stage.outcome, `${job}: ${stage.log}`).toBe('success');
    }
    // The kill is recorded as schema-valid error telemetry and reaches the merge.
    const killed = run.telemetry.supervisor!;
    expect(validateTelemetry(killed).errors).toEqual([]);
    const message =
      'The supervisor step ended without writing telemetry (a crash, a timeout or a missing token).';
    expect(killed).toMatchObject({
      status: 'error',
      summary: message,
      errors: [{ code: 'stage_crashed', message }],
    });
    expect(result.jobs.supervisor!.outputs.status).toBe('error');
    expect(downloadedTelemetry(run)).toContain('supervisor-7101.json');
    // The post step runs after the upload: it finds the record there and only warns.
    const post = supervisorSteps.at(-1)!;
    expect(post).toMatchObject({ name: 'Post Run the supervisor stage', outcome: 'success' });
    expect(post.log).toContain(`##[warning]Codex supervisor: ${message}`);
    // 500s on every request of the cleaner: the stage records the failure and exits cleanly.
    expect(run.log.some((e) => e.fault !== undefined)).toBe(true);
    // The ledger is the cleaner's proof of what it made: unreadable, the stage fails and removes nothing.
    expect(run.telemetry.cleaner!.status).toBe('error');
    expect(run.telemetry.cleaner!.errors.map((e: { code: string }) => e.code)).toContain('ledger_unreadable');
    expect(run.telemetry.cleaner!.changes.applied).toBe(0);
    // The stages around the faulty and the crashed one are untouched by them.
    for (const job of ['self-test', 'project-sync', 'activity', 'diagnostics', 'telemetry-merge'] as const) {
      expect(run.telemetry[job]!.status, `${job}: ${run.telemetry[job]!.summary}`).toBe('ok');
    }
    const dashboard = JSON.parse(pagesFile(em, seed, 'dashboard/dashboard.json')!);
    expect(statusOf(dashboard.supervisor)).toBe('error');
    expect(statusOf(dashboard.cleaner)).toBe(run.telemetry.cleaner!.status);
  });

  it('changes nothing in dry-run, called from the example caller workflow', async () => {
    const { emulator: em, seed } = await freshRepository();
    const pagesHead = em.state.branch(seed.repository, 'gh-pages');
    const run = await runPipeline(em, seed, {
      runId: '7201',
      workflow: path.join(examplesDir, 'codex-pipeline-caller.yml'),
      event: { name: 'workflow_dispatch', inputs: { 'dry-run': true } },
      secrets: { GH_CI_PAT: seed.token },
    });
    expect(run.result.conclusion).toBe('success');
    expect(Object.keys(run.pipeline.jobs)).toEqual(expect.arrayContaining(JOBS));
    expect(run.log.length).toBeGreaterThan(0);
    expect(run.log.filter((e) => e.write)).toEqual([]);
    expect(em.state.branch(seed.repository, 'gh-pages')).toBe(pagesHead);
    for (const job of JOBS) expect(run.telemetry[job]?.dry_run, job).toBe(true);
  });

  it('takes dry-run from the repository variable on the schedule', async () => {
    const { emulator: em, seed } = await freshRepository();
    const run = await runPipeline(em, seed, {
      runId: '7301',
      event: { name: 'schedule', payload: { schedule: '23 */6 * * *' } },
      vars: { CODEX_DRY_RUN: 'true' },
    });
    expect(run.result.conclusion).toBe('success');
    expect(run.log.filter((e) => e.write)).toEqual([]);
    for (const job of JOBS) expect(run.telemetry[job]?.dry_run, job).toBe(true);
  });
});
