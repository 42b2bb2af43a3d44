import { attributionCandidates } from '@codex-suite/core/activity/attribution';
import { thresholdsOf } from '@codex-suite/core/activity/classify';
import { isExcludedFromManagement, trackOfTitle } from '@codex-suite/core/contract';
import {
  ISSUE_INDEX_PATH,
  type IssueIndex,
  parseIssueIndex,
  SINCE_OVERLAP_MS,
} from '@codex-suite/core/issues/issue-index';
import { selftestEntryPath } from '@codex-suite/core/ledger/selftest-entry';
import {
  gitBlobSha,
  parseTelemetryEntry,
  TELEMETRY_LEDGER_DIR,
} from '@codex-suite/core/ledger/telemetry-entry';
import { repositorySettings } from '@codex-suite/core/settings';
import { issueIntervalSetting } from '../../../actions/self-test/src/settings.js';
/** The facts the lower bound needs, read straight from the emulator's state before a stage runs. */
import { existsSync, readdirSync } from 'node:fs';
import { DASHBOARD_KEYS } from '@codex-suite/core/stages';
import { componentOfKey } from '@codex-suite/core/telemetry/schemas/dashboard';
import type { EmulatorState } from '@codex-suite/emulator/server';
import type { StageFacts } from './lower-bound.js';
import { countRepairs, type IssueSnapshot } from './repairs.js';
import { BENCH_CONFIG, BENCH_REPO, PHASE_ACTIVITY_READ_BUDGET } from './scenario.js';

const DAY = 86_400_000;
const CONTRACT_LABELS = ['codex', 'codex-trackmain', 'codex-trackdashboard', 'codex-selftest'];
const SELFTEST_RETAIN = 3;
const SELFTEST_MAX_AGE_DAYS = 7;
const TELEMETRY_MAX_AGE_DAYS = 30;

/** `telemetry/<component>-<run id>[-<attempt>].json` → component and run id. */
export function parseTelemetryName(path: string): { component: string; run: number } | undefined {
  const m = /^telemetry\/(.+?)-(\d+)(?:-\d+)?\.json$/.exec(path);
  return m ? { component: m[1]!, run: Number(m[2]) } : undefined;
}

/** The latest telemetry file of each component (by run id). */
export function latestTelemetry(paths: readonly string[]): Map<string, string> {
  const best = new Map<string, { run: number; path: string }>();
  for (const path of paths) {
    const parsed = parseTelemetryName(path);
    if (!parsed) continue;
    const prior = best.get(parsed.component);
    if (!prior || parsed.run > prior.run) best.set(parsed.component, { run: parsed.run, path });
  }
  return new Map([...best].map(([c, v]) => [c, v.path]));
}

/** The components telemetry-merge puts on the dashboard (its own file is not among them). */
export const DASHBOARD_COMPONENTS: readonly string[] = DASHBOARD_KEYS.map((k) => componentOfKey[k]);

/** Components with a telemetry file (`<component>-<run key>.json`) in a local folder. */
export function localTelemetryComponents(dir: string | undefined): Set<string> {
  if (!dir || !existsSync(dir)) return new Set();
  const found = new Set<string>();
  for (const name of readdirSync(dir)) {
    const parsed = parseTelemetryName(`telemetry/${name}`);
    if (parsed) found.add(parsed.component);
  }
  return found;
}

/**
 * Where telemetry-merge's records come from: dashboard components with a local file, and those
 * without one whose newest file has to be read from the branch. Pure.
 */
export function mergeSources(
  branchPaths: readonly string[],
  local: ReadonlySet<string>,
  components: readonly string[] = DASHBOARD_COMPONENTS,
): { localComponents: number; branchOnlyComponents: number } {
  const onBranch = new Set(latestTelemetry(branchPaths).keys());
  return {
    localComponents: components.filter((c) => local.has(c)).length,
    branchOnlyComponents: components.filter((c) => !local.has(c) && onBranch.has(c)).length,
  };
}

/** The parts of the saved issue index the facts need. */
export interface IndexView {
  readonly synced_at: string;
  readonly issues: Readonly<Record<string, { updated_at?: string; suite_updated_at?: string }>>;
}

/**
 * Of the issues the since-list returns, those that change the index: it holds open issues only,
 * pull requests and self-test issues kept out, and an issue whose `updated_at` is no newer than
 * what the index already recorded (the suite's own write, `suite_updated_at`) is unchanged. Pure.
 */
