import { type Check, type Read, projectCheck, tokenCheck, writeAccessCheck } from '@codex-suite/core/checks';
import { httpStatusOf, messageOf } from '@codex-suite/core/github/errors';
import { formatProjectRef } from '@codex-suite/core/project-ref';
import type { LabelInfo, MilestoneInfo } from '@codex-suite/core/repo-lookups';
import type { RepositoryRef } from '@codex-suite/core/repository-ref';
import { configuredMilestones, labelChecks, milestoneCheck, missingLabels } from './checks.js';
import { planPagesBranch } from './pages-branch.js';
import { dashboardUrl, pagesSiteCheck } from './pages-site.js';
import { type PlannedCheck, type Repair, fixedBy } from './repairs.js';
import { type DiagnosticsSettings, REPOSITORY_SETTINGS } from './settings.js';
import type { DiagnosticsSnapshot } from './snapshot.js';
import { checkVariable } from './variables.js';

/** Where the stage runs: the repository it checks and the server that serves its pages. */
export interface Where {
  readonly repo: RepositoryRef;
  /** `owner/name` */
  readonly repository: string;
  readonly serverUrl: string;
}

export interface DiagnosticsPlan {
  /** every check, in report order, each with how it reads once its repair is made */
  readonly checks: PlannedCheck[];
  /** the repairs, in the order they are applied (empty unless `repair` is on) */
  readonly repairs: Repair[];
  readonly variablesReadable: boolean;
  /** whether GitHub Pages is on (null: not known) */
  readonly pagesEnabled: boolean | null;
  /** where GitHub Pages serves (or will serve) the dashboard; null when unknown */
  readonly dashboardUrl: string | null;
}

/** The checks and repairs: a pure function of the snapshot and the settings. */
export function planDiagnostics(
  snapshot: DiagnosticsSnapshot,
  settings: DiagnosticsSettings,
  where: Where,
): DiagnosticsPlan {
  const checks: PlannedCheck[] = [tokenCheck(where.repository, snapshot.token)];
  const repairs: Repair[] = [];
  const repository = snapshot.repository;
  if (repository) checks.push(writeAccessCheck(where.repository, settings.pagesBranch, repository.info));
  checks.push(...variableChecks(snapshot, settings));
  if (!repository)
    return {
      checks,
      repairs,
      variablesReadable: snapshot.variables.ok,
      pagesEnabled: null,
      dashboardUrl: null,
    };

  const add = (part: { checks: PlannedCheck[]; repairs: Repair[] }) => {
    checks.push(...part.checks);
    repairs.push(...part.repairs);
  };
  add(planLabels(repository.labels, settings.repair));
  add(planMilestones(repository.milestones, settings));
  if (settings.project && repository.project)
    checks.push(projectCheck('project', settings.project, repository.project));
  add(planPagesBranch(settings.pagesBranch, repository.info, repository.pagesBranch, settings.repair));
  const site = repository.pagesSite;
  const url = dashboardUrl(site, where.repo, where.serverUrl);
  checks.push(pagesSiteCheck(site, settings.pagesBranch, url));
  return {
    checks,
    repairs,
    variablesReadable: snapshot.variables.ok,
    pagesEnabled: site.state === 'unreadable' ? null : site.state === 'on',
    dashboardUrl: url,
  };
}

/** `repository variables`, then one check per setting (where its value came from). */
function variableChecks(snapshot: DiagnosticsSnapshot, settings: DiagnosticsSettings): Check[] {
  const variables = snapshot.variables;
  const repositoryVariables = variables.ok ? variables.value : undefined;
  const listed: Check = variables.ok
    ? {
        name: 'repository variables',
        ok: true,
        message: `${[...variables.value.keys()].filter((n) => n.startsWith('CODEX_')).length} CODEX_* repository variable(s) readable.`,
      }
    : {
        // Not a failure: most tokens may not read variables. It only means "unmapped" and "unset" look alike.
        name: 'repository variables',
        ok: true,
        message: `The token may not read repository variables (${httpStatusOf(variables.error) ? `HTTP ${httpStatusOf(variables.error)}` : messageOf(variables.error)}); a variable that is set but not mapped into the job looks the same as one that is not set. Noted, not a failure.`,
      };
  const values = settings as unknown as Record<string, unknown>;
  return [
    listed,
    ...REPOSITORY_SETTINGS.map(([key, def]) => {
      const value = values[key];
      return checkVariable(
        {
          def,
          value:
            value === undefined
              ? undefined
              : key === 'project'
                ? formatProjectRef(value as never)
                : String(value),
          source: snapshot.sources[key] ?? 'unset',
          repositoryValue: def.env ? repositoryVariables?.get(def.env) : undefined,
        },
        variables.ok,
      );
    }),
  ];
}

/** One check per required label (compared without letter case); repair creates the missing ones. */
export function planLabels(
  labels: Read<readonly LabelInfo[]>,
  repair: boolean,
): { checks: PlannedCheck[]; repairs: Repair[] } {
  if (!labels.ok)
    return {
      checks: [{ name: 'labels', ok: false, message: `Could not list labels: ${messageOf(labels.error)}.` }],
      repairs: [],
    };
  const repairs: Repair[] = (repair ? missingLabels(labels.value) : []).map((label) => ({
    kind: 'label.create',
    target: label.name,
    description: `create the label '${label.name}' (#${label.color})`,
    label,
  }));
  const checks = labelChecks(labels.value).map((check) => {
    const fix = repairs.find((r) => check.name === `label ${r.target}`);
    return fix ? fixedBy(check, fix, `The label '${fix.target}' was missing; created by repair.`) : check;
  });
  return { checks, repairs };
}

/** One check per configured milestone; repair creates a missing one (never reopens a closed one). */
export function planMilestones(
  milestones: Read<readonly MilestoneInfo[]>,
  settings: Pick<
    DiagnosticsSettings,
    'selftestMilestone' | 'mainMilestone' | 'dashboardMilestone' | 'repair'
  >,
): { checks: PlannedCheck[]; repairs: Repair[] } {
  if (!milestones.ok)
    return {
      checks: [
        {
          name: 'milestones',
          ok: false,
          message: `Could not list milestones: ${messageOf(milestones.error)}.`,
        },
      ],
      repairs: [],
    };
  const checks: PlannedCheck[] = [];
  const repairs: Repair[] = [];
  for (const wanted of configuredMilestones(settings)) {
    const { missing, ...check } = milestoneCheck(milestones.value, wanted);
    if (!missing || !settings.repair) {
      checks.push(check);
      continue;
    }
    const repair: Repair = {
      kind: 'milestone.create',
      target: wanted.title,
      description: `create the milestone '${wanted.title}'`,
      title: wanted.title,
      about:
        wanted.role === 'self-test'
          ? 'Codex self-test and internal issues'
          : `Codex ${wanted.role}-track issues`,
    };
    repairs.push(repair);
    checks.push(fixedBy(check, repair, `The milestone '${wanted.title}' was missing; created by repair.`));
  }
  return { checks, repairs };
}
