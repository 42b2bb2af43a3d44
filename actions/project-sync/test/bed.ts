import { ISSUE_INDEX_PATH, type IssueIndex, parseIssueIndex } from '@codex-suite/core/issues/issue-index';
import { validateTelemetry } from '@codex-suite/core/telemetry/validate';
import { type Emulator, type EmulatorOptions, startEmulator } from '@codex-suite/emulator/server';
import { type InProcessRun, runStageInProcess } from '@codex-suite/harness/in-process';
import { expect } from 'vitest';
import { stage } from '../src/stage.js';

export const TOKEN = 'ghs_project_sync_token_000000000000000';
export const REPO = 'octo-org/widgets';
export const PROJECT = { owner: 'org' as const, login: 'octo-org', number: 1 };
export const PROJECT_INPUT = 'orgs/octo-org/projects/1';
export const START = Date.parse('2025-03-01T12:00:00Z');

export const ROUTES = {
  list: 'GET /repos/{owner}/{repo}/issues',
  get: 'GET /repos/{owner}/{repo}/issues/{issue_number}',
  patch: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}',
  items: 'GET /orgs/{org}/projectsV2/{project_number}/items',
  addItem: 'POST /orgs/{org}/projectsV2/{project_number}/items',
} as const;

export interface Bed {
  readonly emulator: Emulator;
  readonly milestones: { main: number; dashboard: number; internal: number };
}

/** A repository with the contract's labels and milestones and an organisation project. */
export async function startBed(options: EmulatorOptions = {}): Promise<Bed> {
  const emulator = await startEmulator({ clock: () => new Date(START), secondaryLimit: false, ...options });
  const { state } = emulator;
  state.addToken(TOKEN, {
    login: 'codex-bot',
    permissions: { issues: 'write', contents: 'write', pull_requests: 'write', projects: 'write' },
  });
  state.addRepo(REPO);
  for (const name of ['codex', 'codex-trackmain', 'codex-trackdashboard', 'codex-selftest', 'bug'])
    state.addLabel(REPO, { name });
  const internal = state.addMilestone(REPO, { title: 'Codex Internal' }).number;
  const main = state.addMilestone(REPO, { title: 'Main' }).number;
  const dashboard = state.addMilestone(REPO, { title: 'Dashboard' }).number;
  state.addProject({ ...PROJECT, title: 'Codex Dual-Track Development' });
  return { emulator, milestones: { main, dashboard, internal } };
}

export const FULL_INPUTS = {
  'main-milestone': 'Main',
  'dashboard-milestone': 'Dashboard',
  project: PROJECT_INPUT,
  publish: 'none',
};

export async function runSync(
  bed: Bed,
  inputs: Record<string, string> = FULL_INPUTS,
  env: Record<string, string> = {},
): Promise<InProcessRun> {
  const run = await runStageInProcess(stage, {
    apiUrl: bed.emulator.url,
    token: TOKEN,
    repository: REPO,
    inputs,
    env,
    // The stage's clock follows the emulator's, so index ages are measured on one timeline.
    deps: { now: () => bed.emulator.state.now() },
  });
  const validation = validateTelemetry(run.telemetry ?? {});
  expect(validation.errors).toEqual([]);
  return run;
}

/** Requests the emulator answered on one route template. */
export function requests(bed: Bed, route: string) {
  return bed.emulator.log.filter((entry) => entry.route === route);
}

export function writes(bed: Bed) {
  return bed.emulator.log.filter((entry) => entry.write);
}

export function labelsOf(bed: Bed, number: number): string[] {
  return (bed.emulator.state.getIssue(REPO, number)?.labels ?? []).map((l) => l.name);
}

export function milestoneOf(bed: Bed, number: number): number | null {
  return bed.emulator.state.getIssue(REPO, number)?.milestone ?? null;
}

export function inProject(bed: Bed, number: number): boolean {
  const issue = bed.emulator.state.getIssue(REPO, number);
  return issue !== undefined && bed.emulator.state.findProject(PROJECT)!.byIssue.has(issue.id);
}

export function savedIndex(bed: Bed): IssueIndex | undefined {
  const text = bed.emulator.state.readFile(REPO, 'gh-pages', ISSUE_INDEX_PATH);
  return text === undefined ? undefined : parseIssueIndex(text, REPO).index;
}

// biome-ignore lint/suspicious/noExplicitAny: telemetry is plain JSON
export function telemetry(run: InProcessRun): any {
  return run.telemetry;
}
