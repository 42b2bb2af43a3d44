import { expect, it } from 'vitest';
import { busiestProfile } from '../../scripts/lib/bench/profile-run.js';

it("takes the stage thread's CPU profile: the busiest, not the waiting main thread's", () => {
  const main = { file: 'CPU.1.0.001.cpuprofile', summary: { sampledMs: 30_000, idleMs: 29_900, top: [] } };
  const stage = { file: 'CPU.1.1.002.cpuprofile', summary: { sampledMs: 29_000, idleMs: 25_000, top: [] } };
  expect(busiestProfile([main, stage])).toBe(stage);
  expect(busiestProfile([stage, main])).toBe(stage);
  expect(busiestProfile([])).toBeUndefined();
});
