import { formatRepositoryRef, parseRepositoryRef } from '../repository-ref.js';

/** What the REST repository list says about one repository (GET /orgs/{org}/repos). */
export interface ListedRepository {
  readonly full_name: string;
  readonly archived?: boolean;
  readonly visibility?: string;
  readonly private?: boolean;
  readonly topics?: readonly string[];
}

export interface OrganisationFilter {
  /** every one of these topics (GitHub stores topics lower-case) */
  readonly topics: readonly string[];
  readonly visibility: 'all' | 'public' | 'private' | 'internal';
  readonly includeArchived: boolean;
}

export interface ResolvedTargets {
  readonly repositories: readonly string[];
  /** listed repositories the filter left out, with why (shown in the job summary) */
  readonly excluded: ReadonlyArray<{ repository: string; reason: string }>;
}

function visibilityOf(repo: ListedRepository): string {
  return repo.visibility ?? (repo.private ? 'private' : 'public');
}

function exclusionReason(repo: ListedRepository, filter: OrganisationFilter): string | undefined {
  if (repo.archived && !filter.includeArchived) return 'archived';
  if (filter.visibility !== 'all' && visibilityOf(repo) !== filter.visibility)
    return `visibility ${visibilityOf(repo)}`;
  const topics = new Set((repo.topics ?? []).map((t) => t.toLowerCase()));
  const missing = filter.topics.filter((t) => !topics.has(t.toLowerCase()));
  if (missing.length > 0) return `no topic ${missing.join(', ')}`;
  return undefined;
}

/**
 * The explicit list plus the organisation's repositories that pass the filter, each once
 * (GitHub compares repository names case-insensitively; the first spelling wins).
 */
export function resolveTargets(
  explicit: readonly string[],
  listed: readonly ListedRepository[],
  filter: OrganisationFilter,
): ResolvedTargets {
  const seen = new Map<string, string>();
  const add = (name: string) => {
    const key = name.toLowerCase();
    if (!seen.has(key)) seen.set(key, name);
  };
  for (const name of explicit) {
    const ref = parseRepositoryRef(name);
    if (!ref) throw new Error(`Not a repository: ${JSON.stringify(name)} (expected owner/name).`);
    add(formatRepositoryRef(ref));
  }
  const excluded: Array<{ repository: string; reason: string }> = [];
  for (const repo of listed) {
    const reason = exclusionReason(repo, filter);
    if (reason) excluded.push({ repository: repo.full_name, reason });
    else add(repo.full_name);
  }
  return { repositories: [...seen.values()], excluded };
}
