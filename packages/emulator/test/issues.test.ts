import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { call, collect, links, REPO, setup } from './helpers.js';

let emulator: Emulator;
afterEach(async () => {
  await emulator.close();
});

function seed(count: number, extra: (i: number) => Record<string, unknown> = () => ({})): void {
  for (let i = 0; i < count; i += 1) {
    emulator.state.addIssue(REPO, {
      title: `Issue ${i + 1}`,
      created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000),
      ...extra(i),
    });
  }
}

describe('issue list pagination', () => {
  it('0 items: empty array and no Link header', async () => {
    emulator = await setup();
    const response = await call(emulator, 'GET', `/repos/${REPO}/issues`);
    expect(response.status).toBe(200);
    expect(response.body).toEqual([]);
    expect(response.headers.get('link')).toBeNull();
  });

  it('1 item and exactly 100 items with per_page=100: one page, no Link header', async () => {
    emulator = await setup();
    seed(1);
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues`)).headers.get('link')).toBeNull();
    seed(99);
    const page = await call(emulator, 'GET', `/repos/${REPO}/issues?per_page=100`);
    expect(page.body).toHaveLength(100);
    expect(page.headers.get('link')).toBeNull();
  });

  it('101 items: two pages with next/last, then prev/first; per_page is capped at 100', async () => {
    emulator = await setup();
    seed(101);
    const first = await call(emulator, 'GET', `/repos/${REPO}/issues?per_page=500`);
    expect(first.body).toHaveLength(100);
    const rels = links(first.headers.get('link'));
    expect(Object.keys(rels)).toEqual(['next', 'last']);
    const repoId = emulator.state.repo(REPO).id;
    expect(rels.next).toBe(`${emulator.url}/repositories/${repoId}/issues?per_page=500&page=2`);
    const second = await call(emulator, 'GET', rels.next as string);
    expect(second.body).toHaveLength(1);
    expect(Object.keys(links(second.headers.get('link')))).toEqual(['prev', 'first']);
    expect(second.body[0].title).toBe('Issue 1');
  });

  it('default per_page is 30 and a middle page has prev, next, last, first', async () => {
    emulator = await setup();
    seed(95);
    const page = await call(emulator, 'GET', `/repos/${REPO}/issues?page=2`);
    expect(page.body).toHaveLength(30);
    const rels = links(page.headers.get('link'));
    expect(Object.keys(rels)).toEqual(['prev', 'next', 'last', 'first']);
    expect(new URL(rels.last as string).searchParams.get('page')).toBe('4');
    expect(await collect(emulator, `/repos/${REPO}/issues`)).toHaveLength(95);
  });

  it('a page past the end is empty', async () => {
    emulator = await setup();
    seed(5);
    const response = await call(emulator, 'GET', `/repos/${REPO}/issues?per_page=2&page=9`);
    expect(response.body).toEqual([]);
  });
});

describe('issue list filters', () => {
  it('state, labels (AND, case-insensitive), milestone, since, sort and direction', async () => {
    emulator = await setup();
    const s = emulator.state;
    const m = s.addMilestone(REPO, { title: 'Codex Main' });
    s.addIssue(REPO, {
      title: 'a',
      labels: ['codex', 'codex-trackmain'],
      milestone: m.number,
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-03-01T00:00:00Z',
    });
    s.addIssue(REPO, {
      title: 'b',
      labels: ['Codex'],
      created_at: '2025-01-02T00:00:00Z',
      updated_at: '2025-01-05T00:00:00Z',
    });
    s.addIssue(REPO, {
      title: 'c',
      state: 'closed',
      labels: ['codex'],
      created_at: '2025-01-03T00:00:00Z',
      updated_at: '2025-02-01T00:00:00Z',
    });
    const titles = async (query: string) =>
      ((await call(emulator, 'GET', `/repos/${REPO}/issues?${query}`)).body as Array<{ title: string }>).map(
        (i) => i.title,
      );
    expect(await titles('')).toEqual(['b', 'a']);
    expect(await titles('state=closed')).toEqual(['c']);
    expect(await titles('state=all&direction=asc')).toEqual(['a', 'b', 'c']);
    expect(await titles('state=all&labels=CODEX')).toEqual(['c', 'b', 'a']);
    expect(await titles('state=all&labels=codex,CODEX-TRACKMAIN')).toEqual(['a']);
    expect(await titles('milestone=none')).toEqual(['b']);
    expect(await titles(`milestone=${m.number}`)).toEqual(['a']);
    expect(await titles('milestone=*')).toEqual(['a']);
    expect(await titles('state=all&since=2025-02-01T00:00:00Z')).toEqual(['c', 'a']);
    expect(await titles('state=all&sort=updated')).toEqual(['a', 'c', 'b']);
  });

  it('pull requests appear in the list with a pull_request key', async () => {
    emulator = await setup();
    emulator.state.addIssue(REPO, { title: 'issue' });
    emulator.state.addPullRequest(REPO, { title: 'pr', head: { ref: 'x', sha: 'b'.repeat(40) } });
    const list = (await call(emulator, 'GET', `/repos/${REPO}/issues`)).body as Array<
      Record<string, unknown>
    >;
    expect(list.map((i) => [i.title, 'pull_request' in i])).toEqual([
      ['pr', true],
      ['issue', false],
    ]);
  });
});

describe('issue writes', () => {
  it('create: missing labels are created, unknown milestone is 422, title is required', async () => {
    emulator = await setup();
    const created = await call(emulator, 'POST', `/repos/${REPO}/issues`, {
      body: { title: 'New', labels: ['Brand-New'] },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(created.body.url);
    expect(created.body.labels[0]).toMatchObject({ name: 'Brand-New', color: 'ededed', default: false });
    expect(emulator.state.findLabel(REPO, 'brand-new')?.name).toBe('Brand-New');
    const bad = await call(emulator, 'POST', `/repos/${REPO}/issues`, {
      body: { title: 'x', milestone: 42 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      message: 'Validation Failed',
      status: '422',
      errors: [{ resource: 'Issue', field: 'milestone', code: 'invalid' }],
    });
    const noTitle = await call(emulator, 'POST', `/repos/${REPO}/issues`, { body: { body: 'x' } });
    expect(noTitle.body.errors).toEqual([{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
  });

  it('every change bumps updated_at: labels, milestone, comments, state', async () => {
    let now = Date.UTC(2025, 5, 1);
    emulator = await setup({ clock: () => new Date(now) });
    const m = emulator.state.addMilestone(REPO, { title: 'M' });
    const issue = emulator.state.addIssue(REPO, {
      title: 't',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-01T00:00:00Z',
    });
    const path = `/repos/${REPO}/issues/${issue.number}`;
    const steps: Array<[string, string, unknown]> = [
      ['POST', `${path}/labels`, { labels: ['codex'] }],
      ['PUT', `${path}/labels`, ['codex', 'x']],
      ['DELETE', `${path}/labels/X`, undefined],
      ['PATCH', path, { milestone: m.number }],
      ['POST', `${path}/comments`, { body: 'hi' }],
      ['PATCH', path, { state: 'closed', state_reason: 'not_planned' }],
    ];
    let last = issue.updatedAt;
    for (const [method, url, body] of steps) {
      now += 60_000;
      const response = await call(emulator, method, url, body === undefined ? {} : { body });
      expect(response.status, `${method} ${url}`).toBeLessThan(300);
      expect(emulator.state.getIssue(REPO, issue.number)?.updatedAt, `${method} ${url}`).toBeGreaterThan(
        last,
      );
      last = emulator.state.getIssue(REPO, issue.number)?.updatedAt ?? 0;
    }
    const final = await call(emulator, 'GET', path);
    expect(final.body).toMatchObject({
      state: 'closed',
      state_reason: 'not_planned',
      comments: 1,
      milestone: { number: m.number, closed_issues: 1 },
    });
    expect(final.body.closed_at).toBe(final.body.updated_at);
    const reopened = await call(emulator, 'PATCH', path, { body: { state: 'open', milestone: null } });
    expect(reopened.body).toMatchObject({
      state: 'open',
      state_reason: 'reopened',
      closed_at: null,
      milestone: null,
    });
  });

  it('labels: add is idempotent and case-insensitive; removing one that is absent is 404', async () => {
    emulator = await setup();
    emulator.state.addLabel(REPO, { name: 'Codex' });
    const issue = emulator.state.addIssue(REPO, { title: 't', labels: ['codex'] });
    const added = await call(emulator, 'POST', `/repos/${REPO}/issues/${issue.number}/labels`, {
      body: { labels: ['CODEX', 'codex-trackmain'] },
    });
    expect(added.body.map((l: { name: string }) => l.name)).toEqual(['Codex', 'codex-trackmain']);
    const missing = await call(emulator, 'DELETE', `/repos/${REPO}/issues/${issue.number}/labels/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toBe('Label does not exist');
    const label = await call(emulator, 'GET', `/repos/${REPO}/labels/CODEX`);
    expect(label.body.name).toBe('Codex');
  });

  it('404 for unknown issues and repositories, 410 for deleted issues', async () => {
    emulator = await setup();
    const issue = emulator.state.addIssue(REPO, { title: 't' });
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues/999`)).status).toBe(404);
    expect((await call(emulator, 'GET', '/repos/nobody/nothing/issues')).body).toMatchObject({
      message: 'Not Found',
      status: '404',
    });
    emulator.state.deleteIssue(REPO, issue.number);
    const gone = await call(emulator, 'GET', `/repos/${REPO}/issues/${issue.number}`);
    expect(gone.status).toBe(410);
    expect(gone.body.message).toBe('This issue was deleted');
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues`)).body).toEqual([]);
  });

  it('comments: list with since, edit', async () => {
    let now = Date.UTC(2025, 0, 1);
    emulator = await setup({ clock: () => new Date(now) });
    const issue = emulator.state.addIssue(REPO, { title: 't' });
    emulator.state.addComment(REPO, issue.number, 'old');
    now += 86_400_000;
    const created = await call(emulator, 'POST', `/repos/${REPO}/issues/${issue.number}/comments`, {
      body: { body: 'new' },
    });
    expect(created.status).toBe(201);
    const since = await call(
      emulator,
      'GET',
      `/repos/${REPO}/issues/${issue.number}/comments?since=${new Date(now).toISOString()}`,
    );
    expect(since.body.map((c: { body: string }) => c.body)).toEqual(['new']);
    const edited = await call(emulator, 'PATCH', `/repos/${REPO}/issues/comments/${created.body.id}`, {
      body: { body: 'edited' },
    });
    expect(edited.body.body).toBe('edited');
  });
});

