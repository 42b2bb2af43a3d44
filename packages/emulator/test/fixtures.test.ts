import fixtures from '@octokit/fixtures';
import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { startEmulator } from '../src/server.js';

/**
 * Replays exchanges recorded against api.github.com (@octokit/fixtures) on an emulator seeded with
 * the equivalent state, and compares statuses, the headers that matter and the body shapes.
 */
interface Recorded {
  method: string;
  path: string;
  body?: unknown;
  status: number;
  reqheaders: Record<string, string>;
  headers: Record<string, string | number>;
  response: unknown;
}

const ORG = 'octokit-fixture-org';
const TOKEN = '0000000000000000000000000000000000000001';

function nth<T>(items: T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no exchange #${index}`);
  return item;
}

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(): Promise<Emulator> {
  emulator = await startEmulator({ secondaryLimit: false });
  emulator.state.addToken(TOKEN, {
    login: 'octokit-fixture-user-a',
    permissions: { issues: 'write', contents: 'write', pull_requests: 'write', admin: true },
  });
  return emulator;
}

/**
 * Every key path of `recorded` exists in `actual` with the same JSON type, `null` included (an
 * issue's `comments` sent as a string, or a `closed_at` that should be null, is a difference);
 * objects recursively, arrays by their first item.
 */
function shapeDifferences(recorded: unknown, actual: unknown, at = '$'): string[] {
  const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);
  if (kind(recorded) !== kind(actual)) return [`${at}: expected ${kind(recorded)}, got ${kind(actual)}`];
  if (kind(recorded) === 'array') {
    const [first] = recorded as unknown[];
    const [other] = actual as unknown[];
    return first === undefined || other === undefined ? [] : shapeDifferences(first, other, `${at}[0]`);
  }
  if (kind(recorded) !== 'object') return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(recorded as Record<string, unknown>)) {
    if (!(key in (actual as object))) out.push(`${at}.${key}`);
    else out.push(...shapeDifferences(value, (actual as Record<string, unknown>)[key], `${at}.${key}`));
  }
  return out;
}

function rels(link: string | null | undefined): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const part of String(link ?? '').split(',')) {
    const match = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part.trim());
    if (match?.[1] && match[2]) out[match[2]] = new URL(match[1], 'http://x').searchParams.get('page');
  }
  return out;
}

async function replay(
  name: string,
  mapPath: (path: string) => string = (path) => path,
  mapBody: (body: unknown) => unknown = (body) => body,
): Promise<Array<{ recorded: Recorded; response: Response; body: unknown }>> {
  const server = emulator as Emulator;
  const exchanges = fixtures.get(`api.github.com/${name}`) as Recorded[];
  const results: Array<{ recorded: Recorded; response: Response; body: unknown }> = [];
  for (const recorded of exchanges) {
    const headers: Record<string, string> = {
      accept: recorded.reqheaders.accept ?? 'application/vnd.github.v3+json',
      authorization: `token ${TOKEN}`,
    };
    const hasBody = recorded.body !== undefined && recorded.body !== '';
    if (hasBody) headers['content-type'] = 'application/json';
    const response = await fetch(`${server.url}${mapPath(recorded.path)}`, {
      method: recorded.method.toUpperCase(),
      headers,
      ...(hasBody ? { body: JSON.stringify(mapBody(recorded.body)) } : {}),
    });
    const text = await response.text();
    let body: unknown = text;
    if ((response.headers.get('content-type') ?? '').startsWith('application/json')) body = JSON.parse(text);
    const where = `${recorded.method.toUpperCase()} ${recorded.path}`;
    expect(response.status, `${where}: ${text.slice(0, 200)}`).toBe(recorded.status);
    const recordedType = recorded.headers['content-type'];
    if (recordedType !== undefined) expect(response.headers.get('content-type'), where).toBe(recordedType);
    expect(response.headers.has('etag'), `${where} etag`).toBe('etag' in recorded.headers);
    expect(rels(response.headers.get('link')), `${where} link`).toEqual(
      rels(recorded.headers.link as string | undefined),
    );
    for (const header of [
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
      'x-ratelimit-resource',
      'x-ratelimit-used',
    ]) {
      expect(response.headers.has(header), `${where} ${header}`).toBe(true);
    }
    if (typeof recorded.response === 'object' && recorded.response !== null) {
      expect(shapeDifferences(recorded.response, body), where).toEqual([]);
      if (Array.isArray(recorded.response))
        expect((body as unknown[]).length, where).toBe(recorded.response.length);
    } else if (typeof recorded.response === 'string' && recorded.response !== '') {
      expect(body, where).toBe(recorded.response);
    }
    results.push({ recorded, response, body });
  }
  return results;
}

