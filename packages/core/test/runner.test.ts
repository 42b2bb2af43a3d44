import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { repositorySettings } from '../src/settings.js';
import { defineStage } from '../src/stage.js';
import { componentSchema } from '../src/telemetry/schemas/common.js';
import { recordText } from '../src/telemetry/record-text.js';
import { validateAgainst } from '../src/telemetry/validate.js';
import { LOGGED_CHANGES } from '../src/write-guard.js';

const TOKEN = 'ghs_runnerTestToken1234567890';

/** A minimal GitHub stand-in: counts requests and answers what each test asks. */
let server: Server;
let apiUrl: string;
let requests: { method: string; url: string; auth?: string }[];
let respond: (
  method: string,
  url: string,
) => { status: number; body: unknown; headers?: Record<string, string> };

beforeEach(async () => {
  requests = [];
  respond = () => ({ status: 200, body: { full_name: 'acme/widgets', permissions: { admin: false } } });
  server = createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', url: req.url ?? '', auth: req.headers.authorization });
    const answer = respond(req.method ?? 'GET', req.url ?? '');
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-remaining': '4990',
      ...answer.headers,
    });
    res.end(JSON.stringify(answer.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A component of its own, so the runner's rules are tested apart from any real stage's schema. */
const probeSchema = componentSchema(
  'probe',
  {
    checks: {
      type: 'array',
      items: { type: 'object', required: ['name', 'ok', 'message'], properties: { ok: { type: 'boolean' } } },
    },
  },
  ['checks'],
);
const validateTelemetry = (record: unknown) => validateAgainst(probeSchema, record);

const readRepoStage = defineStage({
  id: 'probe',
  component: 'probe',
  telemetrySchema: probeSchema,
  name: 'Probe',
  description: 'test stage',
  branding: { icon: 'tool', color: 'red' },
  settings: { mainStaleDays: repositorySettings.mainStaleDays },
  emptyTelemetry: { checks: [] as { name: string; ok: boolean; message: string }[] },
  async run(ctx) {
    const repo = await ctx.github.rest.repos.get({ ...ctx.repo });
    ctx.io.info(`token is ${TOKEN}`);
    return {
      summary: `read ${repo.data.full_name} (stale after ${ctx.settings.mainStaleDays} days)`,
      telemetry: { checks: [{ name: 'repo', ok: true, message: `token ${TOKEN} works` }] },
    };
  },
});

const base = () => ({ apiUrl, token: TOKEN, repository: 'acme/widgets', inputs: { publish: 'none' } });

describe('stage runner', () => {
  it('runs a stage, writes valid telemetry and sets the three outputs', async () => {
    const run = await runStageInProcess(readRepoStage, base());
    expect(run.exitCode).toBe(0);
    expect(run.status).toBe('ok');
    expect(run.outputs.status).toBe('ok');
    expect(run.outputs.summary).toContain('read acme/widgets (stale after 14 days)');
    const telemetry = JSON.parse(await readFile(run.outputs['telemetry-file']!, 'utf8'));
    expect(validateTelemetry(telemetry)).toEqual({ valid: true, errors: [] });
    expect(telemetry).toMatchObject({
      component: 'probe',
      status: 'ok',
      repository: 'acme/widgets',
      dry_run: false,
    });
    expect(telemetry.api.requests).toBe(1);
    expect(telemetry.api.rate_limit_remaining).toBe(4990);
    expect(run.summary).toContain('Probe: ok');
    // The post step reads this state: no stand-in record over a stage that wrote its own.
    expect(run.state).toEqual({ 'telemetry-file': run.outputs['telemetry-file'] });
  });

  it('writes a stand-in error record before the stage runs; a run that ends leaves only its own record', async () => {
    let during: Record<string, unknown> | undefined;
    let filesDuring: string[] = [];
    const watched = defineStage({
      ...readRepoStage,
      async run(ctx) {
        const dir = String(ctx.settings.telemetryDir);
        filesDuring = await readdir(dir);
        during = JSON.parse(await readFile(join(dir, filesDuring[0]!), 'utf8'));
        return readRepoStage.run(ctx);
      },
    });
    const run = await runStageInProcess(watched, { ...base(), env: { GITHUB_RUN_ID: '5150' } });
    // While the stage runs, a crash or a kill would leave this schema-valid record behind.
    expect(filesDuring).toEqual(['probe-5150.json']);
    const message = 'The probe step ended without writing telemetry (a crash, a timeout or a missing token).';
    expect(during).toMatchObject({
      component: 'probe',
      status: 'error',
      run_id: '5150',
      repository: 'acme/widgets',
      summary: message,
      errors: [{ code: 'stage_crashed', message }],
    });
    expect(validateTelemetry({ ...during, checks: [] })).toEqual({ valid: true, errors: [] });
    // The run ended: its real record replaced the stand-in at the same path, nothing else is there.
    expect(run.status).toBe('ok');
    const file = run.outputs['telemetry-file']!;
    expect(await readdir(dirname(file))).toEqual(['probe-5150.json']);
    const record = JSON.parse(await readFile(file, 'utf8'));
    expect(record).toMatchObject({ status: 'ok', errors: [] });
    expect(run.state).toEqual({ 'telemetry-file': file });
  });

  it("never parses the stage's telemetry back and keeps none of it: the file is written from each field's text, the record returned parses a field when read", async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    let held: WeakRef<object> | undefined;
    const large = defineStage({
      ...readRepoStage,
      async run(ctx) {
        const outcome = await readRepoStage.run(ctx);
        const checks = Array.from({ length: 1000 }, (_, i) => ({
          name: `marker-${i}`,
          ok: true,
          message: '',
        }));
        held = new WeakRef(checks);
        // a task of its own: a WeakRef keeps its target alive until the task that made it ends
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { ...outcome, telemetry: { checks } };
      },
    });
    let parsedList = false;
    const parse = JSON.parse;
    const spy = vi
      .spyOn(JSON, 'parse')
      .mockImplementation((text: string, reviver?: Parameters<typeof JSON.parse>[1]) => {
        if (typeof text === 'string' && text.includes('"marker-999"')) parsedList = true;
        return parse(text, reviver);
      });
    let run: Awaited<ReturnType<typeof runStageInProcess>>;
    try {
      run = await runStageInProcess(large, base());
    } finally {
      spy.mockRestore();
    }
    // a task of its own again, then nothing the run returned may still reach the stage's list
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(held?.deref()).toBeUndefined();
    expect(parsedList).toBe(false);
    expect(run.status).toBe('ok');
    expect(run.summary).toContain('API: 1 requests');
    const file = await readFile(run.outputs['telemetry-file']!, 'utf8');
    expect(file).toBe(recordText(JSON.parse(file)));
    expect(JSON.parse(file).checks).toHaveLength(1000);
    // read, the record returned is the file's
    expect(run.telemetry).toEqual(JSON.parse(file));
    expect((run.telemetry!.checks as unknown[])[999]).toEqual({ name: 'marker-999', ok: true, message: '' });
  });

  it('aborts before any request when the token is missing, with a clear message and exit 1', async () => {
    const run = await runStageInProcess(readRepoStage, { ...base(), token: '' });
    expect(run.exitCode).toBe(1);
    expect(run.failed).toMatch(/No GitHub token: the input "github-token" is empty/);
    expect(requests).toHaveLength(0);
    expect(run.state).toEqual({});
  });

  it('keeps the log bounded however many changes a stage makes, and closes it with their counts', async () => {
    respond = () => ({ status: 200, body: { number: 1 } });
    const manyWrites = defineStage({
      ...readRepoStage,
      async run(ctx) {
        for (let n = 1; n <= 300; n += 1)
          await ctx.writes.apply(
            { kind: 'issue.update', target: `#${n}`, description: `update #${n}` },
            ({ github }) => github.rest.issues.update({ ...ctx.repo, issue_number: n, state: 'open' }),
          );
        return { summary: 'wrote', telemetry: { checks: [] } };
      },
    });
    const run = await runStageInProcess(manyWrites, {
      ...base(),
      inputs: { publish: 'none', 'write-interval-ms': '0' },
    });
    expect(requests.filter((r) => r.method === 'PATCH')).toHaveLength(300);
    const messages = run.logs.map((l) => l.message);
    expect(messages.filter((m) => /^update #\d+$/.test(m))).toHaveLength(LOGGED_CHANGES);
    expect(messages.filter((m) => m.startsWith('Further changes are not logged'))).toHaveLength(1);
    expect(messages).toContain('Changes: 300 applied, 0 planned, 0 deferred, 0 failed.');
    expect(messages.length).toBeLessThan(LOGGED_CHANGES + 60);
  });

  it('logs each resolved setting once with its source', async () => {
    const run = await runStageInProcess(readRepoStage, { ...base(), env: { CODEX_MAIN_STALE_DAYS: '21' } });
    const lines = run.logs.filter((l) => l.message.startsWith('setting main-stale-days'));
    expect(lines.map((l) => l.message)).toEqual([
      'setting main-stale-days (CODEX_MAIN_STALE_DAYS) = 21 (env)',
    ]);
  });

  it('stops an invalid configuration before any request and names the setting', async () => {
    const run = await runStageInProcess(readRepoStage, {
      ...base(),
      inputs: { publish: 'none', 'main-stale-days': '-4' },
    });
    expect(run.exitCode).toBe(0);
    expect(run.status).toBe('error');
    expect(requests).toHaveLength(0);
    expect(run.telemetry?.errors).toEqual([
      expect.objectContaining({
        code: 'invalid_config',
        message: expect.stringContaining('"-4" for main-stale-days'),
      }),
    ]);
    expect(validateTelemetry(run.telemetry).valid).toBe(true);
  });

  it('treats a broken rule across settings like an invalid value: no run, no request', async () => {
    let ran = false;
    const strict = defineStage({
      ...readRepoStage,
      settings: {
        mainStaleDays: repositorySettings.mainStaleDays,
        mainEscalationDays: repositorySettings.mainEscalationDays,
      },
      async run() {
        ran = true;
        return { summary: 'ran', telemetry: { checks: [] } };
      },
    });
    const run = await runStageInProcess(strict, {
      ...base(),
      env: { CODEX_MAIN_STALE_DAYS: '20', CODEX_MAIN_ESCALATION_DAYS: '10' },
    });
    expect(ran).toBe(false);
    expect(requests).toHaveLength(0);
    expect(run.status).toBe('error');
    expect(run.telemetry?.errors).toEqual([
      {
        code: 'invalid_config',
        message:
          'main-escalation-days (CODEX_MAIN_ESCALATION_DAYS) is 10, below main-stale-days (CODEX_MAIN_STALE_DAYS) 20: escalation days must be at least the stale days.',
      },
    ]);
  });

  it('holds a stage only to the rules whose settings it reads all of', async () => {
    // readRepoStage reads main-stale-days but not main-escalation-days: the rule does not bind it.
    const run = await runStageInProcess(readRepoStage, { ...base(), env: { CODEX_MAIN_STALE_DAYS: '40' } });
    expect(run.status).toBe('ok');
  });

  it('never fails the job on a bug inside the stage: error status, telemetry written, exit 0', async () => {
    const buggy = defineStage({
      ...readRepoStage,
      async run() {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const run = await runStageInProcess(buggy, base());
    expect(run.exitCode).toBe(0);
    expect(run.status).toBe('error');
    expect(run.telemetry?.errors).toEqual([
      { code: 'internal', message: 'cannot read properties of undefined' },
    ]);
    expect(validateTelemetry(run.telemetry).valid).toBe(true);
    expect(await readFile(run.outputs['telemetry-file']!, 'utf8')).toContain('"status": "error"');
  });

  it('retries GitHub trouble and then records it as a structured error', async () => {
    respond = () => ({ status: 503, body: { message: 'Service Unavailable' } });
    const run = await runStageInProcess(readRepoStage, base());
    expect(run.exitCode).toBe(0);
    expect(run.status).toBe('error');
    expect(requests.length).toBe(4); // the first try and three retries
    expect(run.telemetry?.errors).toEqual([expect.objectContaining({ code: 'github_unavailable' })]);
    expect(run.telemetry?.api).toMatchObject({ requests: 4 });
  });

  it('exits non-zero on an error only when fail-on-error is set', async () => {
    const buggy = defineStage({
      ...readRepoStage,
      async run() {
        throw new Error('boom');
      },
    });
    const run = await runStageInProcess(buggy, {
      ...base(),
      inputs: { publish: 'none', 'fail-on-error': 'true' },
    });
    expect(run.status).toBe('error');
    expect(run.exitCode).toBe(1);
    const ok = await runStageInProcess(readRepoStage, {
      ...base(),
      inputs: { publish: 'none', 'fail-on-error': 'true' },
    });
    expect(ok.exitCode).toBe(0);
  });

  it('masks the token: registered as a secret and absent from logs, outputs, summary and telemetry', async () => {
    const run = await runStageInProcess(readRepoStage, base());
    expect(run.secrets).toContain(TOKEN);
    expect(requests[0]!.auth).toBe(`token ${TOKEN}`);
    const everything = [
      JSON.stringify(run.logs),
      JSON.stringify(run.outputs),
      run.summary,
      await readFile(run.outputs['telemetry-file']!, 'utf8'),
    ].join('\n');
    expect(everything).not.toContain(TOKEN);
    expect(everything).toContain('token *** works');
  });

  it('reports a schema violation of the stage telemetry instead of hiding it', async () => {
    const sloppy = defineStage({
      ...readRepoStage,
      async run() {
        return { summary: 'x', telemetry: { checks: [{ name: 'missing ok and message' }] } as never };
      },
    });
    const run = await runStageInProcess(sloppy, base());
    expect(run.telemetry?.errors).toEqual([expect.objectContaining({ code: 'telemetry_schema' })]);
  });

  it('marks a stage degraded when it reports a problem but finishes', async () => {
    const partial = defineStage({
      ...readRepoStage,
      async run(ctx) {
        ctx.report({ code: 'milestone_missing', message: 'Milestone "Sprint" does not exist.' });
        return { summary: 'partial', telemetry: { checks: [] } };
      },
    });
    const run = await runStageInProcess(partial, base());
    expect(run.status).toBe('degraded');
    expect(run.outputs.status).toBe('degraded');
  });
});

describe('secrets a stage registers', () => {
  it('are scrubbed from logs, outputs and telemetry like the token', async () => {
    const apiKey = 'sk-stage-registered-secret-42';
    const leaky = defineStage({
      ...readRepoStage,
      async run(ctx) {
        ctx.io.setSecret(apiKey);
        ctx.io.info(`calling with ${apiKey}`);
        ctx.report({ code: 'upstream', message: `request with ${apiKey} failed` });
        return { summary: `used ${apiKey}`, telemetry: { checks: [] } };
      },
    });
    const run = await runStageInProcess(leaky, base());
    const everything = [
      JSON.stringify(run.logs),
      JSON.stringify(run.outputs),
      run.summary,
      JSON.stringify(run.telemetry),
    ];
    expect(everything.join('\n')).not.toContain(apiKey);
    expect(run.outputs.summary).toBe('used ***');
  });

  it('are scrubbed from each slice of a long list', async () => {
    const apiKey = 'sk-slice-secret-9';
    const leaky = defineStage({
      ...readRepoStage,
      async run(ctx) {
        ctx.io.setSecret(apiKey);
        const checks = Array.from({ length: 1200 }, (_, i) => ({
          name: `e-${i}`,
          ok: true,
          message: apiKey,
        }));
        return { summary: 'done', telemetry: { checks } };
      },
    });
    const run = await runStageInProcess(leaky, base());
    const file = await readFile(run.outputs['telemetry-file']!, 'utf8');
    expect(file).not.toContain(apiKey);
    expect(JSON.parse(file).checks[1199]).toEqual({ name: 'e-1199', ok: true, message: '***' });
    expect(JSON.stringify(run.telemetry)).not.toContain(apiKey);
    expect((run.telemetry!.checks as unknown[]).length).toBe(1200);
  });

  it('are scrubbed from a long list written a slice at a time, also where a secret spans two entries', async () => {
    const apiKey = 'sk-list-secret-7';
    // "},{" inside the secret: it spans the entries 511 and 512, which are in two slices
    const spanning = '"message":""},{"name":"e-512"';
    const leaky = defineStage({
      ...readRepoStage,
      async run(ctx) {
        ctx.io.setSecret(apiKey);
        ctx.io.setSecret(spanning);
        const checks = Array.from({ length: 1200 }, (_, i) => ({
          name: `e-${i}`,
          ok: true,
          message: i === 900 ? `with ${apiKey}` : '',
        }));
        return { summary: 'done', telemetry: { checks } };
      },
    });
    const run = await runStageInProcess(leaky, base());
    const file = await readFile(run.outputs['telemetry-file']!, 'utf8');
    expect(file).not.toContain(apiKey);
    expect(file).not.toContain(spanning);
    expect(file).toContain('"message":"with ***"');
    expect(file).toContain('"name":"e-510"');
    // (the secret's *** leaves the file no longer JSON: redaction does not know of JSON)
    expect(file).toContain('{"name":"e-511","ok":true,***,"ok":true,"message":""}');
  });

  // '[' and ']' of a long list are pieces of their own: these secrets span them (without a comma)
  it.each([
    ['opening', '[{"name":"e-0"'],
    ['closing', '"message":""}]'],
  ])('are scrubbed where a secret spans the %s bracket of a long list', async (_, secret) => {
    const leaky = defineStage({
      ...readRepoStage,
      async run(ctx) {
        ctx.io.setSecret(secret);
        const checks = Array.from({ length: 1200 }, (_, i) => ({ name: `e-${i}`, ok: true, message: '' }));
        return { summary: 'done', telemetry: { checks } };
      },
    });
    const run = await runStageInProcess(leaky, base());
    const file = await readFile(run.outputs['telemetry-file']!, 'utf8');
    expect(file).not.toContain(secret);
    expect(file).toContain('"name":"e-600"');
  });
});

/** A pages store in a fresh temporary folder. */
async function localPagesStore() {
  const { LocalPagesStore } = await import('../src/pages/local-store.js');
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  return new LocalPagesStore(await mkdtemp(join(tmpdir(), 'codex-pages-')));
}

describe('the pages store', () => {
  it('is one store for the stage and for publishing its telemetry', async () => {
    const store = await localPagesStore();
    let made = 0;
    await store.commit({ 'state/probe.json': 'before the run' }, 'seed');
    const seen: unknown[] = [];
    const stageWithPages = defineStage({
      ...readRepoStage,
      async run(ctx) {
        seen.push(ctx.pages.branch, await ctx.pages.read('state/probe.json'));
        return { summary: 'ok', telemetry: { checks: [] } };
      },
    });
    await runStageInProcess(stageWithPages, {
      ...base(),
      inputs: { publish: 'gh-pages' },
      runId: '4242',
      deps: {
        pages: () => {
          made += 1;
          return store;
        },
      },
    });
    expect(made).toBe(1);
    expect(seen).toEqual([store.branch, 'before the run']);
    expect(await store.read('telemetry/probe-4242.json')).toContain('"component":"probe"');
  });
});

describe('the default-branch rule with the event payload', () => {
  async function eventFile(payload: unknown): Promise<string> {
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const path = join(await mkdtemp(join(tmpdir(), 'codex-event-')), 'event.json');
    await writeFile(path, JSON.stringify(payload));
    return path;
  }

  it('the payload names the default branch: publishing there is refused without a request', async () => {
    const run = await runStageInProcess(readRepoStage, {
      ...base(),
      inputs: { publish: 'gh-pages', 'pages-branch': 'main' },
      env: {
        GITHUB_EVENT_PATH: await eventFile({
          repository: { full_name: 'Acme/Widgets', default_branch: 'main' },
        }),
      },
    });
    // the stage's own read, nothing for the pages branch
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/widgets']);
    expect(run.status).toBe('degraded');
    expect(run.telemetry?.errors).toEqual([
      expect.objectContaining({
        code: 'publish_failed',
        message: expect.stringMatching(
          /Refusing to write to main: it is the default branch of acme\/widgets/,
        ),
      }),
    ]);
  });

  it('a payload about another repository is not trusted for this one', async () => {
    respond = (_method, url) =>
      url === '/graphql'
        ? { status: 200, body: { data: { repository: { defaultBranchRef: { name: 'main' }, ref: null } } } }
        : { status: 200, body: { full_name: 'acme/widgets', permissions: { admin: false } } };
    const run = await runStageInProcess(readRepoStage, {
      ...base(),
      inputs: { publish: 'gh-pages', 'pages-branch': 'main' },
      env: {
        GITHUB_EVENT_PATH: await eventFile({
          repository: { full_name: 'acme/other', default_branch: 'trunk' },
        }),
      },
    });
    expect(requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /repos/acme/widgets', 'POST /graphql']);
    expect(run.telemetry?.errors).toEqual([
      expect.objectContaining({ code: 'publish_failed', message: expect.stringMatching(/default branch/) }),
    ]);
  });
});

describe('telemetry published to the pages branch', () => {
  it('is redacted like the local file: no token, no registered secret', async () => {
    const store = await localPagesStore();
    const apiKey = 'sk-stage-registered-secret-42';
    const leaky = defineStage({
      ...readRepoStage,
      async run(ctx) {
        ctx.io.setSecret(apiKey);
        ctx.report({ code: 'upstream', message: `request with ${apiKey} and ${TOKEN} failed` });
        return {
          summary: `used ${apiKey}`,
          telemetry: { checks: [{ name: 'repo', ok: true, message: TOKEN }] },
        };
      },
    });
    await runStageInProcess(leaky, {
      ...base(),
      inputs: { publish: 'gh-pages' },
      runId: '4343',
      deps: { pages: () => store },
    });
    const published = await store.read('telemetry/probe-4343.json');
    expect(published).toContain('"summary":"used ***"');
    expect(published).toContain('request with *** and *** failed');
    expect(published).not.toContain(apiKey);
    expect(published).not.toContain(TOKEN);
  });
});