export function countIndexUpdates(
  updated: readonly { number: number; updatedAt: number; open: boolean; pull: boolean; selftest: boolean }[],
  index: IndexView,
): number {
  let n = 0;
  for (const i of updated) {
    if (i.pull || i.selftest) continue;
    const known = index.issues[String(i.number)];
    if (!known) {
      if (i.open) n += 1; // newly opened: added
      continue;
    }
    if (!i.open) {
      n += 1; // closed: dropped
      continue;
    }
    const recorded = Math.max(
      Date.parse(known.updated_at ?? '') || 0,
      Date.parse(known.suite_updated_at ?? '') || 0,
    );
    // GitHub's timestamps have whole seconds; the emulator's clock has milliseconds.
    if (Math.floor(i.updatedAt / 1000) * 1000 > recorded) n += 1;
  }
  return n;
}

export function snapshotIssues(state: EmulatorState): IssueSnapshot[] {
  const repo = state.repo(BENCH_REPO);
  const project = state.findProject({ owner: 'org', login: repo.owner, number: 1 });
  const milestones = new Map([...repo.milestones.values()].map((m) => [m.number, m.title]));
  return state.listIssues(repo).map((i) => ({
    number: i.number,
    title: i.title,
    labels: i.labels.map((l) => l.name),
    milestone: i.milestone === null ? null : (milestones.get(i.milestone) ?? null),
    isPullRequest: i.pull !== undefined,
    open: i.state === 'open',
    inProject: project?.byIssue.has(i.id) ?? false,
  }));
}

/** The self-test's issue interval (the bench sets no variable for it). */
const SELFTEST_INTERVAL_HOURS = issueIntervalSetting.default;

/**
 * The issues activity reads timelines of, by the stage's own rule (core/activity/attribution.ts)
 * on the saved index, with the settings' defaults for the thresholds (the bench sets no variable
 * for them) and the run's read budget: open managed issues whose status differs between
 * `updated_at` and their last attribution.
 */
function attributionFacts(
  index: IssueIndex | undefined,
  now: number,
  budget: number,
): Pick<StageFacts, 'attributionCandidates' | 'attributionBudget'> {
  const defaults = (key: keyof typeof repositorySettings) =>
    (repositorySettings[key] as unknown as { default: number }).default;
  const thresholds = thresholdsOf({
    mainStaleDays: defaults('mainStaleDays'),
    mainEscalationDays: defaults('mainEscalationDays'),
    dashboardStaleDays: defaults('dashboardStaleDays'),
    dashboardEscalationDays: defaults('dashboardEscalationDays'),
  });
  const managed = Object.values(index?.issues ?? {}).filter(
    (i) =>
      i.state === 'open' &&
      !i.is_pull_request &&
      !isExcludedFromManagement(i, repositorySettings.selftestMilestone.default),
  );
  return {
    attributionCandidates: attributionCandidates(
      managed,
      (i) => thresholds[trackOfTitle(i.title)],
      new Date(now),
    ).length,
    attributionBudget: budget,
  };
}

/**
 * Facts at a stage's start. `mergedLatest` is the latest file per component as of the previous
 * telemetry merge (empty before the first); `localDir` the run's shared telemetry folder in
 * pipeline mode (what telemetry-merge gets as `telemetry-source`); `activityReadBudget` the
 * budget activity runs with (the default, but in the convergence runs).
 */
