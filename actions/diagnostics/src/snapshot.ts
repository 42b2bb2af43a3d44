import { type Read, attempt } from '@codex-suite/core/checks';
import { type SettingSource, sourceOf } from '@codex-suite/core/config';
import { rethrowIfRateLimited } from '@codex-suite/core/github/errors';
import { isDefaultBranch } from '@codex-suite/core/pages/branch-rule';
import { listBranch } from '@codex-suite/core/pages/store';
import {
  type LabelInfo,
  type MilestoneInfo,
  type RepoInfo,
  getProject,
  getRepoInfo,
  listLabels,
  listMilestones,
} from '@codex-suite/core/repo-lookups';
import type { StageContext } from '@codex-suite/core/stage';
import { type PagesSite, readPagesSite } from './pages-site.js';
import { REPOSITORY_SETTINGS, type settings } from './settings.js';

/** Everything diagnostics reads, read once, before anything is planned or repaired. */
export interface DiagnosticsSnapshot {
  /** the repository, as the token sees it */
  readonly token: Read<RepoInfo>;
  /** repository variables, upper-cased name → value (every page) */
  readonly variables: Read<ReadonlyMap<string, string>>;
  /** where each checked setting came from, by its key */
  readonly sources: Readonly<Record<string, SettingSource>>;
  /** the rest, read only when the token can read the repository */
  readonly repository?: RepositorySnapshot;
}

export interface RepositorySnapshot {
  readonly info: RepoInfo;
  readonly labels: Read<readonly LabelInfo[]>;
  readonly milestones: Read<readonly MilestoneInfo[]>;
  /** absent when no project is configured */
  readonly project?: Read<{ readonly title: string }>;
  /** absent when pages-branch names the default branch: the suite never reads or writes there */
  readonly pagesBranch?: Read<PagesBranch>;
  readonly pagesSite: PagesSite;
}

export interface PagesBranch {
  readonly exists: boolean;
  /** every path on the branch (none when it does not exist) */
  readonly paths: readonly string[];
}

type Ctx = Pick<StageContext<typeof settings>, 'github' | 'repo' | 'pages' | 'io' | 'settings'>;

export async function readSnapshot(ctx: Ctx): Promise<DiagnosticsSnapshot> {
  const token = await attempt(() => getRepoInfo(ctx.github, ctx.repo));
  if (!token.ok) rethrowIfRateLimited(token.error);
  const variables = await attempt(async () => {
    const list = (await ctx.github.paginate('GET /repos/{owner}/{repo}/actions/variables', {
      ...ctx.repo,
      per_page: 30,
    })) as unknown as { name: string; value: string }[];
    return new Map(list.map((v) => [v.name.toUpperCase(), v.value]));
  });
  const reader = {
    input: (name: string) => ctx.io.getInput(name),
    env: (name: string) => ctx.io.getEnv(name),
  };
  const sources = Object.fromEntries(
    REPOSITORY_SETTINGS.map(([key, def]) => [key, sourceOf(def, reader).source]),
  );
  if (!token.ok) return { token, variables, sources };

  const info = token.value;
  const labels = await attempt(() => listLabels(ctx.github, ctx.repo));
  const milestones = await attempt(() => listMilestones(ctx.github, ctx.repo));
  const project = ctx.settings.project;
  const projectRead = project ? await attempt(() => getProject(ctx.github, project)) : undefined;
  const branch = ctx.settings.pagesBranch;
  const pagesBranch = isDefaultBranch(branch, info.defaultBranch)
    ? undefined
    : await attempt(async () => {
        // One listing tells both whether the branch exists and what it holds.
        const entries = await listBranch(ctx.pages, '');
        return { exists: entries !== null, paths: (entries ?? []).map((e) => e.path) };
      });
  const pagesSite = await readPagesSite(ctx.github, ctx.repo);
  return {
    token,
    variables,
    sources,
    repository: {
      info,
      labels,
      milestones,
      ...(projectRead ? { project: projectRead } : {}),
      ...(pagesBranch ? { pagesBranch } : {}),
      pagesSite,
    },
  };
}
