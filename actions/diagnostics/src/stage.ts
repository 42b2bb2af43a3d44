import { httpStatusOf, messageOf, rethrowIfRateLimited } from '@codex-suite/core/github/errors';
import { formatProjectRef } from '@codex-suite/core/project-ref';
import { defaultBranchRefusal, isDefaultBranch } from '@codex-suite/core/pages/branch-rule';
import {
  type LabelInfo,
  type MilestoneInfo,
  type RepoInfo,
  getRepoInfo,
  listLabels,
  listMilestones,
} from '@codex-suite/core/repo-lookups';
import { RULE_SETTINGS } from '@codex-suite/core/setting-rules';
import { type SettingDef, repositorySettings } from '@codex-suite/core/settings';
import { type Check, projectAccess } from '@codex-suite/core/checks';
import { defineStage, type StageContext } from '@codex-suite/core/stage';
import { table } from '@codex-suite/core/markdown-safe';
import {
  configuredMilestones,
  labelChecks,
  milestoneCheck,
  missingFolders,
  missingLabels,
} from './checks.js';
import { dashboardUrl, pagesSiteCheck, readPagesSite } from './pages-site.js';
import { repairSetting } from './settings.js';
import { checkVariable } from './variables.js';

export const settings = {
  mainMilestone: repositorySettings.mainMilestone,
  dashboardMilestone: repositorySettings.dashboardMilestone,
  selftestMilestone: repositorySettings.selftestMilestone,
  project: repositorySettings.project,
  selftestRetain: repositorySettings.selftestRetain,
  selftestMaxAgeDays: repositorySettings.selftestMaxAgeDays,
  telemetryMaxAgeDays: repositorySettings.telemetryMaxAgeDays,
  mainStaleDays: repositorySettings.mainStaleDays,
  mainEscalationDays: repositorySettings.mainEscalationDays,
  dashboardStaleDays: repositorySettings.dashboardStaleDays,
  dashboardEscalationDays: repositorySettings.dashboardEscalationDays,
  // Every setting a rule across settings reads: the runner then holds diagnostics to every rule
  // that any stage is held to.
  ...RULE_SETTINGS,
  repair: repairSetting,
} as const;

type Ctx = StageContext<typeof settings>;

export interface Repair {
  kind: string;
  target: string;
  description: string;
  outcome: 'applied' | 'planned' | 'deferred' | 'failed';
  error?: string;
}

export interface DiagnosticsTelemetry {
  checks: Check[];
  repairs: Repair[];
  failed_checks: number;
  /** whether the token could read the repository variables (null: not tried) */
  variables_readable: boolean | null;
  /** whether GitHub Pages is on for the repository (null: not known) */
  pages_enabled: boolean | null;
  /** where GitHub Pages serves (or, once enabled, will serve) the dashboard; null when unknown */
  dashboard_url: string | null;
}

const empty: DiagnosticsTelemetry = {
  checks: [],
  repairs: [],
  failed_checks: 0,
  variables_readable: null,
  pages_enabled: null,
  dashboard_url: null,
};

