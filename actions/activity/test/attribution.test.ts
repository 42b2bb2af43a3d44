import { ISSUE_INDEX_PATH, parseIssueIndex } from '@codex-suite/core/issues/issue-index';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import type { IssueRecord } from '@codex-suite/emulator/types';
import { afterEach, describe, expect, it } from 'vitest';
import { type Bed, DAY, REPO, labelsOf, runActivity, startBed } from './bed.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

const THRESHOLDS = { 'main-stale-days': '14', 'main-escalation-days': '30' };
const TIMELINE = 'GET /repos/{owner}/{repo}/issues/{issue_number}/timeline';

function addIssue(b: Bed, title: string): IssueRecord {
  return b.emulator.state.addIssue(REPO, { title, labels: ['codex', 'codex-trackmain'], user: 'alice' });
}

/** One comment by `user` a day, `days` times, moving the clock. */
function commentDaily(b: Bed, issue: IssueRecord, user: string, days: number): void {
  for (let i = 0; i < days; i += 1) {
    b.advance(DAY);
    b.emulator.state.addComment(REPO, issue.number, `Bump ${i}`, user);
  }
}

interface Entry {
  number: number;
  status: string;
  last_human_activity_at?: string;
  last_human_actor?: string;
  attribution?: string;
}

function entry(telemetry: Record<string, unknown> | undefined, number: number): Entry | undefined {
  return ((telemetry?.main ?? []) as Entry[]).find((e) => e.number === number);
}

function timelineReads(b: Bed): number {
  return b.emulator.log.filter((e) => e.route === TIMELINE).length;
}

