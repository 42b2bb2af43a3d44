import { runStageInProcess } from '@codex-suite/harness/in-process';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { graphqlIsQuery } from '../src/github/read-only.js';
import { defineStage, type StageContext } from '../src/stage.js';
import { WriteGuard } from '../src/write-guard.js';

const TOKEN = 'ghs_writePortAttackToken000000000000001';
const REPO = 'acme/widgets';
const REFUSED = /writes go through ctx\.writes/;

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ secondaryLimit: false });
  emulator.state.addToken(TOKEN, {
    login: 'github-actions[bot]',
    permissions: { issues: 'write', contents: 'write', pull_requests: 'write' },
  });
  emulator.state.addRepo(REPO);
  emulator.state.addIssue(REPO, { title: 'untouched', body: 'as it was' });
});
afterEach(async () => {
  await emulator.close();
});

/** A stage that tries one way around its write guard and keeps what happened. */
function rogue(attempt: (ctx: StageContext) => Promise<unknown>) {
  const caught: unknown[] = [];
  const stage = defineStage({
    // any registered component: the attempt is what is tested, not the telemetry
    component: 'diagnostics',
    settings: {},
    id: 'around-the-guard',
    name: 'Around the guard',
    description: 'tries to write without its write guard',
    branding: { icon: 'alert-triangle', color: 'red' },
    async run(ctx) {
      try {
        await attempt(ctx as unknown as StageContext);
      } catch (error) {
        caught.push(error);
      }
      return { summary: 'tried', telemetry: {} };
    },
  });
  return { stage, caught };
}

const run = (stage: ReturnType<typeof rogue>['stage'], inputs: Record<string, string> = {}) =>
  runStageInProcess(stage as never, {
    apiUrl: emulator.url,
    token: TOKEN,
    repository: REPO,
    inputs: { publish: 'none', ...inputs },
  });

describe('the read port of a stage (ctx.github)', () => {
  const attacks: Record<string, (ctx: StageContext) => Promise<unknown>> = {
    'a REST write by route': (ctx) =>
      ctx.github.request('POST /repos/{owner}/{repo}/issues', { ...ctx.repo, title: 'should never exist' }),
    'a REST write by method': (ctx) =>
      // @ts-expect-error the read port has no writing REST methods
      ctx.github.rest.issues.update({ ...ctx.repo, issue_number: 1, title: 'defaced' }),
    'a GraphQL mutation': (ctx) =>
      ctx.github.graphql('mutation($id: ID!) { closeIssue(input: { issueId: $id }) { clientMutationId } }', {
        id: 'I_1',
      }),
    'a GraphQL mutation sent as a raw request': (ctx) =>
      ctx.github.request('POST /graphql', {
        query: '# a comment\n mutation { deleteIssue(input: { issueId: "I_1" }) { clientMutationId } }',
      }),
    'a mutation hidden after a query': (ctx) =>
      ctx.github.graphql(
        'query A { viewer { login } } mutation B { deleteIssue(input: {issueId: "I_1"}) { clientMutationId } }',
      ),
    'a REST write that replaces the request hooks': (ctx) =>
      ctx.github.request('POST /repos/{owner}/{repo}/issues', {
        ...ctx.repo,
        title: 'should never exist',
        request: { hook: (request: (o: unknown) => unknown, options: unknown) => request(options) },
      } as never),
    'a pages commit outside the guard': (ctx) =>
      // @ts-expect-error the pages a stage reads have no commit
      ctx.pages.commit({ 'state/x.json': '{}' }, 'sneaky'),
  };

  for (const [name, attempt] of Object.entries(attacks)) {
    it(`refuses ${name} before anything is sent`, async () => {
      const { stage, caught } = rogue(attempt);
      const before = emulator.log.length;
      await run(stage, { 'dry-run': 'false' });
      expect(caught).toHaveLength(1);
      expect(String((caught[0] as Error).message)).toMatch(REFUSED);
      // the attempt itself reached nothing; whatever the runner read before or after is a read
      expect(emulator.log.filter((e) => e.write)).toEqual([]);
      expect(emulator.log.slice(before).every((e) => e.method === 'GET')).toBe(true);
      expect(emulator.state.listIssues(REPO).map((i) => [i.title, i.state])).toEqual([['untouched', 'open']]);
    });
  }

  it('lets reads through: REST, pagination and GraphQL queries', async () => {
    const seen: unknown[] = [];
    const { stage, caught } = rogue(async (ctx) => {
      seen.push((await ctx.github.rest.repos.get({ ...ctx.repo })).data.full_name);
      seen.push((await ctx.github.paginate(ctx.github.rest.issues.listForRepo, { ...ctx.repo })).length);
      const answer = await ctx.github.graphql<{ repository: { defaultBranchRef: { name: string } } }>(
        'query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { defaultBranchRef { name } } }',
        { owner: 'acme', name: 'widgets' },
      );
      seen.push(answer.repository.defaultBranchRef.name);
    });
    await run(stage);
    expect(caught).toEqual([]);
    expect(seen).toEqual([REPO, 1, 'main']);
  });

  it('gives a stage no dry-run flag of its own: the guard decides and says', async () => {
    const seen: unknown[] = [];
    const { stage } = rogue(async (ctx) => {
      seen.push('dryRun' in ctx, ctx.writes.dryRun);
    });
    await run(stage, { 'dry-run': 'true' });
    expect(seen).toEqual([false, true]);
  });
});