export const stage = defineStage({
  id: 'diagnostics',
  component: 'diagnostics',
  name: 'Codex diagnostics',
  description:
    'Validates configuration: variables, labels, milestones, project and pages-branch layout; can repair.',
  branding: { icon: 'activity', color: 'red' },
  settings,
  outputs: {
    'failed-checks': 'Number of checks that failed (after any repair).',
    'dashboard-url':
      'Where GitHub Pages serves (or, once enabled, will serve) the dashboard; empty when unknown.',
  },
  emptyTelemetry: empty,
  async run(ctx) {
    const checks: Check[] = [];
    const repairs: Repair[] = [];
    const telemetry: DiagnosticsTelemetry = { ...empty, checks, repairs };

    const repo = await tokenChecks(ctx, checks);
    await variableChecks(ctx, checks, telemetry);
    if (repo) {
      await labelAndMilestoneChecks(ctx, checks, repairs);
      await projectCheck(ctx, checks);
      await pagesChecks(ctx, checks, repairs, repo);
      const site = await readPagesSite(ctx.github, ctx.repo);
      const url = dashboardUrl(site, ctx.repo, ctx.runner.serverUrl);
      checks.push(pagesSiteCheck(site, ctx.settings.pagesBranch, url));
      telemetry.pages_enabled = site.state === 'unreadable' ? null : site.state === 'on';
      telemetry.dashboard_url = url;
    }

    const failed = checks.filter((c) => !c.ok);
    telemetry.failed_checks = failed.length;
    for (const c of failed) {
      ctx.io.warning(c.message, { title: `Codex diagnostics: ${c.name}` });
      // A degraded run names its causes in the structured errors, as every stage does.
      ctx.report({ code: 'check_failed', message: `${c.name}: ${c.message}` });
    }
    const done = repairs.filter((r) => r.outcome === 'applied').length;
    const planned = repairs.filter((r) => r.outcome === 'planned').length;
    const repairNote =
      repairs.length === 0
        ? ''
        : ctx.dryRun
          ? `; would repair ${planned}`
          : `; repaired ${done} of ${repairs.length}`;
    const summary =
      failed.length === 0
        ? `Codex diagnostics: all ${checks.length} checks passed${repairNote}.`
        : `Codex diagnostics: ${failed.length} of ${checks.length} checks failed (${failed
            .map((c) => c.name)
            .join(', ')})${repairNote}.`;
    return {
      status: failed.length === 0 && repairs.every((r) => r.outcome !== 'failed') ? 'ok' : 'degraded',
      summary,
      report: renderReport(checks, repairs, ctx.dryRun),
      telemetry,
      outputs: { 'failed-checks': String(failed.length), 'dashboard-url': telemetry.dashboard_url ?? '' },
    };
  },
});

async function tokenChecks(ctx: Ctx, checks: Check[]): Promise<RepoInfo | undefined> {
  try {
    const info = await getRepoInfo(ctx.github, ctx.repo);
    checks.push({ name: 'token', ok: true, message: `The token can read ${info.fullName}.` });
    const push = info.permissions?.push;
    checks.push({
      name: 'token write access',
      ok: push !== false,
      message:
        push === false
          ? `The token may not push to ${ctx.repository}, so telemetry cannot be published and nothing can be repaired. Pass a GH_CI_PAT with repo and project scopes as github-token, or grant the workflow permissions: contents: write, issues: write.`
          : push === true
            ? `The token may push to ${ctx.repository}${info.permissions?.admin ? ' and is an administrator (the cleaner can delete issues)' : ' (not an administrator: the cleaner closes issues instead of deleting them)'}.`
            : 'GitHub does not report this token’s permissions; write access is proven when the stages publish telemetry.',
    });
    return info;
  } catch (error) {
    rethrowIfRateLimited(error);
    const status = httpStatusOf(error);
    checks.push({
      name: 'token',
      ok: false,
      message:
        status === 401
          ? 'The token was rejected (HTTP 401: bad credentials). Renew the GH_CI_PAT secret (Settings → Secrets and variables → Actions → Secrets) or pass a valid github-token.'
          : `The token cannot read ${ctx.repository} (${status ? `HTTP ${status}` : messageOf(error)}). Check the repository input and give the token access to the repository.`,
    });
    return undefined;
  }
}

const REPOSITORY_SETTINGS = Object.entries(settings).filter(([key]) => key !== 'repair') as [
  string,
  SettingDef,
][];

async function variableChecks(ctx: Ctx, checks: Check[], telemetry: DiagnosticsTelemetry): Promise<void> {
  let repositoryVariables: Map<string, string> | undefined;
  try {
    const variables = (await ctx.github.paginate('GET /repos/{owner}/{repo}/actions/variables', {
      ...ctx.repo,
      per_page: 30,
    })) as unknown as { name: string; value: string }[];
    repositoryVariables = new Map(variables.map((v) => [v.name.toUpperCase(), v.value]));
    telemetry.variables_readable = true;
    checks.push({
      name: 'repository variables',
      ok: true,
      message: `${[...repositoryVariables.keys()].filter((n) => n.startsWith('CODEX_')).length} CODEX_* repository variable(s) readable.`,
    });
  } catch (error) {
    telemetry.variables_readable = false;
    // Not a failure: most tokens may not read variables. It only means "unmapped" and "unset" look alike.
    checks.push({
      name: 'repository variables',
      ok: true,
      message: `The token may not read repository variables (${httpStatusOf(error) ? `HTTP ${httpStatusOf(error)}` : messageOf(error)}); a variable that is set but not mapped into the job looks the same as one that is not set. Noted, not a failure.`,
    });
  }
  const values = ctx.settings as unknown as Record<string, unknown>;
  for (const [key, def] of REPOSITORY_SETTINGS) {
    const fromInput = ctx.io.getInput(def.input).trim();
    const fromEnv = def.env ? (ctx.io.getEnv(def.env) ?? '').trim() : '';
    const source = fromInput ? 'input' : fromEnv ? 'env' : def.default !== undefined ? 'default' : 'unset';
    const value = values[key];
    checks.push(
      checkVariable(
        {
          def,
          value:
            value === undefined
              ? undefined
              : key === 'project'
                ? formatProjectRef(value as never)
                : String(value),
          source,
          repositoryValue: def.env ? repositoryVariables?.get(def.env) : undefined,
        },
        repositoryVariables !== undefined,
      ),
    );
  }
}

