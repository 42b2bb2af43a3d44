/** docs/benchmarks.md from a benchmark run. Pure. */
import { explainStage } from './explain.js';
import { mb, n, table } from './markdown.js';
import {
  beforeAfterSection,
  type IssueBaseline,
  memoryChart,
  profileSection,
  startupSection,
} from './report-compare.js';
import type { BenchMode } from './lower-bound.js';
import {
  MODE_LABELS,
  PHASE_LABELS,
  type BenchResult,
  type PhaseResult,
  type ScenarioResult,
  type StageResult,
} from './results.js';
import { primaryMode, scenariosOf, type TargetVerdict } from './targets.js';

function usageCells(st: StageResult): string[] {
  const u = st.usage;
  return u ? [`${n(u.wallMs)} ms`, `${u.maxRssMiB} MB`, `${n(u.cpuMs)} ms`] : ['—', '—', '—'];
}

function phaseTable(p: PhaseResult): string {
  const rows = p.stages.map((st) => [
    st.stage,
    st.status,
    st.requests.counted,
    st.requests.reads,
    st.requests.writes,
    st.requests.notModified,
    st.bound.total,
    Number.isFinite(st.ratio) ? `${st.ratio}x` : '∞',
    st.baseline,
    ...usageCells(st),
  ]);
  const t = p.total;
  rows.push([
    '**pipeline**',
    '',
    `**${t.requests.counted}**`,
    t.requests.reads,
    t.requests.writes,
    t.requests.notModified,
    t.bound,
    t.bound ? `${Math.round((t.requests.counted / t.bound) * 100) / 100}x` : '—',
    t.baseline,
    '',
    '',
    '',
  ]);
  return table(
    [
      'stage',
      'status',
      'counted',
      'reads',
      'writes',
      '304',
      'lower bound',
      'ratio',
      'reference',
      'wall',
      'peak RSS',
      'CPU',
    ],
    rows,
  );
}

function scenarioSection(s: ScenarioResult): string {
  const parts = [
    `#### ${n(s.openIssues)} open issues (${s.mode ?? 'standalone'})`,
    '',
    `${n(s.openIssues)} open issues (${n(s.openDrift)} with drift), ${n(s.closedIssues)} closed issues, ${n(s.pullRequests)} pull requests; the traces of earlier runs as the suite left them: 6 old self-test issues with their runs’ telemetry files, 8 old telemetry files of project-sync and supervisor (38 to 45 days old), each with the ledger entries the suite wrote with it.`,
  ];
  for (const p of s.phases) {
    parts.push('', `**${PHASE_LABELS[p.phase]}** (run ${p.runId})`, '');
    if (p.phase === 'converge') {
      const wall = p.stages.reduce((ms, st) => ms + (st.usage?.wallMs ?? 0), 0);
      parts.push(
        `Activity alone, at its largest read budget, a run each: ${p.stages.length} run(s), ${n(p.total.requests.counted)} counted requests, ${n(wall)} ms of wall time in all. Issues whose status depends on who acted last before each run: ${p.stages.map((st) => n(st.facts.attributionCandidates)).join(', ')}. Not judged by the targets.`,
        '',
      );
    }
    if (p.edits) {
      const kinds = new Map<string, number>();
      for (const e of p.edits) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
      parts.push(
        `Edited before the run: ${[...kinds].map(([k, c]) => `${c} × ${k}`).join(', ')} (issues ${p.edits.map((e) => `#${e.number}`).join(', ')}).`,
        '',
      );
    }
    parts.push(phaseTable(p));
  }
  return parts.join('\n');
}

/** Whole-run counted requests per mode, size and phase: the two ways side by side. */
function modeSummary(r: BenchResult, modes: readonly BenchMode[]): string {
  const rows: (string | number)[][] = [];
  const sizes = [...new Set(r.scenarios.map((s) => s.openIssues))];
  for (const size of sizes)
    for (const phaseId of ['first', 'converge', 'steady', 'unchanged'] as const) {
      const found = modes.map((m) =>
        scenariosOf(r, m)
          .find((s) => s.openIssues === size)
          ?.phases.find((x) => x.phase === phaseId),
      );
      // convergence runs only where a first pass left issues unattributed
      if (phaseId === 'converge' && found.every((p) => p === undefined)) continue;
      const cells = found.map((p) =>
        p
          ? `${p.total.requests.counted} (bound ${p.total.bound})${phaseId === 'converge' ? `, ${p.stages.length} run(s)` : ''}`
          : '—',
      );
      rows.push([n(size), PHASE_LABELS[phaseId], ...cells]);
    }
  return table(['open issues', 'phase', ...modes.map((m) => `${m}: counted (bound)`)], rows);
}