describe('milestones and labels', () => {
  it('milestone list filters by state and counts issues', async () => {
    emulator = await setup();
    const open = emulator.state.addMilestone(REPO, { title: 'Open' });
    emulator.state.addMilestone(REPO, { title: 'Closed', state: 'closed' });
    emulator.state.addIssue(REPO, { title: 'a', milestone: 'Open' });
    emulator.state.addIssue(REPO, { title: 'b', milestone: open.number, state: 'closed' });
    const list = await call(emulator, 'GET', `/repos/${REPO}/milestones`);
    expect(list.body.map((m: { title: string }) => m.title)).toEqual(['Open']);
    expect(list.body[0]).toMatchObject({ open_issues: 1, closed_issues: 1 });
    expect((await call(emulator, 'GET', `/repos/${REPO}/milestones?state=all`)).body).toHaveLength(2);
    expect((await call(emulator, 'GET', `/repos/${REPO}/milestones/77`)).status).toBe(404);
  });

  it('label create validates colour and refuses duplicates in any case', async () => {
    emulator = await setup();
    expect(
      (await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: 'codex', color: 'zzz' } })).body
        .errors,
    ).toEqual([{ resource: 'Label', code: 'invalid', field: 'color' }]);
    expect(
      (await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: 'codex', color: '#5319e7' } }))
        .status,
    ).toBe(201);
    const dup = await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: 'CODEX' } });
    expect(dup.status).toBe(422);
    expect(dup.body.errors).toEqual([{ resource: 'Label', code: 'already_exists', field: 'name' }]);
  });
});
