/**
 * docs/install.md, played on the local GitHub emulator: an empty repository, the preview, the
 * bootstrap (diagnostics with repair), GitHub Pages turned on, a first dry run, a real run, a
 * scheduled run six hours later. Every line the page quotes under "Verify" must be printed by the
 * step it belongs to.
 */
import { readFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StageDefinition } from '@codex-suite/core/stage';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_JOBS } from '../scripts/lib/pipeline-jobs.js';
import { previewLines, stageLine } from '../scripts/lib/preview/report.js';
import { runPreview } from '../scripts/lib/preview/run.js';
import { STAGES } from '../scripts/lib/stages.js';

const REPO = 'octo-org/widgets';
const TOKEN = 'ghs_installPathToken0000000000000001';
const PIPELINE = Object.keys(PIPELINE_JOBS).map((id) => STAGES.find((s) => s.id === id)!);
const stage = (id: string) => STAGES.find((s) => s.id === id)!;
// Step 2: the two repository variables, mapped into the environment as the workflows do.
const VARIABLES = { CODEX_MAIN_MILESTONE: 'Roadmap', CODEX_DASHBOARD_MILESTONE: 'Dashboard' };

/** The lines docs/install.md quotes under each numbered step, as patterns (`<…>` matches anything). */
function documentedLines(): Map<number, RegExp[]> {
  const doc = readFileSync(join(import.meta.dirname, '..', 'docs', 'install.md'), 'utf8');
  const steps = new Map<number, RegExp[]>();
  for (const section of doc.split(/^## /m).slice(1)) {
    const step = Number.parseInt(section, 10);
    const blocks = [...section.matchAll(/```text\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const lines = blocks.flatMap((b) => b.split('\n')).filter((l) => l.trim() !== '');
    steps.set(
      step,
      lines.map((line) => {
        const parts = line.trim().split(/<[^>]+>/);
        return new RegExp(`^${parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?')}$`);
      }),
    );
  }
  return steps;
}

let emulator: Emulator;
const documented = documentedLines();

function expectDocumented(step: number, printed: readonly string[]): void {
  const patterns = documented.get(step) ?? [];
  expect(patterns.length, `docs/install.md step ${step} quotes no line`).toBeGreaterThan(0);
  const lines = printed.map((l) => l.trim());
  for (const pattern of patterns) {
    expect(
      lines.some((l) => pattern.test(l)),
      `step ${step}: no printed line matches ${pattern}\n${lines.join('\n')}`,
    ).toBe(true);
  }
}

/** What a run shows a person: its summary, every check's message, every log line. */
async function runInProcess(
  def: StageDefinition<any, any>,
  runId: string,
  inputs: Record<string, string> = {},
) {
  const result = await runStageInProcess(def, {
    apiUrl: emulator.url,
    token: TOKEN,
    repository: REPO,
    runId,
    inputs,
    env: VARIABLES,
    deps: { now: () => emulator.state.now() },
  });
  const checks = (result.telemetry?.checks ?? []) as { message: string }[];
  const printed = [
    result.outputs.summary ?? '',
    ...checks.map((c) => c.message),
    ...result.logs.map((l) => l.message),
  ];
  return { result, printed };
}

async function runPipeline(runId: string, inputs: Record<string, string> = {}) {
  const printed: string[] = [];
  const results: Record<string, Awaited<ReturnType<typeof runInProcess>>['result']> = {};
  for (const def of PIPELINE) {
    const run = await runInProcess(def, runId, inputs);
    printed.push(...run.printed);
    results[def.id] = run.result;
  }
  return { printed, results };
}

const writes = () => emulator.log.filter((e) => e.write);

beforeAll(async () => {
  emulator = await startEmulator({ secondaryLimit: false, clock: () => new Date('2026-03-02T09:00:00Z') });
  emulator.state.addToken(TOKEN, {
    login: 'github-actions[bot]',
    permissions: { issues: 'write', contents: 'write', pull_requests: 'read' },
  });
  // An ordinary repository that has never seen the suite: GitHub's default labels, a few issues.
  emulator.state.addRepo(REPO, { defaultLabels: true, ownerType: 'Organization' });
  emulator.state.addIssue(REPO, { title: 'Crash on start', user: 'alice' });
  emulator.state.addIssue(REPO, { title: 'Dashboard shows no data', user: 'bob' });
});
afterAll(async () => {
  await emulator.close();
});

describe('docs/install.md on an empty repository', () => {
  it('1. the preview shows what the bootstrap would create and writes nothing', async () => {
    const shown: string[] = [];
    const result = await runPreview({
      repository: REPO,
      token: TOKEN,
      apiUrl: emulator.url,
      stages: PIPELINE,
      outDir: mkdtempSync(join(tmpdir(), 'codex-install-')),
      env: {},
      now: () => emulator.state.now(),
      progress: (s) => shown.push(stageLine(s)),
    });
    expect(writes()).toEqual([]);
    expectDocumented(1, [...shown, ...previewLines(result)]);
  });

  it('3. the bootstrap creates labels, milestones and the pages branch, and says Pages is off and where the dashboard will be', async () => {
    const { result, printed } = await runInProcess(stage('diagnostics'), '8001', { repair: 'true' });
    expectDocumented(3, printed);
    expect(result.outputs['dashboard-url']).toBe('https://octo-org.github.io/widgets/dashboard/');
    expect(emulator.state.listFiles(REPO, 'gh-pages')).toEqual(
      expect.arrayContaining(['.nojekyll', 'telemetry/.gitkeep', 'dashboard/.gitkeep']),
    );
    for (const title of ['Codex Internal', 'Roadmap', 'Dashboard'])
      expect(emulator.state.findMilestone(REPO, title)).toBeDefined();
  });

  it('4. with GitHub Pages on, a second bootstrap passes every check and changes nothing', async () => {
    emulator.state.enablePages(REPO, { branch: 'gh-pages' });
    emulator.resetLog();
    const { result, printed } = await runInProcess(stage('diagnostics'), '8002', {
      repair: 'true',
      publish: 'none',
    });
    expectDocumented(4, printed);
    // Without a project (step 2 sets none), the reminder is the only failed check.
    const failed = (result.telemetry!.checks as { name: string; ok: boolean }[]).filter((c) => !c.ok);
    expect(failed.map((c) => c.name)).toEqual(['variable CODEX_PROJECT']);
    expect(writes()).toEqual([]);
  });

  it('5. the first dry run: every stage ran and nothing was written', async () => {
    emulator.resetLog();
    const { printed, results } = await runPipeline('8101', { 'dry-run': 'true' });
    expectDocumented(5, printed);
    expect(writes()).toEqual([]);
    for (const result of Object.values(results)) expect(result.telemetry?.dry_run).toBe(true);
  });

  it('6. the first real run files the self-test issue and publishes the dashboard', async () => {
    const { printed, results } = await runPipeline('8201');
    expectDocumented(6, printed);
    expect(emulator.state.readFile(REPO, 'gh-pages', 'dashboard/index.html')).toBeDefined();
    const dashboard = JSON.parse(emulator.state.readFile(REPO, 'gh-pages', 'dashboard/dashboard.json')!);
    expect(dashboard.repository).toBe(REPO);
    expect(results['project-sync']!.status).toBe('ok');
  });

  it('7. the scheduled run six hours later reuses the self-test issue', async () => {
    emulator.state.advanceClock(6 * 3_600_000);
    const before = emulator.state.listIssues(REPO).length;
    const { printed } = await runPipeline('8301');
    expectDocumented(7, printed);
    expect(emulator.state.listIssues(REPO).length).toBe(before);
  });
});
