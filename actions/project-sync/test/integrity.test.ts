import { afterEach, describe, expect, it } from 'vitest';
import {
  type Bed,
  labelsOf,
  REPO,
  ROUTES,
  requests,
  runSync,
  savedIndex,
  startBed,
  telemetry,
} from './bed.js';

let bed: Bed;
afterEach(async () => {
  await bed?.emulator.close();
});

const STAMP = '2025-02-01T00:00:00Z';

describe('project-sync with malformed issues', () => {
  it('reports every malformed shape, never drops a human label and survives a vanished issue', async () => {
    bed = await startBed();
    const { state } = bed.emulator;
    const make = (title: string, labels: string[]) => state.addIssue(REPO, { title, labels });
    const noLabels = make('Fix login', ['bug']);
    const badLabel = make('Tidy logs', ['bug', 'ux']);
    const deletedMilestone = make('Old plan', []);
    const noDates = make('Dateless', ['codex', 'codex-trackmain']);
    const vanished = make('Gone soon', []);
    const stillBad = make('Strange labels', ['keep-me']);
    state.deleteIssue(REPO, vanished.number);

    const base = (issue: { id: number; number: number; title: string }) => ({
      id: issue.id,
      number: issue.number,
      title: issue.title,
      state: 'open',
      milestone: null,
      created_at: STAMP,
      updated_at: STAMP,
    });
    const listed = [
      { ...base(noLabels) },
      { ...base(badLabel), labels: [{ id: 5 }, { name: 'ux' }] },
      { ...base(deletedMilestone), labels: [], milestone: { number: 99, title: 'Deleted' } },
      { ...base(noDates), labels: ['codex', 'codex-trackmain'], created_at: undefined, updated_at: null },
      { ...base(vanished), labels: [] },
      { ...base(stillBad), labels: 'keep-me' },
      { title: 'no number at all' },
      null,
    ];
    bed.emulator.faults.add({ route: ROUTES.list, status: 200, body: JSON.stringify(listed), times: 1 });
    // The single read of #6 is malformed as well: its labels must then be left alone.
    bed.emulator.faults.add({
      route: new RegExp(`/issues/${stillBad.number}$`),
      method: 'GET',
      status: 200,
      body: JSON.stringify({ ...base(stillBad), labels: 'keep-me' }),
    });

    const run = await runSync(bed);
    const t = telemetry(run);
    expect(t.integrity.malformed).toEqual([
      { number: noLabels.number, reason: 'missing labels[]' },
      { number: badLabel.number, reason: 'malformed label at labels[0]' },
      { number: deletedMilestone.number, reason: 'milestone #99 "Deleted" does not exist (deleted?)' },
      { number: noDates.number, reason: 'missing created_at' },
      { number: noDates.number, reason: 'missing updated_at' },
      {
        number: vanished.number,
        reason: 'listed by the REST list but its own endpoint answered 410 Gone (deleted)',
      },
      { number: stillBad.number, reason: 'labels is not an array' },
    ]);
    expect(t.integrity.unidentified).toBe(2);

    // Re-read before writing: the human's labels survive the label replacement.
    expect(labelsOf(bed, noLabels.number)).toEqual(['bug', 'codex', 'codex-trackmain']);
    expect(labelsOf(bed, badLabel.number)).toEqual(['bug', 'ux', 'codex', 'codex-trackmain']);
    expect(labelsOf(bed, deletedMilestone.number)).toEqual(['codex', 'codex-trackmain']);
    // Still malformed on its own read: labels untouched, milestone and project still repaired.
    expect(labelsOf(bed, stillBad.number)).toEqual(['keep-me']);
    expect(state.getIssue(REPO, stillBad.number)?.milestone).toBe(bed.milestones.main);
    // Re-reads of malformed label lists, and one GET that confirms the 410 before the issue is forgotten.
    expect(requests(bed, ROUTES.get).map((e) => e.path.split('?')[0]!.split('/').pop())).toEqual(
      [noLabels, badLabel, vanished, stillBad]
        .map((i) => String(i.number))
        .sort((a, b) => Number(a) - Number(b)),
    );
    expect(run.summary).toContain('labels not repaired');
    expect(run.summary).toContain('### Malformed issues');

    const index = savedIndex(bed)!;
    expect(index.issues[String(vanished.number)]).toBeUndefined();
    expect(index.issues[String(noDates.number)]?.malformed).toEqual([
      'missing created_at',
      'missing updated_at',
    ]);
  });
});
