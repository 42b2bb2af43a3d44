/**
 * The settings schema: the single source of truth for every setting of the suite — its input
 * name, its environment variable, its type and its documented default. Resolution, validation,
 * the `inputs:` of every action.yml and docs/reference/configuration.md are all derived from it.
 */
import { GITHUB_TOKEN_INPUT } from './token-gate.js';
export type SettingKind = 'string' | 'integer' | 'boolean' | 'enum' | 'project' | 'repository' | 'secret';

export interface SettingDef {
  /** kebab-case action input name */
  readonly input: string;
  /** environment variable (repository variables are mapped into it by the workflows) */
  readonly env?: string;
  readonly kind: SettingKind;
  /** documented default, used when neither input nor environment gives a value */
  readonly default?: string | number | boolean;
  /** default written into action.yml (an expression such as `${{ github.token }}`) */
  readonly actionDefault?: string;
  readonly description: string;
  /** integer bounds (inclusive) */
  readonly min?: number;
  readonly max?: number;
  /** enum members */
  readonly values?: readonly string[];
  /** when absent: the feature that needs it is disabled and a warning names the setting */
  readonly requiredFor?: string;
}

export type SettingDefs = Readonly<Record<string, SettingDef>>;

/** Dashboards and telemetry are GitHub-scale: day counts above ~27 years are a typo, not a plan. */
const MAX_DAYS = 10_000;

/** Inputs every stage takes (contract: "Inputs every stage takes"). */
export const commonSettings = {
  githubToken: {
    input: GITHUB_TOKEN_INPUT,
    kind: 'secret',
    actionDefault: '${{ github.token }}',
    description: 'Token for the GitHub API. The reusable workflows pass `secrets.GH_CI_PAT` when it is set.',
  },
  repository: {
    input: 'repository',
    env: 'GITHUB_REPOSITORY',
    kind: 'repository',
    actionDefault: '${{ github.repository }}',
    description: '`owner/name` of the repository to act on.',
  },
  dryRun: {
    input: 'dry-run',
    env: 'CODEX_DRY_RUN',
    kind: 'boolean',
    default: false,
    description: 'Plan and report every change, make none.',
  },
  telemetryDir: {
    input: 'telemetry-dir',
    kind: 'string',
    actionDefault: '${{ runner.temp }}/codex-telemetry',
    description: 'Folder where the stage writes its telemetry file.',
  },
  publish: {
    input: 'publish',
    env: 'CODEX_PUBLISH',
    kind: 'enum',
    values: ['gh-pages', 'none'],
    default: 'gh-pages',
    description: '`gh-pages`: also commit the telemetry file to the pages branch; `none`: local file only.',
  },
  pagesBranch: {
    input: 'pages-branch',
    env: 'CODEX_PAGES_BRANCH',
    kind: 'string',
    default: 'gh-pages',
    description:
      "Branch that holds `telemetry/` and `dashboard/`; never the repository's default branch (writes there are refused).",
  },
  failOnError: {
    input: 'fail-on-error',
    env: 'CODEX_FAIL_ON_ERROR',
    kind: 'boolean',
    default: false,
    description: '`true`: a stage whose status is `error` exits non-zero.',
  },
  maxWrites: {
    input: 'max-writes',
    env: 'CODEX_MAX_WRITES',
    kind: 'integer',
    default: 500,
    min: 0,
    max: 100_000,
    description:
      'Operation budget: the most write requests one run may make. Changes beyond it are reported as deferred and made by the next run.',
  },
  maxRateLimitWait: {
    input: 'max-rate-limit-wait',
    env: 'CODEX_MAX_RATE_LIMIT_WAIT',
    kind: 'integer',
    default: 120,
    min: 0,
    max: 3600,
    description:
      'Longest wait, in seconds, for a rate limit to reset. A longer wait stops the stage cleanly as `degraded`.',
  },
  writeIntervalMs: {
    input: 'write-interval-ms',
    env: 'CODEX_WRITE_INTERVAL_MS',
    kind: 'integer',
    default: 1000,
    min: 0,
    max: 60_000,
    description:
      'Pause between two write requests, in milliseconds (GitHub asks integrators for one second; a local test bed can use 0).',
  },
  retryBaseMs: {
    input: 'retry-base-ms',
    env: 'CODEX_RETRY_BASE_MS',
    kind: 'integer',
    default: 1000,
    min: 0,
    max: 60_000,
    description:
      'Base wait, in milliseconds, before retrying a request that failed on a server error or a dropped connection (a local test bed can use less).',
  },
  requestTimeoutMs: {
    input: 'request-timeout-ms',
    env: 'CODEX_REQUEST_TIMEOUT_MS',
    kind: 'integer',
    default: 30_000,
    min: 1,
    max: 600_000,
    description: 'Longest wait, in milliseconds, for one GitHub API answer before it is retried.',
  },
} as const satisfies SettingDefs;

