import { afterEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { ADMIN, call, READER, REPO, setup, WRITER } from './helpers.js';

let emulator: Emulator;
afterEach(async () => {
  await emulator.close();
});

describe('common headers', () => {
  it('request id, api version, media type, JSON content type, weak etag on GET', async () => {
    emulator = await setup();
    const response = await call(emulator, 'GET', `/repos/${REPO}`);
    expect(response.headers.get('x-github-request-id')).toMatch(/^[0-9A-F]{4}:[0-9A-F]{4}:/);
    expect(response.headers.get('x-github-api-version-selected')).toBe('2022-11-28');
    expect(response.headers.get('x-github-media-type')).toBe('github.v3; format=json');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('etag')).toMatch(/^W\/"[0-9a-f]{64}"$/);
    expect(response.body.permissions).toEqual({
      admin: false,
      maintain: false,
      push: true,
      triage: true,
      pull: true,
    });
    const admin = await call(emulator, 'GET', `/repos/${REPO}`, { token: ADMIN });
    expect(admin.body.permissions.admin).toBe(true);
  });

  it('accepts "token" and "Bearer" authorization; unknown token is 401 Bad credentials; none is 401', async () => {
    emulator = await setup();
    const bearer = await fetch(`${emulator.url}/repos/${REPO}`, {
      headers: { authorization: `Bearer ${WRITER}` },
    });
    expect(bearer.status).toBe(200);
    const bad = await call(emulator, 'GET', `/repos/${REPO}`, { token: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ message: 'Bad credentials', status: '401' });
    const none = await call(emulator, 'POST', `/repos/${REPO}/issues`, { token: null, body: { title: 'x' } });
    expect(none.status).toBe(401);
    expect(none.body.message).toBe('Requires authentication');
    expect(emulator.log.every((entry) => !JSON.stringify(entry).includes(WRITER))).toBe(true);
  });

  it('malformed JSON body is 400 Problems parsing JSON', async () => {
    emulator = await setup();
    const response = await call(emulator, 'POST', `/repos/${REPO}/issues`, { body: '{"title": ' });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('Problems parsing JSON');
  });
});

