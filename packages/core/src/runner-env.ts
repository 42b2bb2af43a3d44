/** What the Actions runner tells a step about its run, read once. */
export interface RunnerEnv {
  readonly apiUrl: string;
  readonly serverUrl: string;
  readonly graphqlUrl: string;
  readonly runId: string;
  readonly runAttempt: number;
  readonly eventName: string;
  readonly eventPath: string | undefined;
  readonly runnerTemp: string;
  readonly workspace: string | undefined;
  readonly repository: string | undefined;
}

export function readRunnerEnv(get: (name: string) => string | undefined): RunnerEnv {
  const apiUrl = (get('GITHUB_API_URL') || 'https://api.github.com').replace(/\/+$/, '');
  const attempt = Number.parseInt(get('GITHUB_RUN_ATTEMPT') ?? '1', 10);
  return {
    apiUrl,
    serverUrl: (get('GITHUB_SERVER_URL') || 'https://github.com').replace(/\/+$/, ''),
    graphqlUrl: get('GITHUB_GRAPHQL_URL') || `${apiUrl}/graphql`,
    runId: get('GITHUB_RUN_ID') || `local-${Date.now()}`,
    runAttempt: Number.isFinite(attempt) && attempt > 0 ? attempt : 1,
    eventName: get('GITHUB_EVENT_NAME') || 'workflow_dispatch',
    eventPath: get('GITHUB_EVENT_PATH') || undefined,
    runnerTemp: get('RUNNER_TEMP') || '/tmp',
    workspace: get('GITHUB_WORKSPACE') || undefined,
    repository: get('GITHUB_REPOSITORY') || undefined,
  };
}

/** `<run_id>` with `-<attempt>` when the attempt is above 1 (contract: telemetry file names). */
export function runKey(env: Pick<RunnerEnv, 'runId' | 'runAttempt'>): string {
  return env.runAttempt > 1 ? `${env.runId}-${env.runAttempt}` : env.runId;
}