describe('the write port (ctx.writes)', () => {
  it('hands the writer to the change it applies, and nowhere else', async () => {
    let kept: Parameters<Parameters<WriteGuard['apply']>[1]>[0] | undefined;
    const caught: unknown[] = [];
    const { stage } = rogue(async (ctx) => {
      const result = await ctx.writes.apply(
        { kind: 'issue.update', target: '#1', description: 'retitle #1' },
        (writer) => {
          kept = writer;
          return writer.github.rest.issues.update({ ...ctx.repo, issue_number: 1, title: 'retitled' });
        },
      );
      expect(result.outcome).toBe('applied');
      // a writer kept past its change is refused
      try {
        await kept!.github.rest.issues.update({ ...ctx.repo, issue_number: 1, title: 'defaced' });
      } catch (error) {
        caught.push(error);
      }
    });
    await run(stage, { 'dry-run': 'false' });
    expect(emulator.state.listIssues(REPO).map((i) => i.title)).toEqual(['retitled']);
    expect(emulator.log.filter((e) => e.write).map((e) => e.route)).toEqual([
      'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    ]);
    expect(caught).toHaveLength(1);
    expect(String((caught[0] as Error).message)).toMatch(REFUSED);
  });

  it('refuses a write its change started but sent only after the change ended', async () => {
    let late: Promise<unknown> | undefined;
    const outcomes: string[] = [];
    const { stage, caught } = rogue(async (ctx) => {
      const result = await ctx.writes.apply(
        { kind: 'issue.update', target: '#1', description: 'retitle #1 later' },
        async (writer) => {
          late = new Promise((resolve) => setTimeout(resolve, 20)).then(() =>
            writer.github.rest.issues.update({ ...ctx.repo, issue_number: 1, title: 'late' }),
          );
          late.catch(() => undefined);
        },
      );
      outcomes.push(result.outcome);
      await late;
    });
    await run(stage, { 'dry-run': 'false' });
    expect(outcomes).toEqual(['applied']);
    expect(caught).toHaveLength(1);
    expect(String((caught[0] as Error).message)).toMatch(REFUSED);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
    expect(emulator.state.listIssues(REPO).map((i) => i.title)).toEqual(['untouched']);
  });

  it('in a dry run never calls the change: the writer is not handed out', async () => {
    let called = 0;
    const { stage } = rogue(async (ctx) => {
      const result = await ctx.writes.apply(
        { kind: 'issue.update', target: '#1', description: 'retitle #1' },
        async () => {
          called += 1;
        },
      );
      expect(result.outcome).toBe('planned');
    });
    await run(stage, { 'dry-run': 'true' });
    expect(called).toBe(0);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
  });

  it('refuses writes of its client made around it', async () => {
    const client = createGitHubClient({ token: TOKEN, baseUrl: emulator.url, writeIntervalMs: 0 });
    new WriteGuard({ dryRun: false, maxWrites: 5, github: client.octokit });
    await expect(
      client.octokit.rest.issues.create({ owner: 'acme', repo: 'widgets', title: 'around' }),
    ).rejects.toThrow(REFUSED);
    expect(emulator.log).toEqual([]);
  });
});

describe('which GraphQL documents only read', () => {
  it.each([
    ['{ viewer { login } }', true],
    ['query { viewer { login } }', true],
    ['query Q($a: Int = 1) @cached { node(id: "mutation") { id } }', true],
    ['# mutation in a comment\nquery { viewer { login } }', true],
    ['query { a: search(query: """mutation { x }""") { issueCount } } fragment F on User { login }', true],
    ['mutation { x }', false],
    ['query { a } mutation { b }', false],
    ['subscription { a }', false],
    ['query { a', false],
    ['', false],
    ['extend type Query { a: Int }', false],
  ])('%s → %s', (document, reads) => {
    expect(graphqlIsQuery(document)).toBe(reads);
  });
});
