import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { ADMIN, call, collect, links, REPO, setup, WRITER } from './helpers.js';

let emulator: Emulator;
afterEach(async () => {
  await emulator.close();
});

describe('Projects v2 REST', () => {
  it('add by issue database id, list with cursor pagination, delete', async () => {
    emulator = await setup();
    const project = emulator.state.addProject({ owner: 'org', login: 'octo-org', number: 3, title: 'Codex' });
    const issues = Array.from({ length: 5 }, (_v, i) => emulator.state.addIssue(REPO, { title: `i${i}` }));
    const base = '/orgs/octo-org/projectsV2/3/items';
    for (const issue of issues) {
      const added = await call(emulator, 'POST', base, { body: { type: 'Issue', id: issue.id } });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ content_type: 'Issue', content: { number: issue.number } });
    }
    // Adding the same issue again returns the existing item.
    const again = await call(emulator, 'POST', base, { body: { type: 'Issue', id: issues[0]?.id } });
    expect(emulator.state.projectItems(project)).toHaveLength(5);
    expect(again.body.id).toBe(emulator.state.projectItems(project)[0]?.id);

    const page1 = await call(emulator, 'GET', `${base}?per_page=2`);
    expect(page1.body).toHaveLength(2);
    const rels1 = links(page1.headers.get('link'));
    expect(Object.keys(rels1)).toEqual(['next']);
    expect(new URL(rels1.next as string).searchParams.get('after')).toBeTruthy();
    const page2 = await call(emulator, 'GET', rels1.next as string);
    const rels2 = links(page2.headers.get('link'));
    expect(Object.keys(rels2).sort()).toEqual(['next', 'prev']);
    const back = await call(emulator, 'GET', rels2.prev as string);
    expect(back.body.map((i: { id: number }) => i.id)).toEqual(page1.body.map((i: { id: number }) => i.id));
    expect((await collect(emulator, `${base}?per_page=2`)).length).toBe(5);

    const removed = await call(emulator, 'DELETE', `${base}/${page1.body[0].id}`);
    expect(removed.status).toBe(204);
    expect((await call(emulator, 'DELETE', `${base}/${page1.body[0].id}`)).status).toBe(404);
    expect(emulator.state.projectItems(project).map((i) => i.issue.number)).toEqual([2, 3, 4, 5]);
    expect((await call(emulator, 'POST', base, { body: { type: 'Issue', id: 424242 } })).status).toBe(422);
  });

  it('user projects work the same way', async () => {
    emulator = await setup();
    emulator.state.addProject({ owner: 'user', login: 'octocat', number: 1, title: 'Mine' });
    const issue = emulator.state.addIssue(REPO, { title: 'x' });
    const added = await call(emulator, 'POST', '/users/octocat/projectsV2/1/items', {
      body: { type: 'Issue', owner: 'octo-org', repo: 'widgets', number: issue.number },
    });
    expect(added.status).toBe(201);
    expect(added.body.project_url).toBe(`${emulator.url}/users/octocat/projectsV2/1`);
    expect((await call(emulator, 'GET', '/users/octocat/projectsV2/1')).body.title).toBe('Mine');
  });
});

describe('GraphQL', () => {
  const lookup =
    'query($owner: String!, $name: String!, $number: Int!) { repository(owner: $owner, name: $name) { issue(number: $number) { id number } } }';
  const remove =
    'mutation($id: ID!) { deleteIssue(input: {issueId: $id}) { clientMutationId repository { nameWithOwner } } }';

  it('maps an issue to its node id and deletes it as an admin', async () => {
    emulator = await setup();
    const issue = emulator.state.addIssue(REPO, { title: 'x' });
    const project = emulator.state.addProject({ owner: 'org', login: 'octo-org', number: 1, title: 'P' });
    emulator.state.addProjectItem(project, issue);
    const found = await call(emulator, 'POST', '/graphql', {
      token: ADMIN,
      body: { query: lookup, variables: { owner: 'octo-org', name: 'widgets', number: issue.number } },
    });
    const id = found.body.data.repository.issue.id as string;
    const rest = await call(emulator, 'GET', `/repos/${REPO}/issues/${issue.number}`);
    expect(id).toBe(rest.body.node_id);
    expect(found.headers.get('x-ratelimit-resource')).toBe('graphql');
    const deleted = await call(emulator, 'POST', '/graphql', {
      token: ADMIN,
      body: { query: remove, variables: { id } },
    });
    expect(deleted.body).toEqual({
      data: { deleteIssue: { clientMutationId: null, repository: { nameWithOwner: REPO } } },
    });
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues/${issue.number}`)).status).toBe(410);
    expect(emulator.state.projectItems(project)).toEqual([]);
  });

  it('a non-admin gets a FORBIDDEN GraphQL error with HTTP 200, and the issue stays', async () => {
    emulator = await setup();
    const issue = emulator.state.addIssue(REPO, { title: 'x' });
    const id = (await call(emulator, 'GET', `/repos/${REPO}/issues/${issue.number}`)).body.node_id;
    const response = await call(emulator, 'POST', '/graphql', {
      token: WRITER,
      body: { query: remove, variables: { id } },
    });
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ deleteIssue: null });
    expect(response.body.errors[0]).toMatchObject({ type: 'FORBIDDEN', path: ['deleteIssue'] });
    expect(response.body.errors[0].message).toContain(
      'does not have the correct permissions to execute `DeleteIssue`',
    );
    expect(emulator.state.getIssue(REPO, issue.number)).toBeDefined();
    const unknown = await call(emulator, 'POST', '/graphql', {
      token: ADMIN,
      body: { query: remove, variables: { id: 'I_kwDOnope' } },
    });
    expect(unknown.body.errors[0].type).toBe('NOT_FOUND');
  });
});
