import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explainStage } from '../../scripts/lib/bench/explain.js';
import { lowerBound, type PipelineStage, type StageFacts } from '../../scripts/lib/bench/lower-bound.js';
import { renderMarkdown } from '../../scripts/lib/bench/report.js';
import { beforeAfterRows, type IssueBaseline } from '../../scripts/lib/bench/report-compare.js';
import { summarizeRequests } from '../../scripts/lib/bench/requests.js';
import type { BenchResult, PhaseId, StageResult } from '../../scripts/lib/bench/results.js';
import { summarizeCpuProfile } from '../../scripts/lib/bench/cpu-profile.js';
import { evaluateTargets } from '../../scripts/lib/bench/targets.js';

const facts: StageFacts = {
  openListed: 10_500,
  projectItems: 9_500,
  projectConfigured: true,
  indexExists: true,
  updatedSinceIndex: 25,
  indexUpdates: 20,
  issueRepairs: 0,
  projectAdds: 0,
  missingLabelsAndMilestones: 0,
  selftestRetire: 0,
  selftestLedgerReads: 0,
  telemetryFiles: 10,
  telemetryPrune: 0,
  componentsToMerge: 5,
  localComponents: 0,
  branchOnlyComponents: 0,
  dashboardExists: true,
  attributionCandidates: 0,
  attributionBudget: 200,
  selftestRecent: 0,
  selftestProven: false,
};

function stage(name: PipelineStage, listPages: number, extra: Partial<StageResult> = {}): StageResult {
  const requests = summarizeRequests([
    ...Array.from({ length: listPages }, () => ({
      method: 'GET',
      route: 'GET /repos/{owner}/{repo}/issues',
      status: 200,
      counted: true,
      write: false,
    })),
    {
      method: 'PUT',
      route: 'PUT /repos/{owner}/{repo}/contents/{path}',
      status: 201,
      counted: true,
      write: true,
    },
  ]);
  const bound = lowerBound(name, facts);
  return {
    stage: name,
    status: 'ok',
    summary: 'done',
    facts,
    requests,
    bound,
    ratio: Math.round((requests.counted / bound.total) * 100) / 100,
    baseline: 106,
    usage: { wallMs: 900, maxRssMiB: 120, cpuMs: 700 },
    ...extra,
  };
}

function result(phaseStages: Partial<Record<PhaseId, StageResult[]>>, openIssues = 10_000): BenchResult {
  const phases = (Object.keys(phaseStages) as PhaseId[]).map((phase) => {
    const stages = phaseStages[phase]!;
    const counted = stages.reduce((n, s) => n + s.requests.counted, 0);
    return {
      phase,
      runId: '1',
      stages,
      total: {
        requests: { ...stages[0]!.requests, counted },
        bound: stages.reduce((n, s) => n + s.bound.total, 0),
        baseline: 0,
      },
    };
  });
  return {
    generatedAt: '2025-01-01T00:00:00.000Z',
    command: 'npm run bench',
    bundles: 'dist',
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 4, node: 'v24.0.0', platform: 'linux' },
    scenarios: [{ openIssues, closedIssues: 0, pullRequests: 0, driftRate: 0.05, openDrift: 0, phases }],
    coldStart: [{ stage: 'activity', ms: 90, bundleBytes: 1_000_000 }],
    emptyColdStartMs: 30,
    distBytes: 3 * 1024 * 1024,
    measuredDistBytes: 3 * 1024 * 1024,
    startup: { emptyMs: 25, after: [{ stage: 'activity', ms: 40 }] },
  };
}

/** The same stages as pipeline (primary) and standalone scenarios. */
function twoModes(pipeline: BenchResult, standalone: BenchResult): BenchResult {
  return {
    ...pipeline,
    modes: ['pipeline', 'standalone'],
    scenarios: [
      ...pipeline.scenarios.map((s) => ({ ...s, mode: 'pipeline' as const })),
      ...standalone.scenarios.map((s) => ({ ...s, mode: 'standalone' as const })),
    ],
  };
}

