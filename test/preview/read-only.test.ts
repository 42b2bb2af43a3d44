import { describe, expect, it } from 'vitest';
import { readOnlyFetch } from '../../scripts/lib/preview/read-only.js';

function transport() {
  const passed: string[] = [];
  const refused: string[] = [];
  const inner = (async (input: string | URL | Request, init?: RequestInit) => {
    passed.push(`${init?.method ?? 'GET'} ${String(input)}`);
    return new Response('{}', { status: 200 });
  }) as typeof fetch;
  return { fetch: readOnlyFetch(inner, refused), passed, refused };
}

const API = 'https://api.github.com';
const graphql = (query: string) => ({ method: 'POST', body: JSON.stringify({ query }) });

describe('the preview transport', () => {
  it('lets reads and GraphQL queries through', async () => {
    const t = transport();
    await t.fetch(`${API}/repos/o/r/issues?state=open`);
    await t.fetch(`${API}/repos/o/r`, { method: 'HEAD' });
    await t.fetch(`${API}/graphql`, graphql('query { viewer { login } }'));
    expect(t.passed).toHaveLength(3);
    expect(t.refused).toEqual([]);
  });

  it('answers every write itself with a 403, and GitHub never sees it', async () => {
    const t = transport();
    for (const method of ['POST', 'PATCH', 'PUT', 'DELETE']) {
      const response = await t.fetch(`${API}/repos/o/r/issues/1`, { method, body: '{}' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { message: string }).message).toMatch(/never writes to GitHub/);
    }
    expect(t.passed).toEqual([]);
    expect(t.refused).toEqual([
      'POST /repos/o/r/issues/1',
      'PATCH /repos/o/r/issues/1',
      'PUT /repos/o/r/issues/1',
      'DELETE /repos/o/r/issues/1',
    ]);
  });

  it('refuses a GraphQL mutation, however it is spelled, and a body it cannot read', async () => {
    const t = transport();
    await t.fetch(
      `${API}/graphql`,
      graphql('mutation { deleteIssue(input: {issueId: "x"}) { clientMutationId } }'),
    );
    await t.fetch(
      `${API}/graphql`,
      graphql('  MUTATION M { addProjectV2ItemById(input: {}) { item { id } } }'),
    );
    await t.fetch(`${API}/graphql`, { method: 'POST', body: 'not json' });
    await t.fetch(`${API}/graphql`, { method: 'POST', body: new Blob(['{"query":"query{viewer{login}}"}']) });
    expect(t.passed).toEqual([]);
    expect(t.refused).toHaveLength(4);
  });
});
