import { bodyObject, json, noContent, type Route, type RouteContext, repoOf } from '../router.js';
import { labelShape } from '../shapes.js';
import type { LabelRecord, RepoRecord } from '../types.js';
import { notFound, validationFailed } from '../wire/errors.js';
import { pageRequest, paginate } from '../wire/pagination.js';

const READ = { scope: 'issues', access: 'read' } as const;
const WRITE = { scope: 'issues', access: 'write' } as const;
const DOCS = 'https://docs.github.com/rest/issues/labels';

function normalizeColor(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const color = typeof value === 'string' ? value.replace(/^#/, '') : '';
  if (!/^[0-9a-fA-F]{6}$/.test(color)) {
    throw validationFailed(
      [{ resource: 'Label', code: 'invalid', field: 'color' }],
      `${DOCS}#create-a-label`,
    );
  }
  return color;
}

function labelOf(ctx: RouteContext, repo: RepoRecord): LabelRecord {
  const label = repo.labels.get((ctx.params.name ?? '').toLowerCase());
  if (!label) throw notFound();
  return label;
}

export const labelRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/labels',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const labels = [...repo.labels.values()].map((label) => labelShape(ctx.shapes, repo, label));
      const page = paginate(labels, pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(200, page.items, page.link ? { link: page.link } : undefined);
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/labels',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      if (typeof body.name !== 'string' || body.name.trim() === '') {
        throw validationFailed(
          [{ resource: 'Label', code: 'missing_field', field: 'name' }],
          `${DOCS}#create-a-label`,
        );
      }
      const color = normalizeColor(body.color);
      if (repo.labels.has(body.name.toLowerCase())) {
        throw validationFailed(
          [{ resource: 'Label', code: 'already_exists', field: 'name' }],
          `${DOCS}#create-a-label`,
        );
      }
      const label = ctx.state.addLabel(repo, {
        name: body.name.trim(),
        ...(color ? { color } : {}),
        description: typeof body.description === 'string' ? body.description : null,
      });
      const shape = labelShape(ctx.shapes, repo, label);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/labels/{name}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return json(200, labelShape(ctx.shapes, repo, labelOf(ctx, repo)));
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/labels/{name}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const label = labelOf(ctx, repo);
      const body = bodyObject(ctx);
      const color = normalizeColor(body.color);
      if (typeof body.new_name === 'string' && body.new_name.trim() !== '') {
        const newName = body.new_name.trim();
        const clash = repo.labels.get(newName.toLowerCase());
        if (clash && clash !== label) {
          throw validationFailed(
            [{ resource: 'Label', code: 'already_exists', field: 'name' }],
            `${DOCS}#update-a-label`,
          );
        }
        repo.labels.delete(label.name.toLowerCase());
        label.name = newName;
        repo.labels.set(newName.toLowerCase(), label);
      }
      if (color) label.color = color;
      if (body.description !== undefined)
        label.description = typeof body.description === 'string' ? body.description : null;
      ctx.state.changed(repo);
      return json(200, labelShape(ctx.shapes, repo, label));
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/labels/{name}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const label = labelOf(ctx, repo);
      ctx.state.deleteLabel(repo, label.name);
      return noContent();
    },
  },
];