const WHAT_IT_TAKES: Record<string, string> = {
  'first-ratio':
    'What is left above the bound at 1,000 issues: project-sync’s labels page (added labels take the repository’s spelling of the label; the bound does not count it), telemetry-merge’s second read of dashboard.json (once in its snapshot, again at the head its commit is built on), and activity’s extra editor lookups (a batch is closed early, one lookup per ~50 issues where 100 ids fit).',
  'steady-ratio':
    'The same per-stage overheads as in the first pass (project-sync’s labels page, telemetry-merge’s second dashboard read, activity’s editor lookups).',
  'steady-10k':
    'The lower bound of the whole run is itself above 50 here (see the bound of each stage above): 20 human edits cost project-sync a PATCH for each issue left out of the contract, its since-list and an index save; activity a timeline page for each edited issue whose status depends on who acted last, an editor lookup and an index save; the cleaner, on a repository it has kept for a while, retires the self-test issue that left the newest 3 and prunes the files that a newer one replaced; self-test, diagnostics and telemetry-merge cost 8, 7 and 6 on every run. The target cannot be met as the stages are specified; above the bound are the per-stage overheads named above (project-sync’s labels page, telemetry-merge’s second dashboard read, activity’s editor lookups, the cleaner’s head listing).',
  unchanged:
    'Per enumerating stage: one index read and one since-list that comes back (nearly) empty, nothing written. Where the lower bound itself is above 3 (marked above: self-test files an issue every run, diagnostics checks five things, the cleaner reads the ledger entry of each self-test issue it keeps, to prove it the suite’s, telemetry-merge commits the run), the target cannot be met as the stage is specified; it holds for project-sync, supervisor and activity.',
  'rss-50k':
    'Two kinds of change, measured apart at 50,000 issues on the same machine: fixes in the code (answers decoded as they arrive instead of copied whole, issue records sharing milestone objects, label names and empty lists, telemetry-merge parsing the branch’s dashboard.json once and dropping it after the plan, telemetry files and dashboard.json written one line per top-level field) and a bounded young generation: each stage runs in a worker thread with `resourceLimits.maxYoungGenerationSizeMb` = 12 (core/stage-thread.ts; `runs.main` cannot pass node flags). With the code fixes alone the first pass still peaked at 459 MB (project-sync), 425 MB (activity) and 414 MB (telemetry-merge; 545 MB in the steady state); the worker took project-sync to 294 MB, activity to 318 MB and telemetry-merge to 376 MB (456 MB steady) before the last two telemetry-merge fixes. A heap snapshot of project-sync in the middle of its 50,000-issue pass holds 60 MB, the index most of it: the rest of the peak is garbage and the heap V8 keeps for it. What is left is activity’s per-issue telemetry (an entry per open track issue), which activity serialises and telemetry-merge reads, embeds in dashboard.json and base64-encodes into its commit, each a whole copy; and the index save, which builds the index text, its base64 and the GraphQL body at once. The worker costs every stage about 13 MB (a second isolate).',
  'rss-slope':
    'As for the 50,000 target: activity’s and telemetry-merge’s copies of the per-issue telemetry, and project-sync’s index save (text, base64 and request body at once).',
  'cpu-10k':
    'Octokit’s JSON reviver is gone and the listing pages are no longer copied whole before decoding; what is left is JSON.parse of about 45 MB of listing pages, the garbage they leave (collected more often, each time cheaply, in the bounded young generation) and the per-request work of several hundred serial writes (Octokit hooks and throttling, undici).',
  startup:
    'A stage’s `dist/<stage>/index.js` is now only the token check (core/token-gate.ts, 3 KB); a run without a token stops there, before `main.js`, the shared chunk, @actions/core and the undici it loads for its OIDC client. What is left over `node -e 0` is reading and evaluating that one small module; on a loaded machine compare before and after in the same run.',
  'cold-start':
    'Compare with node + one fetch on the same machine (above): the difference is loading the bundle. Lazy-import what a run rarely needs (telemetry schema compilation, the pages store, report rendering).',
  'dist-size':
    'dist/ is per-stage entries over one shared chunk (dist/shared/); the lazily loaded chunks (the GitHub client, codex-review’s @actions/cache with @azure/storage-blob) are minified by the build as ncc minifies an entry (@actions/cache: 2.4 MB → 0.9 MB).',
};

