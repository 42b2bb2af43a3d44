import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allRoutes, type Emulator } from '../src/server.js';
import { ADMIN, type ApiResponse, call, REPO, READER, setup, WRITER } from './helpers.js';

/**
 * Calls every operation of the checked subset at least once, success and refusal. The emulator
 * checks each answer itself against GitHub's description (src/validation/openapi.ts) and the test
 * setup fails any test with a non-conforming answer; `check` also asserts this emulator recorded
 * no violation for the call, so this file proves the coverage on its own.
 */
const spec = JSON.parse(readFileSync(new URL('../openapi/github-subset.json', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

let emulator: Emulator;
const seen = new Set<string>();

async function check(
  method: string,
  path: string,
  expected: number,
  options: Parameters<typeof call>[3] = {},
): Promise<ApiResponse> {
  const before = emulator.violations.length;
  const response = await call(emulator, method, path, { token: ADMIN, ...options });
  expect(response.status, `${method} ${path}: ${response.text.slice(0, 300)}`).toBe(expected);
  const entry = emulator.log[emulator.log.length - 1];
  const route = entry?.route;
  if (!route) throw new Error(`no route for ${method} ${path}`);
  expect(emulator.violations.slice(before), route).toEqual([]);
  seen.add(route);
  return response;
}

beforeAll(async () => {
  emulator = await setup();
  const s = emulator.state;
  s.addLabel(REPO, { name: 'codex', color: '5319e7', description: 'Managed' });
  const milestone = s.addMilestone(REPO, { title: 'Codex Main' });
  s.addIssue(REPO, {
    title: 'First',
    labels: ['codex'],
    milestone: milestone.number,
    assignees: ['octocat'],
  });
  s.addIssue(REPO, { title: 'Closed one', state: 'closed' });
  s.addPullRequest(REPO, {
    title: 'A change',
    head: { ref: 'feature', sha: 'a'.repeat(40) },
    files: [
      { filename: 'src/a.ts', status: 'modified', additions: 1, deletions: 1, patch: '@@ -1 +1 @@\n-a\n+b' },
    ],
  });
  s.addProject({ owner: 'org', login: 'octo-org', number: 7, title: 'Codex' });
  s.addProject({ owner: 'user', login: 'octocat', number: 2, title: 'Mine' });
  s.setVariable(REPO, 'CODEX_MAIN_MILESTONE', 'Codex Main');
  s.writeFiles(REPO, 'gh-pages', { 'telemetry/a.json': '{"a":1}', 'index.html': '<p>hi</p>' }, 'seed');
});

afterAll(async () => {
  await emulator.close();
});

describe('responses validate against the GitHub OpenAPI description', () => {
  it('repository and rate limit', async () => {
    await check('GET', `/repos/${REPO}`, 200);
    await check('GET', '/rate_limit', 200);
    await check('GET', '/repos/octo-org/missing', 404);
    await check('GET', '/user', 200);
    await check('GET', '/user', 403, { token: WRITER });
  });

  it("an organisation's repositories: paginated, filtered by type, with topics, visibility and archived", async () => {
    const s = emulator.state;
    s.addRepo('octo-org/tools', {
      topics: ['Codex', 'cli'],
      archived: true,
      createdAt: '2020-01-01T00:00:00Z',
    });
    s.addRepo('octo-org/inner', { internal: true });
    const first = await check('GET', '/orgs/octo-org/repos?per_page=1&sort=full_name', 200);
    expect(first.headers.get('link')).toMatch(/rel="next"/);
    const names = (r: ApiResponse) => (r.body as Array<{ full_name: string }>).map((x) => x.full_name);
    const full = await check('GET', '/orgs/octo-org/repos?per_page=100&sort=full_name', 200);
    expect(names(full)).toEqual(expect.arrayContaining(['octo-org/inner', 'octo-org/tools', REPO]));
    const tools = (full.body as Array<Record<string, unknown>>).find(
      (r) => r.full_name === 'octo-org/tools',
    )!;
    expect(tools).toMatchObject({ topics: ['codex', 'cli'], archived: true, visibility: 'public' });
    const inner = (full.body as Array<Record<string, unknown>>).find(
      (r) => r.full_name === 'octo-org/inner',
    )!;
    expect(inner).toMatchObject({ private: true, visibility: 'internal' });
    expect(names(await check('GET', '/orgs/octo-org/repos?type=public&per_page=100', 200))).not.toContain(
      'octo-org/inner',
    );
    await check('GET', '/orgs/no-such-org/repos', 404);
  });

  it('issues, labels, comments', async () => {
    await check('GET', `/repos/${REPO}/issues?state=all`, 200);
    const created = await check('POST', `/repos/${REPO}/issues`, 201, {
      body: { title: 'New', body: 'text', labels: ['codex', 'Fresh'], milestone: 1 },
    });
    await check('POST', `/repos/${REPO}/issues`, 422, { body: { title: 'x', milestone: 99 } });
    const n = created.body.number as number;
    await check('GET', `/repos/${REPO}/issues/${n}`, 200);
    await check('GET', `/repos/${REPO}/issues/9999`, 404);
    await check('PATCH', `/repos/${REPO}/issues/${n}`, 200, {
      body: { state: 'closed', state_reason: 'not_planned' },
    });
    await check('GET', `/repos/${REPO}/issues/${n}/labels`, 200);
    await check('POST', `/repos/${REPO}/issues/${n}/labels`, 200, { body: { labels: ['bug'] } });
    await check('PUT', `/repos/${REPO}/issues/${n}/labels`, 200, { body: { labels: ['codex', 'bug'] } });
    await check('DELETE', `/repos/${REPO}/issues/${n}/labels/BUG`, 200);
    await check('DELETE', `/repos/${REPO}/issues/${n}/labels/absent`, 404);
    await check('DELETE', `/repos/${REPO}/issues/${n}/labels`, 204);
    const comment = await check('POST', `/repos/${REPO}/issues/${n}/comments`, 201, {
      body: { body: 'hello' },
    });
    await check('GET', `/repos/${REPO}/issues/${n}/comments`, 200);
    await check('GET', `/repos/${REPO}/issues/comments/${comment.body.id}`, 200);
    await check('PATCH', `/repos/${REPO}/issues/comments/${comment.body.id}`, 200, {
      body: { body: 'edited' },
    });
    await check('PATCH', `/repos/${REPO}/issues/${n}`, 200, {
      body: { state: 'open', title: 'Renamed', milestone: null, assignees: ['octocat'] },
    });
    const timeline = await check('GET', `/repos/${REPO}/issues/${n}/timeline?per_page=100`, 200);
    expect((timeline.body as unknown as { event: string }[]).map((item) => item.event)).toEqual([
      'closed',
      'labeled',
      'unlabeled',
      'unlabeled',
      'unlabeled',
      'commented',
      'renamed',
      'demilestoned',
      'assigned',
      'reopened',
    ]);
    const pull = emulator.state.getIssue(REPO, 3);
    const issue = emulator.state.getIssue(REPO, n);
    if (!pull || !issue) throw new Error('fixture issues missing');
    emulator.state.recordEvent(issue, { event: 'cross-referenced', actor: 'octocat', source: pull });
    emulator.state.recordEvent(issue, { event: 'referenced', actor: 'octocat', commitId: 'c'.repeat(40) });
    await check('GET', `/repos/${REPO}/issues/${n}/timeline`, 200);
    await check('DELETE', `/repos/${REPO}/issues/comments/${comment.body.id}`, 204);
    emulator.state.deleteIssue(REPO, n);
    await check('GET', `/repos/${REPO}/issues/${n}`, 410);
    await check('GET', `/repos/${REPO}/labels`, 200);
    await check('POST', `/repos/${REPO}/labels`, 201, { body: { name: 'area: ui', color: 'ff0000' } });
    await check('POST', `/repos/${REPO}/labels`, 422, { body: { name: 'AREA: UI', color: 'ff0000' } });
    await check('GET', `/repos/${REPO}/labels/${encodeURIComponent('Area: UI')}`, 200);
    await check('PATCH', `/repos/${REPO}/labels/${encodeURIComponent('area: ui')}`, 200, {
      body: { new_name: 'area-ui' },
    });
    await check('DELETE', `/repos/${REPO}/labels/area-ui`, 204);
    await check('GET', `/repos/${REPO}/labels/area-ui`, 404);
  });

  it('milestones', async () => {
    await check('GET', `/repos/${REPO}/milestones?state=all`, 200);
    const created = await check('POST', `/repos/${REPO}/milestones`, 201, {
      body: { title: 'Codex Dashboard', due_on: '2030-01-01T00:00:00Z' },
    });
    await check('POST', `/repos/${REPO}/milestones`, 422, { body: { title: 'Codex Dashboard' } });
    await check('GET', `/repos/${REPO}/milestones/${created.body.number}`, 200);
    await check('PATCH', `/repos/${REPO}/milestones/${created.body.number}`, 200, {
      body: { state: 'closed' },
    });
    await check('DELETE', `/repos/${REPO}/milestones/${created.body.number}`, 204);
    await check('GET', `/repos/${REPO}/milestones/${created.body.number}`, 404);
  });

  it('projects v2 (org and user)', async () => {
    const issue = emulator.state.getIssue(REPO, 1);
    const pull = emulator.state.getIssue(REPO, 3);
    for (const base of ['/orgs/octo-org/projectsV2/7', '/users/octocat/projectsV2/2']) {
      await check('GET', base, 200);
      const added = await check('POST', `${base}/items`, 201, { body: { type: 'Issue', id: issue?.id } });
      await check('POST', `${base}/items`, 201, {
        body: { type: 'PullRequest', owner: 'octo-org', repo: 'widgets', number: pull?.number },
      });
      await check('GET', `${base}/items`, 200);
      await check('GET', `${base}/items/${added.body.id}`, 200);
      await check('DELETE', `${base}/items/${added.body.id}`, 204);
    }
    await check('GET', '/orgs/octo-org/projectsV2/99', 404);
    await check('POST', '/orgs/octo-org/projectsV2/7/items', 403, {
      token: READER,
      body: { type: 'Issue', id: issue?.id },
    });
  });

  it('git data and contents', async () => {
    const ref = await check('GET', `/repos/${REPO}/git/ref/heads/gh-pages`, 200);
    await check('GET', `/repos/${REPO}/git/ref/heads/nope`, 404);
    await check('GET', `/repos/${REPO}/git/matching-refs/heads/`, 200);
    const head = ref.body.object.sha as string;
    const commit = await check('GET', `/repos/${REPO}/git/commits/${head}`, 200);
    await check('GET', `/repos/${REPO}/git/trees/${commit.body.tree.sha}?recursive=1`, 200);
    const blob = await check('POST', `/repos/${REPO}/git/blobs`, 201, {
      body: { content: 'hello', encoding: 'utf-8' },
    });
    await check('GET', `/repos/${REPO}/git/blobs/${blob.body.sha}`, 200);
    const tree = await check('POST', `/repos/${REPO}/git/trees`, 201, {
      body: {
        base_tree: commit.body.tree.sha,
        tree: [{ path: 'telemetry/b.json', mode: '100644', type: 'blob', content: '{}' }],
      },
    });
    const next = await check('POST', `/repos/${REPO}/git/commits`, 201, {
      body: { message: 'add b', tree: tree.body.sha, parents: [head] },
    });
    await check('PATCH', `/repos/${REPO}/git/refs/heads/gh-pages`, 200, { body: { sha: next.body.sha } });
    await check('PATCH', `/repos/${REPO}/git/refs/heads/gh-pages`, 422, { body: { sha: head } });
    await check('POST', `/repos/${REPO}/git/refs`, 201, { body: { ref: 'refs/heads/tmp', sha: head } });
    await check('POST', `/repos/${REPO}/git/refs`, 422, { body: { ref: 'refs/heads/tmp', sha: head } });
    await check('DELETE', `/repos/${REPO}/git/refs/heads/tmp`, 204);
    await check('GET', `/repos/${REPO}/contents/telemetry?ref=gh-pages`, 200);
    await check('GET', `/repos/${REPO}/contents/telemetry/a.json?ref=gh-pages`, 200);
    await check('GET', `/repos/${REPO}/contents/nothing.json?ref=gh-pages`, 404);
    await check('PUT', `/repos/${REPO}/contents/docs/new.md`, 201, {
      body: { message: 'add', content: Buffer.from('# new').toString('base64') },
    });
  });

  it('variables and pull requests', async () => {
    await check('GET', `/repos/${REPO}/actions/variables`, 200);
    await check('GET', `/repos/${REPO}/actions/variables/CODEX_MAIN_MILESTONE`, 200);
    await check('GET', `/repos/${REPO}/actions/variables/NOPE`, 404);
    await check('POST', `/repos/${REPO}/actions/variables`, 201, {
      body: { name: 'CODEX_PROJECT', value: 'orgs/octo-org/projects/7' },
    });
    await check('PATCH', `/repos/${REPO}/actions/variables/CODEX_PROJECT`, 204, { body: { value: 'x' } });
    await check('DELETE', `/repos/${REPO}/actions/variables/CODEX_PROJECT`, 204);
    await check('GET', `/repos/${REPO}/pulls/3`, 200);
    await check('GET', `/repos/${REPO}/pulls/3/files`, 200);
    await check('GET', `/repos/${REPO}/pulls/1`, 404);
  });

  it('GitHub Pages: 404 while off, the site once on, 403 on a private repository without the Pages permission', async () => {
    await check('GET', `/repos/${REPO}/pages`, 404);
    emulator.state.enablePages(REPO, { branch: 'gh-pages' });
    const site = await check('GET', `/repos/${REPO}/pages`, 200);
    expect(site.body.source).toEqual({ branch: 'gh-pages', path: '/' });
    expect(site.body.html_url).toBe(
      `https://${REPO.split('/')[0]!.toLowerCase()}.github.io/${REPO.split('/')[1]}/`,
    );
    emulator.state.addRepo('octo-org/secret', { private: true });
    emulator.state.enablePages('octo-org/secret');
    emulator.state.addToken('no-pages-token', {
      login: 'bot',
      permissions: { contents: 'write', issues: 'write' },
    });
    await check('GET', '/repos/octo-org/secret/pages', 403, { token: 'no-pages-token' });
    await check('GET', '/repos/octo-org/secret/pages', 200);
  });

  it('covered every operation in the subset', () => {
    const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.filter((operation) => !seen.has(operation))).toEqual([]);
  });

  it('serves no REST route outside the checked subset', () => {
    const outside = allRoutes()
      .map((route) => `${route.method} ${route.template}`)
      .filter((route) => route !== 'POST /graphql')
      .filter((route) => {
        const [method = '', path = ''] = route.split(' ');
        return spec.paths[path]?.[method.toLowerCase()] === undefined;
      });
    expect(outside).toEqual([]);
  });
});
