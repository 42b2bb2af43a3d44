import { SETTING_RULES } from '@codex-suite/core/setting-rules';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, describe, expect, it } from 'vitest';
import { stage } from '../src/stage.js';
import {
  ADMIN,
  type Fixture,
  NO_ISSUE_WRITE,
  NOW,
  READ_ONLY,
  REPO,
  WRITER,
  startFixture,
  writesIn,
} from '../../self-test/test/support.js';

let fixture: Fixture | undefined;
afterEach(async () => {
  await fixture?.emulator.close();
  fixture = undefined;
});

/** The environment the reusable workflows map `vars.CODEX_*` into. */
const CONFIGURED = {
  CODEX_MAIN_MILESTONE: 'Sprint 1',
  CODEX_DASHBOARD_MILESTONE: 'Dashboard',
  CODEX_PROJECT: 'orgs/octo-org/projects/1',
};

async function run(
  f: Fixture,
  options: {
    token?: string;
    repository?: string;
    inputs?: Record<string, string>;
    env?: Record<string, string>;
  } = {},
) {
  return runStageInProcess(stage, {
    apiUrl: f.emulator.url,
    token: options.token ?? WRITER,
    repository: options.repository ?? REPO,
    inputs: { publish: 'none', ...options.inputs },
    env: options.env ?? CONFIGURED,
    deps: { now: () => NOW },
  });
}

type Checks = { name: string; ok: boolean; message: string }[];
const checksOf = (r: Awaited<ReturnType<typeof run>>) => (r.telemetry?.checks ?? []) as Checks;
const check = (r: Awaited<ReturnType<typeof run>>, name: string) => checksOf(r).find((c) => c.name === name)!;

