import { GitStore } from './git.js';
import type { EmulatorState } from './state.js';
import type {
  CommentRecord,
  IssueEventRecord,
  IssueRecord,
  LabelRecord,
  MilestoneRecord,
  PagesRecord,
  ProjectItemRecord,
  ProjectRecord,
  PullFile,
  RepoRecord,
  TokenPermissions,
  UserRecord,
  VariableRecord,
} from './types.js';
import { isoOrNull, isoSeconds } from './wire/time.js';

/** Serializers from state records to GitHub's JSON shapes. `base` is the API base URL. */
export interface ShapeContext {
  base: string;
  state: EmulatorState;
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_kwDO${Buffer.from(`0:${id}`).toString('base64url')}`;
}

/** Database id encoded in a node id made by nodeId, or undefined. */
export function parseNodeId(value: string): { prefix: string; id: number } | undefined {
  const match = /^([A-Za-z]+)_kwDO([A-Za-z0-9_-]+)$/.exec(value);
  if (!match) return undefined;
  const decoded = Buffer.from(match[2] ?? '', 'base64url').toString('utf8');
  const idMatch = /^0:(\d+)$/.exec(decoded);
  return idMatch ? { prefix: match[1] ?? '', id: Number(idMatch[1]) } : undefined;
}

const htmlBase = (ctx: ShapeContext): string => ctx.base;

function userShape(ctx: ShapeContext, user: UserRecord): Record<string, unknown> {
  // GitHub percent-encodes the login in URLs (`github-actions%5Bbot%5D`); a bot's page is its app's.
  const api = `${ctx.base}/users/${encodeURIComponent(user.login)}`;
  const app = /^(.+)\[bot\]$/.exec(user.login)?.[1];
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type === 'Organization' ? 'O' : 'U', user.id),
    avatar_url: `${ctx.base}/avatars/u/${user.id}?v=4`,
    gravatar_id: '',
    url: api,
    html_url: app
      ? `${htmlBase(ctx)}/apps/${encodeURIComponent(app)}`
      : `${htmlBase(ctx)}/${encodeURIComponent(user.login)}`,
    followers_url: `${api}/followers`,
    following_url: `${api}/following{/other_user}`,
    gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`,
    subscriptions_url: `${api}/subscriptions`,
    organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`,
    events_url: `${api}/events{/privacy}`,
    received_events_url: `${api}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

function userByLogin(ctx: ShapeContext, login: string): Record<string, unknown> {
  return userShape(ctx, ctx.state.user(login));
}

/** `GET /user`: the authenticated user sees their own full profile (GitHub's `private-user`). */
export function authenticatedUserShape(ctx: ShapeContext, login: string): Record<string, unknown> {
  return {
    ...userByLogin(ctx, login),
    user_view_type: 'private',
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    public_repos: 0,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: '2020-01-01T00:00:00Z',
    updated_at: '2020-01-01T00:00:00Z',
    private_gists: 0,
    total_private_repos: 0,
    owned_private_repos: 0,
    disk_usage: 0,
    collaborators: 0,
    two_factor_authentication: true,
  };
}

export function repoUrl(ctx: ShapeContext, repo: RepoRecord): string {
  return `${ctx.base}/repos/${repo.fullName}`;
}

export function labelShape(ctx: ShapeContext, repo: RepoRecord, label: LabelRecord): Record<string, unknown> {
  return {
    id: label.id,
    node_id: nodeId('LA', label.id),
    url: `${repoUrl(ctx, repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

export function milestoneCounts(repo: RepoRecord): Map<number, { open: number; closed: number }> {
  const cached = countsCache.get(repo);
  if (cached && cached.version === repo.version) return cached.counts;
  const counts = new Map<number, { open: number; closed: number }>();
  for (const issue of repo.issues.values()) {
    if (issue.deleted || issue.milestone === null) continue;
    let entry = counts.get(issue.milestone);
    if (!entry) {
      entry = { open: 0, closed: 0 };
      counts.set(issue.milestone, entry);
    }
    if (issue.state === 'open') entry.open += 1;
    else entry.closed += 1;
  }
  countsCache.set(repo, { version: repo.version, counts });
  return counts;
}

const countsCache = new WeakMap<
  RepoRecord,
  { version: number; counts: Map<number, { open: number; closed: number }> }
>();

export function milestoneShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  milestone: MilestoneRecord,
): Record<string, unknown> {
  const url = `${repoUrl(ctx, repo)}/milestones/${milestone.number}`;
  const counts = milestoneCounts(repo).get(milestone.number) ?? { open: 0, closed: 0 };
  return {
    url,
    html_url: `${htmlBase(ctx)}/${repo.fullName}/milestone/${milestone.number}`,
    labels_url: `${url}/labels`,
    id: milestone.id,
    node_id: nodeId('MI', milestone.id),
    number: milestone.number,
    title: milestone.title,
    description: milestone.description,
    creator: userByLogin(ctx, milestone.creator),
    open_issues: counts.open,
    closed_issues: counts.closed,
    state: milestone.state,
    created_at: isoSeconds(milestone.createdAt),
    updated_at: isoSeconds(milestone.updatedAt),
    due_on: isoOrNull(milestone.dueOn),
    closed_at: isoOrNull(milestone.closedAt),
  };
}

function authorAssociation(repo: RepoRecord, login: string): string {
  return login.toLowerCase() === repo.owner.toLowerCase() ? 'OWNER' : 'CONTRIBUTOR';
}

export function issueShape(ctx: ShapeContext, issue: IssueRecord): Record<string, unknown> {
  const repo = issue.repo;
  const url = `${repoUrl(ctx, repo)}/issues/${issue.number}`;
  const html = `${htmlBase(ctx)}/${repo.fullName}/${issue.pull ? 'pull' : 'issues'}/${issue.number}`;
  const milestone = issue.milestone === null ? undefined : repo.milestones.get(issue.milestone);
  const assignees = issue.assignees.map((login) => userByLogin(ctx, login));
  const shape: Record<string, unknown> = {
    url,
    repository_url: repoUrl(ctx, repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: html,
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PR' : 'I', issue.id),
    number: issue.number,
    title: issue.title,
    user: userByLogin(ctx, issue.user),
    labels: issue.labels.map((label) => labelShape(ctx, repo, label)),
    state: issue.state,
    locked: issue.locked,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: milestone ? milestoneShape(ctx, repo, milestone) : null,
    comments: issue.comments,
    created_at: isoSeconds(issue.createdAt),
    updated_at: isoSeconds(issue.updatedAt),
    closed_at: isoOrNull(issue.closedAt),
    author_association: authorAssociation(repo, issue.user),
    type: null,
    active_lock_reason: null,
    sub_issues_summary: { total: 0, completed: 0, percent_completed: 0 },
    issue_dependencies_summary: { blocked_by: 0, total_blocked_by: 0, blocking: 0, total_blocking: 0 },
    body: issue.body,
    closed_by: issue.closedBy ? userByLogin(ctx, issue.closedBy) : null,
    reactions: reactions(url),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: null,
    state_reason: issue.stateReason,
  };
  if (issue.pull) {
    shape.draft = issue.pull.draft;
    shape.pull_request = {
      url: `${repoUrl(ctx, repo)}/pulls/${issue.number}`,
      html_url: html,
      diff_url: `${html}.diff`,
      patch_url: `${html}.patch`,
      merged_at: isoOrNull(issue.pull.mergedAt),
    };
  }
  return shape;
}

function reactions(url: string): Record<string, unknown> {
  return {
    url: `${url}/reactions`,
    total_count: 0,
    '+1': 0,
    '-1': 0,
    laugh: 0,
    hooray: 0,
    confused: 0,
    heart: 0,
    rocket: 0,
    eyes: 0,
  };
}

export function commentShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  comment: CommentRecord,
): Record<string, unknown> {
  const url = `${repoUrl(ctx, repo)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${htmlBase(ctx)}/${repo.fullName}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl(ctx, repo)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IC', comment.id),
    user: userByLogin(ctx, comment.user),
    created_at: isoSeconds(comment.createdAt),
    updated_at: isoSeconds(comment.updatedAt),
    author_association: authorAssociation(repo, comment.user),
    body: comment.body,
    reactions: reactions(url),
    performed_via_github_app: null,
  };
}

/** A comment as the timeline lists it: the comment with `event: commented` and its author as actor. */
export function timelineCommentShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  comment: CommentRecord,
): Record<string, unknown> {
  const shape = commentShape(ctx, repo, comment);
  return { ...shape, event: 'commented', actor: shape.user };
}

/** An issue event as the timeline lists it (GitHub's issue event types; cross-references differ). */
export function eventShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  event: IssueEventRecord,
): Record<string, unknown> {
  const actor = userByLogin(ctx, event.actor);
  if (event.event === 'cross-referenced') {
    const at = isoSeconds(event.createdAt);
    return {
      event: event.event,
      actor,
      created_at: at,
      updated_at: at,
      source: { type: 'issue', issue: event.source ? issueShape(ctx, event.source) : null },
    };
  }
  const shape: Record<string, unknown> = {
    id: event.id,
    node_id: nodeId(EVENT_PREFIX[event.event], event.id),
    url: `${repoUrl(ctx, repo)}/issues/events/${event.id}`,
    actor,
    event: event.event,
    commit_id: event.commitId ?? null,
    commit_url: event.commitId ? `${repoUrl(ctx, repo)}/commits/${event.commitId}` : null,
    created_at: isoSeconds(event.createdAt),
    performed_via_github_app: null,
  };
  if (event.label) shape.label = { ...event.label };
  if (event.milestone) shape.milestone = { ...event.milestone };
  if (event.rename) shape.rename = { ...event.rename };
  if (event.assignee !== undefined) shape.assignee = userByLogin(ctx, event.assignee);
  if (event.event === 'closed' || event.event === 'reopened') shape.state_reason = event.stateReason ?? null;
  return shape;
}

