/**
 * Read-only lookups shared by the housekeeping stages (self-test, cleaner, diagnostics): the
 * repository with the token's permissions, labels, milestones, self-test issues and a project.
 * Every list is a REST list endpoint walked with pagination (never the search API).
 */
import { LABELS, sameName } from './contract.js';
import type { ReadOnlyGitHub } from './github/read-only.js';
import type { ProjectRef } from './project-ref.js';
import type { RepositoryRef } from './repository-ref.js';

export interface RepoPermissions {
  readonly admin?: boolean;
  readonly maintain?: boolean;
  readonly push?: boolean;
  readonly triage?: boolean;
  readonly pull?: boolean;
}

export interface RepoInfo {
  readonly fullName: string;
  readonly defaultBranch: string | undefined;
  /** absent when GitHub does not report them for this kind of token */
  readonly permissions: RepoPermissions | undefined;
}

export interface MilestoneInfo {
  readonly number: number;
  readonly title: string;
  readonly state: string;
}

export interface LabelInfo {
  readonly name: string;
  readonly color: string;
  readonly description: string | null;
}

/** An issue as the REST issue list returns it (only the fields the housekeeping stages read). */
export interface ListedIssue {
  readonly number: number;
  readonly node_id?: string;
  readonly title: string;
  readonly body?: string | null;
  readonly state?: string;
  readonly created_at: string;
  readonly labels?: unknown;
  readonly milestone?: unknown;
  readonly pull_request?: unknown;
  readonly html_url?: string;
  /** who filed it */
  readonly user?: { readonly login?: string } | null;
  /** number of comments */
  readonly comments?: number;
  readonly assignee?: unknown;
  readonly assignees?: readonly unknown[] | null;
}

/** `GET /repos/{owner}/{repo}`: proves the token works and tells what it may do. */
export async function getRepoInfo(github: ReadOnlyGitHub, repo: RepositoryRef): Promise<RepoInfo> {
  const { data } = await github.rest.repos.get({ ...repo });
  return {
    fullName: data.full_name,
    defaultBranch: data.default_branch || undefined,
    permissions: data.permissions ?? undefined,
  };
}

/** Every label of the repository. Tolerant of malformed entries: one without a name is skipped. */
export async function listLabels(github: ReadOnlyGitHub, repo: RepositoryRef): Promise<LabelInfo[]> {
  const labels = await github.paginate(github.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 });
  return (labels as unknown as (Partial<LabelInfo> | null)[]).flatMap((l) =>
    typeof l?.name === 'string' && l.name !== ''
      ? [{ name: l.name, color: l.color as string, description: l.description ?? null }]
      : [],
  );
}

/** Every milestone, open and closed. */
export async function listMilestones(github: ReadOnlyGitHub, repo: RepositoryRef): Promise<MilestoneInfo[]> {
  const milestones = await github.paginate(github.rest.issues.listMilestones, {
    ...repo,
    state: 'all',
    per_page: 100,
  });
  // Tolerant of malformed entries: one without a number or title is skipped, not fatal.
  return (milestones as unknown[]).flatMap((m) => {
    const { number, title, state } = (m ?? {}) as { number?: unknown; title?: unknown; state?: unknown };
    return typeof number === 'number' && typeof title === 'string'
      ? [{ number, title, state: typeof state === 'string' ? state : 'open' }]
      : [];
  });
}

/**
 * The milestone with this title, compared as GitHub compares names (case-insensitively). Among
 * namesakes, the exact spelling wins, then an open one over a closed one.
 */
export function findMilestone(
  milestones: readonly MilestoneInfo[],
  title: string,
): MilestoneInfo | undefined {
  const matches = milestones.filter((m) => sameName(m.title, title));
  const rank = (m: MilestoneInfo) => (m.title === title ? 0 : 2) + (m.state === 'open' ? 0 : 1);
  return [...matches].sort((a, b) => rank(a) - rank(b))[0];
}

/**
 * Open self-test issues, newest first, of one milestone when its number is given:
 * `GET /repos/{o}/{r}/issues?labels=codex-selftest[&milestone=<n>]&state=open&sort=created&direction=desc`.
 */
export async function listSelftestIssues(
  github: ReadOnlyGitHub,
  repo: RepositoryRef,
  milestoneNumber?: number,
): Promise<ListedIssue[]> {
  const issues = await github.paginate(github.rest.issues.listForRepo, {
    ...repo,
    labels: LABELS.selftest,
    ...(milestoneNumber !== undefined ? { milestone: String(milestoneNumber) } : {}),
    state: 'open',
    sort: 'created',
    direction: 'desc',
    per_page: 100,
  });
  return issues as unknown as ListedIssue[];
}

/** Authors of every comment on an issue (paginated). */
export async function listCommentAuthors(
  github: ReadOnlyGitHub,
  repo: RepositoryRef,
  issueNumber: number,
): Promise<string[]> {
  const comments = await github.paginate(github.rest.issues.listComments, {
    ...repo,
    issue_number: issueNumber,
    per_page: 100,
  });
  // A comment without a readable author counts as someone else's.
  return comments.map((c) => c.user?.login ?? '(unknown)');
}

/** `GET /orgs/{org}/projectsV2/{n}` or `GET /users/{user}/projectsV2/{n}`. */
export async function getProject(
  github: ReadOnlyGitHub,
  project: ProjectRef,
): Promise<{ title: string; url: string | undefined }> {
  const route =
    project.ownerType === 'orgs'
      ? 'GET /orgs/{owner}/projectsV2/{number}'
      : 'GET /users/{owner}/projectsV2/{number}';
  const { data } = await github.request(route, { owner: project.owner, number: project.number });
  const body = data as { title?: unknown; html_url?: unknown };
  return {
    title: typeof body.title === 'string' ? body.title : `#${project.number}`,
    url: typeof body.html_url === 'string' ? body.html_url : undefined,
  };
}
