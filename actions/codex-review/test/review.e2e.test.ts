import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '@codex-suite/emulator/server';
import { type FakeOpenAI, startFakeOpenAI } from './fake-openai.js';
import {
  API_KEY,
  REPO,
  REVIEW_WITH_FINDINGS,
  type ReviewOptions,
  ensureCodex,
  listComments,
  pullRequestEvent,
  reviewInProcess,
  seededEmulator,
  tempDir,
} from './setup.js';

// The real @openai/codex CLI against a local Responses endpoint; the first run installs it.
beforeAll(async () => {
  await ensureCodex();
}, 600_000);

let fake: FakeOpenAI;
let emulator: Emulator;
let pull: number;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(async () => {
  await emulator?.close();
});

function review(options: ReviewOptions = {}) {
  return reviewInProcess({ emulator, fake, pull }, options);
}

describe('codex-review with the real Codex CLI', () => {
  it('a review with findings lands as files, one sticky comment, annotations and telemetry', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = { kind: 'message', text: REVIEW_WITH_FINDINGS };
    const { run, json, md, out } = await review();
    expect(run.status).toBe('ok');
    expect(json.findings).toHaveLength(2);
    expect(md).toContain('eval of a command-line argument');
    expect(run.outputs['review-status']).toBe('ok');
    expect(run.outputs['findings-count']).toBe('2');
    // The prompt carried the pull request's diff from the API.
    const turn = fake.requests.findLast((r) => r.url === '/v1/responses');
    expect(turn?.body).toContain('eval(process.argv[2])');
    // Codex authenticated to the proxy with its per-run token, the proxy to the API with the key.
    expect(turn?.authorization).toBe(`Bearer ${API_KEY}`);
    const comments = await listComments(emulator, pull);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toMatch(/^<!-- codex-review -->/);
    expect(comments[0]?.body).toContain('eval of a command-line argument');
    const annotations = run.logs.filter((l) => l.props?.file === 'src/main.ts');
    expect(annotations.map((a) => [a.level, a.props?.startLine])).toEqual([
      ['error', 2],
      ['notice', undefined],
    ]);
    expect(run.telemetry).toMatchObject({
      pull_request: pull,
      preflight: 'ok',
      review_status: 'ok',
      findings_count: 2,
      codex_exit_code: 0,
      comment: 'created',
    });
    expect(existsSync(join(out, 'codex-events.jsonl'))).toBe(true);
    // CODEX_HOME was removed after the run.
    const home = run.logs
      .find((l) => l.message.startsWith('CODEX_HOME for this run:'))
      ?.message.split(' ')[4];
    expect(home && existsSync(home)).toBe(false);
  });

  it('the comment is created once, then updated in place (and left alone when unchanged)', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = { kind: 'message', text: '{"status":"ok","summary":"first pass","findings":[]}' };
    await review();
    const first = await listComments(emulator, pull);
    expect(first).toHaveLength(1);
    fake.responses = { kind: 'message', text: '{"status":"ok","summary":"second pass","findings":[]}' };
    // The same run id: the comment text (which links the run) is then identical.
    const second = await review({ runId: '4242' });
    expect(second.run.telemetry?.comment).toBe('updated');
    const after = await listComments(emulator, pull);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(first[0]?.id);
    expect(after[0]?.body).toContain('second pass');
    emulator.resetLog();
    const third = await review({ runId: '4242' });
    expect(third.run.telemetry?.comment).toBe('unchanged');
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
  });

  it('in a dry run reviews, and sends GitHub reads only: the comment is planned, not made', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = { kind: 'message', text: REVIEW_WITH_FINDINGS };
    const { run, json } = await review({ inputs: { 'dry-run': 'true' } });
    expect(json.findings).toHaveLength(2);
    expect(run.telemetry).toMatchObject({ dry_run: true, comment: 'planned' });
    expect(run.changes.map((c) => [c.kind, c.outcome])).toEqual([['comment.create', 'planned']]);
    expect(emulator.log.filter((e) => e.write)).toEqual([]);
    expect(emulator.log.filter((e) => e.method !== 'GET' && e.route !== 'POST /graphql')).toEqual([]);
    expect(await listComments(emulator, pull)).toEqual([]);
  });

  it('malformed model output → placeholders that say so, degraded, exit 0', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = { kind: 'message', text: 'Looks good to me! {"summary": oops}' };
    const { run, json, md } = await review();
    expect(run.status).toBe('degraded');
    expect(json).toMatchObject({ status: 'failed', findings: [] });
    expect(json.summary).toMatch(/not valid JSON/);
    expect(md).toMatch(/not valid JSON/);
    expect(run.telemetry).toMatchObject({
      review_status: 'failed',
      skip_reason: 'invalid_output',
      codex_exit_code: 0,
    });
    expect(run.logs.some((l) => l.level === 'warning' && /not valid JSON/.test(l.message))).toBe(true);
    // The output folder is listed for diagnosis.
    expect(run.logs.some((l) => /codex-events\.jsonl/.test(l.message))).toBe(true);
    expect((await listComments(emulator, pull))[0]?.body).toMatch(/No review this time/);
  });

  it.each([
    ['HTTP 500', { kind: 'http-error', status: 500 } as const],
    ['an error event', { kind: 'error-event' } as const],
  ])('model error (%s) → placeholders, degraded, exit 0', async (_, mode) => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = mode;
    const { run, json } = await review();
    expect(run.status).toBe('degraded');
    expect(json.status).toBe('failed');
    expect(json.summary).toMatch(/Codex failed/);
    expect(run.telemetry).toMatchObject({ skip_reason: 'codex_failed' });
    expect(run.telemetry?.codex_exit_code).not.toBe(0);
    expect(run.logs.some((l) => /Contents of .*codex-home-/.test(l.message))).toBe(true);
  });

  it('a hanging endpoint hits the timeout: the process group is killed, placeholders written', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = { kind: 'hang' };
    const { run, json } = await review({ inputs: { 'timeout-seconds': '3' } });
    expect(run.status).toBe('degraded');
    expect(json.summary).toMatch(/did not finish within 3 s/);
    expect(run.telemetry).toMatchObject({ skip_reason: 'timeout', codex_timed_out: true });
    fake.responses = { kind: 'message', text: '{"summary":"x","findings":[]}' };
  });

  it('a stale CODEX_HOME from an earlier run is neither reused nor trusted', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.responses = { kind: 'message', text: '{"summary":"fresh home","findings":[]}' };
    // What the leading action would reuse: a fixed folder with a config pointing elsewhere.
    const stale = tempDir('codex-stale-');
    writeFileSync(
      join(stale, 'config.toml'),
      'model_provider = "nowhere"\n[model_providers.nowhere]\nname="x"\nbase_url="http://127.0.0.1:9/v1"\nwire_api="responses"\n',
    );
    process.env.CODEX_HOME = stale;
    try {
      const { run, json } = await review();
      expect(json.summary).toBe('fresh home');
      const home = run.logs.find((l) => l.message.startsWith('CODEX_HOME for this run:'))?.message;
      expect(home).toMatch(/codex-home-\w+/);
      expect(home).not.toContain(stale);
    } finally {
      delete process.env.CODEX_HOME;
    }
    expect(readdirSync(stale)).toEqual(['config.toml']);
  });

  it('keep-codex-home keeps the per-run folder (mode 0700, config from the template)', async () => {
    ({ emulator, pull } = await seededEmulator());
    const { run } = await review({ inputs: { 'keep-codex-home': 'true' } });
    const home =
      run.logs.find((l) => l.message.startsWith('CODEX_HOME for this run:'))?.message.split(' ')[4] ?? '';
    const { statSync } = await import('node:fs');
    expect(statSync(home).mode & 0o777).toBe(0o700);
    const config = readFileSync(join(home, 'config.toml'), 'utf8');
    expect(config).toContain('approval_policy = "never"');
    expect(config).not.toContain(API_KEY);
  });
});