describe('targets', () => {
  it('passes a run that meets every target and leaves the 50,000 target unmeasured', () => {
    const good = stage('activity', 1);
    const verdicts = evaluateTargets(result({ first: [good], steady: [good], unchanged: [good] }));
    const byId = Object.fromEntries(verdicts.map((v) => [v.id, v.pass]));
    expect(byId).toEqual({
      'first-ratio': true,
      'steady-ratio': true,
      'steady-10k': true,
      unchanged: true,
      'rss-50k': null,
      'cpu-10k': true,
      'rss-slope': null,
      'index-read': true,
      startup: true,
      'dist-size': true,
    });
  });

  it('names the stage that walks every page when nothing changed', () => {
    const wasteful = stage('supervisor', 105);
    const verdicts = evaluateTargets(
      result({ first: [stage('activity', 1)], steady: [wasteful], unchanged: [wasteful] }),
    );
    const unchanged = verdicts.find((v) => v.id === 'unchanged')!;
    expect(unchanged.pass).toBe(false);
    expect(unchanged.misses).toEqual([
      // standalone: the index read, one since-page and the publish (file + ledger entry) are 4
      { scenario: 10_000, phase: 'unchanged', stage: 'supervisor', value: '106', boundBeyond: 4 },
    ]);
    expect(verdicts.find((v) => v.id === 'steady-10k')!.pass).toBe(false);
    expect(explainStage(wasteful).join(' ')).toContain('walks the whole issue list');
  });

  it('judges the pipeline mode when both ran; the standalone table does not count', () => {
    const good = stage('activity', 1);
    const wasteful = stage('supervisor', 105);
    const r = twoModes(
      result({ first: [good], steady: [good], unchanged: [good] }),
      result({ first: [wasteful], steady: [wasteful], unchanged: [wasteful] }),
    );
    const verdicts = evaluateTargets(r);
    expect(verdicts.every((v) => v.mode === 'pipeline')).toBe(true);
    expect(verdicts.find((v) => v.id === 'unchanged')!.pass).toBe(true);
    const md = renderMarkdown(r, verdicts);
    expect(md).toContain('Primary: pipeline mode');
    expect(md).toContain('Second table: standalone mode');
    expect(md).toContain('#### 10,000 open issues (standalone)');
  });

  it('marks a miss whose lower bound is itself above the target', () => {
    // self-test's bound: 7 lookups + 1 create + publish (file + ledger entry)
    const heavy = stage('self-test', 8);
    const v2 = evaluateTargets(result({ first: [heavy], steady: [heavy], unchanged: [heavy] })).find(
      (v) => v.id === 'unchanged',
    )!;
    expect(v2.misses).toEqual([
      { scenario: 10_000, phase: 'unchanged', stage: 'self-test', value: '9', boundBeyond: 10 },
    ]);
    const md = renderMarkdown(result({ first: [heavy], steady: [heavy], unchanged: [heavy] }), [v2]);
    expect(md).toContain('Its lower bound there is 10: above the target by construction.');
  });

  it('does not judge a stub or a stage that could not run', () => {
    const stub = stage('diagnostics', 0, {
      summary: 'Codex diagnostics: not implemented yet',
      status: 'skipped',
    });
    const verdict = evaluateTargets(result({ first: [stub], steady: [stub], unchanged: [stub] })).find(
      (v) => v.id === 'unchanged',
    )!;
    expect(verdict.pass).toBeNull();
    expect(verdict.measured).toContain('diagnostics');
  });
});

