/** An emulated repository with a movable clock, for the activity tests. */
import { REQUIRED_LABELS } from '@codex-suite/core/contract';
import { type Emulator, startEmulator } from '@codex-suite/emulator/server';
import { runStageInProcess } from '@codex-suite/harness/in-process';
import { stage } from '../src/stage.js';

export const REPO = 'octo-org/widgets';
export const WRITER = 'ghs_activity_writer_token_0000000000001';
export const DAY = 86_400_000;
export const START = Date.parse('2025-06-15T12:00:00.000Z');

export interface Bed {
  readonly emulator: Emulator;
  /** moves the emulator's clock (and the stage's) forward */
  advance(ms: number): void;
  now(): Date;
  /** ISO time `days` before now */
  ago(days: number, ms?: number): string;
  close(): Promise<void>;
}

/** `start`: the emulator's clock at the beginning (a bundled stage runs on the real clock). */
export async function startBed(start = START): Promise<Bed> {
  let now = start;
  const emulator = await startEmulator({ clock: () => new Date(now), secondaryLimit: false });
  const { state } = emulator;
  state.addToken(WRITER, {
    login: 'codex-bot',
    permissions: { issues: 'write', contents: 'write', pull_requests: 'write', projects: 'write' },
  });
  const repo = state.addRepo(REPO);
  for (const label of REQUIRED_LABELS) state.addLabel(repo, label);
  for (const title of ['Codex Internal', 'Sprint 1', 'Dashboard']) state.addMilestone(repo, { title });
  state.writeFiles(repo, 'gh-pages', { 'telemetry/.gitkeep': '' }, 'init pages');
  return {
    emulator,
    advance: (ms) => {
      now += ms;
    },
    now: () => new Date(now),
    ago: (days, ms = 0) => new Date(now - days * DAY - ms).toISOString(),
    close: () => emulator.close(),
  };
}

export function runActivity(bed: Bed, inputs: Record<string, string> = {}, env: Record<string, string> = {}) {
  return runStageInProcess(stage, {
    apiUrl: bed.emulator.url,
    token: WRITER,
    repository: REPO,
    inputs: { publish: 'none', ...inputs },
    env,
    deps: { now: () => bed.now() },
  });
}

/** Requests that changed something, as `METHOD route`. */
export function writesIn(emulator: Emulator): string[] {
  return emulator.log.filter((e) => e.write).map((e) => e.route ?? `${e.method} ${e.path}`);
}

export function labelsOf(emulator: Emulator, number: number): string[] {
  return (emulator.state.getIssue(REPO, number)?.labels ?? []).map((l) => l.name).sort();
}