function missSection(r: BenchResult, targets: readonly TargetVerdict[]): string {
  const missed = targets.filter((t) => t.pass === false);
  if (missed.length === 0) return 'Every measured target passes.';
  const judged = scenariosOf(r, primaryMode(r));
  const parts: string[] = [];
  for (const t of missed) {
    parts.push(`#### ${t.target} — miss (${t.measured})`, '');
    // One line per stage: its values everywhere it misses, explained from the largest case.
    const byStage = new Map<string, TargetVerdict['misses'][number][]>();
    for (const m of t.misses) byStage.set(m.stage, [...(byStage.get(m.stage) ?? []), m]);
    for (const [stageName, misses] of byStage) {
      const values = misses
        .map((m) => (m.scenario ? `${m.value} (${n(m.scenario)}, ${m.phase})` : m.value))
        .join(', ');
      const last = misses[misses.length - 1]!;
      const structural =
        last.boundBeyond !== undefined
          ? ` Its lower bound there is ${last.boundBeyond}: above the target by construction.`
          : '';
      const s = judged.find((x) => x.openIssues === last.scenario);
      const st = s?.phases.find((p) => p.phase === last.phase)?.stages.find((x) => x.stage === stageName);
      const why = st ? explainStage(st) : [];
      const top = st
        ? Object.entries(st.requests.byRoute)
            .slice(0, 5)
            .map(([route, c]) => `${c} × \`${route}\``)
            .join(', ')
        : '';
      parts.push(
        `- **${stageName}**: ${values}.${structural}` +
          (st
            ? ` At ${n(last.scenario)} issues, ${PHASE_LABELS[last.phase]}: bound ${st.bound.total} = ${st.bound.formula}.`
            : '') +
          (why.length ? ` Why: ${why.join('; ')}.` : '') +
          (top ? ` Top requests: ${top}.` : ''),
      );
    }
    parts.push('', `What it would take: ${WHAT_IT_TAKES[t.id] ?? '—'}`, '');
  }
  return parts.join('\n');
}

