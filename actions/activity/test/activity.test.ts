import { ISSUE_INDEX_PATH, parseIssueIndex } from '@codex-suite/core/issues/issue-index';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { afterEach, describe, expect, it } from 'vitest';
import { ACTIVITY_STATE_PATH } from '../src/state.js';
import { type Bed, DAY, REPO, labelsOf, runActivity, startBed, writesIn } from './bed.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const THRESHOLDS = {
  'main-stale-days': '14',
  'main-escalation-days': '30',
  'dashboard-stale-days': '3',
  'dashboard-escalation-days': '7',
};
const MARK = { ...THRESHOLDS, 'mark-labels': 'true', 'escalation-comment': 'true' };

/** #1 active, #2 stale (exactly 14 days), #3 escalated, #4 dashboard stale, #5 DASHBOARD escalated,
 * #6..#9 excluded (self-test, closed, pull request, Codex Internal), #10 one second short of stale. */
function seed(b: Bed): void {
  const { state } = b.emulator;
  const add = (title: string, days: number, extra: Record<string, unknown> = {}) =>
    state.addIssue(REPO, {
      title,
      labels: ['codex', /dashboard/i.test(title) ? 'codex-trackdashboard' : 'codex-trackmain'],
      created_at: b.ago(400),
      updated_at: b.ago(days),
      ...extra,
    });
  add('Runner refactor', 2);
  add('Cache layer', 14);
  add('Old API cleanup', 31, { assignees: ['alice', 'bob'] });
  add('Dashboard charts', 4);
  add('DASHBOARD export', 8);
  add('Codex self-test 1', 100, { labels: ['codex', 'codex-selftest'], milestone: 'Codex Internal' });
  add('Finished work', 100, { state: 'closed' });
  state.addPullRequest(REPO, {
    title: 'A pull request',
    updated_at: b.ago(100),
    created_at: b.ago(100),
    head: { ref: 'feature', sha: 'a'.repeat(40) },
  });
  add('Internal chore', 100, { milestone: 'Codex Internal' });
  add('Almost stale', 14, { updated_at: b.ago(14, -1000) });
}

function statuses(telemetry: Record<string, unknown> | undefined) {
  const pick = (list: unknown) =>
    (list as { number: number; status: string }[]).map((e) => [e.number, e.status]);
  return { main: pick(telemetry?.main), dashboard: pick(telemetry?.dashboard) };
}

/** The suite's escalation comments on an issue. */
function commentsOn(b: Bed, number: number): string[] {
  const repo = b.emulator.state.repo(REPO);
  return [...repo.comments.values()]
    .filter((c) => c.issueNumber === number && c.body.includes('codex-activity:escalation'))
    .map((c) => c.body);
}