export function stageFacts(
  state: EmulatorState,
  mergedLatest: ReadonlyMap<string, string>,
  localDir?: string,
  activityReadBudget: number = PHASE_ACTIVITY_READ_BUDGET,
): StageFacts {
  const repo = state.repo(BENCH_REPO);
  const now = state.nowMs();
  const issues = state.listIssues(repo);
  const openListed = issues.filter((i) => i.state === 'open').length;
  const project = state.findProject({ owner: 'org', login: repo.owner, number: 1 });
  const repairs = countRepairs(snapshotIssues(state), {
    ...BENCH_CONFIG,
    projectConfigured: project !== undefined,
  });

  const indexText = state.readFile(repo, BENCH_CONFIG.pagesBranch, ISSUE_INDEX_PATH);
  const fullIndex = indexText === undefined ? undefined : parseIssueIndex(indexText, BENCH_REPO).index;
  const index: IndexView | undefined = fullIndex;
  // What GitHub lists for the stage's `since`: the cursor (`synced_at`, the server time of the
  // last list) less the overlap the index keeps against replication lag (core/issues/issue-index.ts).
  // The overlap is what guarantees that no edit made just before the cursor is skipped, so the
  // issues updated in it are listed again: after a first pass that is most of the suite's own
  // repairs, made in the minutes before the next stage took the cursor. They are part of the
  // least work, not waste the bound may leave out.
  const since = index ? Date.parse(index.synced_at) - SINCE_OVERLAP_MS : Number.NaN;
  const updatedSince = Number.isNaN(since) ? [] : issues.filter((i) => i.updatedAt >= since);
  const indexUpdates = index
    ? countIndexUpdates(
        updatedSince.map((i) => ({
          number: i.number,
          updatedAt: i.updatedAt,
          open: i.state === 'open',
          pull: i.pull !== undefined,
          selftest: i.labels.some((l) => l.name.toLowerCase() === 'codex-selftest'),
        })),
        index,
      )
    : 0;

  const missing =
    CONTRACT_LABELS.filter((l) => !state.findLabel(repo, l)).length +
    [BENCH_CONFIG.mainMilestone, BENCH_CONFIG.dashboardMilestone, BENCH_CONFIG.selftestMilestone].filter(
      (m) => !state.findMilestone(repo, m),
    ).length;

  const internal = state.findMilestone(repo, BENCH_CONFIG.selftestMilestone)?.number;
  const selftest = issues
    .filter(
      (i) =>
        !i.pull &&
        i.state === 'open' &&
        i.milestone === internal &&
        i.labels.some((l) => l.name.toLowerCase() === 'codex-selftest'),
    )
    .sort((a, b) => b.createdAt - a.createdAt || b.number - a.number);
  // The cleaner acts only on what the ledger proves the suite made (docs/cleaner.md): a self-test
  // issue with its entry (read, one request each), a telemetry file with an entry for its bytes
  // (dated by the entry's name, from the one listing).
  const hasEntry = (n: number) =>
    state.readFile(repo, BENCH_CONFIG.pagesBranch, selftestEntryPath(n)) !== undefined;
  // The newest 3 proven issues are kept (actions/cleaner/src/retention.ts): an issue without an
  // entry (this run's, whose entry telemetry-merge writes later in pipeline mode) takes no slot.
  const proven = selftest.filter((i) => hasEntry(i.number));
  const selftestLedgerReads = proven.length;
  const selftestRetire = proven
    .slice(SELFTEST_RETAIN)
    .filter((i) => i.createdAt < now - SELFTEST_MAX_AGE_DAYS * DAY).length;

  const paths = state.listFiles(repo, BENCH_CONFIG.pagesBranch, 'telemetry/');
  const named = paths.filter((p) => parseTelemetryName(p));
  const finishedByFile = new Map<string, number>();
  for (const path of state.listFiles(repo, BENCH_CONFIG.pagesBranch, TELEMETRY_LEDGER_DIR)) {
    const entry = parseTelemetryEntry(path);
    const text = entry && state.readFile(repo, BENCH_CONFIG.pagesBranch, entry.file);
    if (entry && text !== undefined && gitBlobSha(text) === entry.sha)
      finishedByFile.set(entry.file, entry.finishedMs);
  }
  const provenFiles = named.filter((p) => finishedByFile.has(p));
  const latest = new Set(latestTelemetry(provenFiles).values());
  const telemetryPrune = provenFiles.filter(
    (p) => !latest.has(p) && finishedByFile.get(p)! < now - TELEMETRY_MAX_AGE_DAYS * DAY,
  ).length;
  const componentsToMerge = [...latestTelemetry(named)].filter(
    ([c, p]) => DASHBOARD_COMPONENTS.includes(c) && mergedLatest.get(c) !== p,
  ).length;
  const sources = mergeSources(named, localTelemetryComponents(localDir));

  // Self-test issues filed within the interval (newest first) and whether the ledger proves the newest.
  const recent = selftest.filter((i) => now - i.createdAt < SELFTEST_INTERVAL_HOURS * 3_600_000);
  const newest = recent[0];
  const selftestProven =
    newest !== undefined &&
    state.readFile(repo, BENCH_CONFIG.pagesBranch, selftestEntryPath(newest.number)) !== undefined;

  return {
    // Judged at the stage's own time: a stage process runs on the real clock, while the
    // emulator's moves an hour ahead between phases.
    ...attributionFacts(fullIndex, Date.now(), activityReadBudget),
    selftestRecent: recent.length,
    selftestProven,
    openListed,
    projectItems: project ? project.items.size : 0,
    projectConfigured: project !== undefined,
    indexExists: index !== undefined,
    updatedSinceIndex: updatedSince.length,
    indexUpdates,
    issueRepairs: repairs.issueRepairs,
    projectAdds: repairs.projectAdds,
    missingLabelsAndMilestones: missing,
    selftestRetire,
    selftestLedgerReads,
    telemetryFiles: named.length,
    telemetryPrune,
    componentsToMerge,
    ...sources,
    dashboardExists: state.readFile(repo, BENCH_CONFIG.pagesBranch, 'dashboard/dashboard.json') !== undefined,
  };
}
