import { intParam, json, type Route, type RouteContext, repoOf } from '../router.js';
import { pullDiff, pullFileShape, pullShape } from '../shapes.js';
import type { IssueRecord } from '../types.js';
import { notFound } from '../wire/errors.js';
import { pageRequest, paginate } from '../wire/pagination.js';

const READ = { scope: 'pull_requests', access: 'read' } as const;

function pullOf(ctx: RouteContext): IssueRecord {
  const issue = repoOf(ctx).issues.get(intParam(ctx, 'pull_number'));
  if (!issue?.pull || issue.deleted) throw notFound();
  return issue;
}

/** The media type asked for: 'diff', 'patch' or undefined for JSON. */
function wantedFormat(ctx: RouteContext): 'diff' | 'patch' | undefined {
  const accept = String(ctx.headers.accept ?? '');
  if (/application\/vnd\.github(\.v3)?\.diff/.test(accept)) return 'diff';
  if (/application\/vnd\.github(\.v3)?\.patch/.test(accept)) return 'patch';
  return undefined;
}

export const pullRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}',
    permission: READ,
    handler: (ctx) => {
      const issue = pullOf(ctx);
      const format = wantedFormat(ctx);
      if (format) {
        const accept = String(ctx.headers.accept ?? '');
        const v3 = accept.includes('.v3.');
        return {
          status: 200,
          text: {
            contentType: `application/vnd.github${v3 ? '.v3' : ''}.${format}; charset=utf-8`,
            mediaType: `github.v3; param=${format}`,
            body: pullDiff(issue),
          },
        };
      }
      return json(200, pullShape(ctx.shapes, issue));
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    permission: READ,
    handler: (ctx) => {
      const issue = pullOf(ctx);
      const files = (issue.pull?.files ?? []).map((file) => pullFileShape(ctx.shapes, issue, file));
      const page = paginate(files, pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(200, page.items, page.link ? { link: page.link } : undefined);
    },
  },
];
