import { createRandom, intBetween, pick, type Random } from './prng.js';
import type { EmulatorState } from './state.js';
import type { LabelRecord, ProjectRef } from './types.js';
import { parseTime } from './wire/time.js';

/** Knobs of the synthetic repository generator. */
export interface GeneratorOptions {
  openIssues: number;
  closedIssues: number;
  pullRequests: number;
  /** Share (0..1) of managed issues that miss at least one of: codex label, track label, milestone, project item. */
  driftRate: number;
  seed: number;
  /** Reference time; ages are spread over the `maxAgeDays` before it. Default: the emulator's now. */
  now?: Date | string | number;
  maxAgeDays?: number;
  /** Share (0..1) of issues whose title names the dashboard. */
  dashboardShare?: number;
  mainMilestone?: string;
  dashboardMilestone?: string;
  internalMilestone?: string;
  /** Project the managed issues belong to; `false` for none. Default: org project 1 of the repository owner. */
  project?: (ProjectRef & { title?: string }) | false;
}

export const GENERATOR_DEFAULTS = {
  maxAgeDays: 120,
  dashboardShare: 0.2,
  mainMilestone: 'Codex Main',
  dashboardMilestone: 'Codex Dashboard',
  internalMilestone: 'Codex Internal',
  labels: {
    codex: 'codex',
    trackMain: 'codex-trackmain',
    trackDashboard: 'codex-trackdashboard',
    selftest: 'codex-selftest',
  },
  otherLabels: ['bug', 'enhancement', 'documentation', 'question', 'performance', 'good first issue'],
} as const;

export interface DriftCounts {
  /** Issues missing the `codex` label. */
  codexLabel: number;
  /** Issues missing their track label. */
  trackLabel: number;
  /** Issues missing their track milestone. */
  milestone: number;
  /** Issues that are not items of the project. */
  project: number;
  /** Issues with at least one of the above. */
  anyDrift: number;
}

export interface GeneratedReport {
  options: Required<Omit<GeneratorOptions, 'now' | 'project'>> & { now: string; project: ProjectRef | null };
  counts: {
    /** Issues (pull requests excluded). */
    issues: number;
    open: number;
    closed: number;
    pullRequests: number;
    dashboard: number;
    main: number;
    /** Issues whose title contains "dashboard" in a letter case other than all lower case. */
    dashboardMixedCase: number;
  };
  /** Drift over every generated issue. */
  drift: DriftCounts;
  /** Drift over open issues only. */
  openDrift: DriftCounts;
  /** Issue numbers used (inclusive). */
  firstNumber: number;
  lastNumber: number;
}

const DAY = 86_400_000;
const DASHBOARD_SPELLINGS = ['dashboard', 'Dashboard', 'DASHBOARD', 'DashBoard', 'dashBoard'];
const VERBS = [
  'Fix',
  'Improve',
  'Refactor',
  'Add',
  'Remove',
  'Investigate',
  'Document',
  'Speed up',
  'Harden',
  'Clean up',
];
const THINGS = [
  'retry logic',
  'label sync',
  'milestone lookup',
  'token handling',
  'pagination',
  'error reporting',
  'cache invalidation',
  'config loading',
  'telemetry upload',
  'stale detection',
  'chart tooltips',
  'history trend',
  'date formatting',
  'empty state',
];
const AREAS = [
  'API client',
  'pipeline',
  'cleaner',
  'supervisor',
  'activity report',
  'docs',
  'CLI',
  'workflow',
  'self-test',
];

function emptyDrift(): DriftCounts {
  return { codexLabel: 0, trackLabel: 0, milestone: 0, project: 0, anyDrift: 0 };
}

