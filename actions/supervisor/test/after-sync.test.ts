import { runStageInProcess } from '@codex-suite/harness/in-process';
import { afterEach, expect, it } from 'vitest';
import { type Bed, FULL_INPUTS, REPO, START, TOKEN, runSync, startBed } from '../../project-sync/test/bed.js';
import { stage } from '../src/stage.js';

let bed: Bed | undefined;
afterEach(async () => {
  await bed?.emulator.close();
  bed = undefined;
});

const recent = new Date(START - 86_400_000).toISOString();

function runSupervisor(b: Bed) {
  return runStageInProcess(stage, {
    apiUrl: b.emulator.url,
    token: TOKEN,
    repository: REPO,
    inputs: FULL_INPUTS,
    deps: { now: () => b.emulator.state.now() },
  });
}

it('a repository project-sync has repaired is green: drift is exactly what sync would change', async () => {
  bed = await startBed();
  const { state } = bed.emulator;
  const someday = state.addMilestone(REPO, { title: 'Someday' }).number;
  const add = (title: string, labels: string[], milestone: string | null) =>
    state.addIssue(REPO, { title, labels, milestone, created_at: recent, updated_at: recent });
  add('Logging', ['bug'], null); // no codex label, no track label, no milestone, not in the project
  add('Dashboard tiles', ['codex', 'codex-trackmain'], 'Main'); // the other track's label and milestone
  add('Runner refactor', ['codex', 'codex-trackmain'], 'Someday'); // a milestone a person chose

  const before = await runSupervisor(bed);
  expect(before.outputs.verdict).not.toBe('green');

  const sync = await runSync(bed);
  expect(sync.status).toBe('ok');
  // The person's milestone stays: sync does not move it, so it is not drift either.
  expect(state.getIssue(REPO, 3)?.milestone).toBe(someday);

  const after = await runSupervisor(bed);
  expect(after.status).toBe('ok');
  expect(after.outputs.verdict).toBe('green');
  expect((after.telemetry as { reasons: string[] }).reasons).toEqual(['both tracks are green']);
});
