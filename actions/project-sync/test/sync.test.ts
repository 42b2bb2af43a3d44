import { lastHumanActivity } from '@codex-suite/core/issues/issue-index';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SECONDARY_LIMIT } from '@codex-suite/emulator/wire/ratelimit';
import {
  type Bed,
  START,
  TOKEN,
  FULL_INPUTS,
  inProject,
  labelsOf,
  milestoneOf,
  PROJECT,
  REPO,
  ROUTES,
  requests,
  runSync,
  savedIndex,
  startBed,
  telemetry,
  writes,
} from './bed.js';

let bed: Bed;
afterEach(async () => {
  await bed?.emulator.close();
});

/** Seeds one issue of every kind the rules distinguish; returns their numbers. */
function seedMixed(b: Bed) {
  const { state } = b.emulator;
  const bare = state.addIssue(REPO, { title: 'Fix login', labels: ['bug'] }).number;
  const dashboard = state.addIssue(REPO, { title: 'Dashboard: add chart', labels: ['codex'] }).number;
  const wrongTrack = state.addIssue(REPO, {
    title: 'DASHBOARD tiles',
    labels: ['codex', 'codex-trackmain'],
    milestone: 'Main',
  }).number;
  const compliant = state.addIssue(REPO, {
    title: 'Refactor runner',
    labels: ['CODEX', 'codex-trackmain'],
    milestone: 'Main',
  });
  state.addProjectItem(PROJECT, compliant);
  const pr = state.addPullRequest(REPO, {
    title: 'Add feature',
    head: { ref: 'f', sha: 'a'.repeat(40) },
  }).number;
  const internal = state.addIssue(REPO, { title: 'internal', milestone: 'Codex Internal' }).number;
  const selftest = state.addIssue(REPO, { title: 'self-test 1', labels: ['codex-selftest'] }).number;
  const closed = state.addIssue(REPO, { title: 'old', state: 'closed' }).number;
  state.addMilestone(REPO, { title: 'v2 release' });
  const human = state.addIssue(REPO, { title: 'Ship v2', milestone: 'v2 release' }).number;
  return { bare, dashboard, wrongTrack, compliant: compliant.number, pr, internal, selftest, closed, human };
}

const LABELS_ROUTE = 'GET /repos/{owner}/{repo}/labels';

