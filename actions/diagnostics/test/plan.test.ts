import type { Read } from '@codex-suite/core/checks';
import { REQUIRED_LABELS } from '@codex-suite/core/contract';
import type { LabelInfo, MilestoneInfo, RepoInfo } from '@codex-suite/core/repo-lookups';
import { describe, expect, it } from 'vitest';
import type { PagesSite } from '../src/pages-site.js';
import { planDiagnostics } from '../src/plan.js';
import { type RepairRecord, settleChecks } from '../src/repairs.js';
import { summaryLine } from '../src/report.js';
import type { DiagnosticsSettings } from '../src/settings.js';
import type { DiagnosticsSnapshot, PagesBranch } from '../src/snapshot.js';

/** Pure: no emulator, no client. Each case is a snapshot (what GitHub answered) and the settings. */

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const failed = (status: number, message = `HTTP ${status}`): Read<never> => ({
  ok: false,
  error: Object.assign(new Error(message), { status }),
});

const INFO: RepoInfo = {
  fullName: 'octo-org/widgets',
  defaultBranch: 'main',
  permissions: { push: true, pull: true },
};
const ALL_LABELS: LabelInfo[] = REQUIRED_LABELS.map((l) => ({ ...l }));
const MILESTONES: MilestoneInfo[] = [
  { number: 1, title: 'Codex Internal', state: 'open' },
  { number: 2, title: 'Sprint 1', state: 'open' },
  { number: 3, title: 'Dashboard', state: 'open' },
];
const FULL_BRANCH: PagesBranch = {
  exists: true,
  paths: ['.nojekyll', 'telemetry/.gitkeep', 'dashboard/.gitkeep'],
};
const SERVED: PagesSite = {
  state: 'on',
  htmlUrl: 'https://octo-org.github.io/widgets/',
  buildType: 'legacy',
  source: { branch: 'gh-pages', path: '/' },
};

function snapshot(
  repository: Partial<NonNullable<DiagnosticsSnapshot['repository']>> = {},
): DiagnosticsSnapshot {
  return {
    token: ok(INFO),
    variables: ok(new Map()),
    sources: {},
    repository: {
      info: INFO,
      labels: ok(ALL_LABELS),
      milestones: ok(MILESTONES),
      project: ok({ title: 'Codex' }),
      pagesBranch: ok(FULL_BRANCH),
      pagesSite: SERVED,
      ...repository,
    },
  };
}

function settings(overrides: Partial<DiagnosticsSettings> = {}): DiagnosticsSettings {
  return {
    pagesBranch: 'gh-pages',
    selftestMilestone: 'Codex Internal',
    mainMilestone: 'Sprint 1',
    dashboardMilestone: 'Dashboard',
    project: { ownerType: 'orgs', owner: 'octo-org', number: 1 },
    repair: false,
    ...overrides,
  } as DiagnosticsSettings;
}

const WHERE = {
  repo: { owner: 'octo-org', repo: 'widgets' },
  repository: 'octo-org/widgets',
  serverUrl: 'https://github.com',
};

function plan(snap: DiagnosticsSnapshot, overrides: Partial<DiagnosticsSettings> = {}) {
  const p = planDiagnostics(snap, settings(overrides), WHERE);
  const named = (name: string) => p.checks.find((c) => c.name === name);
  const failing = p.checks.filter((c) => !c.ok && !c.name.startsWith('variable ')).map((c) => c.name);
  return { ...p, named, failing, repairKinds: p.repairs.map((r) => `${r.kind} ${r.target}`) };
}

const outcomes = (n: number, outcome: RepairRecord['outcome']) =>
  Array.from({ length: n }, () => ({ outcome }));

