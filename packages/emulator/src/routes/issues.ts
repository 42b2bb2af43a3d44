import { bodyObject, intParam, json, noContent, type Route, type RouteContext, repoOf } from '../router.js';
import { commentShape, eventShape, issueShape, labelShape, timelineCommentShape } from '../shapes.js';
import type { CommentRecord, IssueEventRecord, IssueRecord, LabelRecord, RepoRecord } from '../types.js';
import { HttpError, notFound, validationFailed } from '../wire/errors.js';
import { pageRequest, paginate } from '../wire/pagination.js';
import { parseTime } from '../wire/time.js';

const READ = { scope: 'issues', access: 'read' } as const;
const WRITE = { scope: 'issues', access: 'write' } as const;

/** Comments on a pull request are keyed off the pull request: `pull-requests` grants them as `issues` does. */
function onPullRequest(access: 'read' | 'write') {
  return (ctx: RouteContext) => {
    const repo = ctx.state.findRepo(`${ctx.params.owner}/${ctx.params.repo}`);
    const number =
      ctx.params.issue_number !== undefined
        ? Number(ctx.params.issue_number)
        : repo?.comments.get(Number(ctx.params.comment_id))?.issueNumber;
    return number !== undefined && repo?.issues.get(number)?.pull
      ? ({ scope: 'pull_requests', access } as const)
      : undefined;
  };
}
const BASE = '/repos/{owner}/{repo}/issues';
const DOCS = 'https://docs.github.com/rest/issues/issues';

/** The issue named by {issue_number}: 404 when unknown, 410 when deleted. */
function issueOf(ctx: RouteContext, repo = repoOf(ctx)): IssueRecord {
  const issue = repo.issues.get(intParam(ctx, 'issue_number'));
  if (!issue) throw notFound();
  if (issue.deleted) throw new HttpError(410, 'This issue was deleted');
  return issue;
}

// ---- listing ------------------------------------------------------------

type SortKey = 'created' | 'updated' | 'comments';
const sortCache = new WeakMap<RepoRecord, Map<string, { version: number; items: IssueRecord[] }>>();

function sorted(repo: RepoRecord, sort: SortKey, direction: 'asc' | 'desc'): IssueRecord[] {
  let caches = sortCache.get(repo);
  if (!caches) {
    caches = new Map();
    sortCache.set(repo, caches);
  }
  const key = `${sort}:${direction}`;
  const version = sort === 'created' ? repo.structureVersion : repo.version;
  const cached = caches.get(key);
  if (cached && cached.version === version) return cached.items;
  const items: IssueRecord[] = [];
  for (const issue of repo.issues.values()) if (!issue.deleted) items.push(issue);
  const value = (issue: IssueRecord): number =>
    sort === 'created' ? issue.createdAt : sort === 'updated' ? issue.updatedAt : issue.comments;
  const sign = direction === 'asc' ? 1 : -1;
  items.sort((a, b) => sign * (value(a) - value(b) || a.number - b.number));
  caches.set(key, { version, items });
  return items;
}

