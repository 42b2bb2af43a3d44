import { json, type Route, repoOf } from '../router.js';
import { pagesShape, repoShape, authenticatedUserShape } from '../shapes.js';
import type { RateBucket } from '../types.js';
import { HttpError, notFound } from '../wire/errors.js';
import { pageRequest, paginate } from '../wire/pagination.js';

export const repoRoutes: Route[] = [
  {
    // An organisation's repositories, as GitHub lists them: `type` (all, public, private, forks,
    // sources, member; default all), `sort` (created, updated, pushed, full_name; default created,
    // newest first unless full_name), page-number pagination. Private and internal repositories are
    // listed only to a token that can read them (here: one with contents or issues access, or admin).
    method: 'GET',
    template: '/orgs/{org}/repos',
    handler: (ctx) => {
      const org = ctx.params.org!.toLowerCase();
      const owner = [...ctx.state.repos.values()].find((r) => r.owner.toLowerCase() === org);
      if (!owner || ctx.state.user(owner.owner).type !== 'Organization') throw notFound();
      const type = ctx.query.get('type') ?? 'all';
      const { admin, contents, issues } = ctx.token.permissions;
      const seesPrivate = admin === true || contents !== undefined || issues !== undefined;
      const sort = ctx.query.get('sort') ?? 'created';
      const direction = ctx.query.get('direction') ?? (sort === 'full_name' ? 'asc' : 'desc');
      const repos = [...ctx.state.repos.values()]
        .filter((r) => r.owner.toLowerCase() === org)
        .filter((r) => (r.private ? seesPrivate && type !== 'public' : type !== 'private'))
        .sort((a, b) =>
          sort === 'full_name'
            ? a.fullName.localeCompare(b.fullName)
            : a.createdAt - b.createdAt || a.id - b.id,
        );
      if (direction === 'desc') repos.reverse();
      const page = paginate(
        repos.map((r) => repoShape(ctx.shapes, r, ctx.token.permissions)),
        pageRequest(ctx.query),
        ctx.linkBase,
        ctx.query,
      );
      return json(200, page.items, page.link ? { link: page.link } : undefined);
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}',
    handler: (ctx) => json(200, repoShape(ctx.shapes, repoOf(ctx), ctx.token.permissions)),
  },
  {
    // The authenticated user: a user token only. Installation tokens (GITHUB_TOKEN, App tokens)
    // are refused as on github.com; GraphQL `viewer` is how they learn their bot login.
    method: 'GET',
    template: '/user',
    handler: (ctx) => {
      if (ctx.token.kind !== 'user') throw new HttpError(403, 'Resource not accessible by integration');
      return json(200, authenticatedUserShape(ctx.shapes, ctx.token.login));
    },
  },
  {
    // GitHub: 404 while Pages is off. A public repository's site is readable with any token; a
    // private one's needs the Pages permission (read).
    method: 'GET',
    template: '/repos/{owner}/{repo}/pages',
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const { admin, pages } = ctx.token.permissions;
      if (repo.private && admin !== true && pages === undefined)
        throw new HttpError(403, 'Resource not accessible by integration');
      if (!repo.pages) throw notFound();
      return json(200, pagesShape(ctx.shapes, repo, repo.pages));
    },
  },
];

/** GET /rate_limit: free, and answers even without a token (the anonymous limit). */
export function rateLimitBody(core: RateBucket, graphql: RateBucket, nowMs: number): Record<string, unknown> {
  const entry = (bucket: RateBucket) => ({
    limit: bucket.limit,
    used: bucket.limit - bucket.remaining,
    remaining: bucket.remaining,
    reset: Math.floor(bucket.resetAt / 1000),
  });
  const fresh = (limit: number, windowMs: number) =>
    entry({ limit, remaining: limit, resetAt: nowMs + windowMs } satisfies RateBucket);
  return {
    resources: {
      core: entry(core),
      graphql: entry(graphql),
      search: fresh(30, 60_000),
      code_search: fresh(10, 60_000),
      integration_manifest: fresh(5000, 3_600_000),
      source_import: fresh(100, 60_000),
      code_scanning_upload: fresh(1000, 3_600_000),
      actions_runner_registration: fresh(10000, 3_600_000),
      scim: fresh(15000, 3_600_000),
      dependency_snapshots: fresh(100, 60_000),
      audit_log: fresh(1750, 3_600_000),
      code_scanning_autofix: fresh(10, 60_000),
    },
    rate: entry(core),
  };
}