describe('planDiagnostics', () => {
  it('a repository in order: every check but the variables passes, nothing to repair', () => {
    const p = plan(snapshot(), { repair: true });
    expect(p.failing).toEqual([]);
    expect(p.repairs).toEqual([]);
    expect(p.pagesEnabled).toBe(true);
    expect(p.dashboardUrl).toBe('https://octo-org.github.io/widgets/dashboard/');
  });

  it.each([
    {
      case: 'missing labels, no repair',
      snap: snapshot({ labels: ok([ALL_LABELS[0]!]) }),
      repair: false,
      failing: ['label codex-trackmain', 'label codex-trackdashboard', 'label codex-selftest'],
      repairs: [],
    },
    {
      case: 'missing labels, with repair',
      snap: snapshot({ labels: ok([ALL_LABELS[0]!, ALL_LABELS[3]!]) }),
      repair: true,
      failing: ['label codex-trackmain', 'label codex-trackdashboard'],
      repairs: ['label.create codex-trackmain', 'label.create codex-trackdashboard'],
    },
    {
      case: 'labels spelled in another letter case',
      snap: snapshot({ labels: ok(ALL_LABELS.map((l) => ({ ...l, name: l.name.toUpperCase() }))) }),
      repair: true,
      failing: [],
      repairs: [],
    },
    {
      case: 'labels unreadable',
      snap: snapshot({ labels: failed(500) }),
      repair: true,
      failing: ['labels'],
      repairs: [],
    },
    {
      case: 'a missing track milestone',
      snap: snapshot({ milestones: ok(MILESTONES.filter((m) => m.title !== 'Sprint 1')) }),
      repair: true,
      failing: ['milestone main'],
      repairs: ['milestone.create Sprint 1'],
    },
    {
      case: 'a closed milestone (never reopened by repair)',
      snap: snapshot({
        milestones: ok(MILESTONES.map((m) => ({ ...m, state: m.number === 3 ? 'closed' : 'open' }))),
      }),
      repair: true,
      failing: ['milestone dashboard'],
      repairs: [],
    },
    {
      case: 'milestones unreadable',
      snap: snapshot({ milestones: failed(502) }),
      repair: true,
      failing: ['milestones'],
      repairs: [],
    },
    {
      case: 'no pages branch',
      snap: snapshot({ pagesBranch: ok({ exists: false, paths: [] }) }),
      repair: true,
      failing: ['pages branch', 'pages layout'],
      repairs: ['pages.commit gh-pages'],
    },
    {
      case: 'a pages branch without telemetry/',
      snap: snapshot({ pagesBranch: ok({ exists: true, paths: ['.nojekyll', 'dashboard/index.html'] }) }),
      repair: true,
      failing: ['pages layout'],
      repairs: ['pages.commit gh-pages'],
    },
    {
      case: 'no dashboard/ before telemetry-merge has published',
      snap: snapshot({ pagesBranch: ok({ exists: true, paths: ['.nojekyll', 'telemetry/sync-1.json'] }) }),
      repair: true,
      failing: [],
      repairs: [],
    },
    {
      case: 'no dashboard/ after telemetry-merge has published',
      snap: snapshot({
        pagesBranch: ok({ exists: true, paths: ['.nojekyll', 'telemetry/telemetry-merge-1.json'] }),
      }),
      repair: true,
      failing: ['pages layout'],
      repairs: ['pages.commit gh-pages'],
    },
    {
      case: 'pages-branch names the default branch (not read, never written)',
      snap: snapshot({ pagesBranch: undefined }),
      repair: true,
      failing: ['pages branch'],
      repairs: [],
    },
    {
      case: 'the pages branch unreadable',
      snap: snapshot({ pagesBranch: failed(403) }),
      repair: true,
      failing: ['pages branch'],
      repairs: [],
    },
    {
      case: 'GitHub Pages not enabled',
      snap: snapshot({ pagesSite: { state: 'off' } }),
      repair: true,
      failing: ['github pages'],
      repairs: [],
    },
    {
      case: 'the project not found',
      snap: snapshot({ project: failed(404) }),
      repair: true,
      failing: ['project'],
      repairs: [],
    },
  ])('$case', ({ snap, repair, failing, repairs }) => {
    const p = plan(snap, { repair });
    expect(p.failing).toEqual(failing);
    expect(p.repairKinds).toEqual(repairs);
  });

  it('a repair carries what applying it needs: the label spec, the milestone description, the files', () => {
    const p = plan(
      snapshot({ labels: ok([]), milestones: ok([]), pagesBranch: ok({ exists: false, paths: [] }) }),
      { repair: true },
    );
    expect(p.repairs[0]).toMatchObject({ kind: 'label.create', label: REQUIRED_LABELS[0] });
    expect(p.repairs.filter((r) => r.kind === 'milestone.create')).toEqual([
      expect.objectContaining({ title: 'Codex Internal', about: 'Codex self-test and internal issues' }),
      expect.objectContaining({ title: 'Sprint 1', about: 'Codex main-track issues' }),
      expect.objectContaining({ title: 'Dashboard', about: 'Codex dashboard-track issues' }),
    ]);
    expect(p.repairs.at(-1)).toEqual({
      kind: 'pages.commit',
      target: 'gh-pages',
      description: 'create the gh-pages branch with telemetry/, dashboard/ and .nojekyll',
      cost: 3,
      files: { 'telemetry/.gitkeep': '', 'dashboard/.gitkeep': '', '.nojekyll': '' },
      message: 'diagnostics: create the Codex layout (telemetry/, dashboard/)',
    });
  });

  it('an unset track milestone is not checked (its variable check names it)', () => {
    const p = plan(snapshot(), { mainMilestone: undefined });
    expect(p.checks.map((c) => c.name)).not.toContain('milestone main');
    expect(p.named('variable CODEX_MAIN_MILESTONE')).toMatchObject({ ok: false });
  });

  it('no project configured: no project check', () => {
    const p = plan(snapshot({ project: undefined }), { project: undefined });
    expect(p.checks.map((c) => c.name)).not.toContain('project');
  });

  it('a token that cannot read the repository: the token and variable checks only', () => {
    const p = plan({ token: failed(404), variables: failed(404), sources: {} }, { repair: true });
    expect(p.checks.slice(0, 2).map((c) => c.name)).toEqual(['token', 'repository variables']);
    expect(p.checks.every((c) => c.name === 'token' || c.name.includes('variable'))).toBe(true);
    expect(p.named('token')?.message).toMatch(/cannot read octo-org\/widgets \(HTTP 404\)/);
    expect(p.repairs).toEqual([]);
    expect([p.pagesEnabled, p.dashboardUrl, p.variablesReadable]).toEqual([null, null, false]);
  });

  it('a token that may not push fails token write access', () => {
    const info = { ...INFO, permissions: { push: false, pull: true } };
    const p = plan({ ...snapshot({ info }), token: ok(info) });
    expect(p.failing).toEqual(['token write access']);
    expect(p.named('token write access')?.message).toMatch(/may not push to octo-org\/widgets/);
  });

  it('a set but unmapped repository variable is told from an unset one', () => {
    const snap = { ...snapshot(), variables: ok(new Map([['CODEX_MAIN_MILESTONE', 'Sprint 1']])) };
    const p = plan(snap, { mainMilestone: undefined, dashboardMilestone: undefined });
    expect(p.named('variable CODEX_MAIN_MILESTONE')?.message).toMatch(/set as a repository variable/);
    expect(p.named('variable CODEX_DASHBOARD_MILESTONE')?.message).toMatch(/is not set/);
  });
});