function filterIssues(repo: RepoRecord, query: URLSearchParams): IssueRecord[] {
  const state = query.get('state') ?? 'open';
  const sortParam = query.get('sort');
  const sort: SortKey = sortParam === 'updated' || sortParam === 'comments' ? sortParam : 'created';
  const direction = query.get('direction') === 'asc' ? 'asc' : 'desc';
  const labels = (query.get('labels') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const milestone = query.get('milestone');
  const since = parseTime(query.get('since') ?? undefined);
  const assignee = query.get('assignee');
  const creator = query.get('creator')?.toLowerCase();
  let milestoneNumber: number | undefined;
  if (milestone && milestone !== '*' && milestone !== 'none') {
    milestoneNumber = Number(milestone);
    if (!Number.isInteger(milestoneNumber)) {
      throw validationFailed([{ resource: 'Issue', field: 'milestone', code: 'invalid', value: milestone }]);
    }
  }
  return sorted(repo, sort, direction).filter((issue) => {
    if (state !== 'all' && issue.state !== state) return false;
    if (since !== undefined && issue.updatedAt < since) return false;
    if (milestone === 'none' && issue.milestone !== null) return false;
    if (milestone === '*' && issue.milestone === null) return false;
    if (milestoneNumber !== undefined && issue.milestone !== milestoneNumber) return false;
    if (creator && issue.user.toLowerCase() !== creator) return false;
    if (assignee === 'none' && issue.assignees.length > 0) return false;
    if (assignee === '*' && issue.assignees.length === 0) return false;
    if (assignee && assignee !== '*' && assignee !== 'none') {
      if (!issue.assignees.some((login) => login.toLowerCase() === assignee.toLowerCase())) return false;
    }
    for (const name of labels)
      if (!issue.labels.some((label) => label.name.toLowerCase() === name)) return false;
    return true;
  });
}

// ---- input helpers ----------------------------------------------------------

function labelNames(value: unknown): string[] | undefined {
  const list =
    value && typeof value === 'object' && !Array.isArray(value)
      ? (value as { labels?: unknown }).labels
      : value;
  if (!Array.isArray(list)) return undefined;
  return list
    .map((entry) => (typeof entry === 'string' ? entry : (entry as { name?: unknown })?.name))
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .map((name) => name.trim());
}

function milestoneValue(ctx: RouteContext, repo: RepoRecord, value: unknown): number | null {
  if (value === null) return null;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !repo.milestones.has(number)) {
    throw validationFailed(
      [{ value, resource: 'Issue', field: 'milestone', code: 'invalid' }],
      `${DOCS}#create-an-issue`,
    );
  }
  ctx.state.changed(repo);
  return number;
}

function assigneesValue(ctx: RouteContext, body: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(body.assignees)) {
    return body.assignees
      .filter((login): login is string => typeof login === 'string')
      .map((login) => ctx.state.user(login).login);
  }
  if (typeof body.assignee === 'string') return [ctx.state.user(body.assignee).login];
  if (body.assignee === null) return [];
  return undefined;
}

function sameLabels(a: LabelRecord[], b: LabelRecord[]): boolean {
  return a.length === b.length && a.every((label) => b.includes(label));
}

function labelList(ctx: RouteContext, issue: IssueRecord): unknown[] {
  return issue.labels.map((label) => labelShape(ctx.shapes, issue.repo, label));
}

function setState(ctx: RouteContext, issue: IssueRecord, state: unknown, reason: unknown): void {
  if (state !== undefined && state !== 'open' && state !== 'closed') {
    throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state', value: state }]);
  }
  const validReasons = ['completed', 'not_planned', 'reopened', 'duplicate', null];
  if (reason !== undefined && !validReasons.includes(reason as string | null)) {
    throw validationFailed([{ resource: 'Issue', code: 'invalid', field: 'state_reason', value: reason }]);
  }
  const now = ctx.state.nowMs();
  if (state === 'closed' && issue.state !== 'closed') {
    issue.state = 'closed';
    issue.closedAt = now;
    issue.closedBy = ctx.token.login;
    issue.stateReason = (reason as IssueRecord['stateReason']) ?? 'completed';
  } else if (state === 'open' && issue.state !== 'open') {
    issue.state = 'open';
    issue.closedAt = null;
    issue.closedBy = null;
    issue.stateReason = 'reopened';
  } else if (reason !== undefined && issue.state === 'closed') {
    issue.stateReason = reason as IssueRecord['stateReason'];
  }
}

// ---- routes -------------------------------------------------------------------

