/**
 * `npm run demo`: the whole pipeline workflow, run locally against the GitHub emulator.
 *
 * Seeds a busy repository with every kind of drift, runs `.github/workflows/codex-pipeline.yml`
 * (workflow_dispatch) through the local workflow executor on the bundles in dist/, exports the
 * pages branch to out/demo/gh-pages/, prints what each stage did, then runs the pipeline again to
 * show that nothing is left to change.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Emulator, type RequestLogEntry, startEmulator } from '@codex-suite/emulator/server';
import { runWorkflow, type WorkflowResult } from '@codex-suite/harness/run-workflow';
import { issuesThatVanish, seedCodexReview, seedWeekOfHistory } from './lib/demo-dashboard.js';
import { type DemoRepository, seedDemoRepository } from './lib/demo-repository.js';
import { parseCli, usageError } from './lib/cli.js';
import { exportBranch } from './lib/export-branch.js';
import { runFederationDemo } from './lib/federation-demo.js';
import { PIPELINE_JOBS } from './lib/pipeline-jobs.js';
import { screenshotDashboard } from './lib/dashboard-screenshots.js';
import { serveFolder, startStaticServer } from './lib/static-server.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'out', 'demo');
const JOBS = PIPELINE_JOBS;

const CLI = {
  command: 'npm run demo --',
  summary:
    'Seeds a local GitHub emulator with a busy repository, runs codex-pipeline.yml on the bundles in dist/ twice, exports the pages branch to out/demo/gh-pages/ and prints what each stage did.',
  duration: 'about 30-60 seconds on 2 cores; with --serve it then serves the dashboard until Ctrl-C.',
  options: {
    serve: {
      type: 'boolean',
      description: 'serve the exported dashboard on 127.0.0.1 afterwards (until Ctrl-C)',
    },
    port: { type: 'string', value: 'N', description: 'port for --serve (default: a free port)' },
    screenshots: {
      type: 'string',
      value: 'DIR',
      description:
        'write screenshots of the dashboard (desktop, phone, dark) into DIR (docs/images for docs/dashboard.md)',
    },
    federation: {
      type: 'boolean',
      description:
        'run codex-federation.yml over three seeded repositories instead, and write the overview to out/demo/federation/',
    },
  },
} as const;
const args = parseCli(CLI);
const port = args.port === undefined ? 0 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  usageError(CLI, `--port is a port number (0-65535), got '${args.port}'`);
if (args.port !== undefined && !args.serve) usageError(CLI, '--port only applies with --serve');

interface Run {
  result: WorkflowResult;
  log: RequestLogEntry[];
  telemetry: Record<string, Record<string, any> | undefined>;
  seconds: number;
}

async function runPipeline(
  emulator: Emulator,
  seed: DemoRepository,
  runId: string,
  vars: Record<string, string> = seed.vars,
): Promise<Run> {
  const before = emulator.log.length;
  const started = Date.now();
  const result = await runWorkflow({
    workflowPath: path.join(root, '.github/workflows/codex-pipeline.yml'),
    repoRoot: root,
    event: { name: 'workflow_dispatch', inputs: {} },
    vars,
    secrets: { GH_CI_PAT: seed.token },
    github: { repository: seed.repository, token: seed.token, api_url: emulator.url, run_id: runId },
    // The pipeline reaches its stages through `$/`: the harness resolves them in this checkout.
  });
  const telemetry: Run['telemetry'] = {};
  for (const [job, component] of Object.entries(JOBS)) {
    const file = path.join(result.artifactsDir, `codex-telemetry-${job}`, `${component}-${runId}.json`);
    telemetry[job] = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
  }
  return { result, log: emulator.log.slice(before), telemetry, seconds: (Date.now() - started) / 1000 };
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function printTable(run: Run): void {
  const rows = Object.keys(JOBS).map((job) => {
    const t = run.telemetry[job];
    const record = run.result.jobs[job];
    const changes = t?.changes
      ? `${t.changes.applied} applied${t.changes.planned ? `, ${t.changes.planned} planned` : ''}${t.changes.failed ? `, ${t.changes.failed} failed` : ''}`
      : '-';
    return [
      job,
      t?.status ?? `no telemetry (${record?.outcome ?? 'not run'})`,
      changes,
      String(t?.api?.requests ?? 0),
      String(t?.api?.writes ?? '-'),
      String(t?.summary ?? record?.error ?? '').slice(0, 90),
    ];
  });
  const headers = ['stage', 'status', 'changes', 'requests', 'writes', 'summary'];
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i]!)).join('  ');
  console.log(line(headers));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  const counted = run.log.filter((e) => e.counted).length;
  const writes = run.log.filter((e) => e.write).length;
  console.log(
    `\nemulator: ${run.log.length} requests (${counted} counted against the rate limit, ${writes} writes) in ${run.seconds.toFixed(1)} s`,
  );
}

/** Writes on issues the suite does not own (everything but self-test issues). */
function humanIssueWrites(emulator: Emulator, seed: DemoRepository, log: RequestLogEntry[]): number {
  return log.filter((entry) => {
    if (!entry.write || entry.status >= 400) return false;
    const m = /\/repos\/[^/]+\/[^/]+\/issues(?:\/(\d+))?/.exec(entry.path);
    if (!m) return false;
    if (!m[1]) return false; // POST /issues: the self-test issue of this run
    const issue = emulator.state.getIssue(seed.repository, Number(m[1]));
    return !issue?.labels.some((l) => l.name.toLowerCase() === 'codex-selftest');
  }).length;
}

