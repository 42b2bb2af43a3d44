import { type GeneratorOptions, generateRepository } from './generator.js';
import type {
  EmulatorState,
  IssueInput,
  LabelInput,
  MilestoneInput,
  PullRequestInput,
  RepoOptions,
} from './state.js';
import type { ProjectRef, TokenInput } from './types.js';

/** A JSON description of an emulator's starting state (see README.md). */
export interface Scenario {
  tokens?: Array<TokenInput & { token: string }>;
  repos?: ScenarioRepo[];
  projects?: Array<ProjectRef & { title: string; items?: Array<{ repo: string; number: number }> }>;
}

export interface ScenarioRepo extends RepoOptions {
  /** "owner/name" */
  name: string;
  labels?: LabelInput[];
  milestones?: MilestoneInput[];
  issues?: Array<
    IssueInput & { comments?: Array<string | { body: string; user?: string }>; deleted?: boolean }
  >;
  pullRequests?: PullRequestInput[];
  variables?: Record<string, string>;
  /** branch -> { path: content } committed in one commit per branch. */
  branches?: Record<string, Record<string, string>>;
  generate?: GeneratorOptions;
}

export function loadScenario(state: EmulatorState, scenario: Scenario): void {
  for (const { token, ...input } of scenario.tokens ?? []) state.addToken(token, input);
  for (const spec of scenario.repos ?? []) {
    const { name, labels, milestones, issues, pullRequests, variables, branches, generate, ...options } =
      spec;
    const repo = state.addRepo(name, options);
    for (const label of labels ?? []) state.addLabel(repo, label);
    for (const milestone of milestones ?? []) state.addMilestone(repo, milestone);
    for (const { comments, deleted, ...input } of issues ?? []) {
      const issue = state.addIssue(repo, input);
      const updatedAt = issue.updatedAt;
      for (const comment of comments ?? []) {
        if (typeof comment === 'string') state.addComment(repo, issue.number, comment);
        else state.addComment(repo, issue.number, comment.body, comment.user);
      }
      // Seeded comments keep the seeded updated_at.
      if (input.updated_at !== undefined) issue.updatedAt = updatedAt;
      if (deleted) state.deleteIssue(repo, issue.number);
    }
    for (const pull of pullRequests ?? []) state.addPullRequest(repo, pull);
    for (const [key, value] of Object.entries(variables ?? {})) state.setVariable(repo, key, value);
    for (const [branch, files] of Object.entries(branches ?? {}))
      state.writeFiles(repo, branch, files, `Seed ${branch}`);
    if (generate) generateRepository(state, repo.fullName, generate);
  }
  for (const { items, ...project } of scenario.projects ?? []) {
    const record = state.addProject(project);
    for (const item of items ?? []) {
      const issue = state.getIssue(item.repo, item.number);
      if (!issue) throw new Error(`scenario: project item ${item.repo}#${item.number} does not exist`);
      state.addProjectItem(record, issue);
    }
  }
}
