import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dashboardSchema } from '@codex-suite/core/telemetry/schemas/dashboard';
import { validateAgainst, validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { requestBodyText } from '@codex-suite/harness/request-body';
import { afterEach, describe, expect, it } from 'vitest';
import { stage } from '../src/stage.js';
import { common, fullRecords, REPOSITORY } from './fixtures.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON read back for assertions
type Json = any;

const TOKEN = 'ghs_telemetrymergetesttoken00000000000';
const BRANCH = 'gh-pages';
let emulator: Emulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function setup(files: Record<string, string> = {}): Promise<Emulator> {
  emulator = await startEmulator({ secondaryLimit: false });
  emulator.state.addToken(TOKEN, {
    login: 'github-actions[bot]',
    permissions: { contents: 'write', issues: 'write' },
  });
  emulator.state.addRepo(REPOSITORY);
  if (Object.keys(files).length > 0) emulator.state.writeFiles(REPOSITORY, BRANCH, files, 'seed telemetry');
  emulator.resetLog();
  return emulator;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/** every dashboard component's record on the branch, as the stages would have published them */
function branchTelemetry(at?: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(fullRecords(at)).map(([component, record]) => [
      `telemetry/${component}-${record.run_id}.json`,
      json(record),
    ]),
  );
}

function run(em: Emulator, inputs: Record<string, string> = {}, runId = '9100') {
  return runStageInProcess(stage, {
    apiUrl: em.url,
    token: TOKEN,
    repository: REPOSITORY,
    runId,
    inputs,
  });
}

function dashboardOnBranch(em: Emulator): Json {
  const text = em.state.readFile(REPOSITORY, BRANCH, 'dashboard/dashboard.json');
  if (text === undefined) throw new Error('no dashboard.json on the branch');
  return JSON.parse(text);
}

/** commits on the branch, newest first: message and the paths each one changed */
function branchCommits(em: Emulator): { message: string; changed: string[] }[] {
  const git = em.state.repo(REPOSITORY).git;
  const out: { message: string; changed: string[] }[] = [];
  let sha = git.refs.get(`refs/heads/${BRANCH}`);
  while (sha) {
    const commit = git.commit(sha)!;
    const parent = commit.parents[0] ? git.commit(commit.parents[0]) : undefined;
    const now = git.flatten(commit.tree);
    const before = parent ? git.flatten(parent.tree) : new Map();
    const changed = [...new Set([...now.keys(), ...before.keys()])].filter(
      (p) => now.get(p)?.sha !== before.get(p)?.sha,
    );
    out.push({ message: commit.message, changed: changed.sort() });
    sha = commit.parents[0];
  }
  return out;
}

describe('telemetry-merge on the emulator', () => {
  it('merges the latest of every component into a valid dashboard, page and all, in one commit', async () => {
    const em = await setup(branchTelemetry());
    const result = await run(em);
    expect(result.status).toBe('ok');
    expect(validateTelemetry(result.telemetry).valid).toBe(true);

    const dashboard = dashboardOnBranch(em);
    expect(validateAgainst(dashboardSchema, dashboard)).toEqual({ valid: true, errors: [] });
    expect(dashboard.repository).toBe(REPOSITORY);
    expect(dashboard.supervisor.verdict).toBe('yellow');
    expect(dashboard.selftest.issue_number).toBe(152);
    expect(dashboard.codex_review.findings_count).toBe(3);
    expect(dashboard.sync.status).toBe('degraded');
    expect(dashboard.sources.sync).toBe('telemetry/sync-9001.json');
    expect(dashboard.history).toHaveLength(1);
    expect(dashboard.history[0]).toMatchObject({
      run: '9100',
      sync: { corrections: 10, malformed: 2 },
      activity: {
        main: { open: 23, stale: 4, escalated: 2 },
        dashboard: { open: 6, stale: 0, escalated: 0 },
      },
      supervisor: { verdict: 'yellow', main: 'yellow', dashboard: 'green' },
      cleaner: { closed: 2, pruned: 5 },
      stages: { sync: 'degraded', diagnostics: 'degraded', supervisor: 'ok', codex_review: 'ok' },
    });

    // Everything the stage publishes is in one commit; the runner adds its own telemetry file
    // after, then that file's ledger entry.
    const commits = branchCommits(em);
    expect(commits[0]!.message).toBe('ledger: telemetry/telemetry-merge-9100.json');
    expect(commits[0]!.changed).toEqual([
      expect.stringMatching(/^state\/ledger\/telemetry\/telemetry-merge-9100\.\d+\.[0-9a-f]{40}\.json$/),
    ]);
    expect(commits[1]!.message).toMatch(/^telemetry: telemetry-merge run 9100/);
    expect(commits[1]!.changed).toEqual(['telemetry/telemetry-merge-9100.json']);
    expect(commits[2]!.message).toMatch(/^dashboard: merge of run 9100/);
    expect(commits[2]!.changed).toEqual(
      expect.arrayContaining([
        'dashboard/dashboard.json',
        'dashboard/index.html',
        'dashboard/app.js',
        'dashboard/locale.js',
        'dashboard/styles.css',
        'dashboard/vendor/uPlot.iife.min.js',
        'dashboard/vendor/uPlot.LICENSE.txt',
      ]),
    );
    expect(commits[3]!.message).toBe('seed telemetry');
    // The dashboard in one createCommitOnBranch; the stage's own telemetry file and its ledger
    // entry in one contents PUT each.
    const stageCommits = em.log.filter((e) => e.route === 'POST /graphql' && e.write);
    expect(stageCommits).toHaveLength(1);
    expect(em.log.filter((e) => e.route === 'PUT /repos/{owner}/{repo}/contents/{path}')).toHaveLength(2);

    const telemetry = result.telemetry as Json;
    expect(telemetry.merged.sync).toMatchObject({ file: 'telemetry/sync-9001.json', status: 'degraded' });
    expect(telemetry.invalid_files).toEqual([]);
    expect(telemetry.published_files).toBe(commits[2]!.changed.length);
    expect(result.summary).toContain('7/7 components');
  });

  it('chooses the latest by recorded time and run number, not by file-name order', async () => {
    const records = fullRecords();
    const files: Record<string, string> = {
      // Text order puts 999 after 1000; 1000 is newer.
      'telemetry/cleaner-999.json': json(common('cleaner', '999', '2026-11-20T08:00:00Z', cleanerFields(1))),
      'telemetry/cleaner-1000.json': json(
        common('cleaner', '1000', '2026-11-21T08:00:00Z', cleanerFields(7)),
      ),
      // A newer record under an older name (a long run that finished after the next one).
      'telemetry/sync-2001.json': json({
        ...records.sync,
        run_id: '2001',
        finished_at: '2026-11-21T09:00:00.000Z',
      }),
      'telemetry/sync-2000.json': json({
        ...records.sync,
        run_id: '2000',
        status: 'ok',
        errors: [],
        finished_at: '2026-11-21T11:00:00.000Z',
      }),
      // A re-run attempt beats its first attempt.
      'telemetry/activity-3000.json': json({
        ...records.activity,
        run_id: '3000',
        status: 'error',
        finished_at: '2026-11-21T10:00:00.000Z',
      }),
      'telemetry/activity-3000-2.json': json({
        ...records.activity,
        run_id: '3000',
        run_attempt: 2,
        finished_at: '2026-11-21T10:00:00.000Z',
      }),
    };
    const em = await setup(files);
    const result = await run(em);
    const merged = (result.telemetry as Json).merged;
    expect(merged.cleaner.file).toBe('telemetry/cleaner-1000.json');
    expect(merged.sync).toMatchObject({ file: 'telemetry/sync-2000.json', status: 'ok' });
    expect(merged.activity).toMatchObject({ file: 'telemetry/activity-3000-2.json', status: 'ok' });
    expect(merged.supervisor).toBeNull();
    const dashboard = dashboardOnBranch(em);
    expect(dashboard.cleaner.telemetry_pruned_count).toBe(7);
    expect(dashboard.supervisor).toBeNull();
    expect(dashboard.history[0].stages.supervisor).toBeNull();
  });

  it('skips corrupt and invalid files, reports them, and uses the previous good file', async () => {
    const records = fullRecords();
    const em = await setup({
      'telemetry/supervisor-503.json': '{"component": "supervisor", "status": "ok", ', // truncated
      'telemetry/supervisor-502.json': json({ ...records.supervisor, run_id: '502', tracks: 'nope' }),
      'telemetry/supervisor-501.json': json({ ...records.supervisor, run_id: '501' }),
      'telemetry/sync-600.json': json({ ...records.cleaner, run_id: '600' }), // a cleaner record under a sync name
    });
    const result = await run(em);
    expect(result.status).toBe('ok');
    const telemetry = result.telemetry as Json;
    expect(telemetry.merged.supervisor.file).toBe('telemetry/supervisor-501.json');
    expect(telemetry.merged.sync).toBeNull();
    const invalid = Object.fromEntries(telemetry.invalid_files.map((f: Json) => [f.path, f.reason]));
    expect(Object.keys(invalid).sort()).toEqual([
      'telemetry/supervisor-502.json',
      'telemetry/supervisor-503.json',
      'telemetry/sync-600.json',
    ]);
    expect(invalid['telemetry/supervisor-503.json']).toMatch(/^not JSON/);
    expect(invalid['telemetry/supervisor-502.json']).toMatch(/^schema: \/tracks/);
    expect(invalid['telemetry/sync-600.json']).toMatch(/component is "cleaner"/);
    expect(result.logs.some((l) => l.level === 'warning' && l.message.includes('supervisor-503.json'))).toBe(
      true,
    );
    expect(dashboardOnBranch(em).supervisor.run_id).toBe('501');
  });

  it('reads only the newest few files per component, and more only when those are invalid', async () => {
    const records = fullRecords();
    const files: Record<string, string> = {};
    for (let i = 1; i <= 12; i += 1) {
      const at = new Date(Date.UTC(2026, 10, 1, i)).toISOString();
      for (const component of ['cleaner', 'activity'] as const) {
        files[`telemetry/${component}-${100 + i}.json`] = json({
          ...records[component],
          run_id: String(100 + i),
          finished_at: at,
        });
      }
    }
    // the 5 newest diagnostics files are all broken: it reads on until it finds a good one
    for (let i = 1; i <= 8; i += 1) {
      files[`telemetry/diagnostics-${700 + i}.json`] =
        i > 3 ? 'garbage' : json({ ...records.diagnostics, run_id: String(700 + i) });
    }
    const em = await setup(files);
    const result = await run(em, { 'merge-depth': '2' });
    const telemetry = result.telemetry as Json;
    expect(telemetry.merged.cleaner.file).toBe('telemetry/cleaner-112.json');
    expect(telemetry.merged.activity.file).toBe('telemetry/activity-112.json');
    expect(telemetry.merged.diagnostics.file).toBe('telemetry/diagnostics-703.json');
    // cleaner 2 + activity 2 + diagnostics 6 (three rounds of 2)
    expect(telemetry.files_read).toBe(10);
    expect(em.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}')).toHaveLength(
      10,
    );
    expect(em.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}')).toHaveLength(
      1,
    );
  });

  it('reuses what the previous dashboard shows: a merge with nothing new reads no telemetry file', async () => {
    const em = await setup(branchTelemetry());
    const first = await run(em, {}, '9100');
    expect((first.telemetry as Json).files_read).toBeGreaterThan(0);
    em.resetLog();
    const second = await run(em, {}, '9101');
    const telemetry = second.telemetry as Json;
    expect(telemetry.files_read).toBe(0);
    expect(em.log.filter((e) => e.route === 'GET /repos/{owner}/{repo}/git/blobs/{file_sha}')).toHaveLength(
      0,
    );
    // the same choice as a fresh read would make
    expect(telemetry.merged).toEqual((first.telemetry as Json).merged);
    // a newer file for one component is read, and only that one
    em.state.writeFiles(
      REPOSITORY,
      BRANCH,
      {
        'telemetry/cleaner-9500.json': json({
          ...fullRecords().cleaner,
          run_id: '9500',
          finished_at: '2026-11-22T00:00:00.000Z',
        }),
      },
      'newer cleaner',
    );
    const third = await run(em, {}, '9102');
    expect((third.telemetry as Json).files_read).toBe(1);
    expect((third.telemetry as Json).merged.cleaner.file).toBe('telemetry/cleaner-9500.json');
  });

  it('reads no branch telemetry for a component whose file came in the local source', async () => {
    const records = fullRecords();
    const em = await setup(branchTelemetry());
    const source = await mkdtemp(join(tmpdir(), 'merge-source-'));
    for (const [component, record] of Object.entries(records)) {
      await writeFile(
        join(source, `${component}-9200.json`),
        json({ ...record, run_id: '9200', finished_at: '2026-11-21T12:00:00.000Z' }),
      );
    }
    const result = await run(em, { 'telemetry-source': source }, '9200');
    const telemetry = result.telemetry as Json;
    expect(telemetry.files_read).toBe(0);
    for (const entry of Object.values<{ file: string } | null>(telemetry.merged)) {
      if (entry) expect(entry.file).toMatch(/-9200\.json$/);
    }
  });

  it('keeps the history bounded, oldest dropped, and a re-run replaces its own point', async () => {
    const old = Array.from({ length: 5 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 1 + i)).toISOString(),
      run: String(8000 + i),
      stages: {
        supervisor: 'ok',
        cleaner: 'ok',
        selftest: 'ok',
        sync: 'ok',
        activity: 'ok',
        diagnostics: null,
        codex_review: null,
      },
      sync: { corrections: i, malformed: 0 },
      activity: null,
      supervisor: null,
      cleaner: null,
    }));
    const em = await setup({
      ...branchTelemetry(),
      'dashboard/dashboard.json': json({
        generated_at: '2026-11-05T00:00:00Z',
        history: [...old, { bogus: true }],
      }),
    });
    const first = await run(em, { 'history-limit': '3' }, '9200');
    let history = dashboardOnBranch(em).history;
    expect(history.map((p: Json) => p.run)).toEqual(['8003', '8004', '9200']);
    const invalid = (first.telemetry as Json).invalid_files;
    expect(invalid).toEqual([
      { path: 'dashboard/dashboard.json', reason: '1 history point(s) did not match the schema; dropped' },
    ]);

    await run(em, { 'history-limit': '3' }, '9200');
    history = dashboardOnBranch(em).history;
    expect(history.map((p: Json) => p.run)).toEqual(['8003', '8004', '9200']);
  });

  it('replaces a corrupt dashboard.json, reporting it; history restarts', async () => {
    const em = await setup({ ...branchTelemetry(), 'dashboard/dashboard.json': '{ "history": [ {"at": ' });
    const result = await run(em);
    expect(result.status).toBe('ok');
    const invalid = (result.telemetry as Json).invalid_files;
    expect(invalid).toHaveLength(1);
    expect(invalid[0]).toMatchObject({ path: 'dashboard/dashboard.json' });
    expect(invalid[0].reason).toMatch(/not JSON.*history restarts/);
    const dashboard = dashboardOnBranch(em);
    expect(validateAgainst(dashboardSchema, dashboard).valid).toBe(true);
    expect(dashboard.history).toHaveLength(1);
  });

  it('shows failed stages as they are, with their errors', async () => {
    const records = fullRecords();
    const failed = {
      ...common('sync', '9050', '2026-11-21T12:00:00Z'),
      status: 'error',
      summary: 'Codex project sync failed: Bad credentials',
      errors: [{ code: 'unauthorized', message: 'Bad credentials' }],
    };
    const em = await setup({ ...branchTelemetry(), 'telemetry/sync-9050.json': json(failed) });
    const result = await run(em);
    expect(result.status).toBe('ok');
    const dashboard = dashboardOnBranch(em);
    expect(dashboard.sync).toMatchObject({
      status: 'error',
      errors: [{ code: 'unauthorized', message: 'Bad credentials' }],
    });
    // no trend numbers from a run that did not work
    expect(dashboard.history[0].sync).toBeNull();
    expect(dashboard.history[0].stages.sync).toBe('error');
    expect(records.sync.status).toBe('degraded');
  });

  it('merges and publishes the local source folder in the same commit', async () => {
    const records = fullRecords();
    const em = await setup(branchTelemetry());
    const source = await mkdtemp(join(tmpdir(), 'merge-source-'));
    await mkdir(join(source, 'telemetry-activity'), { recursive: true });
    await mkdir(join(source, 'telemetry-cleaner'), { recursive: true });
    await writeFile(
      join(source, 'telemetry-activity', 'activity-9100.json'),
      json({ ...records.activity, run_id: '9100', finished_at: '2026-11-21T12:00:00.000Z' }),
    );
    await writeFile(join(source, 'telemetry-cleaner', 'cleaner-9100.json'), '{"component":"cleaner"}');
    const result = await run(em, { 'telemetry-source': source });
    const telemetry = result.telemetry as Json;
    expect(telemetry.merged.activity).toMatchObject({ file: 'telemetry/activity-9100.json' });
    expect(telemetry.merged.cleaner.file).toBe('telemetry/cleaner-9001.json');
    expect(telemetry.invalid_files).toHaveLength(1);
    expect(telemetry.invalid_files[0].path).toBe(`${source}/telemetry-cleaner/cleaner-9100.json`);
    const dashboardCommit = branchCommits(em)[2]!;
    expect(dashboardCommit.changed).toContain('telemetry/activity-9100.json');
    // Published with its ledger entry, at the finish time the record gives.
    expect(dashboardCommit.changed).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^state/ledger/telemetry/activity-9100\\.${Date.parse('2026-11-21T12:00:00.000Z')}\\.[0-9a-f]{40}\\.json$`,
        ),
      ),
    );
    expect(dashboardCommit.changed).toContain('dashboard/dashboard.json');
    expect(dashboardCommit.changed).not.toContain('telemetry/cleaner-9100.json');
  });

  it('dry-run writes the would-be dashboard locally and publishes nothing', async () => {
    const em = await setup(branchTelemetry());
    const before = em.state.repo(REPOSITORY).git.refs.get(`refs/heads/${BRANCH}`);
    const result = await run(em, { 'dry-run': 'true' });
    expect(result.status).toBe('ok');
    expect(em.log.filter((e) => e.write)).toEqual([]);
    expect(em.state.repo(REPOSITORY).git.refs.get(`refs/heads/${BRANCH}`)).toBe(before);
    const telemetry = result.telemetry as Json;
    expect(telemetry.published_files).toBe(0);
    expect(telemetry.changes).toMatchObject({ applied: 0, planned: 1 });
    expect(telemetry.preview_dir).toBe(join(result.runnerTemp, 'codex-telemetry', 'dashboard-preview'));
    const preview = JSON.parse(await readFile(join(telemetry.preview_dir, 'dashboard.json'), 'utf8'));
    expect(validateAgainst(dashboardSchema, preview).valid).toBe(true);
    expect(preview.supervisor.verdict).toBe('yellow');
    await expect(readFile(join(telemetry.preview_dir, 'index.html'), 'utf8')).resolves.toContain(
      'Codex dashboard',
    );
    expect(result.summary).toContain('dashboard-preview');
    expect(result.outputs.summary).toContain('(dry run)');
  });

  it('two merges racing for the branch both keep their history point', async () => {
    const em = await setup(branchTelemetry());
    await run(em, {}, '9000');
    // Merge 9002 commits while merge 9001 has built its dashboard and is about to commit it.
    let raced = false;
    const racing: typeof fetch = async (input, init) => {
      if (
        !raced &&
        String(input).endsWith('/graphql') &&
        (await requestBodyText(init?.body)).includes('createCommitOnBranch')
      ) {
        raced = true;
        expect((await run(em, {}, '9002')).status).toBe('ok');
      }
      return fetch(input, init);
    };
    const first = await runStageInProcess(stage, {
      apiUrl: em.url,
      token: TOKEN,
      repository: REPOSITORY,
      runId: '9001',
      deps: { fetch: racing },
    });
    expect(raced).toBe(true);
    expect(first.status).toBe('ok');
    expect(
      dashboardOnBranch(em)
        .history.map((p: Json) => p.run)
        .sort(),
    ).toEqual(['9000', '9001', '9002']);
    expect((first.telemetry as Json).history_points).toBe(3);
    expect(first.logs.some((l) => /branch moved/.test(l.message))).toBe(true);
  });

  it('concurrent merges lose no history point', async () => {
    const em = await setup(branchTelemetry());
    const runs = ['9101', '9102', '9103', '9104'];
    const results = await Promise.all(runs.map((id) => run(em, {}, id)));
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(
      dashboardOnBranch(em)
        .history.map((p: Json) => p.run)
        .sort(),
    ).toEqual(runs);
  });

  it('refuses to publish to the default branch, says why and how to fix it, writes nothing there', async () => {
    const em = await setup(branchTelemetry());
    em.state.writeFiles(
      REPOSITORY,
      'main',
      { 'dashboard/index.html': '<h1>our own page</h1>' },
      'human page',
    );
    const head = em.state.branch(REPOSITORY, 'main');
    em.resetLog();
    const result = await run(em, { 'pages-branch': 'main' });
    expect(result.status).not.toBe('ok');
    expect(em.log.filter((e) => e.write)).toEqual([]);
    expect(em.state.branch(REPOSITORY, 'main')).toBe(head);
    expect(em.state.readFile(REPOSITORY, 'main', 'dashboard/index.html')).toBe('<h1>our own page</h1>');
    const errors = (result.telemetry as Json).errors.map((e: Json) => e.message).join('\n');
    expect(errors).toMatch(/Refusing to write to main: it is the default branch.*Set pages-branch/);
    expect(result.summary).toMatch(/default branch/);
  });

  it('creates the pages branch on a repository that has none, with nothing to merge yet', async () => {
    const em = await setup();
    const result = await run(em);
    expect(result.status).toBe('ok');
    const dashboard = dashboardOnBranch(em);
    expect(validateAgainst(dashboardSchema, dashboard).valid).toBe(true);
    for (const key of [
      'supervisor',
      'cleaner',
      'selftest',
      'sync',
      'activity',
      'diagnostics',
      'codex_review',
    ]) {
      expect(dashboard[key]).toBeNull();
    }
    expect(em.state.readFile(REPOSITORY, BRANCH, '.nojekyll')).toBe('');
    expect(result.summary).toContain('0/7 components');
  });
});

function cleanerFields(pruned: number) {
  return { issues_closed: [], issues_deleted: [], telemetry_pruned_count: pruned };
}
