import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The `github` context (snake_case, as workflows see it). */
export interface GitHubContext {
  token: string;
  repository: string;
  repository_owner: string;
  repository_id: string;
  run_id: string;
  run_number: string;
  run_attempt: string;
  event_name: string;
  event: Record<string, unknown>;
  api_url: string;
  server_url: string;
  graphql_url: string;
  workspace: string;
  ref: string;
  ref_name: string;
  ref_type: string;
  sha: string;
  actor: string;
  triggering_actor: string;
  job: string;
  workflow: string;
  workflow_ref: string;
  head_ref: string;
  base_ref: string;
  action: string;
  action_path: string;
  action_repository: string;
  action_ref: string;
  retention_days: string;
}

/** The `runner` context. */
export interface RunnerContext {
  name: string;
  os: string;
  arch: string;
  temp: string;
  tool_cache: string;
  debug: string;
  environment: string;
  workspace: string;
}

export function graphqlUrlFor(apiUrl: string): string {
  const trimmed = apiUrl.replace(/\/+$/, '');
  if (/\/api\/v3$/.test(trimmed)) return trimmed.replace(/\/api\/v3$/, '/api/graphql');
  return `${trimmed}/graphql`;
}

/** Creates a fresh runner temp directory. */
export function freshRunnerTemp(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'harness-runner-'));
}

/** Fills a partial github context with the values a hosted runner would have. */
export function completeGitHubContext(partial: Partial<GitHubContext>, runnerTemp: string): GitHubContext {
  const repository = partial.repository ?? 'octo-org/octo-repo';
  const apiUrl = (partial.api_url ?? 'https://api.github.com').replace(/\/+$/, '');
  const ref = partial.ref ?? 'refs/heads/main';
  const workspace = partial.workspace ?? path.join(runnerTemp, '_workspace');
  mkdirSync(workspace, { recursive: true });
  return {
    token: partial.token ?? '',
    repository,
    repository_owner: partial.repository_owner ?? repository.split('/')[0] ?? '',
    repository_id: partial.repository_id ?? '1',
    run_id: String(partial.run_id ?? '1'),
    run_number: String(partial.run_number ?? '1'),
    run_attempt: String(partial.run_attempt ?? '1'),
    event_name: partial.event_name ?? 'workflow_dispatch',
    event: partial.event ?? {},
    api_url: apiUrl,
    server_url: (partial.server_url ?? 'https://github.com').replace(/\/+$/, ''),
    graphql_url: partial.graphql_url ?? graphqlUrlFor(apiUrl),
    workspace,
    ref,
    ref_name: partial.ref_name ?? ref.replace(/^refs\/(heads|tags)\//, ''),
    ref_type: partial.ref_type ?? (ref.startsWith('refs/tags/') ? 'tag' : 'branch'),
    sha: partial.sha ?? '0000000000000000000000000000000000000000',
    actor: partial.actor ?? 'octocat',
    triggering_actor: partial.triggering_actor ?? partial.actor ?? 'octocat',
    job: partial.job ?? '',
    workflow: partial.workflow ?? '',
    workflow_ref: partial.workflow_ref ?? '',
    head_ref: partial.head_ref ?? '',
    base_ref: partial.base_ref ?? '',
    action: partial.action ?? '',
    action_path: partial.action_path ?? '',
    action_repository: partial.action_repository ?? '',
    action_ref: partial.action_ref ?? '',
    retention_days: partial.retention_days ?? '90',
  };
}

export function runnerContext(runnerTemp: string, workspace: string, debug: boolean): RunnerContext {
  const toolCache = path.join(runnerTemp, '_tool');
  mkdirSync(toolCache, { recursive: true });
  return {
    name: 'harness-runner',
    os: 'Linux',
    arch: 'X64',
    temp: runnerTemp,
    tool_cache: toolCache,
    debug: debug ? '1' : '',
    environment: 'self-hosted',
    workspace: path.dirname(workspace),
  };
}

/** Environment variables the runner derives from its contexts. */
export function runnerEnvironment(github: GitHubContext, runner: RunnerContext): Record<string, string> {
  const env: Record<string, string> = {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTION: github.action,
    GITHUB_ACTION_PATH: github.action_path,
    GITHUB_ACTION_REPOSITORY: github.action_repository,
    GITHUB_ACTION_REF: github.action_ref,
    GITHUB_ACTOR: github.actor,
    GITHUB_TRIGGERING_ACTOR: github.triggering_actor,
    GITHUB_API_URL: github.api_url,
    GITHUB_SERVER_URL: github.server_url,
    GITHUB_GRAPHQL_URL: github.graphql_url,
    GITHUB_REPOSITORY: github.repository,
    GITHUB_REPOSITORY_OWNER: github.repository_owner,
    GITHUB_REPOSITORY_ID: github.repository_id,
    GITHUB_RUN_ID: github.run_id,
    GITHUB_RUN_NUMBER: github.run_number,
    GITHUB_RUN_ATTEMPT: github.run_attempt,
    GITHUB_EVENT_NAME: github.event_name,
    GITHUB_WORKSPACE: github.workspace,
    GITHUB_SHA: github.sha,
    GITHUB_REF: github.ref,
    GITHUB_REF_NAME: github.ref_name,
    GITHUB_REF_TYPE: github.ref_type,
    GITHUB_HEAD_REF: github.head_ref,
    GITHUB_BASE_REF: github.base_ref,
    GITHUB_JOB: github.job,
    GITHUB_WORKFLOW: github.workflow,
    GITHUB_WORKFLOW_REF: github.workflow_ref,
    GITHUB_RETENTION_DAYS: github.retention_days,
    RUNNER_NAME: runner.name,
    RUNNER_OS: runner.os,
    RUNNER_ARCH: runner.arch,
    RUNNER_TEMP: runner.temp,
    RUNNER_TOOL_CACHE: runner.tool_cache,
    RUNNER_ENVIRONMENT: runner.environment,
    RUNNER_WORKSPACE: runner.workspace,
  };
  if (runner.debug) env.RUNNER_DEBUG = '1';
  return env;
}

const BASIC_ENV = ['HOME', 'TMPDIR', 'TMP', 'TEMP', 'LANG', 'LC_ALL', 'TZ', 'USER', 'LOGNAME', 'SYSTEMROOT'];

/** The few variables of the parent process a spawned step may see, with the chosen node first on PATH. */
export function basicEnvironment(nodeBinary: string, extraPath: string[] = []): Record<string, string> {
  const env: Record<string, string> = {};
  for (const k of BASIC_ENV) {
    const v = process.env[k];
    if (v !== undefined) env[k] = v;
  }
  const parts = [...extraPath, path.dirname(nodeBinary), ...(process.env.PATH ?? '').split(path.delimiter)];
  env.PATH = [...new Set(parts.filter((p) => p !== ''))].join(path.delimiter);
  return env;
}

/** Writes the event payload where GITHUB_EVENT_PATH points. */
export function writeEventFile(runnerTemp: string, event: unknown): string {
  const dir = path.join(runnerTemp, '_github_workflow');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'event.json');
  writeFileSync(file, JSON.stringify(event ?? {}, null, 2));
  return file;
}
