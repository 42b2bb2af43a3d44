import { bodyObject, intParam, json, noContent, type Route, type RouteContext, repoOf } from '../router.js';
import { milestoneCounts, milestoneShape } from '../shapes.js';
import type { MilestoneRecord, RepoRecord } from '../types.js';
import { notFound, validationFailed } from '../wire/errors.js';
import { pageRequest, paginate } from '../wire/pagination.js';
import { parseTime } from '../wire/time.js';

const READ = { scope: 'issues', access: 'read' } as const;
const WRITE = { scope: 'issues', access: 'write' } as const;
const DOCS = 'https://docs.github.com/rest/issues/milestones';

function milestoneOf(ctx: RouteContext, repo: RepoRecord): MilestoneRecord {
  const milestone = repo.milestones.get(intParam(ctx, 'milestone_number'));
  if (!milestone) throw notFound();
  return milestone;
}

function applyState(ctx: RouteContext, milestone: MilestoneRecord, state: unknown): void {
  if (state === undefined) return;
  if (state !== 'open' && state !== 'closed') {
    throw validationFailed([{ resource: 'Milestone', code: 'invalid', field: 'state' }]);
  }
  if (state !== milestone.state) {
    milestone.state = state;
    milestone.closedAt = state === 'closed' ? ctx.state.nowMs() : null;
  }
}

export const milestoneRoutes: Route[] = [
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/milestones',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const state = ctx.query.get('state') ?? 'open';
      const sort = ctx.query.get('sort') === 'completeness' ? 'completeness' : 'due_on';
      const direction = ctx.query.get('direction') === 'desc' ? -1 : 1;
      const counts = milestoneCounts(repo);
      const completeness = (m: MilestoneRecord): number => {
        const c = counts.get(m.number) ?? { open: 0, closed: 0 };
        return c.open + c.closed === 0 ? 0 : c.closed / (c.open + c.closed);
      };
      const list = [...repo.milestones.values()]
        .filter((m) => state === 'all' || m.state === state)
        .sort((a, b) => {
          const key =
            sort === 'completeness'
              ? completeness(a) - completeness(b)
              : (a.dueOn ?? Number.MAX_SAFE_INTEGER) - (b.dueOn ?? Number.MAX_SAFE_INTEGER);
          return direction * (key || a.number - b.number);
        });
      const page = paginate(list, pageRequest(ctx.query), ctx.linkBase, ctx.query);
      return json(
        200,
        page.items.map((m) => milestoneShape(ctx.shapes, repo, m)),
        page.link ? { link: page.link } : undefined,
      );
    },
  },
  {
    method: 'POST',
    template: '/repos/{owner}/{repo}/milestones',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const body = bodyObject(ctx);
      if (typeof body.title !== 'string' || body.title === '') {
        throw validationFailed(
          [{ resource: 'Milestone', code: 'missing_field', field: 'title' }],
          `${DOCS}#create-a-milestone`,
        );
      }
      const title = body.title;
      if ([...repo.milestones.values()].some((m) => m.title === title)) {
        throw validationFailed(
          [{ resource: 'Milestone', code: 'already_exists', field: 'title' }],
          `${DOCS}#create-a-milestone`,
        );
      }
      const milestone = ctx.state.addMilestone(repo, {
        title,
        description: typeof body.description === 'string' ? body.description : null,
        due_on: typeof body.due_on === 'string' ? body.due_on : null,
      });
      milestone.creator = ctx.token.login;
      applyState(ctx, milestone, body.state);
      const shape = milestoneShape(ctx.shapes, repo, milestone);
      return json(201, shape, { location: String(shape.url) });
    },
  },
  {
    method: 'GET',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    permission: READ,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      return json(200, milestoneShape(ctx.shapes, repo, milestoneOf(ctx, repo)));
    },
  },
  {
    method: 'PATCH',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      const milestone = milestoneOf(ctx, repo);
      const body = bodyObject(ctx);
      if (typeof body.title === 'string' && body.title !== '') milestone.title = body.title;
      if (body.description !== undefined)
        milestone.description = typeof body.description === 'string' ? body.description : null;
      if (body.due_on !== undefined) milestone.dueOn = parseTime(body.due_on) ?? null;
      applyState(ctx, milestone, body.state);
      milestone.updatedAt = ctx.state.nowMs();
      ctx.state.changed(repo);
      return json(200, milestoneShape(ctx.shapes, repo, milestone));
    },
  },
  {
    method: 'DELETE',
    template: '/repos/{owner}/{repo}/milestones/{milestone_number}',
    permission: WRITE,
    handler: (ctx) => {
      const repo = repoOf(ctx);
      ctx.state.deleteMilestone(repo, milestoneOf(ctx, repo).number);
      return noContent();
    },
  },
];