/** Node id prefixes GitHub gives issue events. */
const EVENT_PREFIX: Record<IssueEventRecord['event'], string> = {
  labeled: 'LE',
  unlabeled: 'UNLE',
  milestoned: 'MIE',
  demilestoned: 'DEMIE',
  renamed: 'RTE',
  assigned: 'AE',
  unassigned: 'UAE',
  closed: 'CE',
  reopened: 'REE',
  'cross-referenced': 'CRE',
  referenced: 'REFE',
};

function repoPermissions(permissions: TokenPermissions | undefined): Record<string, boolean> {
  const admin = permissions?.admin === true;
  const push = admin || permissions?.contents === 'write';
  return {
    admin,
    maintain: admin,
    push,
    triage: push || permissions?.issues === 'write' || permissions?.pull_requests === 'write',
    pull: true,
  };
}

export function repoShape(
  ctx: ShapeContext,
  repo: RepoRecord,
  permissions?: TokenPermissions,
): Record<string, unknown> {
  const url = repoUrl(ctx, repo);
  const html = `${htmlBase(ctx)}/${repo.fullName}`;
  const owner = ctx.state.user(repo.owner);
  const openIssues = openIssueCount(repo);
  const shape: Record<string, unknown> = {
    id: repo.id,
    node_id: nodeId('R', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: repo.private,
    owner: userShape(ctx, owner),
    html_url: html,
    description: repo.description,
    fork: false,
    url,
    forks_url: `${url}/forks`,
    keys_url: `${url}/keys{/key_id}`,
    collaborators_url: `${url}/collaborators{/collaborator}`,
    teams_url: `${url}/teams`,
    hooks_url: `${url}/hooks`,
    issue_events_url: `${url}/issues/events{/number}`,
    events_url: `${url}/events`,
    assignees_url: `${url}/assignees{/user}`,
    branches_url: `${url}/branches{/branch}`,
    tags_url: `${url}/tags`,
    blobs_url: `${url}/git/blobs{/sha}`,
    git_tags_url: `${url}/git/tags{/sha}`,
    git_refs_url: `${url}/git/refs{/sha}`,
    trees_url: `${url}/git/trees{/sha}`,
    statuses_url: `${url}/statuses/{sha}`,
    languages_url: `${url}/languages`,
    stargazers_url: `${url}/stargazers`,
    contributors_url: `${url}/contributors`,
    subscribers_url: `${url}/subscribers`,
    subscription_url: `${url}/subscription`,
    commits_url: `${url}/commits{/sha}`,
    git_commits_url: `${url}/git/commits{/sha}`,
    comments_url: `${url}/comments{/number}`,
    issue_comment_url: `${url}/issues/comments{/number}`,
    contents_url: `${url}/contents/{+path}`,
    compare_url: `${url}/compare/{base}...{head}`,
    merges_url: `${url}/merges`,
    archive_url: `${url}/{archive_format}{/ref}`,
    downloads_url: `${url}/downloads`,
    issues_url: `${url}/issues{/number}`,
    pulls_url: `${url}/pulls{/number}`,
    milestones_url: `${url}/milestones{/number}`,
    notifications_url: `${url}/notifications{?since,all,participating}`,
    labels_url: `${url}/labels{/name}`,
    releases_url: `${url}/releases{/id}`,
    deployments_url: `${url}/deployments`,
    created_at: isoSeconds(repo.createdAt),
    updated_at: isoSeconds(repo.createdAt),
    pushed_at: isoSeconds(repo.createdAt),
    git_url: `git://${hostOf(ctx.base)}/${repo.fullName}.git`,
    ssh_url: `git@${hostOf(ctx.base)}:${repo.fullName}.git`,
    clone_url: `${html}.git`,
    svn_url: html,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    // GitHub's linguist result; null for a repository without recognised code, which is all the emulator knows.
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: false,
    has_pages: repo.git.refs.has('refs/heads/gh-pages'),
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: repo.archived,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [...repo.topics],
    visibility: repo.internal ? 'internal' : repo.private ? 'private' : 'public',
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    network_count: 0,
    subscribers_count: 0,
  };
  if (permissions) {
    const granted = repoPermissions(permissions);
    shape.permissions = granted;
    if (granted.push) {
      // GitHub shows merge settings to collaborators with push access.
      Object.assign(shape, {
        temp_clone_token: '',
        allow_squash_merge: true,
        allow_merge_commit: true,
        allow_rebase_merge: true,
        allow_auto_merge: false,
        delete_branch_on_merge: false,
        allow_update_branch: false,
        use_squash_pr_title_as_default: false,
        squash_merge_commit_title: 'COMMIT_OR_PR_TITLE',
        squash_merge_commit_message: 'COMMIT_MESSAGES',
        merge_commit_title: 'MERGE_MESSAGE',
        merge_commit_message: 'PR_TITLE',
      });
    }
  }
  if (owner.type === 'Organization') shape.organization = userShape(ctx, owner);
  return shape;
}

function openIssueCount(repo: RepoRecord): number {
  let count = 0;
  for (const issue of repo.issues.values()) if (!issue.deleted && issue.state === 'open') count += 1;
  return count;
}

function hostOf(base: string): string {
  return new URL(base).host;
}

export function variableShape(variable: VariableRecord): Record<string, unknown> {
  return {
    name: variable.name,
    value: variable.value,
    created_at: isoSeconds(variable.createdAt),
    updated_at: isoSeconds(variable.updatedAt),
  };
}

function projectUrl(ctx: ShapeContext, project: ProjectRecord): string {
  const owner = project.owner === 'org' ? 'orgs' : 'users';
  return `${ctx.base}/${owner}/${project.login}/projectsV2/${project.number}`;
}

export function projectShape(ctx: ShapeContext, project: ProjectRecord): Record<string, unknown> {
  const owner = ctx.state.user(project.login, project.owner === 'org' ? 'Organization' : 'User');
  return {
    id: project.id,
    node_id: nodeId('PVT', project.id),
    owner: userShape(ctx, owner),
    creator: userByLogin(ctx, project.creator),
    title: project.title,
    description: null,
    public: false,
    closed_at: null,
    created_at: isoSeconds(project.createdAt),
    updated_at: isoSeconds(project.updatedAt),
    number: project.number,
    short_description: null,
    deleted_at: null,
    deleted_by: null,
    state: 'open',
    latest_status_update: null,
    is_template: false,
  };
}

export function projectItemShape(
  ctx: ShapeContext,
  project: ProjectRecord,
  item: ProjectItemRecord,
): Record<string, unknown> {
  const issue = ctx.state.issuesById.get(item.issueId);
  const shape: Record<string, unknown> = {
    id: item.id,
    node_id: nodeId('PVTI', item.id),
    project_url: projectUrl(ctx, project),
    content_type: item.contentType,
    content: issue ? (issue.pull ? pullShape(ctx, issue) : issueShape(ctx, issue)) : null,
    creator: userByLogin(ctx, item.creator),
    created_at: isoSeconds(item.createdAt),
    updated_at: isoSeconds(item.updatedAt),
    archived_at: null,
    item_url: `${projectUrl(ctx, project)}/items/${item.id}`,
  };
  return shape;
}

export function pullShape(ctx: ShapeContext, issue: IssueRecord): Record<string, unknown> {
  const pull = issue.pull;
  if (!pull) throw new Error('not a pull request');
  const repo = issue.repo;
  const url = `${repoUrl(ctx, repo)}/pulls/${issue.number}`;
  const html = `${htmlBase(ctx)}/${repo.fullName}/pull/${issue.number}`;
  const issueJson = issueShape(ctx, issue);
  const branchShape = (side: PullData['head']): Record<string, unknown> => {
    const sideRepo = ctx.state.findRepo(side.repo) ?? repo;
    const [owner] = side.repo.split('/');
    return {
      label: `${owner}:${side.ref}`,
      ref: side.ref,
      sha: side.sha,
      user: userByLogin(ctx, owner ?? repo.owner),
      repo: repoShape(ctx, sideRepo),
    };
  };
  const additions = pull.files.reduce((sum, file) => sum + file.additions, 0);
  const deletions = pull.files.reduce((sum, file) => sum + file.deletions, 0);
  return {
    url,
    id: issue.id,
    node_id: issueJson.node_id,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl(ctx, repo)}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(ctx, repo)}/pulls/comments{/number}`,
    comments_url: `${repoUrl(ctx, repo)}/issues/${issue.number}/comments`,
    statuses_url: `${repoUrl(ctx, repo)}/statuses/${pull.head.sha}`,
    number: issue.number,
    state: issue.state,
    locked: issue.locked,
    title: issue.title,
    user: issueJson.user,
    body: issue.body,
    labels: issueJson.labels,
    milestone: issueJson.milestone,
    active_lock_reason: null,
    created_at: issueJson.created_at,
    updated_at: issueJson.updated_at,
    closed_at: issueJson.closed_at,
    merged_at: isoOrNull(pull.mergedAt),
    merge_commit_sha: null,
    assignee: issueJson.assignee,
    assignees: issueJson.assignees,
    requested_reviewers: [],
    requested_teams: [],
    head: branchShape(pull.head),
    base: branchShape(pull.base),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: `${repoUrl(ctx, repo)}/issues/${issue.number}` },
      comments: { href: `${repoUrl(ctx, repo)}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      review_comment: { href: `${repoUrl(ctx, repo)}/pulls/comments{/number}` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl(ctx, repo)}/statuses/${pull.head.sha}` },
    },
    author_association: issueJson.author_association,
    auto_merge: null,
    draft: pull.draft,
    merged: pull.merged,
    mergeable: pull.merged ? null : true,
    rebaseable: pull.merged ? null : true,
    mergeable_state: pull.merged ? 'unknown' : 'clean',
    merged_by: null,
    comments: issue.comments,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions,
    deletions,
    changed_files: pull.files.length,
  };
}

type PullData = NonNullable<IssueRecord['pull']>;

export function pullFileShape(
  ctx: ShapeContext,
  issue: IssueRecord,
  file: PullFile,
): Record<string, unknown> {
  const repo = issue.repo;
  const sha = issue.pull?.head.sha ?? '';
  const blobSha = GitStore.hash('blob', Buffer.from(file.patch ?? file.filename, 'utf8'));
  const shape: Record<string, unknown> = {
    sha: blobSha,
    filename: file.filename,
    status: file.status,
    additions: file.additions,
    deletions: file.deletions,
    changes: file.additions + file.deletions,
    blob_url: `${htmlBase(ctx)}/${repo.fullName}/blob/${sha}/${file.filename}`,
    raw_url: `${htmlBase(ctx)}/${repo.fullName}/raw/${sha}/${file.filename}`,
    contents_url: `${repoUrl(ctx, repo)}/contents/${file.filename}?ref=${sha}`,
  };
  if (file.patch !== undefined) shape.patch = file.patch;
  if (file.previous_filename !== undefined) shape.previous_filename = file.previous_filename;
  return shape;
}

/** The unified diff GitHub serves for `Accept: application/vnd.github.diff`. */
export function pullDiff(issue: IssueRecord): string {
  const lines: string[] = [];
  for (const file of issue.pull?.files ?? []) {
    const from = file.previous_filename ?? file.filename;
    lines.push(`diff --git a/${from} b/${file.filename}`);
    if (file.status === 'added') lines.push('new file mode 100644');
    if (file.status === 'removed') lines.push('deleted file mode 100644');
    lines.push(`--- ${file.status === 'added' ? '/dev/null' : `a/${from}`}`);
    lines.push(`+++ ${file.status === 'removed' ? '/dev/null' : `b/${file.filename}`}`);
    if (file.patch) lines.push(file.patch.replace(/\n$/, ''));
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * `GET /repos/{o}/{r}/pages`. On github.com a site without a custom domain is served at
 * `https://<owner>.github.io/<repo>/` (the `<owner>.github.io` repository at the root).
 */
export function pagesShape(ctx: ShapeContext, repo: RepoRecord, pages: PagesRecord): Record<string, unknown> {
  const owner = repo.owner.toLowerCase();
  const html = pages.cname
    ? `https://${pages.cname}/`
    : repo.name.toLowerCase() === `${owner}.github.io`
      ? `https://${owner}.github.io/`
      : `https://${owner}.github.io/${repo.name}/`;
  return {
    url: `${repoUrl(ctx, repo)}/pages`,
    status: 'built',
    cname: pages.cname,
    custom_404: false,
    html_url: html,
    build_type: pages.buildType,
    source: { ...pages.source },
    public: pages.public,
    protected_domain_state: null,
    pending_domain_unverified_at: null,
    https_enforced: true,
  };
}