describe('conditional requests', () => {
  it('If-None-Match gives 304 with empty body, rate-limit headers, and costs nothing', async () => {
    emulator = await setup();
    emulator.state.addIssue(REPO, { title: 'x' });
    const first = await call(emulator, 'GET', `/repos/${REPO}/issues`);
    const etag = first.headers.get('etag') as string;
    const remaining = Number(first.headers.get('x-ratelimit-remaining'));
    const again = await call(emulator, 'GET', `/repos/${REPO}/issues`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(Number(again.headers.get('x-ratelimit-remaining'))).toBe(remaining);
    expect(emulator.log.at(-1)).toMatchObject({ status: 304, counted: false });
    emulator.state.addIssue(REPO, { title: 'y' });
    const changed = await call(emulator, 'GET', `/repos/${REPO}/issues`, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(Number(changed.headers.get('x-ratelimit-remaining'))).toBe(remaining - 1);
  });
});

describe('primary rate limit', () => {
  it('headers move per request; /rate_limit is free', async () => {
    emulator = await setup();
    const a = await call(emulator, 'GET', `/repos/${REPO}`);
    const b = await call(emulator, 'GET', `/repos/${REPO}/labels`);
    expect(a.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(a.headers.get('x-ratelimit-resource')).toBe('core');
    expect(Number(b.headers.get('x-ratelimit-remaining'))).toBe(
      Number(a.headers.get('x-ratelimit-remaining')) - 1,
    );
    expect(b.headers.get('x-ratelimit-used')).toBe('2');
    const rate = await call(emulator, 'GET', '/rate_limit');
    expect(rate.body.resources.core).toMatchObject({ limit: 5000, remaining: 4998, used: 2 });
    expect(rate.body.rate.remaining).toBe(4998);
    expect(emulator.log.at(-1)).toMatchObject({ route: 'GET /rate_limit', counted: false });
  });

  it('exhaustion answers 403 with remaining 0 until the reset time', async () => {
    let now = Date.UTC(2025, 0, 1);
    emulator = await setup({ clock: () => new Date(now) });
    emulator.state.setRateLimit(WRITER, { limit: 2, resetAt: new Date(now + 60_000) });
    expect((await call(emulator, 'GET', `/repos/${REPO}`)).status).toBe(200);
    const last = await call(emulator, 'GET', `/repos/${REPO}`);
    expect(last.headers.get('x-ratelimit-remaining')).toBe('0');
    const denied = await call(emulator, 'GET', `/repos/${REPO}`);
    expect(denied.status).toBe(403);
    expect(denied.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(denied.headers.get('x-ratelimit-reset')).toBe(String(Math.floor((now + 60_000) / 1000)));
    expect(denied.body.message).toMatch(/^API rate limit exceeded for /);
    // Other tokens are unaffected.
    expect((await call(emulator, 'GET', `/repos/${REPO}`, { token: ADMIN })).status).toBe(200);
    now += 61_000;
    const after = await call(emulator, 'GET', `/repos/${REPO}`);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-ratelimit-remaining')).toBe('1');
  });

  it('faults.primaryExhausted and advanceClock', async () => {
    emulator = await setup();
    emulator.faults.primaryExhausted({ token: WRITER, resetInSeconds: 30 });
    expect((await call(emulator, 'GET', `/repos/${REPO}`)).status).toBe(403);
    emulator.state.advanceClock(31_000);
    expect((await call(emulator, 'GET', `/repos/${REPO}`)).status).toBe(200);
  });
});

describe('secondary rate limit', () => {
  it('over writesPerMinute answers 403 with retry-after; a minute later writes pass again', async () => {
    emulator = await setup({ secondaryLimit: { writesPerMinute: 3, retryAfterSeconds: 42 } });
    const issue = emulator.state.addIssue(REPO, { title: 't' });
    for (let i = 0; i < 3; i += 1) {
      expect(
        (
          await call(emulator, 'POST', `/repos/${REPO}/issues/${issue.number}/labels`, {
            body: { labels: [`l${i}`] },
          })
        ).status,
      ).toBe(200);
    }
    const limited = await call(emulator, 'POST', `/repos/${REPO}/issues/${issue.number}/labels`, {
      body: { labels: ['l4'] },
    });
    expect(limited.status).toBe(403);
    expect(limited.headers.get('retry-after')).toBe('42');
    expect(limited.body.message).toContain('You have exceeded a secondary rate limit');
    // Reads are not content-creating.
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues`)).status).toBe(200);
    emulator.state.advanceClock(60_001);
    expect(
      (
        await call(emulator, 'POST', `/repos/${REPO}/issues/${issue.number}/labels`, {
          body: { labels: ['l4'] },
        })
      ).status,
    ).toBe(200);
  });

  it('is off with secondaryLimit: false', async () => {
    emulator = await setup({ secondaryLimit: false });
    for (let i = 0; i < 100; i += 1) {
      expect(
        (await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: `l${i}` } })).status,
      ).toBe(201);
    }
  });
});

describe('permissions', () => {
  it('read-only token: reads pass, writes are 403 Resource not accessible by integration', async () => {
    emulator = await setup();
    const issue = emulator.state.addIssue(REPO, { title: 't' });
    expect(
      (await call(emulator, 'GET', `/repos/${REPO}/issues/${issue.number}`, { token: READER })).status,
    ).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', `/repos/${REPO}/issues/${issue.number}`, { title: 'x' }],
      ['POST', `/repos/${REPO}/labels`, { name: 'x' }],
      ['POST', `/repos/${REPO}/git/blobs`, { content: 'x' }],
      ['POST', `/repos/${REPO}/actions/variables`, { name: 'X', value: 'y' }],
    ] as const) {
      const response = await call(emulator, method, path, { token: READER, body });
      expect(response.status, path).toBe(403);
      expect(response.body.message).toBe('Resource not accessible by integration');
    }
  });

  it('variables need the variables permission', async () => {
    emulator = await setup();
    emulator.state.addToken('no-vars', { login: 'x', permissions: { issues: 'write' } });
    emulator.state.setVariable(REPO, 'codex_main_milestone', 'Main');
    expect(
      (await call(emulator, 'GET', `/repos/${REPO}/actions/variables`, { token: 'no-vars' })).status,
    ).toBe(403);
    const ok = await call(emulator, 'GET', `/repos/${REPO}/actions/variables`);
    expect(ok.body).toMatchObject({
      total_count: 1,
      variables: [{ name: 'CODEX_MAIN_MILESTONE', value: 'Main' }],
    });
    expect(
      (await call(emulator, 'GET', `/repos/${REPO}/actions/variables/codex_main_milestone`)).body.value,
    ).toBe('Main');
  });
});

describe('request log', () => {
  it('records route templates, statuses, counted, write and a token hash', async () => {
    emulator = await setup();
    emulator.resetLog();
    await call(emulator, 'POST', `/repos/${REPO}/labels`, { body: { name: 'a' } });
    await call(emulator, 'GET', '/rate_limit');
    expect(emulator.log).toHaveLength(2);
    expect(emulator.log[0]).toMatchObject({
      method: 'POST',
      path: `/repos/${REPO}/labels`,
      route: 'POST /repos/{owner}/{repo}/labels',
      status: 201,
      counted: true,
      write: true,
    });
    expect(emulator.log[0]?.token).toMatch(/^tok_[0-9a-f]{10}$/);
  });
});