describe('settleChecks: the checks read as the write guard’s outcomes say', () => {
  const missing = snapshot({
    labels: ok([]),
    milestones: ok([]),
    pagesBranch: ok({ exists: false, paths: [] }),
  });
  const p = plan(missing, { repair: true });
  const n = p.repairs.length;

  it('applied: every repaired check passes and says it was repaired', () => {
    // (the variable checks read the settings, which these cases leave partly unset)
    const checks = settleChecks(p.checks, p.repairs, outcomes(n, 'applied')).filter(
      (c) => !c.name.startsWith('variable '),
    );
    expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([]);
    expect(checks.find((c) => c.name === 'label codex')?.message).toBe(
      "The label 'codex' was missing; created by repair.",
    );
    expect(checks.find((c) => c.name === 'pages layout')?.message).toBe(
      'Added telemetry/ and dashboard/ and .nojekyll to gh-pages by repair.',
    );
    expect(summaryLine(checks, records(p.repairs, 'applied'))).toBe(
      `Codex diagnostics: all ${checks.length} checks passed; repaired ${n} of ${n}.`,
    );
  });

  it('planned (dry run): the checks still fail and say what repair would do', () => {
    const checks = settleChecks(p.checks, p.repairs, outcomes(n, 'planned'));
    expect(checks.find((c) => c.name === 'milestone main')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/does not exist.* Dry run: repair would create it\.$/),
    });
    expect(summaryLine(checks, records(p.repairs, 'planned'))).toMatch(/; would repair 8\.$/);
  });

  it.each(['failed', 'deferred'] as const)(
    '%s: the checks are left as the snapshot showed them',
    (outcome) => {
      const checks = settleChecks(p.checks, p.repairs, outcomes(n, outcome));
      expect(checks).toEqual(p.checks.map(({ fix: _fix, ...check }) => check));
    },
  );

  it('each check follows its own repair: two milestones of one title are settled apart', () => {
    const same = plan(snapshot({ milestones: ok([MILESTONES[0]!]) }), {
      repair: true,
      mainMilestone: 'Sprint 1',
      dashboardMilestone: 'Sprint 1',
    });
    const checks = settleChecks(same.checks, same.repairs, [{ outcome: 'applied' }, { outcome: 'failed' }]);
    expect(checks.filter((c) => c.name.startsWith('milestone ')).map((c) => c.ok)).toEqual([
      true,
      true,
      false,
    ]);
  });
});

function records(
  repairs: readonly { kind: string; target: string; description: string }[],
  outcome: RepairRecord['outcome'],
): RepairRecord[] {
  return repairs.map(({ kind, target, description }) => ({ kind, target, description, outcome }));
}