describe('activity against the emulator', () => {
  it('classifies per track with separate thresholds, excludes what the contract excludes, and writes nothing to issues by default', async () => {
    bed = await startBed();
    seed(bed);
    const result = await runActivity(bed, THRESHOLDS);
    expect(result.status).toBe('ok');
    expect(statuses(result.telemetry)).toEqual({
      main: [
        [1, 'active'],
        [2, 'stale'],
        [3, 'escalation'],
        [10, 'active'],
      ],
      dashboard: [
        [4, 'stale'],
        [5, 'escalation'],
      ],
    });
    expect(result.telemetry?.counts).toEqual({
      main: { open: 4, active: 2, stale: 1, escalation: 1 },
      dashboard: { open: 2, active: 0, stale: 1, escalation: 1 },
    });
    expect(result.telemetry?.thresholds).toEqual({
      main: { stale_days: 14, escalation_days: 30 },
      dashboard: { stale_days: 3, escalation_days: 7 },
    });
    expect(validateTelemetry(result.telemetry).valid).toBe(true);
    // Nothing on the issues; the index keeps what the timelines showed, so the next run reads less.
    expect(writesIn(bed.emulator)).toEqual(['PUT /repos/{owner}/{repo}/contents/{path}']);
    expect(result.outputs.summary).toBe(
      'Codex activity: main 4 open (2 active, 1 stale, 1 escalated); dashboard 2 open (0 active, 1 stale, 1 escalated).',
    );
    expect(result.outputs.stale).toBe('2');
    expect(result.outputs.escalated).toBe('2');
    expect(result.summary).toContain('[#3](');
    expect(result.summary).toContain('Main track: stale and escalated');
  });

  it('dry run plans the marking and writes nothing', async () => {
    bed = await startBed();
    seed(bed);
    const result = await runActivity(bed, { ...MARK, 'dry-run': 'true' });
    expect(result.status).toBe('ok');
    expect(writesIn(bed.emulator)).toEqual([]);
    expect(result.telemetry?.marking).toEqual({
      labels: true,
      comment: true,
      labeled: [2, 3, 4, 5],
      unlabeled: [],
      commented: [3, 5],
    });
    // four label edits, two comments, and the index with the attributions
    expect(result.telemetry?.changes).toMatchObject({ applied: 0, planned: 7 });
    expect(labelsOf(bed.emulator, 2)).toEqual(['codex', 'codex-trackmain']);
    expect(result.summary).toContain('would be labelled, commented');
  });

  it('marks, comments once, never repeats, and its own marking never makes an issue look active', async () => {
    bed = await startBed();
    seed(bed);
    const first = await runActivity(bed, MARK);
    expect(first.status).toBe('ok');
    expect(labelsOf(bed.emulator, 2)).toEqual(['codex', 'codex-stale', 'codex-trackmain']);
    expect(labelsOf(bed.emulator, 3)).toEqual(['codex', 'codex-escalation', 'codex-trackmain']);
    expect(labelsOf(bed.emulator, 5)).toEqual(['codex', 'codex-escalation', 'codex-trackdashboard']);
    expect(labelsOf(bed.emulator, 1)).toEqual(['codex', 'codex-trackmain']);
    expect(commentsOn(bed, 3)).toHaveLength(1);
    expect(commentsOn(bed, 3)[0]).toContain('@alice @bob');
    expect(commentsOn(bed, 3)[0]).toContain('<!-- codex-activity:escalation since=');
    expect(commentsOn(bed, 5)).toHaveLength(1);
    expect(commentsOn(bed, 2)).toHaveLength(0);
    // one PATCH per marked issue, one comment per escalated issue, the index and the comment memory
    const writes = writesIn(bed.emulator);
    expect(
      writes.filter((w) => w.startsWith('PATCH /repos/{owner}/{repo}/issues/{issue_number}')),
    ).toHaveLength(4);
    expect(
      writes.filter((w) => w === 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments'),
    ).toHaveLength(2);
    expect(bed.emulator.state.readFile(REPO, 'gh-pages', ACTIVITY_STATE_PATH)).toContain('"3"');
    const saved = parseIssueIndex(
      bed.emulator.state.readFile(REPO, 'gh-pages', ISSUE_INDEX_PATH) ?? '',
      REPO,
    );
    expect(Object.values(saved.index?.issues ?? {}).some((i) => i.suite_updated_at !== undefined)).toBe(true);

    // Second run, same moment: nothing to do, nothing written, no comments read.
    bed.emulator.resetLog();
    const second = await runActivity(bed, MARK);
    expect(writesIn(bed.emulator)).toEqual([]);
    expect(bed.emulator.log.filter((e) => e.route?.endsWith('/comments'))).toEqual([]);
    expect(statuses(second.telemetry)).toEqual(statuses(first.telemetry));

    // A day later: the suite's label edits and comments are no human activity. Only #10, one
    // second short of stale at the start, changes state, so it is the only issue written to.
    bed.advance(DAY);
    bed.emulator.resetLog();
    const third = await runActivity(bed, MARK);
    expect(statuses(third.telemetry)).toEqual({
      main: [
        [1, 'active'],
        [2, 'stale'],
        [3, 'escalation'],
        [10, 'stale'],
      ],
      dashboard: [
        [4, 'stale'],
        [5, 'escalation'],
      ],
    });
    const main = third.telemetry?.main as { number: number; days_inactive: number }[];
    expect(main.find((e) => e.number === 2)?.days_inactive).toBe(15);
    const patched = bed.emulator.log.filter(
      (e) => e.route === 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
    );
    expect(patched.map((e) => e.path)).toEqual([`/repos/${REPO}/issues/10`]);
    expect(writesIn(bed.emulator).filter((w) => w.includes('comments'))).toEqual([]);
    expect(commentsOn(bed, 3)).toHaveLength(1);

    // A person comments on #2 and #3: both are active again and lose their marking labels.
    bed.advance(60_000);
    bed.emulator.state.addComment(REPO, 2, 'Still on it', 'alice');
    bed.emulator.state.addComment(REPO, 3, 'Picking this up', 'bob');
    bed.advance(60_000);
    const fourth = await runActivity(bed, MARK);
    expect(statuses(fourth.telemetry).main).toEqual([
      [1, 'active'],
      [2, 'active'],
      [3, 'active'],
      [10, 'stale'],
    ]);
    expect(labelsOf(bed.emulator, 2)).toEqual(['codex', 'codex-trackmain']);
    expect(labelsOf(bed.emulator, 3)).toEqual(['codex', 'codex-trackmain']);
    expect(fourth.telemetry?.marking).toMatchObject({ unlabeled: [2, 3], labeled: [], commented: [] });
    // #3 is forgotten by the comment memory: a new period of inactivity may be escalated again.
    expect(bed.emulator.state.readFile(REPO, 'gh-pages', ACTIVITY_STATE_PATH)).not.toContain('"3"');

    // Thirty more quiet days: #3 is escalated again, a new period, so one new comment.
    bed.advance(30 * DAY);
    await runActivity(bed, MARK);
    expect(commentsOn(bed, 3)).toHaveLength(2);
    bed.emulator.resetLog();
    await runActivity(bed, MARK);
    expect(commentsOn(bed, 3)).toHaveLength(2);
    expect(writesIn(bed.emulator)).toEqual([]);
  });

  it('finds an earlier escalation comment by its marker when the memory is lost', async () => {
    bed = await startBed();
    seed(bed);
    const options = { ...THRESHOLDS, 'escalation-comment': 'true' };
    await runActivity(bed, options);
    expect(commentsOn(bed, 3)).toHaveLength(1);
    expect(labelsOf(bed.emulator, 3)).toEqual(['codex', 'codex-trackmain']); // labels stay off
    bed.emulator.state.writeFiles(REPO, 'gh-pages', { [ACTIVITY_STATE_PATH]: null }, 'lose the memory');
    bed.emulator.resetLog();
    const again = await runActivity(bed, options);
    expect(again.status).toBe('ok');
    expect(commentsOn(bed, 3)).toHaveLength(1);
    expect(commentsOn(bed, 5)).toHaveLength(1);
    // Comments were read only for the two escalated issues; the memory was written back.
    const reads = bed.emulator.log.filter(
      (e) => e.route === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments',
    );
    expect(reads.map((e) => e.path.split('?')[0])).toEqual([
      `/repos/${REPO}/issues/3/comments`,
      `/repos/${REPO}/issues/5/comments`,
    ]);
    expect(writesIn(bed.emulator).filter((w) => w.includes('comments'))).toEqual([]);
    expect(bed.emulator.state.readFile(REPO, 'gh-pages', ACTIVITY_STATE_PATH)).toContain('"5"');
  });

  it('finds its earlier escalation comment on the second page of the comments', async () => {
    bed = await startBed();
    seed(bed);
    const options = { ...THRESHOLDS, 'escalation-comment': 'true' };
    // 110 comments by a bot on #3, none of them human activity, before the suite's own comment.
    for (let i = 0; i < 110; i += 1)
      bed.emulator.state.addComment(REPO, 3, `build ${i} passed`, 'ci-helper[bot]');
    await runActivity(bed, options);
    expect(commentsOn(bed, 3)).toHaveLength(1);
    bed.emulator.state.writeFiles(REPO, 'gh-pages', { [ACTIVITY_STATE_PATH]: null }, 'lose the memory');
    bed.emulator.resetLog();
    const again = await runActivity(bed, options);
    expect(again.status).toBe('ok');
    expect(commentsOn(bed, 3)).toHaveLength(1);
    // The next page comes from GitHub's link header, in its /repositories/{id}/... form.
    const reads = bed.emulator.log.filter((e) => /\/issues\/3\/comments\?/.test(e.path));
    expect(reads).toHaveLength(2);
    expect(writesIn(bed.emulator).filter((w) => w.includes('comments'))).toEqual([]);
  });

  it('refuses escalation days below stale days before any request', async () => {
    bed = await startBed();
    seed(bed);
    const result = await runActivity(bed, { ...MARK, 'dashboard-escalation-days': '2' });
    expect(result.status).toBe('error');
    const errors = result.telemetry?.errors as { code: string; message: string }[];
    expect(errors[0]?.code).toBe('invalid_config');
    expect(errors[0]?.message).toContain('dashboard-escalation-days');
    expect(errors[0]?.message).toContain('dashboard-stale-days');
    expect(bed.emulator.log.filter((e) => e.route?.includes('/issues'))).toEqual([]);
    expect(writesIn(bed.emulator)).toEqual([]);
    expect(validateTelemetry(result.telemetry).valid).toBe(true);
  });

  it('reads its settings from the environment', async () => {
    bed = await startBed();
    seed(bed);
    const result = await runActivity(
      bed,
      {},
      {
        CODEX_DASHBOARD_STALE_DAYS: '3',
        CODEX_DASHBOARD_ESCALATION_DAYS: '5',
        CODEX_ACTIVITY_MARK_LABELS: 'true',
      },
    );
    expect(statuses(result.telemetry).dashboard).toEqual([
      [4, 'stale'],
      [5, 'escalation'],
    ]);
    expect(labelsOf(bed.emulator, 4)).toContain('codex-stale');
    expect(result.telemetry?.marking).toMatchObject({ labels: true, comment: false });
  });
});