describe('diagnostics', () => {
  it('passes every check on a configured repository, and writes nothing', async () => {
    fixture = await startFixture();
    const result = await run(fixture);
    const failed = checksOf(result).filter((c) => !c.ok);
    expect(failed).toEqual([]);
    expect(result.status).toBe('ok');
    expect(result.exitCode).toBe(0);
    expect(checksOf(result).map((c) => c.name)).toEqual(
      expect.arrayContaining([
        'token',
        'repository variables',
        'variable CODEX_MAIN_MILESTONE',
        'label codex',
        'label codex-selftest',
        'milestone self-test',
        'milestone main',
        'milestone dashboard',
        'project',
        'pages branch',
        'pages layout',
      ]),
    );
    expect(writesIn(fixture.emulator)).toEqual([]);
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
    expect(result.outputs['failed-checks']).toBe('0');
  });

  it.each([
    ['stale days above escalation days', { CODEX_MAIN_STALE_DAYS: '40', CODEX_MAIN_ESCALATION_DAYS: '30' }],
    ['a yellow verdict threshold above its red one', { CODEX_SUPERVISOR_YELLOW_DRIFT_COUNT: '20' }],
  ])('fails on %s, as activity and supervisor do, before any request', async (_name, env) => {
    fixture = await startFixture();
    const result = await run(fixture, { env: { ...CONFIGURED, ...env } });
    expect(result.status).toBe('error');
    expect(result.outputs.summary).not.toContain('passed');
    expect(result.telemetry?.errors).toEqual([
      { code: 'invalid_config', message: expect.stringMatching(/must (be at least|not exceed)/) },
    ]);
    expect(fixture.emulator.log).toEqual([]);
    // The message is the one the stages themselves end with (one rule table, no copy).
    const rules = SETTING_RULES.flatMap((rule) => rule.reads).map((def) => def.input);
    expect(Object.values(stage.settings).map((def) => def.input)).toEqual(expect.arrayContaining(rules));
  });

  it('reports a missing milestone with the exact fix, as a warning annotation, and never fails', async () => {
    fixture = await startFixture({ milestones: ['Sprint 1', 'Dashboard'] });
    const result = await run(fixture, { env: { ...CONFIGURED, CODEX_MAIN_MILESTONE: 'Sprint 9' } });
    expect(result.exitCode).toBe(0);
    expect(result.status).toBe('degraded');
    const main = check(result, 'milestone main');
    expect(main.ok).toBe(false);
    expect(main.message).toContain("Create the milestone 'Sprint 9'");
    expect(main.message).toContain('set CODEX_MAIN_MILESTONE to an existing milestone');
    expect(main.message).toContain('Settings → Secrets and variables → Actions → Variables');
    expect(check(result, 'milestone self-test').message).toContain("'Codex Internal' does not exist");
    const warning = result.logs.find(
      (l) => l.level === 'warning' && l.props?.title === 'Codex diagnostics: milestone main',
    );
    expect(warning?.message).toBe(main.message);
  });

  it('tells "set as a variable but not mapped" from "not set"', async () => {
    fixture = await startFixture();
    fixture.emulator.state.setVariable(REPO, 'CODEX_MAIN_MILESTONE', 'Sprint 1');
    const result = await run(fixture, { env: {} });
    const main = check(result, 'variable CODEX_MAIN_MILESTONE');
    expect(main.ok).toBe(false);
    expect(main.message).toMatch(/set as a repository variable \('Sprint 1'\) but not mapped/);
    expect(main.message).toContain('CODEX_MAIN_MILESTONE: ${{ vars.CODEX_MAIN_MILESTONE }}');
    const dashboard = check(result, 'variable CODEX_DASHBOARD_MILESTONE');
    expect(dashboard.ok).toBe(false);
    expect(dashboard.message).toMatch(
      /is not set, so milestone repair of dashboard-track issues is disabled/,
    );
    expect(check(result, 'variable CODEX_SELFTEST_RETAIN')).toMatchObject({ ok: true });
  });

  it('reads every page of repository variables (30 a page): an unmapped one on the fifth page is named', async () => {
    fixture = await startFixture();
    for (let i = 0; i < 120; i += 1) fixture.emulator.state.setVariable(REPO, `AAA_OTHER_${i}`, 'x');
    // Variables are listed by name: CODEX_MAIN_MILESTONE sorts after the 120 others.
    fixture.emulator.state.setVariable(REPO, 'CODEX_MAIN_MILESTONE', 'Sprint 1');
    const result = await run(fixture, { env: {} });
    expect(check(result, 'variable CODEX_MAIN_MILESTONE').message).toMatch(
      /set as a repository variable \('Sprint 1'\) but not mapped/,
    );
    const pages = fixture.emulator.log.filter(
      (e) => e.route === 'GET /repos/{owner}/{repo}/actions/variables',
    );
    expect(pages).toHaveLength(5);
  });

  it('notes a token that may not read variables without failing on it', async () => {
    fixture = await startFixture();
    const result = await run(fixture, { token: READ_ONLY });
    const variables = check(result, 'repository variables');
    expect(variables.ok).toBe(true);
    expect(variables.message).toMatch(/HTTP 403/);
    expect(result.telemetry?.variables_readable).toBe(false);
    expect(check(result, 'token write access').ok).toBe(false);
  });

  it('reports missing labels, an unreachable project and a missing pages branch', async () => {
    fixture = await startFixture({ labels: false, pages: false, project: false });
    const result = await run(fixture);
    expect(check(result, 'label codex')).toMatchObject({ ok: false });
    expect(check(result, 'label codex').message).toContain('repair: true');
    expect(check(result, 'project').ok).toBe(false);
    expect(check(result, 'project').message).toMatch(/not found with this token/);
    expect(check(result, 'pages branch').ok).toBe(false);
    expect(check(result, 'pages branch').message).toMatch(/does not exist/);
    expect(result.status).toBe('degraded');
    expect(result.exitCode).toBe(0);
  });

  it('compares required labels as GitHub does, case-insensitively: CODEX counts as codex and repair creates none', async () => {
    fixture = await startFixture({ labels: false });
    for (const name of ['CODEX', 'Codex-TrackMain', 'codex-TRACKDASHBOARD', 'Codex-SelfTest'])
      fixture.emulator.state.addLabel(REPO, { name, color: '5319e7' });
    const result = await run(fixture, { inputs: { repair: 'true' } });
    for (const name of ['codex', 'codex-trackmain', 'codex-trackdashboard', 'codex-selftest'])
      expect(check(result, `label ${name}`), name).toMatchObject({ ok: true });
    const repairs = (result.telemetry?.repairs ?? []) as { kind: string }[];
    expect(repairs.filter((r) => r.kind === 'label.create')).toEqual([]);
    expect(writesIn(fixture.emulator).filter((w) => w.includes('/labels'))).toEqual([]);
  });

  it('repair creates labels, milestones and the pages branch; the second run is all ok with zero writes', async () => {
    fixture = await startFixture({ labels: false, milestones: [], pages: false });
    const first = await run(fixture, { inputs: { repair: 'true' } });
    const repairs = (first.telemetry?.repairs ?? []) as { kind: string; outcome: string }[];
    expect(repairs.every((r) => r.outcome === 'applied')).toBe(true);
    expect(repairs.map((r) => r.kind)).toEqual([
      'label.create',
      'label.create',
      'label.create',
      'label.create',
      'milestone.create',
      'milestone.create',
      'milestone.create',
      'pages.commit',
    ]);
    // Everything but GitHub Pages, which only the repository's settings can turn on.
    expect(checksOf(first).filter((c) => !c.ok)).toEqual([
      {
        name: 'github pages',
        ok: false,
        message: `GitHub Pages is not enabled, so the dashboard is not served. Enable it: Settings → Pages → Build and deployment → Source: Deploy from a branch → Branch: gh-pages, folder / (root) → Save. The dashboard will be at https://octo-org.github.io/widgets/dashboard/.`,
      },
    ]);
    expect(first.outputs['dashboard-url']).toBe('https://octo-org.github.io/widgets/dashboard/');
    expect(first.telemetry?.pages_enabled).toBe(false);
    const { state } = fixture.emulator;
    expect(state.findLabel(REPO, 'codex')).toMatchObject({
      color: '5319e7',
      description: 'Managed by the Codex Suite',
    });
    expect(state.findMilestone(REPO, 'Codex Internal')).toBeDefined();
    expect(state.findMilestone(REPO, 'Sprint 1')).toBeDefined();
    expect(state.listFiles(REPO, 'gh-pages')).toEqual(
      expect.arrayContaining(['.nojekyll', 'dashboard/.gitkeep', 'telemetry/.gitkeep']),
    );

    state.enablePages(REPO, { branch: 'gh-pages' });
    fixture.emulator.resetLog();
    const second = await run(fixture, { inputs: { repair: 'true' } });
    expect(checksOf(second).filter((c) => !c.ok)).toEqual([]);
    expect(second.telemetry?.repairs).toEqual([]);
    expect(writesIn(fixture.emulator)).toEqual([]);
    expect(second.status).toBe('ok');
    expect(check(second, 'github pages').message).toBe(
      'GitHub Pages serves the gh-pages branch. The dashboard will be at https://octo-org.github.io/widgets/dashboard/.',
    );
  });

  it('says when GitHub Pages publishes something else than the root of the pages branch', async () => {
    fixture = await startFixture();
    fixture.emulator.state.enablePages(REPO, { branch: 'main', path: '/docs' });
    const elsewhere = await run(fixture);
    expect(check(elsewhere, 'github pages')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/serves main \(\/docs\), not the root of gh-pages/),
    });
    fixture.emulator.state.enablePages(REPO, { buildType: 'workflow' });
    const workflow = await run(fixture);
    expect(check(workflow, 'github pages')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/deployed by a GitHub Actions workflow/),
    });
  });

  it('a token that may not read the Pages settings is noted, not a failure', async () => {
    fixture = await startFixture();
    const secret = 'octo-org/private-widgets';
    fixture.emulator.state.addRepo(secret, { private: true });
    // The writer token has no Pages permission; on a public repository GitHub answers anyway.
    const result = await run(fixture, { repository: secret });
    expect(check(result, 'github pages')).toMatchObject({
      ok: true,
      message: expect.stringMatching(/HTTP 403.*pages: read/),
    });
    expect(result.telemetry?.pages_enabled).toBeNull();
  });

  it('repair completes a pages branch that lacks a folder', async () => {
    fixture = await startFixture({ pages: false });
    fixture.emulator.state.writeFiles(REPO, 'gh-pages', { 'dashboard/index.html': '<!doctype html>' }, 'x');
    const result = await run(fixture, { inputs: { repair: 'true' } });
    expect(check(result, 'pages layout').ok).toBe(true);
    expect(fixture.emulator.state.listFiles(REPO, 'gh-pages')).toEqual([
      '.nojekyll',
      'dashboard/index.html',
      'telemetry/.gitkeep',
    ]);
  });

  it('fails the pages check when pages-branch is the default branch, and repair writes nothing there', async () => {
    fixture = await startFixture({ pages: false });
    const head = fixture.emulator.state.branch(REPO, 'main');
    const files = fixture.emulator.state.listFiles(REPO, 'main');
    const result = await run(fixture, {
      inputs: { repair: 'true', 'pages-branch': 'main', publish: 'gh-pages' },
    });
    expect(check(result, 'pages branch')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Refusing to write to main: it is the default branch.*Set pages-branch/),
    });
    expect(result.status).toBe('degraded');
    expect(fixture.emulator.state.branch(REPO, 'main')).toBe(head);
    expect(fixture.emulator.state.listFiles(REPO, 'main')).toEqual(files);
  });

  it('expects no dashboard/ before telemetry-merge has published, and misses it after', async () => {
    fixture = await startFixture({ pages: false });
    fixture.emulator.state.writeFiles(
      REPO,
      'gh-pages',
      { '.nojekyll': '', 'telemetry/sync-1.json': '{}' },
      'x',
    );
    const first = await run(fixture);
    expect(check(first, 'pages layout')).toMatchObject({
      ok: true,
      message: expect.stringMatching(/first run/),
    });
    fixture.emulator.state.writeFiles(
      REPO,
      'gh-pages',
      { 'telemetry/telemetry-merge-2.json': '{}' },
      'merged',
    );
    const later = await run(fixture);
    expect(check(later, 'pages layout')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/lacks dashboard\//),
    });
  });

  it('dry run with repair reports what it would do and writes nothing', async () => {
    fixture = await startFixture({ labels: false, milestones: [], pages: false });
    const result = await run(fixture, { inputs: { repair: 'true', 'dry-run': 'true' } });
    expect(writesIn(fixture.emulator)).toEqual([]);
    const repairs = result.telemetry?.repairs as { outcome: string }[];
    expect(repairs.length).toBe(8);
    expect(repairs.every((r) => r.outcome === 'planned')).toBe(true);
    expect(check(result, 'label codex').message).toMatch(/Dry run: repair would create it/);
    expect(result.outputs.summary).toMatch(/would repair 8/);
  });

  it('a token without issue write: repairs fail clearly, status degraded, exit 0', async () => {
    fixture = await startFixture({ labels: false });
    const result = await run(fixture, { token: NO_ISSUE_WRITE, inputs: { repair: 'true' } });
    expect(result.exitCode).toBe(0);
    expect(result.status).toBe('degraded');
    const repairs = result.telemetry?.repairs as { kind: string; outcome: string; error?: string }[];
    expect(repairs.filter((r) => r.kind === 'label.create').every((r) => r.outcome === 'failed')).toBe(true);
    expect(repairs[0]!.error).toMatch(/403/);
    expect(check(result, 'label codex').ok).toBe(false);
    expect(validateTelemetry(result.telemetry!).valid).toBe(true);
  });

  it('an admin token is named as able to delete', async () => {
    fixture = await startFixture();
    const result = await run(fixture, { token: ADMIN });
    expect(check(result, 'token write access').message).toMatch(/administrator/);
  });
});