function title(random: Random, dashboard: boolean): string {
  const verb = pick(random, VERBS);
  const thing = pick(random, THINGS);
  if (!dashboard) {
    const roll = random();
    if (roll < 0.03) return `${verb} ${thing} near the dash board`; // not the dashboard track
    return `${verb} ${thing} in ${pick(random, AREAS)}`;
  }
  const word = pick(random, DASHBOARD_SPELLINGS);
  switch (intBetween(random, 0, 3)) {
    case 0:
      return `${word}: ${verb.toLowerCase()} ${thing}`;
    case 1:
      return `${verb} ${thing} on the ${word}`;
    case 2:
      return `[${word}] ${thing} broken`;
    default:
      return `${verb} ${thing} (telemetry${word})`;
  }
}

/**
 * Fills a repository with a deterministic, realistic population of issues and pull requests.
 * Same options and seed, same repository. Creates the contract's labels and milestones if missing.
 */
export function generateRepository(
  state: EmulatorState,
  repoName: string,
  options: GeneratorOptions,
): GeneratedReport {
  const random = createRandom(options.seed);
  const now = parseTime(options.now) ?? state.nowMs();
  const resolved = {
    openIssues: options.openIssues,
    closedIssues: options.closedIssues,
    pullRequests: options.pullRequests,
    driftRate: options.driftRate,
    seed: options.seed,
    maxAgeDays: options.maxAgeDays ?? GENERATOR_DEFAULTS.maxAgeDays,
    dashboardShare: options.dashboardShare ?? GENERATOR_DEFAULTS.dashboardShare,
    mainMilestone: options.mainMilestone ?? GENERATOR_DEFAULTS.mainMilestone,
    dashboardMilestone: options.dashboardMilestone ?? GENERATOR_DEFAULTS.dashboardMilestone,
    internalMilestone: options.internalMilestone ?? GENERATOR_DEFAULTS.internalMilestone,
  };
  const repo = state.findRepo(repoName) ?? state.addRepo(repoName);
  const names = GENERATOR_DEFAULTS.labels;
  const colors: Record<string, string> = {
    [names.codex]: '5319e7',
    [names.trackMain]: '0e8a16',
    [names.trackDashboard]: '1d76db',
    [names.selftest]: 'fbca04',
  };
  for (const name of [...Object.values(names), ...GENERATOR_DEFAULTS.otherLabels]) {
    state.addLabel(repo, { name, color: colors[name] ?? 'c5def5' });
  }
  const milestone = (titleText: string): number =>
    (state.findMilestone(repo, titleText) ?? state.addMilestone(repo, { title: titleText })).number;
  const mainMilestone = milestone(resolved.mainMilestone);
  const dashboardMilestone = milestone(resolved.dashboardMilestone);
  milestone(resolved.internalMilestone);

  let project = null as ReturnType<EmulatorState['addProject']> | null;
  if (options.project !== false) {
    const ref = options.project ?? { owner: 'org' as const, login: repo.owner, number: 1 };
    project =
      state.findProject(ref) ??
      state.addProject({ ...ref, title: options.project ? (options.project.title ?? 'Codex') : 'Codex' });
  }

  const label = (name: string): LabelRecord => state.findLabel(repo, name) as LabelRecord;
  const codex = label(names.codex);
  const trackMain = label(names.trackMain);
  const trackDashboard = label(names.trackDashboard);
  const others = GENERATOR_DEFAULTS.otherLabels.map(label);
  const users = ['octocat', 'hubot', 'monalisa', 'mona-lee', 'codex-dev', 'release-bot[bot]', 'alice', 'bob'];

  const report: GeneratedReport = {
    options: {
      ...resolved,
      now: new Date(now).toISOString(),
      project: project ? { owner: project.owner, login: project.login, number: project.number } : null,
    },
    counts: { issues: 0, open: 0, closed: 0, pullRequests: 0, dashboard: 0, main: 0, dashboardMixedCase: 0 },
    drift: emptyDrift(),
    openDrift: emptyDrift(),
    firstNumber: repo.nextNumber,
    lastNumber: repo.nextNumber - 1,
  };

  const total = options.openIssues + options.closedIssues + options.pullRequests;
  // Interleave kinds deterministically so numbers mix issues, closed issues and pull requests.
  let openLeft = options.openIssues;
  let closedLeft = options.closedIssues;
  let pullsLeft = options.pullRequests;
  const span = resolved.maxAgeDays * DAY;
  for (let i = 0; i < total; i += 1) {
    const roll = random() * (openLeft + closedLeft + pullsLeft);
    const kind = roll < openLeft ? 'open' : roll < openLeft + closedLeft ? 'closed' : 'pull';
    if (kind === 'open') openLeft -= 1;
    else if (kind === 'closed') closedLeft -= 1;
    else pullsLeft -= 1;

    // Older issues get lower numbers: creation times increase with i, with jitter.
    const createdAt = Math.round(now - span + (span * (i + random())) / Math.max(total, 1));
    const age = now - createdAt;
    // Skew updates towards the past so that many open issues look stale.
    const updatedAt = Math.round(createdAt + age * random() ** 2);
    const user = pick(random, users);

    if (kind === 'pull') {
      state.addPullRequest(repo, {
        title: `${pick(random, VERBS)} ${pick(random, THINGS)}`,
        body: 'Generated pull request.',
        user,
        created_at: createdAt,
        updated_at: updatedAt,
        head: { ref: `feature/${i}`, sha: (i + 1).toString(16).padStart(40, '0') },
        files: [
          {
            filename: `src/file-${i % 50}.ts`,
            status: 'modified',
            additions: 3,
            deletions: 1,
            patch: '@@ -1,2 +1,4 @@\n line\n-old\n+new\n+more\n+lines',
          },
        ],
      });
      report.counts.pullRequests += 1;
      continue;
    }

    const dashboard = random() < resolved.dashboardShare;
    const text = title(random, dashboard);
    const drifted = random() < options.driftRate;
    let missCodex = false;
    let missTrack = false;
    let missMilestone = false;
    let missProject = false;
    if (drifted) {
      while (!(missCodex || missTrack || missMilestone || missProject)) {
        missCodex = random() < 0.5;
        missTrack = random() < 0.5;
        missMilestone = random() < 0.5;
        missProject = project !== null && random() < 0.5;
      }
    }
    const labels: LabelRecord[] = [];
    if (!missCodex) labels.push(codex);
    if (!missTrack) labels.push(dashboard ? trackDashboard : trackMain);
    if (random() < 0.3) labels.push(pick(random, others));
    const closed = kind === 'closed';
    const closedAt = closed ? Math.round(createdAt + (updatedAt - createdAt) * (0.5 + random() / 2)) : null;
    const issue = state.addIssue(repo, {
      title: text,
      body: random() < 0.8 ? `Generated issue ${i}.` : null,
      user,
      state: closed ? 'closed' : 'open',
      created_at: createdAt,
      updated_at: updatedAt,
      closed_at: closedAt,
      assignees: random() < 0.25 ? [pick(random, users.slice(0, 5))] : [],
    });
    issue.labels = labels;
    issue.milestone = missMilestone ? null : dashboard ? dashboardMilestone : mainMilestone;
    if (closed) issue.stateReason = random() < 0.85 ? 'completed' : 'not_planned';
    if (project && !missProject) state.addProjectItem(project, issue);

    report.counts.issues += 1;
    if (closed) report.counts.closed += 1;
    else report.counts.open += 1;
    if (dashboard) report.counts.dashboard += 1;
    else report.counts.main += 1;
    if (dashboard && !text.includes('dashboard')) report.counts.dashboardMixedCase += 1;
    for (const drift of closed ? [report.drift] : [report.drift, report.openDrift]) {
      if (missCodex) drift.codexLabel += 1;
      if (missTrack) drift.trackLabel += 1;
      if (missMilestone) drift.milestone += 1;
      if (missProject) drift.project += 1;
      if (drifted) drift.anyDrift += 1;
    }
  }
  report.lastNumber = repo.nextNumber - 1;
  state.changed(repo, true);
  return report;
}
