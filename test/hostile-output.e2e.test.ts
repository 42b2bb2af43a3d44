import { join } from 'node:path';
import { commandLines } from '@codex-suite/harness/commands';
import { type ActionResult, runAction } from '@codex-suite/harness/run-action';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, REPO, startBed, WRITER } from '../actions/activity/test/bed.js';

/**
 * The bundled stages, run the way the runner runs them, against an emulated repository full of
 * hostile text: what reaches stdout (the runner's command channel) and GITHUB_STEP_SUMMARY.
 */
const ROOT = join(import.meta.dirname, '..');
const INJECTED = '\n::add-mask::HUNTER2\n::error::PWNED\r::stop-commands::STOPPED\r\n##[warning]LEGACY';

/** Hostile titles, each as a person could file it. */
const TITLES = {
  html: '<img src=x onerror=alert(1)><b>bold</b> cache',
  link: '[click me](https://evil.example/a) ![pixel](https://evil.example/p.png)',
  mention: 'ping @octo-org/security and @alice',
  comment: 'hides <!-- the rest of the summary',
  cr: 'lone\rCR | with a pipe',
  command: '::add-mask::HUNTER2 ##[error]LEGACY',
  long: `${'long '.repeat(2_000)}end`,
};

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

function run(
  stage: string,
  env: Record<string, string>,
  inputs: Record<string, string> = {},
  runId = '990001',
) {
  return runAction({
    actionDir: join(ROOT, 'actions', stage),
    inputs: { 'write-interval-ms': '0', ...inputs },
    env: { CODEX_RETRY_BASE_MS: '20', ...env },
    github: { api_url: bed!.emulator.url, token: WRITER, repository: REPO, run_id: runId },
  });
}

/** Command lines the suite did not mean: the attacker's text, a legacy `##[`, a mask of anything but the token. */
function foreignCommands(result: ActionResult): string[] {
  return commandLines(`${result.stdout}\n${result.stderr}`)
    .filter(
      ({ line, command }) =>
        line.includes('##[') ||
        !command ||
        command.command === 'stop-commands' ||
        (command.command === 'add-mask'
          ? command.message !== WRITER
          : /^(PWNED|HUNTER2|STOPPED)/.test(command.message)),
    )
    .map(({ line }) => line);
}

function expectNoForeignCommands(result: ActionResult): void {
  expect(foreignCommands(result)).toEqual([]);
  expect(result.masked).not.toContain('HUNTER2');
  expect(result.commands.filter((c) => c.command === 'error' && c.message.startsWith('PWNED'))).toEqual([]);
}

/** Requests that changed something in the emulated repository. */
const writes = () => bed!.emulator.log.filter((e) => e.write).map((e) => `${e.method} ${e.path}`);

describe('hostile repository variables', () => {
  it('activity: a line break in a variable is an invalid value; nothing reaches stdout as a command, nothing is changed', async () => {
    bed = await startBed(Date.now());
    bed.emulator.state.addIssue(REPO, {
      title: 'Runner refactor',
      labels: ['codex'],
      updated_at: bed.ago(40),
    });
    const result = await run('activity', {
      CODEX_SELFTEST_MILESTONE: `Codex Internal${INJECTED}`,
      CODEX_ACTIVITY_MARK_LABELS: 'true',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('error');
    expect(result.outputs.summary).toContain(
      'selftest-milestone (CODEX_SELFTEST_MILESTONE): it contains control characters (\\n, \\r)',
    );
    expectNoForeignCommands(result);
    expect(writes()).toEqual([]);
  });

  it('diagnostics: repair never creates a milestone whose title holds a line break', async () => {
    bed = await startBed(Date.now());
    const before = [...bed.emulator.state.repo(REPO).milestones.values()].map((m) => m.title);
    const result = await run(
      'diagnostics',
      { CODEX_MAIN_MILESTONE: `Sprint 9${INJECTED}` },
      { repair: 'true' },
    );
    expect(result.outputs.status).toBe('error');
    expect(result.outputs.summary).toContain('main-milestone (CODEX_MAIN_MILESTONE)');
    expectNoForeignCommands(result);
    expect([...bed.emulator.state.repo(REPO).milestones.values()].map((m) => m.title)).toEqual(before);
    expect(writes()).toEqual([]);
  });
});

describe('hostile issue titles and files', () => {
  it('activity: the job summary shows every title as text, cut, one row each; stdout carries no command', async () => {
    bed = await startBed(Date.now());
    for (const title of Object.values(TITLES))
      bed.emulator.state.addIssue(REPO, {
        title,
        labels: ['codex'],
        updated_at: bed.ago(40),
        created_at: bed.ago(90),
      });
    const result = await run('activity', {});
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('ok');
    expect(result.outputs.escalated).toBe(String(Object.keys(TITLES).length));
    expectNoForeignCommands(result);

    const summary = result.summary;
    expect(summary).not.toMatch(/<img|<b>|<!--|\r/);
    expect(summary).not.toMatch(/(?<!\\)\[(click me|pixel)\]/);
    expect(summary).not.toMatch(/@(octo-org|alice)/);
    expect(summary).toContain('@&#8203;octo-org/security');
    // One table row per issue, seven cells each, whatever the title held.
    const rows = summary.split('\n').filter((line) => line.startsWith('| [#'));
    expect(rows).toHaveLength(Object.keys(TITLES).length);
    for (const row of rows) expect(row.replace(/^\| | \|$/g, '').split(/(?<!\\)\|/)).toHaveLength(7);
    const longRow = rows.find((row) => row.includes('long long'))!;
    expect(longRow).toMatch(/long…/);
    expect(longRow.length).toBeLessThan(400);
  });

  it('project-sync: the changes table shows every title as text, cut, one row each', async () => {
    bed = await startBed(Date.now());
    for (const title of Object.values(TITLES))
      bed.emulator.state.addIssue(REPO, { title, labels: ['codex'] });
    const result = await run('project-sync', {
      CODEX_MAIN_MILESTONE: 'Sprint 1',
      CODEX_DASHBOARD_MILESTONE: 'Dashboard',
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.status).toBe('ok');
    expectNoForeignCommands(result);
    expect(result.summary).not.toMatch(/<img|<b>|<!--|\r|@(octo-org|alice)|(?<!\\)\[(click me|pixel)\]/);
    const rows = result.summary.split('\n').filter((line) => /^\| #\d+ \|/.test(line));
    expect(rows).toHaveLength(Object.keys(TITLES).length);
    for (const row of rows) expect(row.replace(/^\| | \|$/g, '').split(/(?<!\\)\|/)).toHaveLength(5);
    expect(rows.find((row) => row.includes('long long'))!.length).toBeLessThan(400);
  });

  it('telemetry-merge: a file of invalid JSON quoting commands, under a hostile name, is reported as text', async () => {
    bed = await startBed(Date.now());
    bed.emulator.state.writeFiles(
      REPO,
      'gh-pages',
      {
        'telemetry/sync-5.json': '\n::add-mask::HUNTER2',
        'telemetry/activity-6.json': '\n::error::PWNED',
        'telemetry/supervisor-7.json': INJECTED,
        'dashboard/dashboard.json': '\n::add-mask::HUNTER2',
      },
      'planted by a person',
    );
    const result = await run('telemetry-merge', {});
    expect(result.exitCode).toBe(0);
    expectNoForeignCommands(result);
    expect(result.summary).toContain('telemetry/sync-5.json');
    expect(result.summary).not.toMatch(/\n::|\r/);
  });
});
