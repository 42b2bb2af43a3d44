import { bodyObject, json, type Route, type RouteContext } from '../router.js';
import { parseNodeId } from '../shapes.js';
import type { IssueRecord } from '../types.js';
import { HttpError } from '../wire/errors.js';
import { createCommitOnBranch, type GraphQLError } from './commit-on-branch.js';
import { selectAsQueried } from './graphql-selection.js';

/**
 * A deliberately small GraphQL endpoint: `deleteIssue(input: {issueId})`,
 * `createCommitOnBranch(input: {...})` (commit-on-branch.ts), and lookups of an
 * issue's node id (`repository(owner, name) { issue(number) { id } }`, `node(id)`), `viewer`,
 * `rateLimit`. Arguments may be literals or `$variables`. Anything else answers a GraphQL error.
 */
function argument(source: string, name: string, variables: Record<string, unknown>): unknown {
  const match = new RegExp(`\\b${name}\\s*:\\s*("(?:[^"\\\\]|\\\\.)*"|\\$\\w+|-?\\d+)`).exec(source);
  if (!match?.[1]) return undefined;
  const raw = match[1];
  if (raw.startsWith('$')) return variables[raw.slice(1)];
  if (raw.startsWith('"')) return JSON.parse(raw) as string;
  return Number(raw);
}

function selection(source: string, field: string): string[] {
  const start = new RegExp(`\\b${field}\\b[^{]*\\{`).exec(source);
  if (!start) return [];
  let depth = 1;
  let i = start.index + start[0].length;
  let body = '';
  while (i < source.length && depth > 0) {
    const ch = source[i] as string;
    if (ch === '{') depth += 1;
    if (ch === '}') depth -= 1;
    if (depth === 1 && ch !== '}') body += ch;
    if (depth > 1) body += ' ';
    i += 1;
  }
  return body
    .replace(/\([^)]*\)/g, ' ')
    .split(/[\s,]+/)
    .filter((name) => /^\w+$/.test(name));
}

function locationOf(source: string, field: string): Array<{ line: number; column: number }> {
  const index = source.search(new RegExp(`\\b${field}\\b`));
  if (index < 0) return [{ line: 1, column: 1 }];
  const before = source.slice(0, index).split('\n');
  return [{ line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 }];
}

function issueFields(issue: IssueRecord, fields: string[], ctx: RouteContext): Record<string, unknown> {
  const values: Record<string, unknown> = {
    id: issue.pull
      ? `PR_kwDO${Buffer.from(`0:${issue.id}`).toString('base64url')}`
      : `I_kwDO${Buffer.from(`0:${issue.id}`).toString('base64url')}`,
    databaseId: issue.id,
    number: issue.number,
    title: issue.title,
    state: issue.state.toUpperCase(),
    url: `${ctx.base}/${issue.repo.fullName}/issues/${issue.number}`,
    __typename: issue.pull ? 'PullRequest' : 'Issue',
  };
  const out: Record<string, unknown> = {};
  for (const field of fields.length > 0 ? fields : ['id']) if (field in values) out[field] = values[field];
  return out;
}

function issueByNodeId(ctx: RouteContext, id: unknown): IssueRecord | undefined {
  const parsed = typeof id === 'string' ? parseNodeId(id) : undefined;
  if (!parsed || (parsed.prefix !== 'I' && parsed.prefix !== 'PR')) return undefined;
  const issue = ctx.state.issuesById.get(parsed.id);
  return issue && !issue.deleted ? issue : undefined;
}

/**
 * `nodes(ids) { ... on Issue / IssueComment { id lastEditedAt editor { __typename login } } }`:
 * who last edited an issue body or a comment. GitHub names a bot editor by its `Bot` type and a
 * login without the `[bot]` suffix; an unknown id answers `null`.
 */
