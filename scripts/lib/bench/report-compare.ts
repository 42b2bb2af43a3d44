/** The report's before → after table, memory chart, start-up and CPU profile sections. Pure. */
import { mb, n, table } from './markdown.js';
import type { BenchResult, PhaseId, ScenarioResult, StageResult } from './results.js';
import {
  INDEX_READERS,
  indexReadRequests,
  JUDGED_PHASES,
  LIMITS,
  primaryMode,
  rssSlopes,
  scenariosOf,
} from './targets.js';

function primary(r: BenchResult): ScenarioResult[] {
  return scenariosOf(r, primaryMode(r));
}

function stagesOf(s: ScenarioResult | undefined, phase?: PhaseId): StageResult[] {
  return (s?.phases ?? []).filter((p) => !phase || p.phase === phase).flatMap((p) => [...p.stages]);
}

function at(r: BenchResult, size: number): ScenarioResult | undefined {
  return primary(r).find((s) => s.openIssues === size);
}

function worstRss(s: ScenarioResult | undefined): string | undefined {
  const runs = JUDGED_PHASES.flatMap((phase) => stagesOf(s, phase)).filter((st) => st.usage);
  if (runs.length === 0) return undefined;
  const worst = runs.reduce((a, b) => (b.usage!.maxRssMiB > a.usage!.maxRssMiB ? b : a));
  return `${worst.usage!.maxRssMiB} MB (${worst.stage})`;
}

function pipeline(s: ScenarioResult | undefined, phase: PhaseId): string | undefined {
  const p = s?.phases.find((x) => x.phase === phase);
  return p ? `${p.total.requests.counted} (bound ${p.total.bound})` : undefined;
}

function stageFigure(
  s: ScenarioResult | undefined,
  stage: string,
  phase: PhaseId,
  figure: (st: StageResult) => string | undefined,
): string | undefined {
  const st = stagesOf(s, phase).find((x) => x.stage === stage);
  return st ? figure(st) : undefined;
}

function worstSlope(r: BenchResult): string | undefined {
  const slopes = rssSlopes(primary(r));
  if (slopes.length === 0) return undefined;
  const w = slopes.reduce((a, b) => (b.kib > a.kib ? b : a));
  return `${w.kib} KiB (${w.stage}, ${n(w.from)} → ${n(w.to)})`;
}

function indexReads(r: BenchResult): string | undefined {
  const steadyRuns = primary(r).flatMap((s) =>
    [...stagesOf(s, 'steady'), ...stagesOf(s, 'unchanged')].filter((st) => INDEX_READERS.has(st.stage)),
  );
  if (steadyRuns.length === 0) return undefined;
  return `${Math.max(...steadyRuns.map(indexReadRequests))} request(s) per read`;
}

function worstStartup(
  list: BenchResult['startup'] extends infer T ? T : never,
  which: 'after' | 'before',
): string | undefined {
  const runs = (list?.[which] ?? []).filter((x) => x.ms !== undefined);
  if (runs.length === 0) return undefined;
  const w = runs.reduce((a, b) => (b.ms! > a.ms! ? b : a));
  return `${w.ms} ms (${w.stage})`;
}

/**
 * The figures issue 18 stated when it was filed (docs/benchmarks-baseline.json): each keyed by the
 * label of the before → after row it belongs to, with its text as the issue gave it (units
 * included: the issue's MB for dist/ are 10^6 bytes, this page's are 2^20).
 */
export interface IssueBaseline {
  /** where the figures come from */
  readonly source: string;
  /** how they were measured then */
  readonly command: string;
  readonly figures: Readonly<Record<string, string>>;
}

/**
 * Rows of the before → after table: figure, the issue's baseline, the previous run (the
 * docs/benchmarks.json this run replaces), this run. Start-up "previous" is the repository's
 * dist/ measured in this same run, when the bundles were built. Pure.
 */