async function labelAndMilestoneChecks(ctx: Ctx, checks: Check[], repairs: Repair[]): Promise<void> {
  let labels: LabelInfo[] | undefined;
  try {
    labels = await listLabels(ctx.github, ctx.repo);
  } catch (error) {
    checks.push({ name: 'labels', ok: false, message: `Could not list labels: ${messageOf(error)}.` });
  }
  if (labels) {
    const created = new Set<string>();
    const planned = new Set<string>();
    if (ctx.settings.repair) {
      for (const spec of missingLabels(labels)) {
        const repair = await applyRepair(ctx, repairs, {
          kind: 'label.create',
          target: spec.name,
          description: `create the label '${spec.name}' (#${spec.color})`,
          perform: () =>
            ctx.github.rest.issues.createLabel({
              ...ctx.repo,
              name: spec.name,
              color: spec.color,
              description: spec.description,
            }),
        });
        if (repair.outcome === 'applied') created.add(spec.name);
        if (repair.outcome === 'planned') planned.add(spec.name);
      }
    }
    for (const check of labelChecks(labels)) {
      const name = check.name.slice('label '.length);
      checks.push(
        created.has(name)
          ? { ...check, ok: true, message: `The label '${name}' was missing; created by repair.` }
          : planned.has(name)
            ? { ...check, message: `${check.message} Dry run: repair would create it.` }
            : check,
      );
    }
  }

  let milestones: MilestoneInfo[] | undefined;
  try {
    milestones = await listMilestones(ctx.github, ctx.repo);
  } catch (error) {
    checks.push({
      name: 'milestones',
      ok: false,
      message: `Could not list milestones: ${messageOf(error)}.`,
    });
    return;
  }
  for (const wanted of configuredMilestones(ctx.settings)) {
    const { missing, ...check } = milestoneCheck(milestones, wanted);
    if (missing && ctx.settings.repair) {
      const repair = await applyRepair(ctx, repairs, {
        kind: 'milestone.create',
        target: wanted.title,
        description: `create the milestone '${wanted.title}'`,
        perform: () =>
          ctx.github.rest.issues.createMilestone({
            ...ctx.repo,
            title: wanted.title,
            description:
              wanted.role === 'self-test'
                ? 'Codex self-test and internal issues'
                : `Codex ${wanted.role}-track issues`,
          }),
      });
      if (repair.outcome === 'applied') {
        checks.push({
          ...check,
          ok: true,
          message: `The milestone '${wanted.title}' was missing; created by repair.`,
        });
        continue;
      }
      if (repair.outcome === 'planned') {
        checks.push({ ...check, message: `${check.message} Dry run: repair would create it.` });
        continue;
      }
    }
    checks.push(check);
  }
}

async function projectCheck(ctx: Ctx, checks: Check[]): Promise<void> {
  const project = ctx.settings.project;
  if (!project) return; // the variable check already names the project setting as not set
  checks.push({ name: 'project', ...(await projectAccess(ctx.github, project)) });
}