describe('project-sync against the emulator', () => {
  it('repairs labels, track, milestone and project with one PATCH per issue and leaves the excluded alone', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const { main, dashboard } = bed.milestones;
    const run = await runSync(bed);
    expect(run.status).toBe('ok');

    expect(labelsOf(bed, n.bare)).toEqual(['bug', 'codex', 'codex-trackmain']);
    expect(milestoneOf(bed, n.bare)).toBe(main);
    expect(labelsOf(bed, n.dashboard)).toEqual(['codex', 'codex-trackdashboard']);
    expect(milestoneOf(bed, n.dashboard)).toBe(dashboard);
    expect(labelsOf(bed, n.wrongTrack)).toEqual(['codex', 'codex-trackdashboard']);
    expect(milestoneOf(bed, n.wrongTrack)).toBe(dashboard);
    expect(labelsOf(bed, n.compliant)).toEqual(['codex', 'codex-trackmain']); // the repository's `codex` label (was written CODEX)
    expect(labelsOf(bed, n.human)).toEqual(['codex', 'codex-trackmain']);
    expect(bed.emulator.state.findMilestone(REPO, milestoneOf(bed, n.human)!)?.title).toBe('v2 release');
    for (const k of [n.bare, n.dashboard, n.wrongTrack, n.compliant, n.human])
      expect(inProject(bed, k)).toBe(true);
    for (const k of [n.pr, n.internal, n.selftest, n.closed]) expect(inProject(bed, k)).toBe(false);

    const patched = requests(bed, ROUTES.patch).map((e) => Number(e.path.split('?')[0]!.split('/').pop()));
    expect(patched).toEqual([n.bare, n.dashboard, n.wrongTrack, n.human]);
    expect(requests(bed, ROUTES.addItem)).toHaveLength(4);
    expect(requests(bed, ROUTES.items)).toHaveLength(1);
    expect(requests(bed, ROUTES.list)).toHaveLength(1);
    expect(requests(bed, ROUTES.get)).toHaveLength(0);

    const t = telemetry(run);
    expect(t.corrections).toEqual({
      codex_label: 2,
      track_main: 2,
      track_dashboard: 2,
      milestone: 3,
      project_adjustments: 4,
    });
    expect(t.details).toEqual([
      { number: n.bare, changes: ['add_codex_label', 'codex-trackmain', 'milestone', 'project'] },
      { number: n.dashboard, changes: ['codex-trackdashboard', 'milestone', 'project'] },
      {
        number: n.wrongTrack,
        changes: ['codex-trackdashboard', 'remove:codex-trackmain', 'milestone', 'project'],
      },
      { number: n.human, changes: ['add_codex_label', 'codex-trackmain', 'project'] },
    ]);
    expect(t.integrity.malformed).toEqual([]);
    expect(t.mode).toBe('full');
    expect(t.managed).toBe(5);
    expect(t.excluded).toEqual({ selftest_milestone: 1 });
    expect(t.disabled_repairs).toEqual([]);
    expect(run.summary).toContain(
      '| #1 | Fix login | add_codex_label, codex-trackmain, milestone, project | applied |',
    );
  });

  it('is idempotent: the second run reads incrementally and writes nothing', async () => {
    bed = await startBed();
    seedMixed(bed);
    await runSync(bed);
    bed.emulator.state.advanceClock(60 * 60_000);
    bed.emulator.resetLog();
    const second = await runSync(bed);
    expect(writes(bed)).toEqual([]);
    expect(telemetry(second).mode).toBe('incremental');
    expect(telemetry(second).details).toEqual([]);
    expect(telemetry(second).corrections.project_adjustments).toBe(0);
    expect(requests(bed, ROUTES.items)).toHaveLength(0);
    // nothing to add: the repository's label spelling is not needed, so not read
    expect(requests(bed, LABELS_ROUTE)).toHaveLength(0);
    expect(second.outputs.summary).toContain('corrected 0 of 5');
  });

  it("reads the repository's labels once when a repair adds one, and adds it as the repository spells it", async () => {
    bed = await startBed();
    seedMixed(bed);
    const { state } = bed.emulator;
    const codex = state.findLabel(REPO, 'codex')!;
    codex.name = 'Codex';
    await runSync(bed);
    expect(requests(bed, LABELS_ROUTE)).toHaveLength(1);
    expect(state.getIssue(REPO, 1)!.labels.map((l) => l.name)).toContain('Codex');
    expect(state.getIssue(REPO, 1)!.labels.map((l) => l.name)).not.toContain('codex');
  });

  it('dry-run plans every change and writes nothing', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const run = await runSync(bed, { ...FULL_INPUTS, 'dry-run': 'true' });
    expect(writes(bed)).toEqual([]);
    expect(labelsOf(bed, n.bare)).toEqual(['bug']);
    expect(savedIndex(bed)).toBeUndefined();
    const t = telemetry(run);
    expect(t.dry_run).toBe(true);
    expect(t.corrections.codex_label).toBe(2);
    expect(t.changes.planned).toBe(9); // 4 PATCHes, 4 project adds, 1 index save
    expect(run.outputs.summary).toMatch(/would correct 4 of 5/);
    expect(run.summary).toContain('Would change (dry run)');
  });

  it('a missing milestone setting disables only that repair, and says so', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const { 'main-milestone': _m, ...inputs } = FULL_INPUTS;
    const run = await runSync(bed, inputs);
    expect(run.status).toBe('ok');
    expect(milestoneOf(bed, n.bare)).toBeNull();
    expect(labelsOf(bed, n.bare)).toEqual(['bug', 'codex', 'codex-trackmain']);
    expect(milestoneOf(bed, n.dashboard)).toBe(bed.milestones.dashboard);
    const t = telemetry(run);
    expect(t.disabled_repairs).toEqual([
      'milestone repair of main-track issues: main-milestone (CODEX_MAIN_MILESTONE) is not set',
    ]);
    expect(t.warnings.some((w: string) => /main-milestone/.test(w))).toBe(true);
    expect(run.summary).toContain('### Disabled repairs');
  });

  it('without a dashboard milestone or a project those repairs are off; the rest still runs', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const run = await runSync(bed, { 'main-milestone': 'Main', publish: 'none' });
    expect(milestoneOf(bed, n.dashboard)).toBeNull();
    expect(milestoneOf(bed, n.bare)).toBe(bed.milestones.main);
    expect(requests(bed, ROUTES.addItem)).toHaveLength(0);
    expect(requests(bed, ROUTES.items)).toHaveLength(0);
    expect(telemetry(run).disabled_repairs).toHaveLength(2);
    expect(telemetry(run).corrections.project_adjustments).toBe(0);
  });

  it('a configured milestone that does not exist is one milestone_missing error', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const run = await runSync(bed, { ...FULL_INPUTS, 'main-milestone': 'Nope' });
    expect(run.status).toBe('degraded');
    const errors = telemetry(run).errors.filter((e: { code: string }) => e.code === 'milestone_missing');
    expect(errors).toHaveLength(1);
    expect(milestoneOf(bed, n.bare)).toBeNull();
    expect(labelsOf(bed, n.bare)).toContain('codex');
  });

  it('a project that cannot be found is reported; labels and milestones are still repaired', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const run = await runSync(bed, { ...FULL_INPUTS, project: 'orgs/octo-org/projects/9' });
    expect(run.status).toBe('degraded');
    expect(telemetry(run).errors.map((e: { code: string }) => e.code)).toContain('project_not_found');
    expect(labelsOf(bed, n.bare)).toContain('codex');
    expect(requests(bed, ROUTES.addItem)).toHaveLength(0);
  });

  it("meets GitHub's 500-an-hour secondary limit: one refusal, no retry storm, degraded with the reason; the next hour finishes", async () => {
    bed = await startBed({ secondaryLimit: DEFAULT_SECONDARY_LIMIT });
    const n = seedMixed(bed);
    // 498 content-creating requests earlier this hour, none in the last minute: two more fit.
    const token = bed.emulator.state.tokens.get(TOKEN)!;
    token.writes.push(...Array.from({ length: 498 }, (_, i) => START - 3_000_000 + i * 1000));
    const first = await runSync(bed);
    const writesSent = bed.emulator.log.filter((e) => e.write);
    expect(writesSent.filter((e) => e.status < 300)).toHaveLength(2);
    expect(writesSent.filter((e) => e.status === 403)).toHaveLength(1);
    expect(first.status).toBe('degraded');
    expect(JSON.stringify(first.telemetry?.errors)).toMatch(/secondary rate limit/i);
    bed.emulator.state.advanceClock(3_600_000);
    const second = await runSync(bed);
    expect(second.status).toBe('ok');
    expect(labelsOf(bed, n.human)).toEqual(['codex', 'codex-trackmain']);
    expect(inProject(bed, n.human)).toBe(true);
  });

  it('the write budget defers the rest to the next run', async () => {
    bed = await startBed();
    const n = seedMixed(bed);
    const first = await runSync(bed, { ...FULL_INPUTS, 'max-writes': '3' });
    expect(first.status).toBe('degraded');
    expect(telemetry(first).pending.length).toBeGreaterThan(0);
    bed.emulator.state.advanceClock(60_000);
    const second = await runSync(bed);
    expect(second.status).toBe('ok');
    expect(labelsOf(bed, n.human)).toEqual(['codex', 'codex-trackmain']);
    expect(inProject(bed, n.human)).toBe(true);
  });

  it("keeps the suite's own edits out of human activity in the saved index", async () => {
    bed = await startBed();
    const { state } = bed.emulator;
    const old = state.addIssue(REPO, {
      title: 'Old work',
      created_at: '2025-01-01T00:00:00Z',
      updated_at: '2025-01-20T00:00:00Z',
    }).number;
    await runSync(bed);
    const after = savedIndex(bed)!.issues[String(old)]!;
    expect(after.updated_at).toBe(state.now().toISOString());
    expect(lastHumanActivity(after)).toBe('2025-01-20T00:00:00.000Z');

    state.advanceClock(2 * 3_600_000);
    state.addComment(REPO, old, 'picking this up', 'octocat');
    await runSync(bed);
    expect(lastHumanActivity(savedIndex(bed)!.issues[String(old)]!)).toBe(state.now().toISOString());
  });
});
