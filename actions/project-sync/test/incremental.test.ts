import {
  ISSUE_INDEX_PATH,
  type IndexedIssue,
  type IssueIndex,
  serializeIndex,
} from '@codex-suite/core/issues/issue-index';
import { normalizeIssue } from '@codex-suite/core/issues/normalize';
import { issueShape } from '@codex-suite/emulator/shapes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Bed,
  PROJECT,
  PROJECT_INPUT,
  REPO,
  ROUTES,
  requests,
  runSync,
  startBed,
  telemetry,
  writes,
} from './bed.js';

const SIZE = 10_000;
let bed: Bed;

/**
 * The index a full pass leaves behind, built from the emulator's own wire shapes of every issue
 * (a real full pass over 10,000 issues takes the local emulator ~20 s; it is exercised at a
 * smaller size in sync.test.ts and in the core index tests).
 */
function seedIndexOfFullPass(b: Bed): void {
  const { state } = b.emulator;
  const issues: Record<string, IndexedIssue> = {};
  for (const issue of state.listIssues(REPO)) {
    const record = normalizeIssue(issueShape({ base: b.emulator.url, state }, issue))!;
    issues[String(record.number)] = { ...record, human_activity_at: record.updated_at, in_project: true };
  }
  const now = state.now().toISOString();
  const index: IssueIndex = {
    version: 1,
    repository: REPO,
    synced_at: now,
    full_scan_at: now,
    issues,
    project: PROJECT_INPUT,
    project_items: SIZE,
  };
  state.writeFiles(REPO, 'gh-pages', { [ISSUE_INDEX_PATH]: serializeIndex(index) }, 'state: issue index');
}

beforeAll(async () => {
  bed = await startBed();
  const { state } = bed.emulator;
  for (let i = 0; i < SIZE; i += 1) {
    const dashboard = i % 10 === 0;
    const issue = state.addIssue(REPO, {
      title: dashboard ? `Dashboard item ${i}` : `Main item ${i}`,
      labels: ['codex', dashboard ? 'codex-trackdashboard' : 'codex-trackmain'],
      milestone: dashboard ? 'Dashboard' : 'Main',
      created_at: '2025-01-01T00:00:00Z',
    });
    state.addProjectItem(PROJECT, issue);
  }
  seedIndexOfFullPass(bed);
});
afterAll(async () => {
  await bed?.emulator.close();
});

describe('project-sync on a 10,000-issue repository', () => {
  it('after 20 changes reads only what changed', async () => {
    // An hour after the last pass: people remove `codex` from 10 issues and open 10 new ones.
    const { state } = bed.emulator;
    state.advanceClock(60 * 60_000);
    const edited = [5, 500, 1234, 2000, 3333, 4000, 5555, 7000, 8888, 9999];
    for (const number of edited) {
      const issue = state.getIssue(REPO, number)!;
      issue.labels = issue.labels.filter((l) => l.name !== 'codex');
      state.touchIssue(issue);
    }
    const created = Array.from({ length: 10 }, (_, i) => state.addIssue(REPO, { title: `New ${i}` }).number);
    bed.emulator.resetLog();

    const run = await runSync(bed);
    const t = telemetry(run);
    expect(run.status).toBe('ok');
    expect(t.mode).toBe('incremental');
    expect(t.issues_scanned).toBe(20);
    expect(t.issues_open).toBe(SIZE + 10);
    // One list page, filtered by `since` (last list minus the 5-minute overlap); no project re-list.
    const lists = requests(bed, ROUTES.list);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.path).toContain('since=2025-03-01T11%3A55%3A00.000Z');
    expect(lists[0]!.path).toContain('state=all');
    expect(requests(bed, ROUTES.items)).toHaveLength(0);
    expect(requests(bed, ROUTES.get)).toHaveLength(0);
    // Writes: one PATCH per changed issue, one project add per new issue, and the index saved in
    // one request (a contents PUT with the sha read at the start of the run).
    expect(requests(bed, ROUTES.patch)).toHaveLength(20);
    expect(requests(bed, ROUTES.addItem)).toHaveLength(10);
    const other = writes(bed).filter((e) => e.route !== ROUTES.patch && e.route !== ROUTES.addItem);
    expect(other.map((e) => e.route)).toEqual(['PUT /repos/{owner}/{repo}/contents/{path}']);
    expect(t.corrections).toEqual({
      codex_label: 20,
      track_main: 10,
      track_dashboard: 0,
      milestone: 10,
      project_adjustments: 10,
    });
    // Reads: labels, milestones, the saved index, one list page and the pages branch head.
    expect(bed.emulator.log.filter((e) => !e.write).length).toBeLessThan(15);
    for (const number of [...edited, ...created])
      expect(state.getIssue(REPO, number)!.labels.map((l) => l.name)).toContain('codex');
    expect(bed.emulator.state.findProject(PROJECT)!.items.size).toBe(SIZE + 10);
  });
});
