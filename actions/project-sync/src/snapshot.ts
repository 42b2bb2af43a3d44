import { describeSetting } from '@codex-suite/core/config';
import { repositorySettings } from '@codex-suite/core/settings';
import type { Track } from '@codex-suite/core/contract';
import { LABELS, REQUIRED_LABELS } from '@codex-suite/core/contract';
import type { ReadOnlyGitHub } from '@codex-suite/core/github/read-only';
import { httpStatusOf, messageOf, type StageError } from '@codex-suite/core/github/errors';
import { type MilestoneInfo, findMilestone, listLabels } from '@codex-suite/core/repo-lookups';
import { type ProjectRef, formatProjectRef } from '@codex-suite/core/project-ref';
import type { RepositoryRef } from '@codex-suite/core/repository-ref';
import type { MilestoneTarget } from './plan.js';

/** Labels of the repository (one paginated list), lower-cased name → its spelling. */
export async function listLabelSpelling(
  github: ReadOnlyGitHub,
  repo: RepositoryRef,
): Promise<Map<string, string>> {
  return new Map((await listLabels(github, repo)).map((l) => [l.name.toLowerCase(), l.name]));
}

/** Required labels the repository lacks (GitHub creates them on first use, without colours). */
export function missingRequiredLabels(spelling: ReadonlyMap<string, string>): string[] {
  return REQUIRED_LABELS.map((l) => l.name).filter(
    (name) => name !== LABELS.selftest && !spelling.has(name.toLowerCase()),
  );
}

export interface MilestoneResolution {
  readonly targets: Partial<Record<Track, MilestoneTarget>>;
  /** repairs that cannot run, one line each */
  readonly disabled: string[];
  readonly errors: StageError[];
  readonly warnings: string[];
}

/** Which track milestones the plan may assign, and why a repair is off. */
export function resolveMilestones(
  milestones: readonly MilestoneInfo[],
  configured: Readonly<Record<Track, string | undefined>>,
): MilestoneResolution {
  const targets: Partial<Record<Track, MilestoneTarget>> = {};
  const disabled: string[] = [];
  const errors: StageError[] = [];
  const warnings: string[] = [];
  for (const track of ['main', 'dashboard'] as const) {
    const def = track === 'main' ? repositorySettings.mainMilestone : repositorySettings.dashboardMilestone;
    const title = configured[track];
    if (!title) {
      disabled.push(`milestone repair of ${track}-track issues: ${describeSetting(def)} is not set`);
      continue;
    }
    const found = findMilestone(milestones, title);
    if (!found) {
      disabled.push(`milestone repair of ${track}-track issues: milestone "${title}" does not exist`);
      errors.push({
        code: 'milestone_missing',
        message: `The ${track}-track milestone "${title}" (${def.input}) does not exist in the repository; run diagnostics with repair or create it.`,
      });
      continue;
    }
    if (found.state === 'closed') warnings.push(`The ${track}-track milestone "${found.title}" is closed.`);
    targets[track] = { number: found.number, title: found.title };
  }
  return { targets, disabled, errors, warnings };
}

export interface ProjectItems {
  /** database ids of the issues (and pull requests) that are items of the project */
  readonly contentIds: Set<number>;
  readonly count: number;
}

/** Route prefix of a project's REST endpoints, e.g. `/orgs/acme/projectsV2/3`. */
export function projectPath(ref: ProjectRef): string {
  return `/${ref.ownerType}/${ref.owner}/projectsV2/${ref.number}`;
}

/**
 * All items of a project, listed once through the REST `projectsV2` endpoints (cursor pages of
 * 100), instead of one lookup per issue. Only the content ids are kept, page by page: an item
 * carries the whole issue, and a large project's items would otherwise all sit in memory.
 */
export async function listProjectItems(github: ReadOnlyGitHub, ref: ProjectRef): Promise<ProjectItems> {
  const contentIds = new Set<number>();
  let count = 0;
  const pages = github.paginate.iterator(`GET ${projectPath(ref)}/items`, {
    per_page: 100,
  } as never);
  for await (const page of pages) {
    const items: unknown = page.data;
    if (!Array.isArray(items)) continue;
    count += items.length;
    for (const item of items) {
      const id = (item as { content?: { id?: unknown } | null } | null)?.content?.id;
      if (typeof id === 'number') contentIds.add(id);
    }
  }
  return { contentIds, count };
}

/** A project error the stage reports (project repair then stays off for the run). */
export function projectError(error: unknown, ref: ProjectRef): StageError {
  const status = httpStatusOf(error);
  const name = formatProjectRef(ref);
  if (status === 404)
    return {
      code: 'project_not_found',
      message: `Project ${name} was not found (or the token cannot see it): ${messageOf(error)}`,
    };
  if (status === 401 || status === 403)
    return {
      code: 'project_forbidden',
      message: `The token may not read project ${name} (a GITHUB_TOKEN cannot; pass a token with project access): ${messageOf(error)}`,
    };
  return {
    code: 'project_unavailable',
    message: `Could not list the items of project ${name}: ${messageOf(error)}`,
  };
}
