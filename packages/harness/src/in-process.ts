import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActionIO, AnnotationProps } from '@codex-suite/core/action-io';
import { type RunnerDeps, type StageRunResult, runStage } from '@codex-suite/core/runner';
import type { StageDefinition } from '@codex-suite/core/stage';

export interface InProcessRun extends StageRunResult {
  readonly outputs: Record<string, string>;
  /** what the stage saved for its post step */
  readonly state: Record<string, string>;
  readonly summary: string;
  /** every line logged, with its level */
  readonly logs: readonly { level: string; message: string; props?: AnnotationProps }[];
  readonly secrets: readonly string[];
  readonly failed: string | undefined;
  readonly runnerTemp: string;
}

/**
 * Runs a stage in this process with a recording ActionIO: fast, and lets tests look at every
 * output, summary and log line. The bundled path (`node dist/<stage>/index.js`) is covered by
 * runAction; this drives the same runStage.
 */
export async function runStageInProcess(
  stage: StageDefinition<any, any>,
  options: {
    inputs?: Record<string, string>;
    env?: Record<string, string | undefined>;
    apiUrl?: string;
    token?: string;
    repository?: string;
    runId?: string;
    deps?: Omit<RunnerDeps, 'io' | 'env'>;
  } = {},
): Promise<InProcessRun> {
  const runnerTemp = await mkdtemp(join(tmpdir(), 'codex-stage-'));
  const inputs: Record<string, string> = {
    'github-token': options.token ?? '',
    repository: options.repository ?? '',
    'telemetry-dir': join(runnerTemp, 'codex-telemetry'),
    'write-interval-ms': '0',
    ...options.inputs,
  };
  const env: NodeJS.ProcessEnv = {
    GITHUB_API_URL: options.apiUrl,
    GITHUB_RUN_ID: options.runId ?? String(Math.floor(Math.random() * 1e9)),
    GITHUB_RUN_ATTEMPT: '1',
    RUNNER_TEMP: runnerTemp,
    CODEX_RETRY_BASE_MS: '20',
    ...options.env,
  };
  const recording = recordingIO(inputs, env);
  const result = await runStage(stage, { ...options.deps, io: recording.io, env });
  const { outputs, state, logs, secrets } = recording;
  return {
    ...result,
    outputs,
    state,
    summary: recording.summary,
    logs,
    secrets,
    failed: recording.failed,
    runnerTemp,
  };
}

export interface RecordingIO {
  readonly io: ActionIO;
  readonly outputs: Record<string, string>;
  readonly state: Record<string, string>;
  /** every line logged, with its level */
  readonly logs: { level: string; message: string; props?: AnnotationProps }[];
  readonly secrets: string[];
  /** the job summary written so far */
  readonly summary: string;
  readonly failed: string | undefined;
}

/** An ActionIO that reads inputs from a map and keeps everything the stage writes. */
export function recordingIO(inputs: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): RecordingIO {
  const outputs: Record<string, string> = {};
  const state: Record<string, string> = {};
  const logs: RecordingIO['logs'] = [];
  const secrets: string[] = [];
  let summary = '';
  let failed: string | undefined;
  const log = (level: string) => (message: string, props?: AnnotationProps) =>
    logs.push(props ? { level, message, props } : { level, message });
  const io: ActionIO = {
    getInput: (name) => inputs[name] ?? '',
    getEnv: (name) => env[name],
    setOutput: (name, value) => {
      outputs[name] = value;
    },
    saveState: (name, value) => {
      state[name] = value;
    },
    setSecret: (value) => secrets.push(value),
    info: log('info'),
    debug: log('debug'),
    warning: log('warning'),
    error: log('error'),
    notice: log('notice'),
    group: async (_name, fn) => fn(),
    appendSummary: async (markdown) => {
      summary += markdown;
    },
    setFailed: (message) => {
      failed = message;
      logs.push({ level: 'error', message });
    },
  };
  return {
    io,
    outputs,
    state,
    logs,
    secrets,
    get summary() {
      return summary;
    },
    get failed() {
      return failed;
    },
  };
}