/** Repository settings of the contract's configuration table. */
export const repositorySettings = {
  mainMilestone: {
    input: 'main-milestone',
    env: 'CODEX_MAIN_MILESTONE',
    kind: 'string',
    requiredFor: 'milestone repair of main-track issues',
    description: 'Milestone that holds main-track issues.',
  },
  dashboardMilestone: {
    input: 'dashboard-milestone',
    env: 'CODEX_DASHBOARD_MILESTONE',
    kind: 'string',
    requiredFor: 'milestone repair of dashboard-track issues',
    description: 'Milestone that holds dashboard-track issues.',
  },
  selftestMilestone: {
    input: 'selftest-milestone',
    env: 'CODEX_SELFTEST_MILESTONE',
    kind: 'string',
    default: 'Codex Internal',
    description: 'Milestone that holds self-test and internal issues.',
  },
  project: {
    input: 'project',
    env: 'CODEX_PROJECT',
    kind: 'project',
    requiredFor: 'Projects (v2) membership',
    description: 'Projects (v2) project: `orgs/<org>/projects/<n>`, `users/<user>/projects/<n>` or its URL.',
  },
  selftestRetain: {
    input: 'selftest-retain',
    env: 'CODEX_SELFTEST_RETAIN',
    kind: 'integer',
    default: 3,
    min: 0,
    max: 1000,
    description: 'Newest self-test issues the cleaner always keeps.',
  },
  selftestMaxAgeDays: {
    input: 'selftest-max-age-days',
    env: 'CODEX_SELFTEST_MAX_AGE_DAYS',
    kind: 'integer',
    default: 7,
    min: 0,
    max: MAX_DAYS,
    description: 'Age in days after which a self-test issue beyond the retained ones is retired.',
  },
  telemetryMaxAgeDays: {
    input: 'telemetry-max-age-days',
    env: 'CODEX_TELEMETRY_MAX_AGE_DAYS',
    kind: 'integer',
    default: 30,
    min: 1,
    max: MAX_DAYS,
    description: 'Age in days after which telemetry files are pruned from the pages branch.',
  },
  mainStaleDays: {
    input: 'main-stale-days',
    env: 'CODEX_MAIN_STALE_DAYS',
    kind: 'integer',
    default: 14,
    min: 1,
    max: MAX_DAYS,
    description: 'Days without human activity after which a main-track issue is stale.',
  },
  mainEscalationDays: {
    input: 'main-escalation-days',
    env: 'CODEX_MAIN_ESCALATION_DAYS',
    kind: 'integer',
    default: 30,
    min: 1,
    max: MAX_DAYS,
    description: 'Days without human activity after which a main-track issue is escalated.',
  },
  dashboardStaleDays: {
    input: 'dashboard-stale-days',
    env: 'CODEX_DASHBOARD_STALE_DAYS',
    kind: 'integer',
    default: 14,
    min: 1,
    max: MAX_DAYS,
    description: 'Days without human activity after which a dashboard-track issue is stale.',
  },
  dashboardEscalationDays: {
    input: 'dashboard-escalation-days',
    env: 'CODEX_DASHBOARD_ESCALATION_DAYS',
    kind: 'integer',
    default: 30,
    min: 1,
    max: MAX_DAYS,
    description: 'Days without human activity after which a dashboard-track issue is escalated.',
  },
  activityIgnoreActors: {
    input: 'activity-ignore-actors',
    env: 'CODEX_ACTIVITY_IGNORE_ACTORS',
    kind: 'string',
    default: '',
    description:
      "Comma-separated logins whose actions are not human activity: machine users that are plain accounts. Bot accounts (`[bot]` logins, `type: Bot`) and the token's own identity never count anyway. See docs/activity.md.",
  },
  activityReadBudget: {
    input: 'activity-read-budget',
    env: 'CODEX_ACTIVITY_READ_BUDGET',
    kind: 'integer',
    default: 200,
    min: 0,
    max: 5000,
    description:
      'Most requests one run spends reading issue timelines to attribute activity to people; issues left over are read by later runs and until then judged by `updated_at` ("assumed"). 0 turns attribution off. See docs/activity.md.',
  },
} as const satisfies SettingDefs;

/**
 * Verdict thresholds. A track is red when any red rule fires, else yellow when any yellow rule
 * fires, else green. A threshold of 0 turns its rule off. See docs/supervisor.md. They live here, beside
 * the rules that compare them (setting-rules.ts), so diagnostics can check them too.
 */
export const verdictSettings = {
  yellowStalePercent: {
    input: 'yellow-stale-percent',
    env: 'CODEX_SUPERVISOR_YELLOW_STALE_PERCENT',
    kind: 'integer',
    default: 25,
    min: 0,
    max: 100,
    description:
      'Yellow when at least this percentage of a track’s open issues is stale or escalated (0 turns the rule off).',
  },
  redStalePercent: {
    input: 'red-stale-percent',
    env: 'CODEX_SUPERVISOR_RED_STALE_PERCENT',
    kind: 'integer',
    default: 50,
    min: 0,
    max: 100,
    description:
      'Red when at least this percentage of a track’s open issues is stale or escalated (0 turns the rule off).',
  },
  yellowEscalatedCount: {
    input: 'yellow-escalated-count',
    env: 'CODEX_SUPERVISOR_YELLOW_ESCALATED_COUNT',
    kind: 'integer',
    default: 1,
    min: 0,
    max: 100_000,
    description: 'Yellow when a track has at least this many escalated issues (0 turns the rule off).',
  },
  redEscalatedCount: {
    input: 'red-escalated-count',
    env: 'CODEX_SUPERVISOR_RED_ESCALATED_COUNT',
    kind: 'integer',
    default: 3,
    min: 0,
    max: 100_000,
    description: 'Red when a track has at least this many escalated issues (0 turns the rule off).',
  },
  yellowDriftCount: {
    input: 'yellow-drift-count',
    env: 'CODEX_SUPERVISOR_YELLOW_DRIFT_COUNT',
    kind: 'integer',
    default: 1,
    min: 0,
    max: 100_000,
    description:
      'Yellow when at least this many of a track’s open issues have drift left (missing label, milestone or project membership; 0 turns the rule off).',
  },
  redDriftCount: {
    input: 'red-drift-count',
    env: 'CODEX_SUPERVISOR_RED_DRIFT_COUNT',
    kind: 'integer',
    default: 10,
    min: 0,
    max: 100_000,
    description:
      'Red when at least this many of a track’s open issues have drift left (0 turns the rule off).',
  },
} as const satisfies SettingDefs;
