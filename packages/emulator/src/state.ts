import { createHash } from 'node:crypto';
import { GitStore } from './git.js';
import type {
  PagesRecord,
  CommentRecord,
  IssueEventRecord,
  IssueRecord,
  LabelRecord,
  MilestoneRecord,
  ProjectItemRecord,
  ProjectRecord,
  ProjectRef,
  PullFile,
  RateBucket,
  RateLimitInput,
  RepoRecord,
  TokenInput,
  TokenRecord,
  UserRecord,
} from './types.js';
import { parseTime } from './wire/time.js';

/** An issue's fields whose changes GitHub records as timeline events. */
export interface IssueSnapshot {
  readonly title: string;
  readonly body: string | null;
  readonly labels: readonly LabelRecord[];
  readonly milestone: number | null;
  readonly assignees: readonly string[];
  readonly state: 'open' | 'closed';
}

export interface RepoOptions {
  private?: boolean;
  description?: string;
  defaultBranch?: string;
  ownerType?: 'User' | 'Organization';
  /** Create the default branch with an initial commit holding README.md (default true). */
  autoInit?: boolean;
  createdAt?: string | Date;
  /** Create GitHub's default labels (bug, documentation, ...) as a new repository has them (default false). */
  defaultLabels?: boolean;
  /** Topics (Settings → About); GitHub stores them lower-case. */
  topics?: readonly string[];
  archived?: boolean;
  /** An organisation's repository visible to its members only (private to everyone else). */
  internal?: boolean;
}

/** The labels GitHub gives a new repository. */
const GITHUB_DEFAULT_LABELS: ReadonlyArray<{ name: string; color: string; description: string }> = [
  { name: 'bug', color: 'd73a4a', description: "Something isn't working" },
  { name: 'documentation', color: '0075ca', description: 'Improvements or additions to documentation' },
  { name: 'duplicate', color: 'cfd3d7', description: 'This issue or pull request already exists' },
  { name: 'enhancement', color: 'a2eeef', description: 'New feature or request' },
  { name: 'good first issue', color: '7057ff', description: 'Good for newcomers' },
  { name: 'help wanted', color: '008672', description: 'Extra attention is needed' },
  { name: 'invalid', color: 'e4e669', description: "This doesn't seem right" },
  { name: 'question', color: 'd876e3', description: 'Further information is requested' },
  { name: 'wontfix', color: 'ffffff', description: 'This will not be worked on' },
];

export interface LabelInput {
  name: string;
  color?: string;
  description?: string | null;
}

export interface MilestoneInput {
  title: string;
  state?: 'open' | 'closed';
  description?: string | null;
  due_on?: string | null;
}

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: string[];
  milestone?: string | number | null;
  state?: 'open' | 'closed';
  state_reason?: IssueRecord['stateReason'];
  created_at?: string | Date | number;
  updated_at?: string | Date | number;
  closed_at?: string | Date | number | null;
  assignees?: string[];
  user?: string;
  locked?: boolean;
}

export interface PullRequestInput extends Omit<IssueInput, 'state_reason'> {
  head: { repo?: string; ref: string; sha: string };
  base?: { repo?: string; ref: string; sha?: string };
  draft?: boolean;
  merged?: boolean;
  files?: PullFile[];
}

export interface ProjectInput extends ProjectRef {
  title: string;
}

const DEFAULT_LABEL_COLOR = 'ededed';
const DEFAULT_CORE_LIMIT = 5000;
const DEFAULT_GRAPHQL_LIMIT = 5000;
const HOUR = 3_600_000;

export class EmulatorState {
  private offsetMs = 0;
  private nextId = 1000;
  readonly tokens = new Map<string, TokenRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly repos = new Map<string, RepoRecord>(); // lower-cased full name
  readonly reposById = new Map<number, RepoRecord>();
  readonly issuesById = new Map<number, IssueRecord>();
  readonly projects = new Map<string, ProjectRecord>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  // ---- time -------------------------------------------------------------