export const issueRoutes: Route[] = [
  {
    method: 'GET',
    template: BASE,
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const page = paginate(filterIssues(repo, ctx.query), pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(
        200,
        page.items.map((issue) => issueShape(ctx.shapes, issue)),
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'POST',
    template: BASE,
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      if (typeof body.title !== 'string' && typeof body.title !== 'number') {
        throw validationFailed(
          [{ resource: 'Issue', code: 'missing_field', field: 'title' }],
          `${DOCS}#create-an-issue`,
        );
      }
      const milestone = body.milestone === undefined ? null : milestoneValue(ctx, repo, body.milestone);
      const issue = ctx.state.addIssue(repo, {
        title: String(body.title),
        body: typeof body.body === 'string' ? body.body : null,
        labels: labelNames(body.labels) ?? [],
        milestone,
        assignees: assigneesValue(ctx, body) ?? [],
        user: ctx.token.login,
      });
      const shape = issueShape(ctx.shapes, issue);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'GET',
    template: `${BASE}/{issue_number}`,
    permission: READ,
    handler: (ctx) => json(200, issueShape(ctx.shapes, issueOf(ctx))),
  },
  {
    method: 'PATCH',
    template: `${BASE}/{issue_number}`,
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, repo);
      const body = bodyObject(ctx);
      const before = ctx.state.snapshot(issue);
      if (body.title !== undefined && body.title !== null) issue.title = String(body.title);
      if (body.body !== undefined) issue.body = typeof body.body === 'string' ? body.body : null;
      if (body.milestone !== undefined) issue.milestone = milestoneValue(ctx, repo, body.milestone);
      const names = labelNames(body.labels);
      if (names) issue.labels = ctx.state.labelsFor(repo, names);
      const assignees = assigneesValue(ctx, body);
      if (assignees) issue.assignees = assignees;
      setState(ctx, issue, body.state, body.state_reason);
      ctx.state.recordChanges(issue, before, ctx.token.login);
      ctx.state.touchIssue(issue);
      return json(200, issueShape(ctx.shapes, issue));
    },
  },
  // labels of an issue
  {
    method: 'GET',
    template: `${BASE}/{issue_number}/labels`,
    permission: READ,
    handler: (ctx) => {
      const issue = issueOf(ctx);
      const page = paginate(labelList(ctx, issue), pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(200, page.items, page.link ? { link: page.link } : undefined);
    },
  },
  {
    method: 'POST',
    template: `${BASE}/{issue_number}/labels`,
    permission: WRITE,
    handler: (ctx) => changeLabels(ctx, 'add'),
  },
  {
    method: 'PUT',
    template: `${BASE}/{issue_number}/labels`,
    permission: WRITE,
    handler: (ctx) => changeLabels(ctx, 'set'),
  },
  {
    method: 'DELETE',
    template: `${BASE}/{issue_number}/labels`,
    permission: WRITE,
    handler: (ctx) => {
      const issue = issueOf(ctx);
      if (issue.labels.length > 0) {
        const before = ctx.state.snapshot(issue);
        issue.labels = [];
        ctx.state.recordChanges(issue, before, ctx.token.login);
        ctx.state.touchIssue(issue);
      }
      return noContent();
    },
  },
  {
    method: 'DELETE',
    template: `${BASE}/{issue_number}/labels/{name}`,
    permission: WRITE,
    handler: (ctx) => {
      const issue = issueOf(ctx);
      const name = (ctx.params.name ?? '').toLowerCase();
      const index = issue.labels.findIndex((label) => label.name.toLowerCase() === name);
      if (index < 0) {
        throw new HttpError(404, 'Label does not exist', {
          documentation_url: 'https://docs.github.com/rest/issues/labels#remove-a-label-from-an-issue',
        });
      }
      const before = ctx.state.snapshot(issue);
      issue.labels = issue.labels.filter((_label, i) => i !== index);
      ctx.state.recordChanges(issue, before, ctx.token.login);
      ctx.state.touchIssue(issue);
      return json(200, labelList(ctx, issue));
    },
  },
  // comments
  {
    method: 'GET',
    template: `${BASE}/{issue_number}/comments`,
    permission: READ,
    alsoPermittedBy: onPullRequest('read'),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, repo);
      const since = parseTime(ctx.query.get('since') ?? undefined);
      const comments = [...repo.comments.values()].filter(
        (comment) =>
          comment.issueNumber === issue.number && (since === undefined || comment.updatedAt >= since),
      );
      const page = paginate(comments, pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(
        200,
        page.items.map((comment) => commentShape(ctx.shapes, repo, comment)),
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  // the timeline: comments and events, oldest first (GitHub's order)
  {
    method: 'GET',
    template: `${BASE}/{issue_number}/timeline`,
    permission: READ,
    alsoPermittedBy: onPullRequest('read'),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, repo);
      const page = paginate(timelineOf(repo, issue), pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(
        200,
        page.items.map((item) =>
          'event' in item ? eventShape(ctx.shapes, repo, item) : timelineCommentShape(ctx.shapes, repo, item),
        ),
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'POST',
    template: `${BASE}/{issue_number}/comments`,
    permission: WRITE,
    alsoPermittedBy: onPullRequest('write'),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const issue = issueOf(ctx, repo);
      const body = bodyObject(ctx);
      if (typeof body.body !== 'string' || body.body === '') {
        throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
      }
      const comment = ctx.state.addComment(repo, issue.number, body.body, ctx.token.login);
      const shape = commentShape(ctx.shapes, repo, comment);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'GET',
    template: `${BASE}/comments/{comment_id}`,
    permission: READ,
    alsoPermittedBy: onPullRequest('read'),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return json(200, commentShape(ctx.shapes, repo, commentOf(ctx, repo)));
    },
  },
  {
    method: 'PATCH',
    template: `${BASE}/comments/{comment_id}`,
    permission: WRITE,
    alsoPermittedBy: onPullRequest('write'),
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const comment = commentOf(ctx, repo);
      const body = bodyObject(ctx);
      if (typeof body.body !== 'string' || body.body === '') {
        throw validationFailed([{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
      }
      ctx.state.editComment(repo, comment.id, body.body, ctx.token.login);
      return json(200, commentShape(ctx.shapes, repo, comment));
    },
  },
  {
    method: 'DELETE',
    template: `${BASE}/comments/{comment_id}`,
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const comment = commentOf(ctx, repo);
      repo.comments.delete(comment.id);
      const issue = repo.issues.get(comment.issueNumber);
      if (issue) {
        issue.comments = Math.max(0, issue.comments - 1);
        ctx.state.touchIssue(issue);
      }
      return noContent();
    },
  },
];

/** Comments and events of an issue in the order they happened (ties in the order they were made). */
function timelineOf(repo: RepoRecord, issue: IssueRecord): Array<CommentRecord | IssueEventRecord> {
  const items: Array<CommentRecord | IssueEventRecord> = [...(issue.events ?? [])];
  for (const comment of repo.comments.values()) if (comment.issueNumber === issue.number) items.push(comment);
  return items.sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
}

function commentOf(ctx: RouteContext, repo: RepoRecord) {
  const comment = repo.comments.get(intParam(ctx, 'comment_id'));
  if (!comment) throw notFound();
  return comment;
}

function changeLabels(ctx: RouteContext, mode: 'add' | 'set') {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const names = labelNames(ctx.body);
  if (names === undefined) {
    throw validationFailed([{ resource: 'Label', code: 'missing_field', field: 'labels' }]);
  }
  const incoming = ctx.state.labelsFor(repo, names);
  const next =
    mode === 'set'
      ? incoming
      : [...issue.labels, ...incoming.filter((label) => !issue.labels.includes(label))];
  if (!sameLabels(next, issue.labels)) {
    const before = ctx.state.snapshot(issue);
    issue.labels = next;
    ctx.state.recordChanges(issue, before, ctx.token.login);
    ctx.state.touchIssue(issue);
  }
  return json(200, labelList(ctx, issue));
}