export function beforeAfterRows(
  before: BenchResult | undefined,
  after: BenchResult,
  baseline?: IssueBaseline,
): (readonly [string, string, string, string])[] {
  const sizes = primary(after).map((s) => s.openIssues);
  const rows: (readonly [string, string, string, string])[] = [];
  const add = (figure: string, b: string | undefined, a: string | undefined): void => {
    const base = baseline?.figures[figure];
    if (base !== undefined || b !== undefined || a !== undefined)
      rows.push([figure, base ?? '—', b ?? '—', a ?? '—']);
  };
  for (const size of sizes) {
    const b = before && at(before, size);
    const a = at(after, size);
    add(
      `first full pass, whole pipeline, ${n(size)} issues: counted`,
      pipeline(b, 'first'),
      pipeline(a, 'first'),
    );
    add(
      `steady state, whole pipeline, ${n(size)} issues: counted`,
      pipeline(b, 'steady'),
      pipeline(a, 'steady'),
    );
    add(
      `nothing changed, whole pipeline, ${n(size)} issues: counted`,
      pipeline(b, 'unchanged'),
      pipeline(a, 'unchanged'),
    );
    const counted = (st: StageResult) => `${st.requests.counted} (bound ${st.bound.total})`;
    for (const [phase, label] of [
      ['first', 'first full pass'],
      ['steady', 'steady state'],
      ['unchanged', 'nothing changed'],
    ] as const)
      add(
        `project-sync ${label}, ${n(size)} issues: counted`,
        stageFigure(b, 'project-sync', phase, counted),
        stageFigure(a, 'project-sync', phase, counted),
      );
    add(`peak RSS, worst stage, ${n(size)} issues`, worstRss(b), worstRss(a));
    const rss = (st: StageResult) => (st.usage ? `${st.usage.maxRssMiB} MB` : undefined);
    add(
      `peak RSS, project-sync first pass, ${n(size)} issues`,
      stageFigure(b, 'project-sync', 'first', rss),
      stageFigure(a, 'project-sync', 'first', rss),
    );
    add(
      `peak RSS, project-sync nothing changed, ${n(size)} issues`,
      stageFigure(b, 'project-sync', 'unchanged', rss),
      stageFigure(a, 'project-sync', 'unchanged', rss),
    );
    const cpu = (st: StageResult) => (st.usage ? `${(st.usage.cpuMs / 1000).toFixed(2)} s` : undefined);
    add(
      `CPU, project-sync first pass, ${n(size)} issues`,
      stageFigure(b, 'project-sync', 'first', cpu),
      stageFigure(a, 'project-sync', 'first', cpu),
    );
  }
  add('peak RSS growth per open issue, worst stage', before && worstSlope(before), worstSlope(after));
  add(`issue index read (${[...INDEX_READERS].join(', ')})`, before && indexReads(before), indexReads(after));
  add(
    'start-up over `node -e 0`, worst bundle',
    worstStartup(after.startup, 'before'),
    worstStartup(after.startup, 'after'),
  );
  const cold = (r: BenchResult) => {
    const ms = r.coldStart.flatMap((c) => (c.ms === undefined ? [] : [c.ms]));
    return ms.length ? `${Math.max(...ms)} ms` : undefined;
  };
  add('cold start (spawn → first request), worst bundle', before && cold(before), cold(after));
  add(
    'bundles of the seven pipeline stages',
    before && mb(before.measuredDistBytes),
    mb(after.measuredDistBytes),
  );
  add('all of dist/ (as committed)', before && mb(before.distBytes), mb(after.distBytes));
  return rows;
}

/** The before → after table: the issue's baseline, the previous run and this run. */
export function beforeAfterSection(
  before: BenchResult | undefined,
  after: BenchResult,
  baseline?: IssueBaseline,
): string {
  const rows = beforeAfterRows(before, after, baseline);
  const shown = new Set(rows.map((r) => r[0]));
  const apart = Object.entries(baseline?.figures ?? {}).filter(([k]) => !shown.has(k));
  return [
    [
      baseline
        ? `Issue 18 baseline: ${baseline.source} (\`${baseline.command}\`; docs/benchmarks-baseline.json).`
        : '',
      before
        ? `Previous run: \`docs/benchmarks.json\` as it was before this run (generated ${before.generatedAt} by \`${before.command}\`${before.source ? ` at \`${before.source.commit}\`` : ''}).`
        : 'Previous run: none (no docs/benchmarks.json before this run).',
      `This run: \`${after.command}\`. Start-up "previous run" is the committed \`dist/\`, measured in this run beside the new bundles. MB on this page are 2^20 bytes (MiB).`,
    ]
      .filter(Boolean)
      .join(' '),
    '',
    table(['figure', 'issue 18 baseline', 'previous run', 'this run'], rows),
    ...(apart.length
      ? [
          '',
          `Also in the issue, at sizes this run did not measure: ${apart.map(([k, v]) => `${k}: ${v}`).join('; ')}.`,
        ]
      : []),
  ].join('\n');
}