function editedNode(ctx: RouteContext, id: unknown): Record<string, unknown> | null {
  const parsed = typeof id === 'string' ? parseNodeId(id) : undefined;
  if (!parsed) return null;
  let edit: { editor?: string; editedAt?: number } | undefined;
  let typename = '';
  if (parsed.prefix === 'I') {
    edit = issueByNodeId(ctx, id);
    typename = 'Issue';
  } else if (parsed.prefix === 'IC') {
    for (const repo of ctx.state.repos.values()) {
      const comment = repo.comments.get(parsed.id);
      if (comment) edit = comment;
    }
    typename = 'IssueComment';
  }
  if (!edit) return null;
  const editor = edit.editor === undefined ? null : ctx.state.user(edit.editor);
  return {
    __typename: typename,
    id,
    lastEditedAt:
      edit.editedAt === undefined ? null : new Date(edit.editedAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    editor: editor
      ? {
          __typename: editor.type,
          login: editor.type === 'Bot' ? editor.login.replace(/\[bot\]$/, '') : editor.login,
        }
      : null,
  };
}

function execute(
  ctx: RouteContext,
  query: string,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const errors: GraphQLError[] = [];
  const login = ctx.token.login;
  if (/\bcreateCommitOnBranch\s*\(/.test(query)) {
    const { result, error } = createCommitOnBranch(
      ctx,
      argument(query, 'input', variables),
      locationOf(query, 'createCommitOnBranch'),
    );
    // A schema error (no path) stops the request before execution: no `data` at all.
    if (error && !error.path) return { errors: [error] };
    return error
      ? { data: { createCommitOnBranch: result }, errors: [error] }
      : { data: { createCommitOnBranch: result } };
  }
  if (/\bmutation\b/.test(query) || /\bdeleteIssue\s*\(/.test(query)) {
    if (!/\bdeleteIssue\s*\(/.test(query)) {
      return {
        errors: [
          { message: 'This emulator supports only the deleteIssue and createCommitOnBranch mutations.' },
        ],
      };
    }
    const input = argument(query, 'input', variables);
    const issueId =
      (input && typeof input === 'object' ? (input as { issueId?: unknown }).issueId : undefined) ??
      argument(query, 'issueId', variables);
    const issue = issueByNodeId(ctx, issueId);
    if (!issue) {
      data.deleteIssue = null;
      errors.push({
        type: 'NOT_FOUND',
        path: ['deleteIssue'],
        locations: locationOf(query, 'deleteIssue'),
        message: `Could not resolve to a node with the global id of '${String(issueId)}'.`,
      });
    } else if (ctx.token.permissions.admin !== true) {
      data.deleteIssue = null;
      errors.push({
        type: 'FORBIDDEN',
        path: ['deleteIssue'],
        locations: locationOf(query, 'deleteIssue'),
        message: `${login} does not have the correct permissions to execute \`DeleteIssue\``,
      });
    } else {
      ctx.state.deleteIssue(issue.repo, issue.number);
      const repoFields = selection(query, 'repository');
      const repository: Record<string, unknown> = {};
      for (const field of repoFields) {
        if (field === 'id')
          repository.id = `R_kwDO${Buffer.from(`0:${issue.repo.id}`).toString('base64url')}`;
        if (field === 'nameWithOwner') repository.nameWithOwner = issue.repo.fullName;
        if (field === 'name') repository.name = issue.repo.name;
      }
      const result: Record<string, unknown> = { clientMutationId: null };
      if (repoFields.length > 0) result.repository = repository;
      data.deleteIssue = result;
    }
    return errors.length > 0 ? { data, errors } : { data };
  }
  let understood = false;
  if (/\brepository\s*\(/.test(query)) {
    understood = true;
    const owner = argument(query, 'owner', variables);
    const name = argument(query, 'name', variables);
    const repo = ctx.state.findRepo(`${String(owner)}/${String(name)}`);
    if (!repo) {
      data.repository = null;
      errors.push({
        type: 'NOT_FOUND',
        path: ['repository'],
        locations: locationOf(query, 'repository'),
        message: `Could not resolve to a Repository with the name '${String(owner)}/${String(name)}'.`,
      });
    } else {
      const repository: Record<string, unknown> = {};
      for (const field of selection(query, 'repository')) {
        if (field === 'id') repository.id = `R_kwDO${Buffer.from(`0:${repo.id}`).toString('base64url')}`;
        if (field === 'nameWithOwner') repository.nameWithOwner = repo.fullName;
        // An empty repository has no default branch ref.
        if (field === 'defaultBranchRef')
          repository.defaultBranchRef = repo.git.refs.has(`refs/heads/${repo.defaultBranch}`)
            ? { name: repo.defaultBranch }
            : null;
        if (field === 'ref') {
          const name = String(argument(query, 'qualifiedName', variables) ?? '');
          const qualified = name.startsWith('refs/') ? name : `refs/heads/${name}`;
          const oid = repo.git.refs.get(qualified);
          repository.ref = oid
            ? { name: qualified.replace(/^refs\/(heads|tags)\//, ''), target: { oid } }
            : null;
        }
        if (field === 'issue' || field === 'pullRequest') {
          const number = argument(
            query.slice(query.search(new RegExp(`\\b${field}\\s*\\(`))),
            'number',
            variables,
          );
          const issue = typeof number === 'number' ? ctx.state.getIssue(repo, number) : undefined;
          const ok = issue && Boolean(issue.pull) === (field === 'pullRequest');
          repository[field] = ok ? issueFields(issue, selection(query, field), ctx) : null;
          if (!ok) {
            errors.push({
              type: 'NOT_FOUND',
              path: ['repository', field],
              locations: locationOf(query, field),
              message: `Could not resolve to an ${field === 'issue' ? 'Issue' : 'PullRequest'} with the number of ${String(number)}.`,
            });
          }
        }
      }
      data.repository = repository;
    }
  }
  if (/\bnode\s*\(/.test(query)) {
    understood = true;
    const id = argument(query, 'id', variables);
    const issue = issueByNodeId(ctx, id);
    data.node = issue
      ? issueFields(issue, selection(query, 'node').concat(selection(query, '\\.\\.\\. on Issue')), ctx)
      : null;
  }
  if (/\bnodes\s*\(/.test(query)) {
    understood = true;
    const ids = argument(query, 'ids', variables);
    data.nodes = (Array.isArray(ids) ? ids : []).map((id) => editedNode(ctx, id));
  }
  if (/\bviewer\b/.test(query)) {
    understood = true;
    data.viewer = { login };
  }
  if (/\brateLimit\b/.test(query)) {
    understood = true;
    const bucket = ctx.token.graphql;
    data.rateLimit = {
      limit: bucket.limit,
      remaining: bucket.remaining,
      used: bucket.limit - bucket.remaining,
      cost: 1,
      resetAt: new Date(bucket.resetAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  }
  if (!understood) return { errors: [{ message: 'This emulator does not understand that query.' }] };
  return errors.length > 0 ? { data, errors } : { data };
}

export const graphqlRoutes: Route[] = [
  {
    method: 'POST',
    template: '/graphql',
    resource: 'graphql',
    write: (ctx) => /\bmutation\b/.test(String(bodyObject(ctx).query ?? '')),
    handler: (ctx) => {
      const body = bodyObject(ctx);
      if (typeof body.query !== 'string')
        throw new HttpError(400, 'A query attribute must be specified and must be a string.');
      const variables = (
        body.variables && typeof body.variables === 'object' ? body.variables : {}
      ) as Record<string, unknown>;
      return json(200, selectAsQueried(execute(ctx, body.query, variables), body.query));
    },
  },
];