describe('guards and preflight (no Codex run)', () => {
  function seedFork(): number {
    emulator.state.addRepo('stranger/widgets');
    return emulator.state.addPullRequest(REPO, {
      title: 'from a fork',
      head: { repo: 'stranger/widgets', ref: 'x', sha: 'c'.repeat(40) },
    }).number;
  }

  it.each([
    ['a fork', true, 'fork'],
    ['no key', false, 'missing_key'],
  ])('%s → skipped with placeholders, no comment', async (_, fromFork, reason) => {
    ({ emulator, pull } = await seededEmulator());
    if (fromFork) pull = seedFork();
    const before = fake.requests.length;
    const { run, json } = await review(
      fromFork ? { event: pullRequestEvent(pull, 'stranger/widgets') } : { key: '' },
    );
    expect(run.status).toBe('skipped');
    expect(json.status).toBe('skipped');
    expect(run.outputs.summary).toMatch(reason === 'fork' ? /fork/ : /OPENAI_API_KEY/);
    expect(run.telemetry?.skip_reason).toBe(reason);
    expect(fake.requests.length).toBe(before);
    expect(await listComments(emulator, pull)).toEqual([]);
  });

  it('a fork is detected from the API when only the pull-request input is given', async () => {
    ({ emulator, pull } = await seededEmulator());
    const forked = seedFork();
    const { run } = await review({ event: {}, inputs: { 'pull-request': String(forked) } });
    expect(run.telemetry?.skip_reason).toBe('fork');
  });

  it('an invalid key → placeholders with the actionable message, degraded, exit 0, no Codex', async () => {
    ({ emulator, pull } = await seededEmulator());
    fake.models = { status: 401, body: { error: { code: 'invalid_api_key', message: 'Incorrect API key' } } };
    try {
      const { run, json } = await review();
      expect(run.status).toBe('degraded');
      expect(run.outputs.preflight).toBe('invalid_key');
      expect(json.summary).toMatch(/rejected/);
      expect(run.telemetry?.codex_exit_code).toBeNull();
    } finally {
      fake.models = { status: 200, body: { object: 'list', data: [] } };
    }
  });
});