/** Peak RSS of each stage (worst phase) at each size, as text bars; the target line is at 256 MB. */
export function memoryChart(r: BenchResult): string {
  const scenarios = [...primary(r)].sort((a, b) => a.openIssues - b.openIssues);
  if (scenarios.length === 0) return 'Not measured.';
  const stages = [...new Set(scenarios.flatMap((s) => stagesOf(s).map((st) => st.stage)))];
  const scale = 8; // MB per character
  const limitAt = Math.round(LIMITS.rssMiB / scale);
  const lines: string[] = [];
  for (const stage of stages) {
    lines.push(stage);
    for (const s of scenarios) {
      const peaks = JUDGED_PHASES.flatMap((phase) => stagesOf(s, phase))
        .filter((st) => st.stage === stage && st.usage)
        .map((st) => st.usage!.maxRssMiB);
      if (peaks.length === 0) continue;
      const peak = Math.max(...peaks);
      const length = Math.round(peak / scale);
      const bar = Array.from({ length: Math.max(length, limitAt + 1) }, (_, i) =>
        i === limitAt ? '|' : i < length ? '█' : ' ',
      ).join('');
      lines.push(`  ${n(s.openIssues).padStart(6)} ${bar} ${peak} MB`);
    }
  }
  return [
    `Peak RSS of each stage (its largest of the three phases; the convergence runs are in their own table) by open issues, ${primaryMode(r)} mode; one █ is ${scale} MB, \`|\` marks the ${LIMITS.rssMiB} MB target.`,
    '',
    '```text',
    ...lines,
    '```',
  ].join('\n');
}

export function startupSection(r: BenchResult): string {
  const s = r.startup;
  if (!s) return 'Not measured.';
  const before = new Map((s.before ?? []).map((x) => [x.stage, x.ms]));
  return [
    `Spawn to exit of \`node dist/<stage>/index.js\` with no token (the stage stops before any request), minus the same for \`node -e 0\` (${s.emptyMs ?? '—'} ms on this machine)${s.rounds ? `: ${s.rounds} rounds, each bundle run right after a \`node -e 0\`, the median of the ${s.rounds} differences` : ', median of 7'}.${s.before ? ' "before": the repository’s committed `dist/`; "after": the bundles of this run.' : ''}`,
    '',
    table(
      s.before ? ['bundle', 'before', 'after'] : ['bundle', 'start-up'],
      s.after.map((x) => {
        const ms = (v: number | undefined) => (v === undefined ? '—' : `${v} ms`);
        return s.before ? [x.stage, ms(before.get(x.stage)), ms(x.ms)] : [x.stage, ms(x.ms)];
      }),
    ),
  ].join('\n');
}

export function profileSection(p: NonNullable<BenchResult['profile']>): string {
  return [
    `\`node --cpu-prof\` on project-sync’s first pass over ${n(p.issues)} open issues (a fresh repository, no index; the bundle built without minifying so frames keep their names; \`npm run profile -- --issues ${p.issues}\` runs the same on its own and keeps the profile). CPU ${p.cpuMs === undefined ? '—' : `${n(p.cpuMs)} ms`} (user + system, under the profiler); of ${n(p.sampledMs)} ms sampled, ${n(p.idleMs)} ms idle (waiting for the emulator). The busiest frames by self time:`,
    '',
    table(
      ['self time', 'share of busy time', 'frame'],
      p.top.map((f) => [`${f.selfMs} ms`, `${f.share} %`, `\`${f.name}\` ${f.where}`]),
    ),
  ].join('\n');
}