export function renderMarkdown(
  r: BenchResult,
  targets: readonly TargetVerdict[],
  before?: BenchResult,
  baseline?: IssueBaseline,
): string {
  const m = r.machine;
  const modes: readonly BenchMode[] = r.modes ?? [primaryMode(r)];
  const out: string[] = [
    '# Benchmarks',
    '',
    'The scarce resource of a housekeeping suite is the repository’s API budget: `GITHUB_TOKEN` has',
    '1,000 REST requests per hour per repository, shared with every other workflow. This page measures',
    'what each stage spends against the local emulator and how close that is to the least the work needs.',
    '',
    `Generated ${r.generatedAt} by \`${r.command}\` on ${m.cpu} (${m.cores} cores, ${m.memoryGiB} GiB), node ${m.node}, ${m.platform}${m.loadAverage !== undefined ? `, load average ${m.loadAverage} at the start` : ''}.`,
    `Bundles: ${r.bundles === 'dist' ? 'the committed `dist/<stage>/index.js`' : 'the current sources, bundled into a scratch folder (`--build`); `dist/` was not used'}${r.source ? ` — source at commit \`${r.source.commit}\`${r.source.dirty ? ' plus uncommitted changes in the working tree' : ''}` : ''}.`,
    '',
    `Two ways of running the stages, each on its own emulator: the primary one, on which the targets are judged, is the ${MODE_LABELS[modes[0]!]}${modes.length > 1 ? `; the second table is the ${MODE_LABELS[modes[1]!]}, what single-stage workflows spend` : ''}.`,
    '',
    '## Targets',
    '',
    `Judged on the ${primaryMode(r)} mode.`,
    '',
    table(
      ['target', 'measured', 'result'],
      targets.map((t) => [
        t.target,
        t.measured,
        t.pass === null ? 'not measured' : t.pass ? 'pass' : '**miss**',
      ]),
    ),
    '',
    ...(before || baseline ? ['## Before → after', '', beforeAfterSection(before, r, baseline), ''] : []),
    '## Memory over size',
    '',
    memoryChart(r),
    '',
    ...(r.profile ? ['## Where project-sync’s CPU goes', '', profileSection(r.profile), ''] : []),
    '## Requests, time and memory per stage',
    '',
    '`counted`: requests that spend the primary rate limit (reads + writes); `304`: conditional reads answered',
    '"not modified" (free); `lower bound` and `reference`: see below; `wall`, `peak RSS`, `CPU` (user + system)',
    'are the stage’s own node process. The three phases share one emulator state, so the saved issue index',
    'and the pages branch carry over: an hour passes between phases, and 20 issues are edited as people',
    'do before the steady-state run. Between the first pass and the steady state, where the first pass’s read',
    'budget (the default, 200) did not attribute every issue whose status depends on who acted last, activity',
    'alone runs again an hour later, at its largest budget (5,000), until it has (*convergence*: its own rows below, counted',
    'apart from the three phases and judged by no target, as a real repository gets there over its hourly',
    'runs): the steady state and the nothing-changed run then measure a repository the suite has run on for a',
    'while.',
    '',
    'Whole run, counted requests (lower bound):',
    '',
    modeSummary(r, modes),
    '',
    ...modes.flatMap((mode, i) => [
      `### ${i === 0 ? 'Primary: ' : 'Second table: '}${MODE_LABELS[mode]}`,
      '',
      mode === 'pipeline'
        ? 'As `codex-pipeline.yml` runs them: its workflow `env` (repository variables as `CODEX_*`, `CODEX_DRY_RUN=false`), a fresh `CODEX_HOME` per job, every stage with `publish: none` and one shared `telemetry-dir` per run (the artifacts merged into one folder); telemetry-merge last with `telemetry-source` = that folder and `publish` at its default (`gh-pages`): one commit of the dashboard and every run file, then its own telemetry file. Not emulated: the per-job token permissions (one token with write access serves every stage).'
        : 'Each stage with the action defaults: `publish: gh-pages`, so every stage publishes its own telemetry file to the pages branch; telemetry-merge reads the branch only.',
      '',
      ...scenariosOf(r, mode).flatMap((s) => [scenarioSection(s), '']),
    ]),
    '## Start-up',
    '',
    startupSection(r),
    '',
    '## Cold start and size',
    '',
    `Cold start: \`node dist/<stage>/index.js\` spawned as the runner does, time from spawn to the first request reaching the emulator (median of 5), measured after the scenarios once the machine settled${m.coldStartLoadAverage !== undefined ? ` (1-minute load average ${m.coldStartLoadAverage})` : ''}. For scale, node with a single \`fetch\` and nothing else: ${r.emptyColdStartMs ?? '—'} ms.`,
    '',
    table(
      ['bundle', 'cold start', 'size'],
      r.coldStart.map((c) => [c.stage, c.ms === undefined ? '—' : `${c.ms} ms`, mb(c.bundleBytes)]),
    ),
    '',
    `All of \`dist/\`: ${mb(r.distBytes)}${r.bundles === 'build' ? ` (the bundles measured: ${mb(r.measuredDistBytes)} for the pipeline's seven stages)` : ''}.`,
    '',
    '## Misses: why, and what it would take',
    '',
    missSection(r, targets),
    '',
    '## How the lower bound is computed',
    '',
    'Per stage, from the emulator state when the stage starts (`scripts/lib/bench/lower-bound.ts`, unit-tested).',
    'A list of n items costs max(1, ceil(n/100)) requests. The *issue view* is the cheaper of the full open list',
    '(open issues + open pull requests, ceil(N/100) pages) and — when the issue index exists on the pages branch —',
    'one read of the index plus the since-list of issues updated after its `synced_at` less 5 minutes (even with',
    'nothing changed a stage needs those two reads: the since-list is how it learns that nothing changed). The',
    'overlap is the index’s guard against replication lag (an edit made just before the cursor is never skipped);',
    'it lists again whatever was updated in those 5 minutes, after a first pass most of the suite’s own repairs,',
    'so the bound counts those issues too.',
    '',
    '- *publish*: in standalone mode one new telemetry file = one contents PUT (a new path needs no sha) + its',
    '  ledger entry, a second PUT (the proof the cleaner needs before it may ever prune the file; one commit of',
    '  both would be 1R + 1W, no fewer); in pipeline mode 0 for every stage but telemetry-merge (the file stays in',
    '  the local folder).',
    '- *one multi-file commit* on an existing branch = **1 read + 1 write**: the GraphQL query for the branch head',
    '  (it also names the default branch, which the suite never writes), then one `createCommitOnBranch` that',
    '  expects that head.',
    '- *state save* of a single file (the issue index): one contents PUT with the sha its read returned.',
    '',
    table(
      ['stage', 'lower bound', 'pipeline mode differs by'],
      [
        [
          'self-test',
          'the checks docs/self-test.md specifies: repository (token) + labels page + milestones page + project + the self-test issue list before filing (a re-run reuses its issue; one issue per `issue-interval-hours`) + the list again (enumeration check) + the pages branch (write access) (7 reads) + 1 ledger read when an issue was filed within the interval + 1 create unless the ledger proves that issue the suite’s + 1 per missing contract label/milestone + publish',
          'no publish',
        ],
        [
          'cleaner',
          '1 self-test issue list + 1 listing of the branch (telemetry files dated by their ledger entries’ names; no file read) + 1 ledger read per listed self-test issue with an entry + 1 close per proven issue to retire + one prune commit (1R + 1W) when proven files are old + publish. Only what the ledger proves the suite made counts (docs/cleaner.md): the traces of earlier runs are seeded with the entries the suite writes with them, so the cleaner retires old self-test issues beyond the newest 3 proven (this run’s own issue has no entry until telemetry-merge writes it) and prunes files older than 30 days but the latest of each component',
          'no publish',
        ],
        [
          'project-sync',
          'issue view + project item pages (only without an index) + 1 milestones page + 1 PATCH per issue whose labels/milestone break the contract + 1 add per issue missing from the project + 1 index save when an issue the index holds changed (not for pull requests or self-test issues) + publish',
          'no publish',
        ],
        ['supervisor', 'issue view + project item pages (only without an index) + publish', 'no publish'],
        [
          'activity',
          'issue view + attribution (docs/activity.md): for the open managed issues whose status differs between `updated_at` and their last attribution, 1 token identity lookup, a timeline page each and one GraphQL editor lookup per 100, as many as the read budget (`activity-read-budget`: the default, 200, in the three phases; its largest, 5,000, in the convergence runs) allows, + 1 index save that records them; + publish (marking is off by default)',
          'no publish',
        ],
        [
          'telemetry-merge',
          'standalone: 1 telemetry listing + 1 read per dashboard component with a file newer than the last merge + 1 dashboard read when it exists + 1 PUT of dashboard.json (first time: one commit of the page, 1R + 1W) + publish of its own file',
          '1 telemetry listing + 1 read per dashboard component without a file in the local folder that has one on the branch + 1 dashboard read when it exists + ONE commit of dashboard, page and the run’s files (1R + 1W) + publish of its own file (written after that commit, which it records)',
        ],
        [
          'diagnostics',
          'token (GET the repository, a check of its own) + variables + labels + milestones + project + the pages branch and its layout (one listing by branch name; 404: missing) + the GitHub Pages site (7 reads) + 1 per missing contract label/milestone + publish',
          'no publish',
        ],
      ],
    ),
    '',
    'Reference: the same work done the reference’s way — cleaner, project-sync, supervisor and activity each',
    'walk every open issue (pull requests included) on every run, project-sync also every project item; the',
    'other reads as in the bound; the writes the suite actually made.',
    '',
    '## How to reproduce',
    '',
    '```sh',
    'npm run bench                       # 1,000, 10,000 and 50,000 open issues (minutes)',
    'npm run bench -- --quick            # 1,000 only',
    'npm run bench -- --sizes 1000,10000',
    'npm run bench -- --build            # bundle the current sources first (dist/ untouched)',
    'npm run bench -- --mode pipeline    # pipeline | standalone | both (default both)',
    'npm run bench -- --profile          # also the CPU profile of project-sync’s first pass (10,000 issues)',
    'npm run bench -- --build --mode pipeline --sizes 1000,2500,10000,25000,50000 --profile   # this page',
    'npm run profile -- --issues 10000   # that profile alone, kept for a profile viewer',
    '```',
    '',
    'Each stage runs as the runner runs it: `runAction` spawns `node dist/<stage>/index.js` with inputs',
    '(`write-interval-ms: 0`, plus the pipeline’s `publish`/`telemetry-dir`/`telemetry-source` in pipeline mode) and',
    'the repository variables as `CODEX_*` environment (milestones, project, `CODEX_RETRY_BASE_MS=20` and',
    '`CODEX_MAX_WRITES=100000`, so a first pass finishes its repairs in one run; the convergence runs also',
    '`CODEX_ACTIVITY_READ_BUDGET=5000`); in pipeline mode these go through the workflow’s own `env:` block, read from',
    '`.github/workflows/codex-pipeline.yml`.',
    'Resource usage comes from a small preload given through `NODE_OPTIONS` that writes, at exit, the',
    'process’s CPU time (`process.resourceUsage()`) and its peak RSS (`VmHWM` of `/proc/self/status`;',
    'getrusage’s maxrss is inherited across fork + exec on Linux and would report the benchmark’s own size).',
    'Timings depend on the machine’s load: read wall time and cold start with the load average above. The token’s limit is raised so nothing is throttled: the figures are',
    'counts from the emulator’s request log. Raw figures, request counts per route included, are in',
    '`docs/benchmarks.json`.',
    '',
  ];
  return out.join('\n');
}
