import type { GitStore } from './git.js';

export type Access = 'read' | 'write';
export type PermissionScope = 'issues' | 'contents' | 'pull_requests' | 'projects' | 'variables' | 'pages';

export interface TokenPermissions {
  issues?: Access;
  contents?: Access;
  pull_requests?: Access;
  projects?: Access;
  variables?: Access;
  pages?: Access;
  admin?: boolean;
}

export interface RateLimitInput {
  limit: number;
  remaining?: number;
  resetAt?: Date | string;
}

/**
 * `user`: a personal access token (GET /user answers with the user). `installation`: an App
 * installation token such as GITHUB_TOKEN (GET /user is 403 "Resource not accessible by
 * integration"; GraphQL `viewer` names the bot). Default: `installation` for a `[bot]` login.
 * `actions`: the workflow's GITHUB_TOKEN in particular, an installation token that in addition
 * cannot reach user or organisation Projects v2 whatever its `projects` permission (GitHub:
 * "GITHUB_TOKEN ... cannot access projects"; a PAT with `project` scope or an App token can).
 */
export type TokenKind = 'user' | 'installation' | 'actions';

export interface TokenInput {
  login: string;
  permissions: TokenPermissions;
  kind?: TokenKind;
  rateLimit?: RateLimitInput;
  graphqlRateLimit?: RateLimitInput;
}

export interface RateBucket {
  limit: number;
  remaining: number;
  resetAt: number; // ms
}

export interface TokenRecord {
  /** Short, stable, non-reversible id for logs (never the raw token). */
  id: string;
  login: string;
  kind: TokenKind;
  permissions: TokenPermissions;
  core: RateBucket;
  graphql: RateBucket;
  /** Times (ms) of recent content-creating requests, for the secondary limit. */
  writes: number[];
}

export interface UserRecord {
  id: number;
  login: string;
  type: 'User' | 'Organization' | 'Bot';
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface MilestoneRecord {
  id: number;
  number: number;
  title: string;
  description: string | null;
  state: 'open' | 'closed';
  creator: string;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  dueOn: number | null;
}

export interface PullFile {
  filename: string;
  patch?: string;
  status: 'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  additions: number;
  deletions: number;
  previous_filename?: string;
}

export interface PullData {
  head: { repo: string; ref: string; sha: string };
  base: { repo: string; ref: string; sha: string };
  draft: boolean;
  merged: boolean;
  mergedAt: number | null;
  files: PullFile[];
}

export interface IssueRecord {
  id: number;
  number: number;
  repo: RepoRecord;
  title: string;
  body: string | null;
  user: string;
  labels: LabelRecord[];
  state: 'open' | 'closed';
  stateReason: 'completed' | 'not_planned' | 'reopened' | 'duplicate' | null;
  locked: boolean;
  assignees: string[];
  milestone: number | null;
  comments: number;
  createdAt: number;
  updatedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  deleted: boolean;
  pull?: PullData;
  /** timeline events besides comments, oldest first (see state.recordEvent) */
  events?: IssueEventRecord[];
  /** who last edited the body, and when (GraphQL `editor`, `lastEditedAt`) */
  editor?: string;
  editedAt?: number;
}

/** An issue event of the timeline, as GitHub records it for a change (docs: issue event types). */
export interface IssueEventRecord {
  id: number;
  event:
    | 'labeled'
    | 'unlabeled'
    | 'milestoned'
    | 'demilestoned'
    | 'renamed'
    | 'assigned'
    | 'unassigned'
    | 'closed'
    | 'reopened'
    | 'cross-referenced'
    | 'referenced';
  actor: string;
  createdAt: number;
  label?: { name: string; color: string };
  milestone?: { title: string };
  rename?: { from: string; to: string };
  assignee?: string;
  stateReason?: string | null;
  /** cross-referenced: the issue or pull request whose text mentions this one */
  source?: IssueRecord;
  /** referenced: the commit that mentions this issue */
  commitId?: string;
}

export interface CommentRecord {
  id: number;
  issueNumber: number;
  body: string;
  user: string;
  createdAt: number;
  updatedAt: number;
  /** who last edited the comment, and when (GraphQL `editor`, `lastEditedAt`) */
  editor?: string;
  editedAt?: number;
}

export interface VariableRecord {
  name: string;
  value: string;
  createdAt: number;
  updatedAt: number;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  private: boolean;
  /** visibility `internal` (then `private` is true too) */
  internal: boolean;
  topics: string[];
  archived: boolean;
  description: string | null;
  defaultBranch: string;
  createdAt: number;
  labels: Map<string, LabelRecord>; // lower-cased name -> label
  milestones: Map<number, MilestoneRecord>;
  nextMilestone: number;
  issues: Map<number, IssueRecord>; // issues and pull requests share numbers
  nextNumber: number;
  comments: Map<number, CommentRecord>;
  variables: Map<string, VariableRecord>;
  /** GitHub Pages, when enabled for the repository (Settings → Pages) */
  pages?: PagesRecord;
  git: GitStore;
  /** Bumped on every change; list caches key on it. */
  version: number;
  /** Bumped when issues are added or removed. */
  structureVersion: number;
}

export interface PagesRecord {
  /** `legacy`: deploy from a branch; `workflow`: deployed by a GitHub Actions workflow */
  buildType: 'legacy' | 'workflow';
  /** the published branch and folder (a `workflow` site has them too, unused) */
  source: { branch: string; path: '/' | '/docs' };
  cname: string | null;
  public: boolean;
}

export interface ProjectItemRecord {
  id: number;
  issueId: number;
  contentType: 'Issue' | 'PullRequest';
  creator: string;
  createdAt: number;
  updatedAt: number;
}

export interface ProjectRecord {
  id: number;
  owner: 'org' | 'user';
  login: string;
  number: number;
  title: string;
  creator: string;
  createdAt: number;
  updatedAt: number;
  items: Map<number, ProjectItemRecord>; // item id -> item, in insertion order
  byIssue: Map<number, number>; // issue database id -> item id
}

export interface ProjectRef {
  owner: 'org' | 'user';
  login: string;
  number: number;
}
