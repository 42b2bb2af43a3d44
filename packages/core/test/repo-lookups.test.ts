import type { Emulator } from '@codex-suite/emulator/server';
import { afterEach, describe, expect, it } from 'vitest';
import { LABELS } from '../src/contract.js';
import {
  findMilestone,
  listCommentAuthors,
  listLabels,
  listMilestones,
  listSelftestIssues,
} from '../src/repo-lookups.js';
import { indexContext, REPO, startBed } from './issues/helpers.js';

describe('findMilestone', () => {
  const m = (number: number, title: string, state = 'open') => ({ number, title, state });

  it('compares titles as GitHub compares names', () => {
    expect(findMilestone([m(1, 'Codex Internal')], 'codex internal')?.number).toBe(1);
    expect(findMilestone([m(1, 'Sprint')], 'Codex Internal')).toBeUndefined();
  });

  it('prefers the exact spelling, then an open milestone over a closed namesake', () => {
    expect(findMilestone([m(1, 'SPRINT'), m(2, 'Sprint')], 'Sprint')?.number).toBe(2);
    expect(findMilestone([m(1, 'Sprint', 'closed'), m(2, 'sprint')], 'Sprint')?.number).toBe(1);
    expect(findMilestone([m(1, 'sprint', 'closed'), m(2, 'SPRINT')], 'Sprint')?.number).toBe(2);
  });
});

describe('listLabels', () => {
  it('skips entries without a usable name instead of failing on them', async () => {
    const page = [
      { name: 'codex', color: 'fff' },
      null,
      { color: '000' },
      { name: 7 },
      { name: '' },
      { name: 'Bug', color: 'f00', description: 'x' },
    ];
    const github = {
      paginate: async () => page,
      rest: { issues: { listLabelsForRepo: () => undefined } },
    } as unknown as Parameters<typeof listLabels>[0];
    expect(await listLabels(github, { owner: 'o', repo: 'r' })).toEqual([
      { name: 'codex', color: 'fff', description: null },
      { name: 'Bug', color: 'f00', description: 'x' },
    ]);
  });
});

describe('lists read across page boundaries (GitHub sends at most 100 a page)', () => {
  let emulator: Emulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  async function bed() {
    emulator = await startBed();
    const { github, repo } = indexContext(emulator);
    return { emulator, github, repo };
  }

  /** Pages requested from a list route (1 when the request named none). */
  const pagesOf = (em: Emulator, route: string) =>
    em.log
      .filter((e) => e.route === route)
      .map((e) => Number(new URL(e.path, 'http://x').searchParams.get('page') ?? 1));

  it('labels: all 150, the last one from the second page', async () => {
    const { emulator: em, github, repo } = await bed();
    for (let i = 0; i < 150; i += 1) em.state.addLabel(REPO, { name: `area/${String(i).padStart(3, '0')}` });
    const labels = await listLabels(github, repo);
    expect(labels).toHaveLength(150);
    expect(labels.map((l) => l.name)).toContain('area/149');
    expect(pagesOf(em, 'GET /repos/{owner}/{repo}/labels')).toEqual([1, 2]);
  });

  it('milestones: all 130, open and closed, so the one wanted on the second page is found', async () => {
    const { emulator: em, github, repo } = await bed();
    for (let i = 0; i < 129; i += 1)
      em.state.addMilestone(REPO, { title: `Sprint ${i}`, state: i % 2 ? 'closed' : 'open' });
    em.state.addMilestone(REPO, { title: 'Codex Internal' });
    const milestones = await listMilestones(github, repo);
    expect(milestones).toHaveLength(130);
    expect(findMilestone(milestones, 'Codex Internal')?.number).toBe(130);
    expect(pagesOf(em, 'GET /repos/{owner}/{repo}/milestones')).toEqual([1, 2]);
  });

  it('comment authors: all 120, so a stranger who wrote the last comment is seen', async () => {
    const { emulator: em, github, repo } = await bed();
    const issue = em.state.addIssue(REPO, { title: 'busy' });
    for (let i = 0; i < 119; i += 1) em.state.addComment(REPO, issue.number, `note ${i}`, 'codex-bot');
    em.state.addComment(REPO, issue.number, 'mine', 'a-stranger');
    const authors = await listCommentAuthors(github, repo, issue.number);
    expect(authors).toHaveLength(120);
    expect(authors.at(-1)).toBe('a-stranger');
    expect(pagesOf(em, 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toEqual([1, 2]);
  });

  it('self-test issues: all 105, newest first, the oldest from the second page', async () => {
    const { emulator: em, github, repo } = await bed();
    const made = Array.from({ length: 105 }, (_, i) => {
      em.state.advanceClock(60_000);
      return em.state.addIssue(REPO, { title: `self-test ${i}`, labels: [LABELS.selftest] }).number;
    });
    em.state.addIssue(REPO, { title: 'not a self-test' });
    const listed = await listSelftestIssues(github, repo);
    expect(listed.map((i) => i.number)).toEqual([...made].reverse());
    expect(pagesOf(em, 'GET /repos/{owner}/{repo}/issues')).toEqual([1, 2]);
  });
});