describe('memory, index reads, start-up and the before → after table', () => {
  const withRss = (name: PipelineStage, mib: number, extra: Partial<StageResult> = {}) =>
    stage(name, 1, { usage: { wallMs: 1, maxRssMiB: mib, cpuMs: 1 }, ...extra });
  const sized = (n: number, mib: number) => {
    const st = withRss('project-sync', mib);
    return result({ first: [st], steady: [st], unchanged: [st] }, n).scenarios[0]!;
  };

  it('judges the growth of peak RSS per open issue between the smallest and the largest size', () => {
    const base = result({
      first: [stage('activity', 1)],
      steady: [stage('activity', 1)],
      unchanged: [stage('activity', 1)],
    });
    const flat = { ...base, scenarios: [sized(2_500, 100), sized(50_000, 200)] };
    const steep = { ...base, scenarios: [sized(2_500, 100), sized(50_000, 400)] };
    expect(evaluateTargets(flat).find((v) => v.id === 'rss-slope')).toMatchObject({ pass: true });
    const miss = evaluateTargets(steep).find((v) => v.id === 'rss-slope')!;
    expect(miss.pass).toBe(false);
    expect(miss.misses[0]).toMatchObject({ stage: 'project-sync', value: '6.47 KiB' });
    const md = renderMarkdown(steep, evaluateTargets(steep), flat);
    expect(md).toContain('## Before → after');
    expect(md).toContain('| peak RSS, project-sync first pass, 50,000 issues | — | 200 MB | 400 MB |');
    expect(md).toMatch(/ {2}50,000 █+[█ |]* 400 MB/);
  });

  it('counts a blob read after the contents read as a second request for the index', () => {
    const twice = stage('supervisor', 1, {
      requests: summarizeRequests(
        ['GET /repos/{owner}/{repo}/contents/{path}', 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}'].map(
          (route) => ({ method: 'GET', route, status: 200, counted: true, write: false }),
        ),
      ),
    });
    const verdict = evaluateTargets(result({ first: [twice], steady: [twice], unchanged: [twice] })).find(
      (v) => v.id === 'index-read',
    )!;
    expect(verdict.pass).toBe(false);
    expect(verdict.misses.map((m) => m.value)).toEqual(['2', '2']);
  });

  it('misses start-up over 50 ms and renders the before and after of each bundle', () => {
    const good = stage('activity', 1);
    const r = {
      ...result({ first: [good], steady: [good], unchanged: [good] }),
      startup: {
        emptyMs: 25,
        after: [{ stage: 'activity', ms: 60 }],
        before: [{ stage: 'activity', ms: 95 }],
      },
    };
    expect(evaluateTargets(r).find((v) => v.id === 'startup')!.misses).toEqual([
      { scenario: 0, phase: 'first', stage: 'activity', value: '60 ms' },
    ]);
    expect(renderMarkdown(r, evaluateTargets(r))).toContain('| activity | 95 ms | 60 ms |');
  });

  it('sums self time per frame from a CPU profile, idle apart', () => {
    const frame = (id: number, functionName: string, url = '') => ({
      id,
      callFrame: { functionName, url, lineNumber: id },
    });
    const summary = summarizeCpuProfile({
      nodes: [
        frame(1, '(root)'),
        frame(2, '(idle)'),
        frame(3, 'parse', 'file:///x/index.js'),
        frame(4, '(garbage collector)'),
      ],
      samples: [2, 3, 3, 4, 2],
      timeDeltas: [1000, 3000, 3000, 2000, 1000],
    });
    expect(summary).toEqual({
      sampledMs: 10,
      idleMs: 2,
      top: [
        { name: 'parse', where: 'index.js:4', selfMs: 6, share: 75 },
        { name: '(garbage collector)', where: '', selfMs: 2, share: 25 },
      ],
    });
  });
});

describe('report', () => {
  it('renders machine, targets, phases, misses and how to reproduce', () => {
    const wasteful = stage('supervisor', 105);
    const r = result({ first: [wasteful], steady: [wasteful], unchanged: [wasteful] });
    const md = renderMarkdown(r, evaluateTargets(r));
    expect(md).toContain('Test CPU (2 cores, 4 GiB), node v24.0.0');
    expect(md).toContain('| target | measured | result |');
    expect(md).toContain('**nothing changed**');
    expect(md).toContain('What it would take');
    expect(md).toContain('npm run bench -- --quick');
  });
});

