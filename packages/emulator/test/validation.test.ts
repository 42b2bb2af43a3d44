import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '../src/server.js';
import { checkRestAnswer } from '../src/validation/openapi.js';
import { call, REPO, setup, WRITER } from './helpers.js';

/**
 * The emulator checks every answer it sends against GitHub's REST description and GraphQL
 * schema. Each test here makes it send a wrong one on purpose and takes the violation it recorded
 * (`takeViolations`), so the test setup's own check stays quiet; the last test shows that an
 * untaken violation fails the test that caused it.
 */
let emulator: Emulator;
beforeAll(async () => {
  emulator = await setup();
  emulator.state.addIssue(REPO, { title: 'Fine' });
});
afterAll(async () => {
  await emulator.close();
});

async function graphql(query: string, variables: Record<string, unknown> = {}) {
  return call(emulator, 'POST', '/graphql', { token: WRITER, body: { query, variables } });
}

describe('REST answers', () => {
  it('a body that breaks the published schema is a violation naming the field', async () => {
    const issue = emulator.state.addIssue(REPO, { title: 'Will break' });
    (issue as { comments: unknown }).comments = undefined;
    (issue as { title: unknown }).title = 42;
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues/${issue.number}`)).status).toBe(200);
    const [violation, ...more] = emulator.takeViolations();
    expect(more).toEqual([]);
    expect(violation).toMatchObject({
      route: 'GET /repos/{owner}/{repo}/issues/{issue_number}',
      status: 200,
    });
    expect(violation?.problems.join()).toContain('$/title must be string');
    emulator.state.deleteIssue(REPO, issue.number);
  });

  it('a conforming answer records nothing', async () => {
    expect((await call(emulator, 'GET', `/repos/${REPO}/issues/1`)).status).toBe(200);
    expect(emulator.takeViolations()).toEqual([]);
  });

  it('a path the emulator does not serve is a violation, not a quiet 404', async () => {
    expect((await call(emulator, 'GET', `/repos/${REPO}/hooks`)).status).toBe(404);
    const [violation] = emulator.takeViolations();
    expect(violation).toMatchObject({ route: undefined, status: 404 });
    expect(violation?.problems.join()).toContain('no route');
  });

  it('headers the description has are checked against their schemas', () => {
    const body = JSON.stringify({
      resources: { core: { limit: 1, remaining: 1, reset: 1, used: 0 } },
      rate: { limit: 1, remaining: 1, reset: 1, used: 0 },
    });
    const problems = checkRestAnswer({
      route: 'GET /rate_limit',
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-ratelimit-limit': 'many' },
      payload: body,
    });
    expect(problems.join()).toContain('header x-ratelimit-limit');
  });

  it('a status the operation does not have is a violation', () => {
    const problems = checkRestAnswer({
      route: 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
      status: 204,
      headers: {},
      payload: '',
    });
    expect(problems).toEqual([
      "DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name} has no 204 answer in GitHub's description",
    ]);
  });

  it('a media type the operation does not describe is a violation', () => {
    const problems = checkRestAnswer({
      route: 'GET /repos/{owner}/{repo}/labels/{name}',
      status: 200,
      headers: { 'content-type': 'text/html' },
      payload: '<p>label</p>',
    });
    expect(problems.join()).toContain('content-type text/html');
  });
});

describe('GraphQL answers', () => {
  it('a query GitHub validates, answered in its shape, records nothing', async () => {
    const response = await graphql(
      'query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { issue(number: 1) { id number title } } }',
      { owner: 'octo-org', name: 'widgets' },
    );
    expect(response.body.data.repository.issue.number).toBe(1);
    expect(emulator.takeViolations()).toEqual([]);
  });

  it('data answered to a query GitHub would reject is a violation', async () => {
    await graphql('{ viewer { loginName } }');
    const [violation] = emulator.takeViolations();
    expect(violation?.route).toBe('POST /graphql');
    expect(violation?.problems.join()).toContain('Cannot query field "loginName" on type "User"');
  });

  it('a value of the wrong type for the schema is a violation', async () => {
    const issue = emulator.state.addIssue(REPO, { title: 'Typed' });
    (issue as { title: unknown }).title = 7;
    await graphql(
      `{ repository(owner: "octo-org", name: "widgets") { issue(number: ${issue.number}) { title } } }`,
    );
    const [violation] = emulator.takeViolations();
    expect(violation?.problems.join()).toContain('data.repository.issue.title: 7 is not a String');
    emulator.state.deleteIssue(REPO, issue.number);
  });
});

describe('the test setup', () => {
  it('fails the test that caused a violation it did not take, and only that test', async () => {
    const config = fileURLToPath(new URL('./fixtures/violation.vitest.config.ts', import.meta.url));
    const vitest = fileURLToPath(new URL('../../../node_modules/vitest/vitest.mjs', import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), 'violation-'));
    const output = join(dir, 'report.json');
    const args = [vitest, 'run', '--config', config, '--reporter', 'json', '--outputFile', output];
    const code = await promisify(execFile)(process.execPath, args, {
      cwd: fileURLToPath(new URL('../../..', import.meta.url)),
      env: { ...process.env, CI: '1' },
    }).then(
      () => 0,
      (error: { code: number }) => error.code,
    );
    expect(code).toBe(1);
    const report = JSON.parse(readFileSync(output, 'utf8')) as {
      testResults: Array<{
        assertionResults: Array<{ title: string; status: string; failureMessages: string[] }>;
      }>;
    };
    const results = report.testResults.flatMap((file) => file.assertionResults);
    expect(results.map((result) => [result.title, result.status])).toEqual([
      ['reads an issue whose title the emulator sends as a number', 'failed'],
      ['reads the repository, which conforms', 'passed'],
    ]);
    expect(results[0]?.failureMessages.join()).toContain('$/title must be string');
    rmSync(dir, { recursive: true, force: true });
  });
});
