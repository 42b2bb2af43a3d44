import path from 'node:path';
import { loadAction, type NodePhaseResult, resolveInputs, inputEnvName, runNodePhase } from './action.js';
import { Masker, type WorkflowCommand } from './commands.js';
import {
  basicEnvironment,
  completeGitHubContext,
  freshRunnerTemp,
  type GitHubContext,
  runnerContext,
  runnerEnvironment,
  writeEventFile,
} from './context.js';
import { evaluateCondition, evaluateString, evaluateTemplate } from './expressions.js';
import { type Annotation, processAnnotations } from './runner-limits.js';

export type { GitHubContext } from './context.js';
export type { WorkflowCommand } from './commands.js';
export type { Annotation } from './runner-limits.js';

export interface RunActionOptions {
  /** Folder holding action.yml, e.g. `<repo>/actions/cleaner`. */
  actionDir: string;
  /** Inputs as written under `with:` (expressions in them are evaluated). */
  inputs?: Record<string, string>;
  /** Extra environment (job env, step env). Cannot override GITHUB_* / RUNNER_* set by the runner. */
  env?: Record<string, string>;
  github?: Partial<GitHubContext>;
  /** Default: a fresh temp dir per call. */
  runnerTemp?: string;
  timeoutMs?: number;
  /** Node binary; default process.execPath. */
  node?: string;
  /** Sets RUNNER_DEBUG=1 and shows ::debug:: lines in the log. */
  debug?: boolean;
  /** Extra values to mask (secrets). The token is always masked. */
  secrets?: string[];
  /** Working directory of the process; default the workspace. */
  cwd?: string;
}

export interface ActionResult {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  outputs: Record<string, string>;
  summary: string;
  /** The annotations GitHub shows for this action: at most 10 of each level per phase (step). */
  annotations: Annotation[];
  /** Variables the action wrote to GITHUB_ENV. */
  envFile: Record<string, string>;
  /** Directories the action wrote to GITHUB_PATH. */
  pathFile: string[];
  /** Values saved to GITHUB_STATE (passed to the post script as STATE_*). */
  state: Record<string, string>;
  /** Raw process output (not masked). */
  stdout: string;
  stderr: string;
  /** What the runner would display: masked, workflow commands rendered (`##[error]...`) or hidden. */
  log: string;
  commands: WorkflowCommand[];
  /** Values registered with ::add-mask:: (plus the token and given secrets). */
  masked: string[];
  /** Runner warnings (unexpected inputs, deprecated inputs, file-command errors). */
  warnings: string[];
  durationMs: number;
  runnerTemp: string;
  /** The INPUT_* values the action received (masked). */
  inputs: Record<string, string>;
  /** Results of the pre/post scripts, when the action has them. */
  phases: { phase: 'pre' | 'main' | 'post'; exitCode: number | null; log: string }[];
}

/** Runs a node20/node24 JavaScript action the way the GitHub Actions runner does. */
export async function runAction(opts: RunActionOptions): Promise<ActionResult> {
  const started = Date.now();
  const action = await loadAction(opts.actionDir);
  if (action.runs.using !== 'node20' && action.runs.using !== 'node24') {
    throw new Error(
      `runAction supports runs.using node20/node24; ${action.file} uses '${action.runs.using}'. ` +
        'Composite actions run through runWorkflow.',
    );
  }
  const runnerTemp = path.resolve(opts.runnerTemp ?? freshRunnerTemp());
  const node = opts.node ?? process.execPath;
  const debug = opts.debug ?? false;
  const github = completeGitHubContext(
    { action: '__run_action', action_path: action.dir, ...opts.github },
    runnerTemp,
  );
  const runner = runnerContext(runnerTemp, github.workspace, debug);
  const masker = new Masker();
  masker.add(github.token);
  for (const s of opts.secrets ?? []) masker.add(s);

  const env = { ...(opts.env ?? {}) };
  const contexts = { github, runner, env, job: { status: 'success' }, steps: {}, inputs: {} };
  const given = evaluateTemplate(opts.inputs ?? {}, contexts, { workspace: github.workspace }) as Record<
    string,
    unknown
  >;
  const givenStrings = Object.fromEntries(
    Object.entries(given).map(([k, v]) => [k, evaluateString(v, contexts)]),
  );
  const { inputs, warnings } = resolveInputs(action, givenStrings, contexts, github.workspace);

  const baseEnv: Record<string, string> = {
    ...basicEnvironment(node),
    ...env,
    ...runnerEnvironment(github, runner),
    GITHUB_EVENT_PATH: writeEventFile(runnerTemp, github.event),
  };
  for (const [k, v] of Object.entries(inputs)) baseEnv[inputEnvName(k)] = v;

  const phases: NodePhaseResult[] = [];
  let state: Record<string, string> = {};
  const runPhase = async (phase: 'pre' | 'main' | 'post') => {
    const stateEnv = Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
    const res = await runNodePhase({
      action,
      phase,
      env: { ...baseEnv, ...stateEnv },
      cwd: opts.cwd ?? github.workspace,
      runnerTemp,
      node,
      masker,
      debug,
      timeoutMs: opts.timeoutMs,
    });
    state = { ...state, ...res.process.commandState, ...res.files.state };
    phases.push(res);
    return res;
  };

  let main: NodePhaseResult | undefined;
  const pre = action.runs.pre ? await runPhase('pre') : undefined;
  if (!pre || pre.process.exitCode === 0) main = await runPhase('main');
  const primary = main ?? pre!;
  // post-if (default always()) sees the job status the main step left.
  const failed = primary.process.exitCode !== 0 || primary.process.commandFailed;
  const postIf = action.runs['post-if'] ?? 'always()';
  const status = failed ? 'failure' : 'success';
  if (
    main &&
    action.runs.post &&
    evaluateCondition(postIf, { ...contexts, job: { status } }, { status: statusOf(status) })
  )
    await runPhase('post');

  for (const p of phases) warnings.push(...p.files.errors);
  const failedByCommand = primary.process.commandFailed || primary.files.errors.length > 0;
  const warningLines = warnings.map((w) => `##[warning]${masker.mask(w)}\n`).join('');
  const summaryErrors = phases.flatMap((p) =>
    p.files.summaryError ? [`##[error]${p.files.summaryError}\n`] : [],
  );
  const annotations = phases.flatMap((p) => processAnnotations(p.process.commands, p.files.summaryError));
  return {
    exitCode: failedByCommand && primary.process.exitCode === 0 ? 1 : primary.process.exitCode,
    signal: primary.process.signal,
    timedOut: primary.process.timedOut,
    outputs: { ...primary.process.commandOutputs, ...primary.files.outputs },
    summary: phases.map((p) => p.files.summary).join(''),
    annotations,
    envFile: Object.assign({}, ...phases.map((p) => p.files.env)),
    pathFile: phases.flatMap((p) => p.files.path),
    state,
    stdout: phases.map((p) => p.process.stdout).join(''),
    stderr: phases.map((p) => p.process.stderr).join(''),
    log: warningLines + phases.map((p) => p.process.log).join('') + summaryErrors.join(''),
    commands: phases.flatMap((p) => p.process.commands),
    masked: masker.list(),
    warnings: warnings.map((w) => masker.mask(w)),
    durationMs: Date.now() - started,
    runnerTemp,
    inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, masker.mask(v)])),
    phases: phases.map((p) => ({ phase: p.phase, exitCode: p.process.exitCode, log: p.process.log })),
  };
}

function statusOf(status: 'success' | 'failure') {
  return {
    success: () => status === 'success',
    failure: () => status === 'failure',
    cancelled: () => false,
  };
}