describe('issue baseline and convergence runs', () => {
  const at = (n: number, mib: number, phases: PhaseId[] = ['first', 'steady', 'unchanged']) => {
    const st = stage('project-sync', 1, { usage: { wallMs: 1, maxRssMiB: mib, cpuMs: 1 } });
    return result(Object.fromEntries(phases.map((p) => [p, [st]])), n).scenarios[0]!;
  };
  const run = (scenarios: BenchResult['scenarios']): BenchResult => ({
    ...result({ first: [stage('activity', 1)] }),
    scenarios,
  });
  const baseline: IssueBaseline = {
    source: 'issue 18 as filed',
    command: 'npm run bench -- --sizes 10000',
    figures: {
      'peak RSS, project-sync first pass, 10,000 issues': '431 MiB',
      'peak RSS, project-sync first pass, 20,000 issues': '631 MiB',
    },
  };

  it('sets the issue’s figures beside the previous run and this one', () => {
    const previous = run([at(10_000, 180)]);
    const now = run([at(10_000, 150)]);
    const md = renderMarkdown(now, evaluateTargets(now), previous, baseline);
    expect(md).toContain('| figure | issue 18 baseline | previous run | this run |');
    expect(md).toContain('| peak RSS, project-sync first pass, 10,000 issues | 431 MiB | 180 MB | 150 MB |');
    // a size this run did not measure is still shown, apart
    expect(md).toContain('peak RSS, project-sync first pass, 20,000 issues: 631 MiB');
    expect(md).toContain('issue 18 as filed');
  });

  it('without a previous run: the issue’s figures beside this run', () => {
    const now = run([at(10_000, 150)]);
    const md = renderMarkdown(now, evaluateTargets(now), undefined, baseline);
    expect(md).toContain('| peak RSS, project-sync first pass, 10,000 issues | 431 MiB | — | 150 MB |');
  });

  it('every figure of the committed baseline names a row of the table or a size apart', () => {
    const file = JSON.parse(
      readFileSync(
        join(dirname(fileURLToPath(import.meta.url)), '../../docs/benchmarks-baseline.json'),
        'utf8',
      ),
    ) as IssueBaseline;
    expect(file.source).toMatch(/issue 18/);
    expect(file.command).toMatch(/npm run bench/);
    const sizes = [1_000, 2_500, 10_000, 25_000, 50_000];
    const now = run(sizes.map((n) => at(n, 150)));
    const rows = beforeAfterRows(now, now, file).map((r) => r[0]);
    const apart = Object.keys(file.figures).filter((k) => !rows.includes(k));
    expect(apart.every((k) => /20,000 issues/.test(k))).toBe(true);
    expect(Object.keys(file.figures).length - apart.length).toBeGreaterThanOrEqual(8);
  });

  it('convergence runs are reported as a phase of their own, judged by no target and kept out of the chart', () => {
    const small = at(1_000, 100);
    const converging = run([
      {
        ...small,
        phases: [
          ...small.phases,
          ...result(
            { converge: [stage('activity', 1, { usage: { wallMs: 1, maxRssMiB: 100, cpuMs: 500 } })] },
            1_000,
          ).scenarios[0]!.phases,
        ],
      },
      {
        ...at(50_000, 200),
        phases: [
          ...at(50_000, 200).phases,
          ...result(
            { converge: [stage('activity', 1, { usage: { wallMs: 1, maxRssMiB: 300, cpuMs: 9_000 } })] },
            50_000,
          ).scenarios[0]!.phases,
        ],
      },
    ]);
    const verdicts = evaluateTargets(converging);
    expect(verdicts.find((v) => v.id === 'rss-50k')!.pass).toBe(true);
    expect(verdicts.flatMap((v) => v.misses).filter((m) => m.phase === 'converge')).toEqual([]);
    // the convergence runs at 1,000 and 50,000 issues (100 → 300 MB) are no slope either
    expect(verdicts.find((v) => v.id === 'rss-slope')!.pass).toBe(true);
    const md = renderMarkdown(converging, verdicts);
    expect(md).toContain('**convergence (activity alone, until every issue is attributed)**');
    expect(md).toMatch(/ {2}50,000 █+[█ |]* 200 MB/);
    expect(md).not.toMatch(/ {2}50,000 █+[█ |]* 300 MB/);
    expect(md).toMatch(
      /\*\*convergence[^*]*\*\* \(run 1\)\n\nActivity alone[^\n]*: 1 run\(s\)[^\n]*\n\n\| stage [^\n]*\n[^\n]*\n\| activity \| ok \| \d+ \|[^\n]*\| 300 MB \| 9,000 ms \|/,
    );
  });
});

describe('explanations', () => {
  const withRoutes = (name: PipelineStage, routes: string[], over: Partial<StageFacts> = {}): StageResult => {
    const f = { ...facts, ...over };
    const bound = lowerBound(name, f, 'pipeline');
    return {
      ...stage(name, 1),
      mode: 'pipeline',
      facts: f,
      bound,
      requests: summarizeRequests(
        routes.map((key) => {
          const [method, route, status] = key.split(' ') as [string, string, string];
          return {
            method,
            route: `${method} ${route}`,
            status: Number(status),
            counted: status !== '304',
            write: method !== 'GET',
          };
        }),
      ),
    };
  };

  it('the index save is a PUT the bound counts: not reported as publishing in pipeline mode', () => {
    const saved = withRoutes('project-sync', ['PUT /repos/{owner}/{repo}/contents/{path} 200'], {
      indexUpdates: 3,
    });
    expect(saved.bound.formula).toContain('1 index save');
    expect(explainStage(saved).join(' ')).not.toContain('PUT contents');
    const twice = withRoutes(
      'project-sync',
      ['PUT /repos/{owner}/{repo}/contents/{path} 200', 'PUT /repos/{owner}/{repo}/contents/{path} 200'],
      { indexUpdates: 3 },
    );
    expect(explainStage(twice).join(' ')).toContain('1 × PUT contents beyond the index save');
  });

  it('the cleaner’s second tree read: its prune commit lists the head it lands on again', () => {
    const pruning = withRoutes(
      'cleaner',
      [
        'GET /repos/{owner}/{repo}/git/trees/{tree_sha} 200',
        'GET /repos/{owner}/{repo}/git/trees/{tree_sha} 200',
        'GET /repos/{owner}/{repo}/git/trees/{tree_sha} 304',
      ],
      { telemetryPrune: 6 },
    );
    expect(explainStage(pruning).join(' ')).toContain(
      '1 × tree listing of the head the prune commit lands on',
    );
  });
});