  /** The emulator's notion of now, in ms (clock plus any advanceClock offset). */
  nowMs(): number {
    return this.clock().getTime() + this.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  newId(): number {
    this.nextId += 1;
    return this.nextId;
  }

  // ---- tokens and users ------------------------------------------------

  addToken(token: string, input: TokenInput): TokenRecord {
    const user = this.user(input.login);
    const record: TokenRecord = {
      id: tokenId(token),
      login: user.login,
      kind: input.kind ?? (user.type === 'Bot' ? 'installation' : 'user'),
      permissions: { ...input.permissions },
      core: this.bucket(input.rateLimit, DEFAULT_CORE_LIMIT),
      graphql: this.bucket(input.graphqlRateLimit, DEFAULT_GRAPHQL_LIMIT),
      writes: [],
    };
    this.tokens.set(token, record);
    return record;
  }

  /** Sets a token's primary (core) limit; with no `resetAt` it resets an hour from now. */
  setRateLimit(token: string, rateLimit: RateLimitInput, resource: 'core' | 'graphql' = 'core'): void {
    const record = this.tokens.get(token);
    if (!record) throw new Error(`unknown token ${tokenId(token)}`);
    record[resource] = this.bucket(rateLimit, rateLimit.limit);
  }

  private bucket(input: RateLimitInput | undefined, fallback: number): RateBucket {
    const limit = input?.limit ?? fallback;
    return {
      limit,
      remaining: input?.remaining ?? limit,
      resetAt: parseTime(input?.resetAt) ?? this.nowMs() + HOUR,
    };
  }

  /** Refreshes a bucket whose reset time has passed. */
  refreshBucket(bucket: RateBucket): RateBucket {
    const now = this.nowMs();
    if (now >= bucket.resetAt) {
      bucket.remaining = bucket.limit;
      bucket.resetAt = now + HOUR;
    }
    return bucket;
  }

  user(login: string, type: UserRecord['type'] = 'User'): UserRecord {
    const key = login.toLowerCase();
    let user = this.users.get(key);
    if (!user) {
      user = { id: this.newId(), login, type: login.endsWith('[bot]') ? 'Bot' : type };
      this.users.set(key, user);
    }
    return user;
  }

  // ---- repositories ------------------------------------------------------

  addRepo(fullName: string, options: RepoOptions = {}): RepoRecord {
    const [owner, name] = splitRepo(fullName);
    const existing = this.repos.get(fullName.toLowerCase());
    if (existing) return existing;
    this.user(owner, options.ownerType ?? 'Organization');
    const repo: RepoRecord = {
      id: this.newId(),
      owner,
      name,
      fullName: `${owner}/${name}`,
      private: (options.private ?? false) || options.internal === true,
      internal: options.internal === true,
      topics: (options.topics ?? []).map((t) => t.toLowerCase()),
      archived: options.archived ?? false,
      description: options.description ?? null,
      defaultBranch: options.defaultBranch ?? 'main',
      createdAt: parseTime(options.createdAt) ?? this.nowMs(),
      labels: new Map(),
      milestones: new Map(),
      nextMilestone: 1,
      issues: new Map(),
      nextNumber: 1,
      comments: new Map(),
      variables: new Map(),
      git: new GitStore(),
      version: 0,
      structureVersion: 0,
    };
    this.repos.set(repo.fullName.toLowerCase(), repo);
    this.reposById.set(repo.id, repo);
    if (options.defaultLabels) {
      for (const label of GITHUB_DEFAULT_LABELS) this.addLabel(repo, label).default = true;
    }
    if (options.autoInit !== false) {
      this.writeFiles(repo.fullName, repo.defaultBranch, { 'README.md': `# ${name}\n` }, 'Initial commit');
    }
    return repo;
  }

  /** Turns GitHub Pages on (Settings → Pages); deploy from `branch` unless `buildType: 'workflow'`. */
  enablePages(
    repoName: string | RepoRecord,
    input: { branch?: string; path?: '/' | '/docs'; buildType?: 'legacy' | 'workflow'; cname?: string } = {},
  ): PagesRecord {
    const repo = typeof repoName === 'string' ? this.repo(repoName) : repoName;
    repo.pages = {
      buildType: input.buildType ?? 'legacy',
      source: { branch: input.branch ?? 'gh-pages', path: input.path ?? '/' },
      cname: input.cname ?? null,
      public: !repo.private,
    };
    this.changed(repo);
    return repo.pages;
  }

  repo(fullName: string): RepoRecord {
    const repo = this.findRepo(fullName);
    if (!repo) throw new Error(`unknown repository ${fullName}`);
    return repo;
  }

  findRepo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** Marks a repository as changed (invalidates list caches). */
  changed(repo: RepoRecord, structural = false): void {
    repo.version += 1;
    if (structural) repo.structureVersion += 1;
  }

  // ---- labels ----------------------------------------------------------------

  addLabel(repoName: string | RepoRecord, input: LabelInput): LabelRecord {
    const repo = this.resolve(repoName);
    const existing = repo.labels.get(input.name.toLowerCase());
    if (existing) return existing;
    const label: LabelRecord = {
      id: this.newId(),
      name: input.name,
      color: (input.color ?? DEFAULT_LABEL_COLOR).replace(/^#/, ''),
      description: input.description ?? null,
      default: false,
    };
    repo.labels.set(label.name.toLowerCase(), label);
    this.changed(repo);
    return label;
  }

  findLabel(repoName: string | RepoRecord, name: string): LabelRecord | undefined {
    return this.resolve(repoName).labels.get(name.toLowerCase());
  }

  /** Label records for names, creating missing ones like GitHub does on issue create/update. */
  labelsFor(repo: RepoRecord, names: string[]): LabelRecord[] {
    const out: LabelRecord[] = [];
    const seen = new Set<string>();
    for (const name of names) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(repo.labels.get(key) ?? this.addLabel(repo, { name }));
    }
    return out;
  }

  deleteLabel(repoName: string | RepoRecord, name: string): boolean {
    const repo = this.resolve(repoName);
    const label = repo.labels.get(name.toLowerCase());
    if (!label) return false;
    repo.labels.delete(name.toLowerCase());
    for (const issue of repo.issues.values()) {
      const index = issue.labels.indexOf(label);
      if (index >= 0) issue.labels.splice(index, 1);
    }
    this.changed(repo);
    return true;
  }

  // ---- milestones ------------------------------------------------------------

  addMilestone(repoName: string | RepoRecord, input: MilestoneInput): MilestoneRecord {
    const repo = this.resolve(repoName);
    const now = this.nowMs();
    const milestone: MilestoneRecord = {
      id: this.newId(),
      number: repo.nextMilestone++,
      title: input.title,
      description: input.description ?? null,
      state: input.state ?? 'open',
      creator: repo.owner,
      createdAt: now,
      updatedAt: now,
      closedAt: input.state === 'closed' ? now : null,
      dueOn: parseTime(input.due_on) ?? null,
    };
    repo.milestones.set(milestone.number, milestone);
    this.changed(repo);
    return milestone;
  }

  findMilestone(repoName: string | RepoRecord, ref: string | number): MilestoneRecord | undefined {
    const repo = this.resolve(repoName);
    if (typeof ref === 'number') return repo.milestones.get(ref);
    for (const milestone of repo.milestones.values()) if (milestone.title === ref) return milestone;
    return undefined;
  }

  deleteMilestone(repoName: string | RepoRecord, number: number): boolean {
    const repo = this.resolve(repoName);
    if (!repo.milestones.delete(number)) return false;
    const now = this.nowMs();
    for (const issue of repo.issues.values()) {
      if (issue.milestone === number) {
        issue.milestone = null;
        issue.updatedAt = now;
      }
    }
    this.changed(repo);
    return true;
  }

  // ---- issues ------------------------------------------------------------------

  addIssue(repoName: string | RepoRecord, input: IssueInput): IssueRecord {
    const repo = this.resolve(repoName);
    const now = this.nowMs();
    const createdAt = parseTime(input.created_at) ?? now;
    const state = input.state ?? 'open';
    const closedAt =
      state === 'closed' ? (parseTime(input.closed_at) ?? parseTime(input.updated_at) ?? createdAt) : null;
    let milestone: number | null = null;
    if (input.milestone !== undefined && input.milestone !== null) {
      const found = this.findMilestone(repo, input.milestone);
      if (!found) throw new Error(`unknown milestone ${input.milestone} in ${repo.fullName}`);
      milestone = found.number;
    }
    const issue: IssueRecord = {
      id: this.newId(),
      number: repo.nextNumber++,
      repo,
      title: input.title,
      body: input.body ?? null,
      user: this.user(input.user ?? repo.owner).login,
      labels: this.labelsFor(repo, input.labels ?? []),
      state,
      stateReason: input.state_reason ?? (state === 'closed' ? 'completed' : null),
      locked: input.locked ?? false,
      assignees: [...(input.assignees ?? [])],
      milestone,
      comments: 0,
      createdAt,
      updatedAt: parseTime(input.updated_at) ?? Math.max(createdAt, closedAt ?? 0),
      closedAt,
      closedBy: state === 'closed' ? (input.user ?? repo.owner) : null,
      deleted: false,
    };
    for (const login of issue.assignees) this.user(login);
    repo.issues.set(issue.number, issue);
    this.issuesById.set(issue.id, issue);
    this.changed(repo, true);
    return issue;
  }

  addPullRequest(repoName: string | RepoRecord, input: PullRequestInput): IssueRecord {
    const repo = this.resolve(repoName);
    const issue = this.addIssue(repo, { ...input, state: input.merged ? 'closed' : input.state });
    issue.pull = {
      head: { repo: input.head.repo ?? repo.fullName, ref: input.head.ref, sha: input.head.sha },
      base: {
        repo: input.base?.repo ?? repo.fullName,
        ref: input.base?.ref ?? repo.defaultBranch,
        sha:
          input.base?.sha ??
          repo.git.refs.get(`refs/heads/${input.base?.ref ?? repo.defaultBranch}`) ??
          '0'.repeat(40),
      },
      draft: input.draft ?? false,
      merged: input.merged ?? false,
      mergedAt: input.merged ? (issue.closedAt ?? issue.updatedAt) : null,
      files: (input.files ?? []).map((file) => ({ ...file })),
    };
    issue.stateReason = null;
    return issue;
  }

  getIssue(repoName: string | RepoRecord, number: number): IssueRecord | undefined {
    const issue = this.resolve(repoName).issues.get(number);
    return issue && !issue.deleted ? issue : undefined;
  }

  /** Issues and pull requests that are not deleted, in number order. */
  listIssues(repoName: string | RepoRecord): IssueRecord[] {
    const out: IssueRecord[] = [];
    for (const issue of this.resolve(repoName).issues.values()) if (!issue.deleted) out.push(issue);
    return out;
  }

  /** Deletes an issue: its number then answers 410 Gone, and it leaves every project. */
  deleteIssue(repoName: string | RepoRecord, number: number): boolean {
    const repo = this.resolve(repoName);
    const issue = repo.issues.get(number);
    if (!issue || issue.deleted) return false;
    issue.deleted = true;
    for (const project of this.projects.values()) {
      const itemId = project.byIssue.get(issue.id);
      if (itemId !== undefined) {
        project.byIssue.delete(issue.id);
        project.items.delete(itemId);
      }
    }
    this.changed(repo, true);
    return true;
  }

  /** What `recordChanges` compares an issue with. */
  snapshot(issue: IssueRecord): IssueSnapshot {
    return {
      title: issue.title,
      body: issue.body,
      labels: [...issue.labels],
      milestone: issue.milestone,
      assignees: [...issue.assignees],
      state: issue.state,
    };
  }

  /** Records a change to an issue: bumps updated_at like GitHub does for any edit. */
  touchIssue(issue: IssueRecord): void {
    issue.updatedAt = Math.max(this.nowMs(), issue.updatedAt);
    this.changed(issue.repo);
  }

  /** Records a timeline event on an issue, made now by `actor` (every change GitHub records). */
  recordEvent(issue: IssueRecord, event: Omit<IssueEventRecord, 'id' | 'createdAt'>): IssueEventRecord {
    const record: IssueEventRecord = { ...event, id: this.newId(), createdAt: this.nowMs() };
    this.user(event.actor);
    issue.events ??= [];
    issue.events.push(record);
    return record;
  }

  /**
   * The events GitHub records for a change to an issue made by `actor`: compares the issue with
   * its state before the change (title, labels, milestone, assignees, state) and notes a body edit.
   */
  recordChanges(issue: IssueRecord, before: IssueSnapshot, actor: string): void {
    const repo = issue.repo;
    if (before.title !== issue.title)
      this.recordEvent(issue, { event: 'renamed', actor, rename: { from: before.title, to: issue.title } });
    if (before.body !== issue.body) {
      issue.editor = this.user(actor).login;
      issue.editedAt = this.nowMs();
    }
    for (const label of issue.labels)
      if (!before.labels.includes(label))
        this.recordEvent(issue, { event: 'labeled', actor, label: { name: label.name, color: label.color } });
    for (const label of before.labels)
      if (!issue.labels.includes(label))
        this.recordEvent(issue, {
          event: 'unlabeled',
          actor,
          label: { name: label.name, color: label.color },
        });
    if (before.milestone !== issue.milestone) {
      const title = (n: number | null) => (n === null ? undefined : repo.milestones.get(n)?.title);
      const old = title(before.milestone);
      const now = title(issue.milestone);
      if (old !== undefined)
        this.recordEvent(issue, { event: 'demilestoned', actor, milestone: { title: old } });
      if (now !== undefined)
        this.recordEvent(issue, { event: 'milestoned', actor, milestone: { title: now } });
    }
    for (const login of issue.assignees)
      if (!before.assignees.includes(login))
        this.recordEvent(issue, { event: 'assigned', actor, assignee: login });
    for (const login of before.assignees)
      if (!issue.assignees.includes(login))
        this.recordEvent(issue, { event: 'unassigned', actor, assignee: login });
    if (before.state !== issue.state)
      this.recordEvent(issue, {
        event: issue.state === 'closed' ? 'closed' : 'reopened',
        actor,
        stateReason: issue.stateReason,
      });
  }

  /** Edits a comment as `user`: GitHub bumps the comment's and the issue's `updated_at`. */
  editComment(repoName: string | RepoRecord, commentId: number, body: string, user: string): CommentRecord {
    const repo = this.resolve(repoName);
    const comment = repo.comments.get(commentId);
    if (!comment) throw new Error(`unknown comment ${commentId} in ${repo.fullName}`);
    const now = this.nowMs();
    comment.body = body;
    comment.updatedAt = now;
    comment.editor = this.user(user).login;
    comment.editedAt = now;
    const issue = repo.issues.get(comment.issueNumber);
    if (issue) this.touchIssue(issue);
    return comment;
  }

  addComment(repoName: string | RepoRecord, number: number, body: string, user?: string): CommentRecord {
    const repo = this.resolve(repoName);
    const issue = this.getIssue(repo, number);
    if (!issue) throw new Error(`unknown issue #${number} in ${repo.fullName}`);
    const now = this.nowMs();
    const comment: CommentRecord = {
      id: this.newId(),
      issueNumber: number,
      body,
      user: this.user(user ?? repo.owner).login,
      createdAt: now,
      updatedAt: now,
    };
    repo.comments.set(comment.id, comment);
    issue.comments += 1;
    this.touchIssue(issue);
    return comment;
  }

  // ---- projects (v2) ---------------------------------------------------------

  addProject(input: ProjectInput): ProjectRecord {
    const key = projectKey(input);
    const existing = this.projects.get(key);
    if (existing) return existing;
    this.user(input.login, input.owner === 'org' ? 'Organization' : 'User');
    const now = this.nowMs();
    const project: ProjectRecord = {
      id: this.newId(),
      owner: input.owner,
      login: input.login,
      number: input.number,
      title: input.title,
      creator: input.login,
      createdAt: now,
      updatedAt: now,
      items: new Map(),
      byIssue: new Map(),
    };
    this.projects.set(key, project);
    return project;
  }

  findProject(ref: ProjectRef): ProjectRecord | undefined {
    return this.projects.get(projectKey(ref));
  }

  /** Adds an issue (or pull request) to a project; adding twice returns the existing item. */
  addProjectItem(
    projectRef: ProjectRef | ProjectRecord,
    issue: IssueRecord,
    creator?: string,
  ): ProjectItemRecord {
    const project = this.projectOf(projectRef);
    const existingId = project.byIssue.get(issue.id);
    const existing = existingId === undefined ? undefined : project.items.get(existingId);
    if (existing) return existing;
    const now = this.nowMs();
    const item: ProjectItemRecord = {
      id: this.newId(),
      issueId: issue.id,
      contentType: issue.pull ? 'PullRequest' : 'Issue',
      creator: creator ?? project.creator,
      createdAt: now,
      updatedAt: now,
    };
    project.items.set(item.id, item);
    project.byIssue.set(issue.id, item.id);
    project.updatedAt = now;
    return item;
  }

  removeProjectItem(projectRef: ProjectRef | ProjectRecord, itemId: number): boolean {
    const project = this.projectOf(projectRef);
    const item = project.items.get(itemId);
    if (!item) return false;
    project.items.delete(itemId);
    project.byIssue.delete(item.issueId);
    project.updatedAt = this.nowMs();
    return true;
  }

  /** The project's items with the issue each one holds. */
  projectItems(projectRef: ProjectRef | ProjectRecord): Array<ProjectItemRecord & { issue: IssueRecord }> {
    const project = this.projectOf(projectRef);
    const out: Array<ProjectItemRecord & { issue: IssueRecord }> = [];
    for (const item of project.items.values()) {
      const issue = this.issuesById.get(item.issueId);
      if (issue) out.push({ ...item, issue });
    }
    return out;
  }

  private projectOf(ref: ProjectRef | ProjectRecord): ProjectRecord {
    if ('items' in ref) return ref;
    const project = this.findProject(ref);
    if (!project) throw new Error(`unknown project ${projectKey(ref)}`);
    return project;
  }

  // ---- variables ---------------------------------------------------------------

  setVariable(repoName: string | RepoRecord, name: string, value: string): void {
    const repo = this.resolve(repoName);
    const key = name.toUpperCase();
    const now = this.nowMs();
    const existing = repo.variables.get(key);
    if (existing) {
      existing.value = value;
      existing.updatedAt = now;
    } else {
      repo.variables.set(key, { name: key, value, createdAt: now, updatedAt: now });
    }
    this.changed(repo);
  }

  deleteVariable(repoName: string | RepoRecord, name: string): boolean {
    const repo = this.resolve(repoName);
    const deleted = repo.variables.delete(name.toUpperCase());
    if (deleted) this.changed(repo);
    return deleted;
  }

  // ---- git helpers -----------------------------------------------------------

  /** The commit sha a branch points at, or undefined when the branch does not exist. */
  branch(repoName: string | RepoRecord, name: string): string | undefined {
    return this.resolve(repoName).git.refs.get(`refs/heads/${name}`);
  }

  readFile(repoName: string | RepoRecord, branch: string, path: string): string | undefined {
    const repo = this.resolve(repoName);
    const head = this.branch(repo, branch);
    if (!head) return undefined;
    const commit = repo.git.commit(head);
    const entry = commit ? repo.git.flatten(commit.tree).get(path) : undefined;
    return entry ? repo.git.blob(entry.sha)?.toString('utf8') : undefined;
  }

  listFiles(repoName: string | RepoRecord, branch: string, prefix = ''): string[] {
    const repo = this.resolve(repoName);
    const head = this.branch(repo, branch);
    const commit = head ? repo.git.commit(head) : undefined;
    if (!commit) return [];
    return [...repo.git.flatten(commit.tree).keys()].filter((path) => path.startsWith(prefix)).sort();
  }

  /** Commits file changes (content, or null to delete) on a branch, creating it if needed. Returns the commit sha. */
  writeFiles(
    repoName: string | RepoRecord,
    branch: string,
    files: Record<string, string | null>,
    message: string,
    author: { name: string; email: string } = { name: 'Codex Emulator', email: 'emulator@example.invalid' },
  ): string {
    const repo = this.resolve(repoName);
    const git = repo.git;
    const head = this.branch(repo, branch);
    const parent = head ? git.commit(head) : undefined;
    const flat = parent ? git.flatten(parent.tree) : new Map();
    for (const [path, content] of Object.entries(files)) {
      if (content === null) flat.delete(path);
      else flat.set(path, { mode: '100644', sha: git.putBlob(content) });
    }
    const signature = { ...author, date: this.nowMs() };
    const sha = git.putCommit({
      tree: git.buildTree(flat),
      parents: head ? [head] : [],
      author: signature,
      committer: signature,
      message,
    });
    git.refs.set(`refs/heads/${branch}`, sha);
    this.changed(repo);
    return sha;
  }

  private resolve(repo: string | RepoRecord): RepoRecord {
    return typeof repo === 'string' ? this.repo(repo) : repo;
  }
}

function splitRepo(fullName: string): [string, string] {
  const [owner, name, ...rest] = fullName.split('/');
  if (!owner || !name || rest.length > 0)
    throw new Error(`repository must be "owner/name", got "${fullName}"`);
  return [owner, name];
}

function projectKey(ref: ProjectRef): string {
  return `${ref.owner}/${ref.login.toLowerCase()}/${ref.number}`;
}

/** A short id for a token, safe to log. */
export function tokenId(token: string): string {
  return `tok_${createHash('sha256').update(token).digest('hex').slice(0, 10)}`;
}
