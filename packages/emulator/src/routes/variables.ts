import { bodyObject, json, noContent, type Route, type RouteContext, repoOf } from '../router.js';
import { variableShape } from '../shapes.js';
import type { RepoRecord, VariableRecord } from '../types.js';
import { HttpError, notFound, validationFailed } from '../wire/errors.js';
import { pageRequest, paginate } from '../wire/pagination.js';

const READ = { scope: 'variables', access: 'read' } as const;
const WRITE = { scope: 'variables', access: 'write' } as const;

function variableOf(ctx: RouteContext, repo: RepoRecord): VariableRecord {
  const variable = repo.variables.get((ctx.params.name ?? '').toUpperCase());
  if (!variable) throw notFound();
  return variable;
}

export const variableRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/actions/variables',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const all = [...repo.variables.values()].sort((a, b) => a.name.localeCompare(b.name));
      // GitHub: per_page defaults to 10 and is capped at 30 for variables.
      const page = paginate(all, pageRequest(ctx.query, 10, 30), ctx.linkBase, ctx.query);
      return json(
        200,
        { total_count: all.length, variables: page.items.map(variableShape) },
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/actions/variables',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      if (
        typeof body.name !== 'string' ||
        !/^[A-Za-z_][A-Za-z0-9_]*$/.test(body.name) ||
        typeof body.value !== 'string'
      ) {
        throw validationFailed([{ resource: 'Variable', code: 'invalid', field: 'name' }]);
      }
      if (repo.variables.has(body.name.toUpperCase()))
        throw new HttpError(409, 'Already exists - Variable already exists');
      ctx.state.setVariable(repo, body.name, body.value);
      return json(201, {});
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/actions/variables/{name}',
    permission: READ,
    handler: (ctx) => json(200, variableShape(variableOf(ctx, repoOf(ctx)))),
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/actions/variables/{name}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const variable = variableOf(ctx, repo);
      const body = bodyObject(ctx);
      if (typeof body.value === 'string') ctx.state.setVariable(repo, variable.name, body.value);
      return noContent();
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/actions/variables/{name}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      ctx.state.deleteVariable(repo, variableOf(ctx, repo).name);
      return noContent();
    },
  },
];