async function pagesChecks(ctx: Ctx, checks: Check[], repairs: Repair[], repo: RepoInfo): Promise<void> {
  const branch = ctx.settings.pagesBranch;
  // The suite never writes there: nothing to check or repair but the setting itself.
  if (isDefaultBranch(branch, repo.defaultBranch)) {
    checks.push({
      name: 'pages branch',
      ok: false,
      message: defaultBranchRefusal(branch, repo.fullName),
    });
    return;
  }
  let exists: boolean;
  let paths: string[] = [];
  try {
    exists = await ctx.pages.exists();
    if (exists) paths = (await ctx.pages.list('')).map((e) => e.path);
  } catch (error) {
    checks.push({
      name: 'pages branch',
      ok: false,
      message: `Could not read the ${branch} branch: ${messageOf(error)}. Give the token contents: read (and write, to publish).`,
    });
    return;
  }
  // telemetry-merge creates dashboard/ at the end of the first pipeline run: before it has ever
  // published, a missing dashboard/ is expected, not a fault.
  const mergeHasPublished = paths.some((p) => p.startsWith('telemetry/telemetry-merge-'));
  const absent = missingFolders(paths);
  const missing = absent.filter((f) => f.folder !== 'dashboard/' || mergeHasPublished || !exists);
  const awaitingMerge = absent.length > missing.length;
  let repaired = false;
  let plannedNote = '';
  if (ctx.settings.repair && (!exists || missing.length > 0)) {
    const files = Object.fromEntries(missing.map((f) => [f.placeholder, '']));
    const repair = await applyRepair(ctx, repairs, {
      kind: 'pages.commit',
      target: branch,
      description: exists
        ? `add ${missing.map((f) => f.folder).join(' and ')} to the ${branch} branch`
        : `create the ${branch} branch with telemetry/, dashboard/ and .nojekyll`,
      cost: 3,
      perform: () =>
        ctx.pages.commit(
          files,
          `diagnostics: ${exists ? 'add' : 'create'} the Codex layout (telemetry/, dashboard/)`,
        ),
    });
    repaired = repair.outcome === 'applied';
    if (repair.outcome === 'planned') plannedNote = ' Dry run: repair would create it.';
  }
  const repairHint = 'or run Codex diagnostics with repair: true';
  checks.push({
    name: 'pages branch',
    ok: exists || repaired,
    message: exists
      ? `The ${branch} branch exists.`
      : repaired
        ? `The ${branch} branch was missing; created by repair.`
        : `The ${branch} branch does not exist. Create it with the folders telemetry/ and dashboard/ ${repairHint}; then serve it with GitHub Pages (Settings → Pages → Deploy from a branch → ${branch}).${plannedNote}`,
  });
  checks.push({
    name: 'pages layout',
    ok: missing.length === 0 || repaired,
    message:
      missing.length === 0
        ? awaitingMerge
          ? `The ${branch} branch holds telemetry/; dashboard/ is created by telemetry-merge on its first run.`
          : `The ${branch} branch holds telemetry/, dashboard/ and .nojekyll.`
        : repaired
          ? `Added ${missing.map((f) => f.folder).join(' and ')} to ${branch} by repair.`
          : `The ${branch} branch lacks ${missing.map((f) => f.folder).join(' and ')}. Add ${missing
              .map((f) => f.placeholder)
              .join(' and ')} to it ${repairHint}.${plannedNote}`,
  });
}

async function applyRepair(
  ctx: Ctx,
  repairs: Repair[],
  change: {
    kind: string;
    target: string;
    description: string;
    cost?: number;
    perform: () => Promise<unknown>;
  },
): Promise<Repair> {
  const { perform, ...planned } = change;
  const result = await ctx.writes.apply(planned, perform);
  const repair: Repair = {
    kind: change.kind,
    target: change.target,
    description: change.description,
    outcome: result.outcome,
    ...(result.outcome === 'failed' ? { error: result.error.message } : {}),
  };
  repairs.push(repair);
  return repair;
}

function renderReport(checks: readonly Check[], repairs: readonly Repair[], dryRun: boolean): string {
  const parts = [
    table(
      ['check', 'result', 'details'],
      checks.map((c) => [c.name, c.ok ? '✅' : '❌', c.message]),
    ),
  ];
  if (repairs.length > 0) {
    parts.push(
      `### ${dryRun ? 'Repairs (dry run: not made)' : 'Repairs'}\n\n${table(
        ['change', 'target', 'outcome', 'details'],
        repairs.map((r) => [r.kind, r.target, r.outcome, r.error ?? r.description]),
      )}`,
    );
  }
  return parts.join('\n');
}