describe('replay of recorded api.github.com exchanges', () => {
  it('paginate-issues: 13 issues over 5 pages with GitHub link relations', async () => {
    const server = await start();
    const repo = server.state.addRepo(`${ORG}/paginate-issues`);
    for (let n = 1; n <= 13; n += 1)
      server.state.addIssue(repo, {
        title: `Test issue ${n}`,
        created_at: new Date(Date.UTC(2017, 9, 10, 16, n)),
      });
    const results = await replay('paginate-issues', (path) =>
      path.replace('/repositories/1000/', `/repositories/${repo.id}/`),
    );
    expect(results.flatMap((r) => (r.body as Array<{ title: string }>).map((issue) => issue.title))).toEqual(
      Array.from({ length: 13 }, (_v, i) => `Test issue ${13 - i}`),
    );
    // The emulator's own links point at the same /repositories/{id}/issues form.
    const first = nth(results, 0).response.headers.get('link') ?? '';
    expect(first).toContain(`${server.url}/repositories/${repo.id}/issues?per_page=3&page=2`);
  });

  it('labels: list, create, get, update, delete', async () => {
    const server = await start();
    server.state.addRepo(`${ORG}/labels`, { defaultLabels: true });
    const results = await replay('labels');
    expect(nth(results, 0).body).toEqual(
      (nth(results, 0).recorded.response as Array<Record<string, unknown>>).map((label) => ({
        ...label,
        id: expect.any(Number),
        node_id: expect.any(String),
        url: `${server.url}/repos/${ORG}/labels/labels/${encodeURIComponent(String(label.name))}`,
      })),
    );
    expect(nth(results, 3).body).toMatchObject({
      name: 'test-label-updated',
      color: 'BADA55',
      default: false,
      description: null,
    });
  });

  it('add-labels-to-issue: missing labels are created with the default colour', async () => {
    const server = await start();
    server.state.addRepo(`${ORG}/add-labels-to-issue`);
    const results = await replay('add-labels-to-issue');
    const labels = nth(results, 1).body as Array<{ name: string; color: string; default: boolean }>;
    expect(labels.map(({ name, color }) => ({ name, color }))).toEqual(
      (nth(results, 1).recorded.response as Array<{ name: string; color: string }>).map(
        ({ name, color }) => ({
          name,
          color,
        }),
      ),
    );
  });

  it('errors: 422 Validation Failed with the same errors array', async () => {
    const server = await start();
    server.state.addRepo(`${ORG}/errors`);
    const [result] = await replay('errors');
    const recorded = result?.recorded.response as { message: string; errors: unknown[] };
    expect(result?.body).toMatchObject({ message: recorded.message, errors: recorded.errors });
  });

  it('git-refs: list, create, update (fast forward), delete', async () => {
    const server = await start();
    const repo = server.state.addRepo(`${ORG}/git-refs`, { autoInit: false });
    const older = server.state.writeFiles(repo, 'main', { 'README.md': 'one' }, 'one');
    const newer = server.state.writeFiles(repo, 'main', { 'README.md': 'two' }, 'two');
    const shas: Record<string, string> = {
      '0000000000000000000000000000000000000001': newer,
      '0000000000000000000000000000000000000002': older,
    };
    const mapBody = (body: unknown) => {
      const copy = { ...(body as Record<string, string>) };
      if (copy.sha) copy.sha = shas[copy.sha] ?? copy.sha;
      return copy;
    };
    // Recorded in 2017 against the legacy list `GET git/refs/`, which GitHub's description no
    // longer has; `git/matching-refs/` with an empty prefix is its documented successor.
    const mapPath = (path: string) => path.replace(/\/git\/refs\/$/, '/git/matching-refs/');
    const results = await replay('git-refs', mapPath, mapBody);
    const last = nth(results, 3).body as Array<{ ref: string; object: { sha: string } }>;
    expect(last.map((ref) => [ref.ref, ref.object.sha])).toEqual([
      ['refs/heads/main', newer],
      ['refs/heads/test', newer],
    ]);
  });

  it('get-content: directory listing and raw file', async () => {
    const server = await start();
    const repo = server.state.addRepo(`${ORG}/hello-world`, { autoInit: false, defaultBranch: 'master' });
    server.state.writeFiles(repo, 'master', { 'README.md': '# hello-world' }, 'Initial commit');
    const results = await replay('get-content');
    const recordedEntry = (nth(results, 0).recorded.response as Array<{ sha: string }>)[0];
    expect((nth(results, 0).body as Array<{ sha: string }>)[0]?.sha).toBe(recordedEntry?.sha);
  });

  it('create-file: real git blob sha for the new file', async () => {
    const server = await start();
    server.state.addRepo(`${ORG}/create-file`, { autoInit: false });
    const [result] = await replay('create-file');
    const recorded = result?.recorded.response as { content: { sha: string; size: number } };
    expect(result?.body).toMatchObject({
      content: { sha: recorded.content.sha, size: recorded.content.size },
      commit: { parents: [] },
    });
    expect(server.state.readFile(`${ORG}/create-file`, 'main', 'test.txt')).toBe('Test content');
  });

  it('get-repository: the same repository shape', async () => {
    const server = await start();
    server.state.addRepo(`${ORG}/hello-world`, { defaultBranch: 'master' });
    await replay('get-repository');
  });
});