describe('human activity means humans', () => {
  it('an issue kept "alive" by Dependabot comments goes stale, and says who acted last', async () => {
    bed = await startBed();
    const issue = addIssue(bed, 'Upgrade the parser');
    bed.advance(5 * DAY);
    bed.emulator.state.addComment(REPO, issue.number, 'I will take this.', 'alice');
    commentDaily(bed, issue, 'dependabot[bot]', 35);
    const result = await runActivity(bed, { ...THRESHOLDS, 'mark-labels': 'true' });
    expect(result.status).toBe('ok');
    expect(entry(result.telemetry, issue.number)).toMatchObject({
      status: 'escalation',
      last_human_activity_at: new Date(bed.now().getTime() - 35 * DAY).toISOString(),
      last_human_actor: 'alice',
      attribution: 'attributed',
    });
    expect(labelsOf(bed.emulator, issue.number)).toContain('codex-escalation');
    expect(result.summary).toMatch(/2025-06-20 by @(&#8203;)?alice/);
    expect(validateTelemetry(result.telemetry).valid).toBe(true);
  });

  it('a human comment among bot noise keeps the issue active', async () => {
    bed = await startBed();
    const issue = addIssue(bed, 'Flaky upload test');
    commentDaily(bed, issue, 'github-actions[bot]', 30);
    bed.emulator.state.addComment(REPO, issue.number, 'Still seeing this on main.', 'bob');
    commentDaily(bed, issue, 'renovate[bot]', 3);
    const result = await runActivity(bed, THRESHOLDS);
    expect(entry(result.telemetry, issue.number)).toEqual({ number: issue.number, status: 'active' });
    const saved = parseIssueIndex(
      bed.emulator.state.readFile(REPO, 'gh-pages', ISSUE_INDEX_PATH) ?? '',
      REPO,
    ).index;
    expect(saved?.issues[String(issue.number)]?.attribution).toMatchObject({
      human_by: 'bob',
      human_at: new Date(bed.now().getTime() - 3 * DAY).toISOString(),
    });
  });

  it("a human edit of a bot's comment counts; the bot's own edits of it do not", async () => {
    bed = await startBed();
    const issue = addIssue(bed, 'Dependency overview');
    bed.advance(DAY);
    const sticky = bed.emulator.state.addComment(REPO, issue.number, '- [ ] rebase', 'renovate[bot]');
    bed.advance(40 * DAY);
    bed.emulator.state.editComment(REPO, sticky.id, '- [ ] rebase (updated)', 'renovate[bot]');
    const botOnly = await runActivity(bed, THRESHOLDS);
    expect(entry(botOnly.telemetry, issue.number)?.status).toBe('escalation');

    bed.advance(DAY);
    bed.emulator.state.editComment(REPO, sticky.id, '- [x] rebase', 'carol');
    bed.advance(DAY);
    const human = await runActivity(bed, THRESHOLDS);
    expect(entry(human.telemetry, issue.number)).toEqual({ number: issue.number, status: 'active' });
    const saved = parseIssueIndex(
      bed.emulator.state.readFile(REPO, 'gh-pages', ISSUE_INDEX_PATH) ?? '',
      REPO,
    ).index;
    expect(saved?.issues[String(issue.number)]?.attribution?.human_by).toBe('carol');
  });

  it('a title, body or label change by a person counts; the same by a bot does not', async () => {
    bed = await startBed();
    const { state } = bed.emulator;
    const byPerson = addIssue(bed, 'Edited by a person');
    const byBot = addIssue(bed, 'Edited by a bot');
    bed.advance(40 * DAY);
    for (const [issue, actor] of [
      [byPerson, 'dave'],
      [byBot, 'label-sync[bot]'],
    ] as const) {
      const before = state.snapshot(issue);
      issue.body = `rewritten by ${actor}`;
      issue.labels = state.labelsFor(state.repo(REPO), ['codex', 'codex-trackmain', 'bug']);
      state.recordChanges(issue, before, actor);
      state.touchIssue(issue);
    }
    const result = await runActivity(bed, THRESHOLDS);
    expect(entry(result.telemetry, byPerson.number)?.status).toBe('active');
    expect(entry(result.telemetry, byBot.number)).toMatchObject({
      status: 'escalation',
      attribution: 'attributed',
    });
  });

  it('a machine user listed in activity-ignore-actors does not count, from the input or the environment', async () => {
    bed = await startBed();
    const issue = addIssue(bed, 'Nightly report');
    commentDaily(bed, issue, 'release-robot', 40);
    const counted = await runActivity(bed, THRESHOLDS);
    // A plain account is a person unless the repository says otherwise.
    expect(entry(counted.telemetry, issue.number)?.status).toBe('active');

    bed.advance(DAY);
    bed.emulator.state.addComment(REPO, issue.number, 'Nightly report', 'release-robot');
    const ignored = await runActivity(bed, {
      ...THRESHOLDS,
      'activity-ignore-actors': 'someone, @Release-Robot',
    });
    expect(entry(ignored.telemetry, issue.number)).toMatchObject({
      status: 'escalation',
      attribution: 'attributed',
    });
    bed.advance(DAY);
    bed.emulator.state.addComment(REPO, issue.number, 'Nightly report', 'release-robot');
    const fromEnv = await runActivity(bed, THRESHOLDS, { CODEX_ACTIVITY_IGNORE_ACTORS: 'release-robot' });
    expect(entry(fromEnv.telemetry, issue.number)?.status).toBe('escalation');
  });

  it("the suite's own marking and comment never count, read from the timeline either", async () => {
    bed = await startBed();
    const issue = addIssue(bed, 'Old API cleanup');
    bed.advance(40 * DAY);
    bed.emulator.state.addComment(REPO, issue.number, 'CI: all green', 'ci-bot[bot]');
    const marks = { ...THRESHOLDS, 'mark-labels': 'true', 'escalation-comment': 'true' };
    const first = await runActivity(bed, marks);
    expect(first.telemetry?.marking).toMatchObject({ labeled: [issue.number], commented: [issue.number] });
    // A bot comment moves updated_at past the suite's write: the timeline is read again and shows
    // only the suite (codex-bot, the token's identity) and bots since the issue was opened.
    bed.advance(DAY);
    bed.emulator.state.addComment(REPO, issue.number, 'CI: all green', 'ci-bot[bot]');
    const before = timelineReads(bed);
    const second = await runActivity(bed, marks);
    expect(timelineReads(bed) - before).toBe(1);
    expect(entry(second.telemetry, issue.number)).toMatchObject({
      status: 'escalation',
      attribution: 'attributed',
    });
    expect(second.telemetry?.marking).toMatchObject({ labeled: [], unlabeled: [], commented: [] });
    const escalations = [...bed.emulator.state.repo(REPO).comments.values()].filter((c) =>
      c.body.includes('codex-activity:escalation'),
    );
    expect(escalations).toHaveLength(1);
  });

  it('an unexplained move of updated_at counts as activity (missing information never makes an issue staler)', async () => {
    bed = await startBed();
    const issue = addIssue(bed, 'Reacted to');
    bed.advance(40 * DAY);
    // Nothing in the timeline accounts for this move (GitHub changes it for things it does not list).
    bed.emulator.state.touchIssue(issue);
    const result = await runActivity(bed, THRESHOLDS);
    expect(entry(result.telemetry, issue.number)).toEqual({ number: issue.number, status: 'active' });
  });

  it('the first pass over many issues stays within its read budget and converges over runs', async () => {
    bed = await startBed();
    const issues: IssueRecord[] = [];
    for (let i = 0; i < 30; i += 1) issues.push(addIssue(bed, `Issue ${i}`));
    bed.advance(40 * DAY);
    for (const issue of issues) bed.emulator.state.addComment(REPO, issue.number, 'bump', 'dependabot[bot]');
    const budget = 7;
    const pending: number[] = [];
    for (let run = 0; run < 6; run += 1) {
      const logStart = bed.emulator.log.length;
      const result = await runActivity(bed, { ...THRESHOLDS, 'activity-read-budget': String(budget) });
      const pages = bed.emulator.log.slice(logStart).filter((e) => e.route === TIMELINE).length;
      const attribution = result.telemetry?.attribution as {
        pending: number;
        timeline_pages: number;
        edit_lookups: number;
      };
      expect(attribution.timeline_pages + attribution.edit_lookups).toBeLessThanOrEqual(budget);
      expect(pages).toBe(attribution.timeline_pages);
      pending.push(attribution.pending);
      bed.advance(3_600_000);
    }
    // 30 issues at 6 per run (six pages and one lookup): 24, 18, 12, 6, 0, then nothing to read.
    expect(pending).toEqual([24, 18, 12, 6, 0, 0]);
    const last = await runActivity(bed, THRESHOLDS);
    expect(((last.telemetry?.main ?? []) as Entry[]).every((e) => e.status === 'escalation')).toBe(true);
    expect(last.telemetry?.attribution).toMatchObject({ candidates: 0, timeline_pages: 0 });
  });
});