async function main(): Promise<void> {
  const started = Date.now();
  // A generous secondary limit: the first run repairs a few hundred issues in seconds.
  const emulator = await startEmulator({ secondaryLimit: { writesPerMinute: 5_000, retryAfterSeconds: 1 } });
  try {
    const seed = seedDemoRepository(emulator.state, { size: 'demo' });
    const g = seed.generated;
    console.log(`Codex Suite demo: ${seed.repository} on a local GitHub emulator (${emulator.url})`);
    console.log(
      `seeded ${g.counts.issues} generated issues (${g.counts.open} open, ${g.counts.closed} closed), ${g.counts.pullRequests} pull requests, ` +
        `${g.openDrift.anyDrift} open issues drifted (codex label ${g.openDrift.codexLabel}, track label ${g.openDrift.trackLabel}, ` +
        `milestone ${g.openDrift.milestone}, project ${g.openDrift.project}), ${seed.selftestIssues.length} old self-test issues, ` +
        `${seed.malformed.length} issues with contradictory track labels or a blank title, ${seed.oldTelemetry.length} telemetry files past retention`,
    );
    const historyPoints = seedWeekOfHistory(emulator, seed);
    const reviewed = seedCodexReview(emulator, seed);
    console.log(
      `seeded ${historyPoints} merges of dashboard history over the past week and a Codex review of pull request #${reviewed}\n`,
    );

    console.log('Run 1: codex-pipeline.yml (workflow_dispatch)\n');
    const first = await runPipeline(emulator, seed, '1001');
    printTable(first);

    // Before the second run: two new issues that people delete while project-sync repairs them,
    // and a project that was renumbered (CODEX_PROJECT now names one that does not exist).
    const vanishing = issuesThatVanish(emulator, seed);
    const missingProject = `orgs/${seed.owner}/projects/7`;
    emulator.state.setVariable(seed.repository, 'CODEX_PROJECT', missingProject);
    console.log(
      `\nRun 2: the same pipeline again, after #${vanishing.numbers.join(' and #')} were filed (and deleted during the run) and CODEX_PROJECT became ${missingProject}\n`,
    );
    const second = await runPipeline(emulator, seed, '1002', { ...seed.vars, CODEX_PROJECT: missingProject });
    vanishing.finish();
    printTable(second);
    const changed = humanIssueWrites(emulator, seed, second.log);
    console.log(
      changed === 0
        ? '\nsecond run: no changes to issues people made (the self-test files at most one issue a day)'
        : `\nsecond run: ${changed} write(s) to issues — expected none`,
    );

    // Exported after the last run, so the page shows it and a history of two points.
    const pagesDir = path.join(outDir, 'gh-pages');
    rmSync(pagesDir, { recursive: true, force: true });
    const count = exportBranch(emulator, seed.repository, 'gh-pages', pagesDir);
    const dashboard = path.join(pagesDir, 'dashboard', 'index.html');
    console.log(`\npages branch exported: ${count} files in ${path.relative(root, pagesDir)}/`);
    if (!existsSync(dashboard))
      console.log('no dashboard/index.html (the telemetry-merge stage published none)');
    console.log(`\ndone in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    if (first.result.conclusion !== 'success' || second.result.conclusion !== 'success' || changed !== 0) {
      process.exitCode = 1;
    }
    if (existsSync(dashboard)) {
      if (args.screenshots) {
        const served = await startStaticServer(pagesDir);
        const files = await screenshotDashboard(`${served.url}dashboard/`, path.resolve(args.screenshots));
        await served.close();
        console.log(`\nscreenshots: ${files.map((f) => path.relative(root, f)).join(', ')}`);
      }
      if (args.serve) {
        const url = await serveFolder(pagesDir, port);
        console.log(
          `\ndashboard: ${url}dashboard/  (serving ${path.relative(root, pagesDir)}/; Ctrl-C to stop)`,
        );
        await new Promise(() => {});
      }
      console.log(
        `dashboard page: ${dashboard}\nsee it in a browser: npm run demo -- --serve (pages read dashboard.json over HTTP)`,
      );
    }
  } finally {
    await emulator.close();
  }
}

if (args.federation) {
  const { ok } = await runFederationDemo(path.join(outDir, 'federation'));
  if (!ok) process.exitCode = 1;
  if (ok && args.serve) {
    const url = await serveFolder(path.join(outDir, 'federation'), port);
    console.log(`overview: ${url}control/federation/  (Ctrl-C to stop)`);
    await new Promise(() => {});
  }
} else {
  await main();
}
