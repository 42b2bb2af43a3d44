import { bodyObject, intParam, json, noContent, type Route, type RouteContext } from '../router.js';
import { projectItemShape, projectShape } from '../shapes.js';
import type { IssueRecord, ProjectItemRecord, ProjectRecord } from '../types.js';
import { notFound, validationFailed } from '../wire/errors.js';
import { cursorPaginate } from '../wire/pagination.js';

const READ = { scope: 'projects', access: 'read' } as const;
const WRITE = { scope: 'projects', access: 'write' } as const;

function projectOf(ctx: RouteContext): ProjectRecord {
  const owner = ctx.params.org !== undefined ? 'org' : 'user';
  const login = ctx.params.org ?? ctx.params.username ?? '';
  const project = ctx.state.findProject({ owner, login, number: intParam(ctx, 'project_number') });
  if (!project) throw notFound();
  return project;
}

function itemOf(ctx: RouteContext, project: ProjectRecord): ProjectItemRecord {
  const item = project.items.get(intParam(ctx, 'item_id'));
  if (!item) throw notFound();
  return item;
}

function contentFor(ctx: RouteContext, body: Record<string, unknown>): IssueRecord {
  const type = body.type;
  if (type !== 'Issue' && type !== 'PullRequest') {
    throw validationFailed([{ resource: 'ProjectV2Item', code: 'invalid', field: 'type', value: type }]);
  }
  let issue: IssueRecord | undefined;
  if (typeof body.id === 'number') {
    issue = ctx.state.issuesById.get(body.id);
  } else if (
    typeof body.owner === 'string' &&
    typeof body.repo === 'string' &&
    typeof body.number === 'number'
  ) {
    const repo = ctx.state.findRepo(`${body.owner}/${body.repo}`);
    issue = repo ? ctx.state.getIssue(repo, body.number) : undefined;
  } else {
    throw validationFailed([{ resource: 'ProjectV2Item', code: 'missing_field', field: 'id' }]);
  }
  if (!issue || issue.deleted || Boolean(issue.pull) !== (type === 'PullRequest')) {
    throw validationFailed([
      { resource: 'ProjectV2Item', code: 'invalid', field: 'id', value: body.id ?? body.number },
    ]);
  }
  return issue;
}

function routesFor(prefix: string): Route[] {
  return [
    {
      method: 'GET',
      template: prefix,
      permission: READ,
      handler: (ctx) => json(200, projectShape(ctx.shapes, projectOf(ctx))),
    },
    {
      method: 'GET',
      template: `${prefix}/items`,
      permission: READ,
      handler: (ctx) => {
        const project = projectOf(ctx);
        const items = [...project.items.values()];
        const page = cursorPaginate(items, (item) => item.id, ctx.query, ctx.linkBase);
        const body = page.items.map((item) => {
          const shape = projectItemShape(ctx.shapes, project, item);
          if (ctx.query.has('fields')) shape.fields = [];
          return shape;
        });
        return json(200, body, page.link ? { link: page.link } : undefined);
      },
    },
    {
      method: 'POST',
      template: `${prefix}/items`,
      permission: WRITE,
      handler: (ctx) => {
        const project = projectOf(ctx);
        const issue = contentFor(ctx, bodyObject(ctx));
        const item = ctx.state.addProjectItem(project, issue, ctx.token.login);
        return json(201, projectItemShape(ctx.shapes, project, item));
      },
    },
    {
      method: 'GET',
      template: `${prefix}/items/{item_id}`,
      permission: READ,
      handler: (ctx) => {
        const project = projectOf(ctx);
        return json(200, projectItemShape(ctx.shapes, project, itemOf(ctx, project)));
      },
    },
    {
      method: 'DELETE',
      template: `${prefix}/items/{item_id}`,
      permission: WRITE,
      handler: (ctx) => {
        const project = projectOf(ctx);
        ctx.state.removeProjectItem(project, itemOf(ctx, project).id);
        return noContent();
      },
    },
  ];
}

export const projectRoutes: Route[] = [
  ...routesFor('/orgs/{org}/projectsV2/{project_number}'),
  ...routesFor('/users/{username}/projectsV2/{project_number}'),
];
