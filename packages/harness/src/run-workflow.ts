import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  type ActionDefinition,
  createFileCommandFiles,
  inputEnvName,
  loadAction,
  readFileCommands,
  resolveInputs,
  runNodePhase,
} from './action.js';
import {
  builtinOverride,
  type CheckoutMode,
  type StepOverride,
  type StepOverrideResult,
} from './builtins.js';
import { Masker } from './commands.js';
import {
  basicEnvironment,
  completeGitHubContext,
  freshRunnerTemp,
  type GitHubContext,
  type RunnerContext,
  runnerContext,
  runnerEnvironment,
  writeEventFile,
} from './context.js';
import {
  type Contexts,
  type EvalOptions,
  evaluateCondition,
  evaluateString,
  evaluateTemplate,
} from './expressions.js';
import { validateWorkflowText } from './parser.js';
import { runProcess } from './process.js';
import {
  type DefaultPermissions,
  expandPermissions,
  type Permissions,
  repositoryDefault,
} from './permissions.js';
import { resolveUsesPath } from './resolve-uses.js';
import { isSelfReference, workflowRepositoryRoot } from './self-reference.js';
import { checkStartup } from './startup-checks.js';

export type { StepOverride, StepOverrideContext, StepOverrideResult } from './builtins.js';
export type { GitHubContext } from './context.js';

type Obj = Record<string, unknown>;
export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped';
export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface StepResult {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  outcome: StepOutcome;
  conclusion: StepOutcome;
  outputs: Record<string, string>;
  /** The step's log as the runner displays it (masked). */
  log: string;
  exitCode: number | null;
  summary: string;
}

export interface JobRecord {
  result: JobResult;
  /** Result before job-level continue-on-error is applied. */
  outcome: JobResult;
  outputs: Record<string, string>;
  steps: StepResult[];
  /** Concatenated step logs. */
  log: string;
  summary: string;
  permissions?: unknown;
  concurrency?: unknown;
  /** For a job that calls a reusable workflow. */
  workflow?: WorkflowResult;
  /** For a matrix job: one record per combination. */
  matrix?: Array<{ values: Obj; record: JobRecord }>;
  /** Why the job failed or was skipped, when the harness knows. */
  error?: string;
}

export interface WorkflowResult {
  conclusion: 'success' | 'failure' | 'cancelled';
  jobs: Record<string, JobRecord>;
  /** Job ids in the order they were processed (skipped jobs included). */
  order: string[];
  /** Outputs of a workflow_call workflow (`on.workflow_call.outputs`). */
  outputs: Record<string, string>;
  artifactsDir: string;
  runnerTemp: string;
  workspace: string;
  permissions?: unknown;
  concurrency?: unknown;
}

export type EventName = 'workflow_dispatch' | 'workflow_call' | 'schedule' | 'pull_request' | 'push';

export interface RunWorkflowOptions {
  workflowPath: string;
  /** The suite's checkout: local and `owner/repo/...@ref` references resolve into it. */
  repoRoot: string;
  event: { name: EventName; payload?: object; inputs?: Record<string, unknown> };
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  github?: Partial<GitHubContext>;
  /** Replace a `uses:` step (third-party actions...). Return undefined to keep the default behaviour. */
  stepOverrides?: (step: Obj, job: { id: string; def: Obj }) => StepOverride | undefined;
  /**
   * Maps a `uses:` reference to a local path (a directory holding action.yml, or a workflow file).
   * Return undefined to fall back to the default: `./x` → `<repoRoot>/x`, and a reusable workflow
   * `owner/repo/x@ref` → `<repoRoot>/x`. `$/x` always resolves in the running workflow's own
   * repository, as on GitHub; an action `owner/repo/x@ref` is never mapped to the checkout by
   * default (that ref is not the code under test).
   */
  resolveUses?: (uses: string, kind: 'action' | 'workflow') => string | undefined;
  /** The repository's default GITHUB_TOKEN permissions (default: restricted, GitHub's default since 2023). */
  defaultPermissions?: DefaultPermissions;
  /**
   * Each job's GITHUB_TOKEN, given the permissions GitHub gives that job (its `permissions:`, else
   * the workflow's, else what its caller granted): a test bed mints one token per job with exactly
   * those. Default: `github.token` for every job.
   */
  jobToken?: (job: { id: string; permissions: Permissions }) => string;
  /** What the built-in actions/checkout does: nothing (default) or copy repoRoot into the workspace. */
  checkout?: CheckoutMode;
  runnerTemp?: string;
  artifactsDir?: string;
  node?: string;
  debug?: boolean;
  /** Step timeout when the step sets no timeout-minutes (default 10 minutes). */
  defaultStepTimeoutMs?: number;
}

interface RunState {
  opts: RunWorkflowOptions;
  runnerTemp: string;
  artifactsDir: string;
  node: string;
  masker: Masker;
  runner: RunnerContext;
  eventPath: string;
  depth: number;
  /** Root of the repository that holds the running workflow: where `$/x` references resolve. */
  ownRoot: string;
  /** The GITHUB_TOKEN permissions that reach this workflow (from its caller, or the repository). */
  grant: Permissions;
}

const STATUS_OK = { success: () => true, failure: () => false, cancelled: () => false };

function asObj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

function stringMap(v: unknown, ctx: Contexts, eo: EvalOptions): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(asObj(v))) out[k] = evaluateString(val, ctx, eo);
  return out;
}

/** Normalises `on:` into a map of event → configuration. */
function triggers(doc: Obj): Record<string, Obj> {
  const on = doc.on ?? doc.true; // YAML 1.1 parsers read a bare `on` as true; `yaml` (1.2) does not
  if (typeof on === 'string') return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [String(e), {}]));
  return Object.fromEntries(Object.entries(asObj(on)).map(([k, v]) => [k, asObj(v)]));
}

/** Applies input definitions (defaults, types, required, choices) to given values. */
function coerceInputs(defs: Obj, given: Record<string, unknown>, ctx: Contexts): Obj {
  const out: Obj = {};
  const givenLower = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, rawDef] of Object.entries(defs)) {
    const def = asObj(rawDef);
    const type = String(def.type ?? 'string');
    let value = givenLower.get(name.toLowerCase());
    if (value === undefined) {
      if (def.default !== undefined) value = evaluateTemplate(def.default, ctx);
      else if (def.required === true) throw new Error(`Input required and not supplied: ${name}`);
    }
    if (type === 'boolean') {
      if (value === undefined) value = false;
      else if (typeof value === 'string') {
        if (!/^(true|false)$/i.test(value))
          throw new Error(`Input '${name}' must be a boolean, got '${value}'`);
        value = value.toLowerCase() === 'true';
      }
    } else if (type === 'number') {
      if (value === undefined) value = 0;
      else if (typeof value !== 'number') {
        const n = Number(value);
        if (Number.isNaN(n)) throw new Error(`Input '${name}' must be a number, got '${String(value)}'`);
        value = n;
      }
    } else {
      value = value === undefined ? '' : typeof value === 'string' ? value : String(value);
      if (type === 'choice' && Array.isArray(def.options) && value !== '' && !def.options.includes(value)) {
        throw new Error(`Input '${name}' must be one of ${JSON.stringify(def.options)}, got '${value}'`);
      }
    }
    out[name] = value;
  }
  for (const [k, v] of Object.entries(given)) {
    if (!Object.keys(defs).some((d) => d.toLowerCase() === k.toLowerCase())) {
      throw new Error(`Unexpected input '${k}': the workflow does not define it`);
    }
    void v;
  }
  return out;
}

/** Orders jobs so every job comes after its `needs` (stable: declaration order otherwise). */
export function orderJobs(jobs: Record<string, Obj>): string[] {
  const ids = Object.keys(jobs);
  const needs = new Map(ids.map((id) => [id, needsOf(jobs[id]!)]));
  for (const [id, ns] of needs) {
    for (const n of ns) if (!(n in jobs)) throw new Error(`Job '${id}' depends on unknown job '${n}'`);
  }
  const done = new Set<string>();
  const order: string[] = [];
  while (order.length < ids.length) {
    const next = ids.find((id) => !done.has(id) && needs.get(id)!.every((n) => done.has(n)));
    if (!next)
      throw new Error(`Jobs have a dependency cycle: ${ids.filter((id) => !done.has(id)).join(', ')}`);
    done.add(next);
    order.push(next);
  }
  return order;
}

function needsOf(job: Obj): string[] {
  const n = job.needs;
  if (n === undefined) return [];
  return Array.isArray(n) ? n.map(String) : [String(n)];
}

function ancestors(jobs: Record<string, Obj>, id: string, seen = new Set<string>()): Set<string> {
  for (const n of needsOf(jobs[id] ?? {})) {
    if (!seen.has(n)) {
      seen.add(n);
      ancestors(jobs, n, seen);
    }
  }
  return seen;
}

function splitCommandLine(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

function shellCommand(shell: string): { template: string; ext: string } {
  switch (shell) {
    case 'bash':
      return { template: 'bash --noprofile --norc -eo pipefail {0}', ext: '.sh' };
    case 'sh':
      return { template: 'sh -e {0}', ext: '.sh' };
    case 'python':
      return { template: 'python {0}', ext: '.py' };
    case 'pwsh':
      return { template: `pwsh -command ". '{0}'"`, ext: '.ps1' };
    default:
      if (!shell.includes('{0}')) return { template: `${shell} {0}`, ext: '' };
      return { template: shell, ext: '' };
  }
}

/** GitHub: "A job matrix can generate a maximum of 256 jobs per workflow run." */
export const MATRIX_LIMIT = 256;

/** Evaluates matrix combinations: cartesian product of the keys, minus `exclude`, plus `include`. */
export function expandMatrix(matrix: Obj): Obj[] {
  const { include, exclude, ...axes } = matrix;
  let combos: Obj[] = [{}];
  for (const [key, values] of Object.entries(axes)) {
    const list = Array.isArray(values) ? values : [values];
    combos = combos.flatMap((c) => list.map((v) => ({ ...c, [key]: v })));
  }
  if (Object.keys(axes).length === 0) combos = [];
  const matches = (combo: Obj, partial: Obj) =>
    Object.entries(partial).every(([k, v]) => JSON.stringify(combo[k]) === JSON.stringify(v));
  if (Array.isArray(exclude)) combos = combos.filter((c) => !exclude.some((e) => matches(c, asObj(e))));
  if (Array.isArray(include)) {
    for (const inc of include.map(asObj)) {
      const axisKeys = Object.keys(axes);
      const onAxes = Object.fromEntries(Object.entries(inc).filter(([k]) => axisKeys.includes(k)));
      const targets = combos.filter((c) => matches(c, onAxes));
      if (Object.keys(axes).length && targets.length && Object.keys(onAxes).length === axisKeys.length) {
        for (const t of targets) Object.assign(t, inc);
      } else if (targets.length && Object.keys(onAxes).length < Object.keys(inc).length) {
        for (const t of targets) {
          for (const [k, v] of Object.entries(inc)) if (!axisKeys.includes(k)) t[k] = v;
        }
      } else {
        combos.push({ ...inc });
      }
    }
  }
  return combos;
}

/** Everything a job's steps share. */
interface JobScope {
  state: RunState;
  jobId: string;
  job: Obj;
  workflow: Obj;
  github: GitHubContext;
  baseContexts: Contexts;
  env: Record<string, string>;
  githubEnv: Record<string, string>;
  extraPath: string[];
  status: 'success' | 'failure' | 'cancelled';
  summary: string;
  /** Post steps still to run at job end, the last registered first. */
  posts: Array<() => Promise<StepResult | undefined>>;
  deadline?: number;
}

/** Steps context of one step list (the job, or a composite action). */
interface StepsScope {
  steps: Record<string, { outputs: Record<string, string>; outcome: StepOutcome; conclusion: StepOutcome }>;
  inputs: Obj;
  actionPath?: string;
  idCounts: Map<string, number>;
}

function stepContexts(scope: JobScope, steps: StepsScope): Contexts {
  return {
    ...scope.baseContexts,
    env: { ...scope.env, ...scope.githubEnv },
    steps: steps.steps,
    inputs: steps.inputs,
    job: { status: scope.status },
  };
}

function statusFns(scope: JobScope): EvalOptions['status'] {
  return {
    success: () => scope.status === 'success',
    failure: () => scope.status === 'failure',
    cancelled: () => scope.status === 'cancelled',
  };
}

interface StepExec {
  exitCode: number | null;
  outputs: Record<string, string>;
  log: string;
  summary: string;
  env: Record<string, string>;
  path: string[];
  timedOut?: boolean;
}

function generatedId(step: Obj, steps: StepsScope): string {
  const base = step.uses
    ? `__${String(step.uses)
        .split('@')[0]!
        .replace(/[^A-Za-z0-9]+/g, '_')
        .replace(/^_+/, '')}`
    : '__run';
  const n = (steps.idCounts.get(base) ?? 0) + 1;
  steps.idCounts.set(base, n);
  return n === 1 ? base : `${base}_${n}`;
}

function processEnv(
  scope: JobScope,
  stepEnv: Record<string, string>,
  stepId: string,
  actionPath?: string,
): Record<string, string> {
  const github = { ...scope.github, action: stepId, action_path: actionPath ?? '' };
  return {
    ...basicEnvironment(scope.state.node, [...scope.extraPath].reverse()),
    ...scope.env,
    ...scope.githubEnv,
    ...stepEnv,
    ...runnerEnvironment(github, scope.state.runner),
    GITHUB_EVENT_PATH: scope.state.eventPath,
  };
}

function stepTimeout(scope: JobScope, step: Obj, ctx: Contexts): number | undefined {
  const eo = { status: statusFns(scope), workspace: scope.github.workspace };
  const minutes =
    step['timeout-minutes'] !== undefined ? Number(evaluateTemplate(step['timeout-minutes'], ctx, eo)) : NaN;
  let ms = Number.isFinite(minutes) ? minutes * 60_000 : (scope.state.opts.defaultStepTimeoutMs ?? 600_000);
  if (scope.deadline !== undefined) ms = Math.min(ms, Math.max(1, scope.deadline - Date.now()));
  return ms;
}

async function execRun(
  scope: JobScope,
  steps: StepsScope,
  step: Obj,
  stepId: string,
  stepEnv: Record<string, string>,
  ctx: Contexts,
  inComposite: boolean,
): Promise<StepExec> {
  const eo = { status: statusFns(scope), workspace: scope.github.workspace };
  const script = evaluateString(step.run, ctx, eo);
  const defaults = asObj(asObj(asObj(scope.job.defaults).run));
  const wfDefaults = asObj(asObj(asObj(scope.workflow.defaults).run));
  const shellName =
    step.shell !== undefined
      ? evaluateString(step.shell, ctx, eo)
      : inComposite
        ? undefined
        : String(defaults.shell ?? wfDefaults.shell ?? 'bash');
  if (!shellName)
    throw new Error('Required property is missing: shell (run steps of composite actions need one)');
  const wdRaw =
    step['working-directory'] ??
    (inComposite ? undefined : (defaults['working-directory'] ?? wfDefaults['working-directory']));
  const cwd =
    wdRaw !== undefined
      ? path.resolve(scope.github.workspace, evaluateString(wdRaw, ctx, eo))
      : scope.github.workspace;
  if (!existsSync(cwd))
    throw new Error(`An error occurred trying to start process: working directory '${cwd}' does not exist`);
  const { template, ext } = shellCommand(shellName);
  const dir = path.join(scope.state.runnerTemp, '_scripts');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${stepId}-${Date.now()}-${Math.random().toString(36).slice(2)}${ext}`);
  writeFileSync(file, script);
  const [command, ...args] = splitCommandLine(template).map((a) => a.replace('{0}', file));
  const files = createFileCommandFiles(scope.state.runnerTemp);
  const proc = await runProcess({
    command: command!,
    args,
    cwd,
    env: { ...processEnv(scope, stepEnv, stepId, steps.actionPath), ...files },
    masker: scope.state.masker,
    debug: scope.state.opts.debug,
    timeoutMs: stepTimeout(scope, step, ctx),
  });
  const fc = readFileCommands(files);
  let log = proc.log;
  for (const e of fc.errors) log += `##[error]${scope.state.masker.mask(e)}\n`;
  const failed = proc.commandFailed || fc.errors.length > 0;
  return {
    exitCode: failed && proc.exitCode === 0 ? 1 : proc.exitCode,
    outputs: { ...proc.commandOutputs, ...fc.outputs },
    log,
    summary: fc.summary,
    env: fc.env,
    path: fc.path,
    timedOut: proc.timedOut,
  };
}

function resolveLocal(state: RunState, uses: string, kind: 'action' | 'workflow'): string | undefined {
  if (kind === 'action' && !isSelfReference(uses) && builtinOverride(uses, 'none')) {
    return state.opts.resolveUses?.(uses, kind);
  }
  return resolveUsesPath(state.opts, state.ownRoot, uses, kind);
}

async function execUses(
  scope: JobScope,
  step: Obj,
  stepId: string,
  stepEnv: Record<string, string>,
  ctx: Contexts,
): Promise<StepExec> {
  const state = scope.state;
  const eo = { status: statusFns(scope), workspace: scope.github.workspace };
  const uses = String(step.uses);
  const withValues = stringMap(step.with, ctx, eo);
  const override =
    state.opts.stepOverrides?.(step, { id: scope.jobId, def: scope.job }) ??
    (uses.startsWith('./') || resolveLocal(state, uses, 'action')
      ? undefined
      : builtinOverride(uses, state.opts.checkout ?? 'none'));
  if (override) {
    // The override stands in for the main process only: a local action's post step still runs.
    const local = uses.startsWith('docker://') ? undefined : resolveLocal(state, uses, 'action');
    if (local) {
      const action = await loadAction(local);
      if (action.runs.post && (action.runs.using === 'node20' || action.runs.using === 'node24')) {
        const { inputs } = resolveInputs(action, withValues, ctx, scope.github.workspace);
        const env = processEnv(scope, stepEnv, stepId, action.dir);
        for (const [k, v] of Object.entries(inputs)) env[inputEnvName(k)] = v;
        registerPost(scope, step, ctx, action, env, () => ({}));
      }
    }
    const lines: string[] = [];
    const res: StepOverrideResult =
      (await override({
        step,
        jobId: scope.jobId,
        inputs: withValues,
        env: processEnv(scope, stepEnv, stepId),
        workspace: scope.github.workspace,
        runnerTemp: state.runnerTemp,
        artifactsDir: state.artifactsDir,
        repoRoot: state.opts.repoRoot,
        log: (l) => lines.push(state.masker.mask(l)),
      })) ?? {};
    return {
      exitCode: res.exitCode ?? 0,
      outputs: res.outputs ?? {},
      log: lines.length ? `${lines.join('\n')}\n` : '',
      summary: res.summary ?? '',
      env: res.env ?? {},
      path: res.path ?? [],
    };
  }
  if (uses.startsWith('docker://'))
    throw new Error(`Docker actions are not supported by the harness: ${uses}`);
  const dir = resolveLocal(state, uses, 'action');
  if (!dir) {
    throw new Error(
      `Unknown action '${uses}': it is neither in the repository checkout nor emulated by the harness. ` +
        'Provide a replacement through stepOverrides.',
    );
  }
  const action = await loadAction(dir);
  const { inputs, warnings } = resolveInputs(action, withValues, ctx, scope.github.workspace);
  const warnLog = warnings.map((w) => `##[warning]${state.masker.mask(w)}\n`).join('');
  if (action.runs.using === 'composite') {
    const res = await runComposite(scope, action, inputs, stepEnv);
    return { ...res, log: warnLog + res.log };
  }
  if (action.runs.using !== 'node20' && action.runs.using !== 'node24') {
    throw new Error(`Unsupported action runtime '${action.runs.using}' in ${action.file}`);
  }
  const env = processEnv(scope, stepEnv, stepId, action.dir);
  for (const [k, v] of Object.entries(inputs)) env[inputEnvName(k)] = v;
  const phase = (p: 'pre' | 'main', extraEnv: Record<string, string> = {}) =>
    runNodePhase({
      action,
      phase: p,
      env: { ...env, ...extraEnv },
      cwd: scope.github.workspace,
      runnerTemp: state.runnerTemp,
      node: state.node,
      masker: state.masker,
      debug: state.opts.debug ?? false,
      timeoutMs: stepTimeout(scope, step, ctx),
    });
  let stateVars: Record<string, string> = {};
  let log = warnLog;
  if (action.runs.pre) {
    const pre = await phase('pre');
    stateVars = { ...pre.process.commandState, ...pre.files.state };
    log += pre.process.log;
    if (pre.process.exitCode !== 0)
      return {
        exitCode: pre.process.exitCode,
        outputs: {},
        log,
        summary: pre.files.summary,
        env: {},
        path: [],
      };
  }
  const main = await phase('main', stateEnv(stateVars));
  stateVars = { ...stateVars, ...main.process.commandState, ...main.files.state };
  if (action.runs.post) registerPost(scope, step, ctx, action, env, () => stateVars);
  for (const e of main.files.errors) log += `##[error]${state.masker.mask(e)}\n`;
  const failed = main.process.commandFailed || main.files.errors.length > 0;
  return {
    exitCode: failed && main.process.exitCode === 0 ? 1 : main.process.exitCode,
    outputs: { ...main.process.commandOutputs, ...main.files.outputs },
    log: log + main.process.log,
    summary: main.files.summary,
    env: main.files.env,
    path: main.files.path,
    timedOut: main.process.timedOut,
  };
}

function stateEnv(state: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
}

/**
 * Registers the post step of an action whose main step ran. As on GitHub: post steps run at job
 * end, last registered first, each when its `post-if` (default `always()`) holds at that point,
 * with the main step's inputs and environment plus STATE_* from what pre and main saved.
 */
function registerPost(
  scope: JobScope,
  step: Obj,
  ctx: Contexts,
  action: ActionDefinition,
  env: Record<string, string>,
  saved: () => Record<string, string>,
): void {
  const state = scope.state;
  const title = `Post ${String(step.name ?? step.id ?? step.uses)}`;
  scope.posts.unshift(async () => {
    const postIf = action.runs['post-if'] ?? 'always()';
    const c = stepContexts(scope, { steps: {}, inputs: {}, idCounts: new Map() });
    if (!evaluateCondition(postIf, c, { status: statusFns(scope) })) return undefined;
    const post = await runNodePhase({
      action,
      phase: 'post',
      env: { ...env, ...stateEnv(saved()) },
      cwd: scope.github.workspace,
      runnerTemp: state.runnerTemp,
      node: state.node,
      masker: state.masker,
      debug: state.opts.debug ?? false,
      // A job that ran out of time still runs its post steps (GitHub's cleanup after a cancel).
      timeoutMs: stepTimeout({ ...scope, deadline: undefined }, step, ctx),
    });
    scope.summary += post.files.summary;
    let log = post.process.log;
    for (const e of post.files.errors) log += `##[error]${state.masker.mask(e)}\n`;
    const failed = post.process.exitCode !== 0 || post.process.commandFailed || post.files.errors.length > 0;
    if (post.process.exitCode !== 0)
      log += `##[error]Process completed with exit code ${post.process.exitCode ?? 'null (killed)'}.\n`;
    if (failed) scope.status = scope.status === 'cancelled' ? 'cancelled' : 'failure';
    const outcome: StepOutcome = failed ? 'failure' : 'success';
    return {
      name: title,
      uses: String(step.uses),
      outcome,
      conclusion: outcome,
      outputs: {},
      log: `##[group]${state.masker.mask(title)}\n##[endgroup]\n${log}`,
      exitCode: post.process.exitCode,
      summary: post.files.summary,
    };
  });
}

async function runComposite(
  scope: JobScope,
  action: ActionDefinition,
  inputs: Record<string, string>,
  stepEnv: Record<string, string>,
): Promise<StepExec> {
  const steps: StepsScope = { steps: {}, inputs, actionPath: action.dir, idCounts: new Map() };
  const savedEnv = scope.env;
  scope.env = { ...scope.env, ...stepEnv };
  const before = { summary: scope.summary, status: scope.status };
  scope.summary = '';
  let log = '';
  try {
    for (const s of action.runs.steps ?? []) {
      const r = await runStep(scope, steps, s, true);
      log += r.log;
    }
  } finally {
    scope.env = savedEnv;
  }
  const failed = scope.status === 'failure' && before.status !== 'failure';
  const summary = scope.summary;
  scope.summary = before.summary;
  if (failed) scope.status = before.status;
  const ctx = { ...stepContexts(scope, steps) };
  const outputs: Record<string, string> = {};
  for (const [name, def] of Object.entries(action.outputs)) {
    outputs[name] = evaluateString(asObj(def).value ?? '', ctx, { workspace: scope.github.workspace });
  }
  return { exitCode: failed ? 1 : 0, outputs, log, summary, env: {}, path: [] };
}

async function runStep(
  scope: JobScope,
  steps: StepsScope,
  step: Obj,
  inComposite = false,
): Promise<StepResult> {
  const state = scope.state;
  const stepId = step.id !== undefined ? String(step.id) : generatedId(step, steps);
  const record: StepResult = {
    id: step.id !== undefined ? String(step.id) : undefined,
    name: step.name !== undefined ? String(step.name) : undefined,
    uses: step.uses !== undefined ? String(step.uses) : undefined,
    run: step.run !== undefined ? String(step.run) : undefined,
    outcome: 'skipped',
    conclusion: 'skipped',
    outputs: {},
    log: '',
    exitCode: null,
    summary: '',
  };
  const eo = { status: statusFns(scope), workspace: scope.github.workspace };
  let ctx = stepContexts(scope, steps);
  let continueOnError = false;
  let run = false;
  try {
    run = evaluateCondition(step.if, ctx, eo);
  } catch (err) {
    record.log = `##[error]${state.masker.mask((err as Error).message)}\n`;
    record.outcome = record.conclusion = 'failure';
    scope.status = scope.status === 'cancelled' ? 'cancelled' : 'failure';
  }
  if (record.outcome !== 'failure' && !run) {
    steps.steps[stepId] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
    return record;
  }
  if (run) {
    try {
      const stepEnv = stringMap(step.env, ctx, eo);
      ctx = { ...ctx, env: { ...asObj(ctx.env), ...stepEnv } };
      continueOnError =
        (step['continue-on-error'] !== undefined &&
          evaluateTemplate(step['continue-on-error'], ctx, eo) === true) ||
        step['continue-on-error'] === 'true';
      const exec =
        step.run !== undefined
          ? await execRun(scope, steps, step, stepId, stepEnv, ctx, inComposite)
          : await execUses(scope, step, stepId, stepEnv, ctx);
      record.exitCode = exec.exitCode;
      record.outputs = exec.outputs;
      record.log = exec.log;
      record.summary = exec.summary;
      record.outcome = exec.exitCode === 0 ? 'success' : 'failure';
      if (exec.exitCode !== 0)
        record.log += `##[error]Process completed with exit code ${exec.exitCode ?? 'null (killed)'}.\n`;
      if (exec.timedOut && scope.deadline !== undefined && Date.now() >= scope.deadline) {
        record.outcome = 'cancelled';
      }
      Object.assign(scope.githubEnv, exec.env);
      scope.extraPath.push(...exec.path);
      scope.summary += exec.summary;
    } catch (err) {
      record.log += `##[error]${state.masker.mask((err as Error).message)}\n`;
      record.outcome = 'failure';
    }
  }
  record.conclusion = record.outcome === 'failure' && continueOnError ? 'success' : record.outcome;
  if (record.conclusion === 'failure') scope.status = scope.status === 'cancelled' ? 'cancelled' : 'failure';
  if (record.outcome === 'cancelled') scope.status = 'cancelled';
  steps.steps[stepId] = { outputs: record.outputs, outcome: record.outcome, conclusion: record.conclusion };
  const title = record.name ?? (record.run ? `Run ${record.run.split('\n')[0]}` : `Run ${record.uses}`);
  record.log = `##[group]${state.masker.mask(title)}\n##[endgroup]\n${record.log}`;
  return record;
}

async function runStepsJob(
  state: RunState,
  jobId: string,
  job: Obj,
  workflow: Obj,
  github: GitHubContext,
  baseContexts: Contexts,
  wfEnv: Record<string, string>,
): Promise<JobRecord> {
  const eo = { status: STATUS_OK, workspace: github.workspace };
  const jobEnv = stringMap(job.env, { ...baseContexts, env: wfEnv }, eo);
  const minutes =
    job['timeout-minutes'] !== undefined
      ? Number(evaluateTemplate(job['timeout-minutes'], baseContexts, eo))
      : NaN;
  const scope: JobScope = {
    state,
    jobId,
    job,
    workflow,
    github: { ...github, job: jobId },
    baseContexts: { ...baseContexts, github: { ...github, job: jobId } },
    env: { ...wfEnv, ...jobEnv },
    githubEnv: {},
    extraPath: [],
    status: 'success',
    summary: '',
    posts: [],
    deadline: Number.isFinite(minutes) ? Date.now() + minutes * 60_000 : undefined,
  };
  const stepsScope: StepsScope = { steps: {}, inputs: asObj(baseContexts.inputs), idCounts: new Map() };
  const results: StepResult[] = [];
  for (const step of (job.steps ?? []) as Obj[]) results.push(await runStep(scope, stepsScope, step));
  for (const post of scope.posts) {
    const result = await post();
    if (result) results.push(result);
  }
  const outputs: Record<string, string> = {};
  let log = results.map((r) => r.log).join('');
  const ctx = stepContexts(scope, stepsScope);
  for (const [name, expr] of Object.entries(asObj(job.outputs))) {
    try {
      const value = evaluateString(expr, ctx, {
        status: statusFns(scope),
        workspace: scope.github.workspace,
      });
      if (state.masker.contains(value)) {
        log += `##[warning]Skip output '${name}' since it may contain secret.\n`;
        continue;
      }
      outputs[name] = value;
    } catch (err) {
      log += `##[error]${state.masker.mask((err as Error).message)}\n`;
      scope.status = 'failure';
    }
  }
  return {
    result: scope.status,
    outcome: scope.status,
    outputs,
    steps: results,
    log,
    summary: scope.summary,
  };
}

async function runCalledWorkflow(
  state: RunState,
  job: Obj,
  github: GitHubContext,
  ctx: Contexts,
  secrets: Record<string, string>,
): Promise<JobRecord> {
  const uses = String(job.uses);
  const file = resolveLocal(state, uses, 'workflow');
  if (!file || !existsSync(file)) throw new Error(`Can't resolve reusable workflow '${uses}'`);
  if (state.depth >= 4) throw new Error(`Reusable workflows nest deeper than 4 levels at '${uses}'`);
  const eo = { status: STATUS_OK, workspace: github.workspace };
  const withValues = asObj(evaluateTemplate(job.with ?? {}, ctx, eo));
  const passed = job.secrets === 'inherit' ? { ...secrets } : stringMap(job.secrets, ctx, eo);
  const inner = await executeWorkflow(
    { ...state, depth: state.depth + 1 },
    file,
    { name: 'workflow_call', inputs: withValues },
    passed,
    github,
  );
  const outcome: JobResult = inner.conclusion;
  return {
    result: outcome,
    outcome,
    outputs: inner.outputs,
    steps: [],
    log: Object.values(inner.jobs)
      .map((j) => j.log)
      .join(''),
    summary: Object.values(inner.jobs)
      .map((j) => j.summary)
      .join(''),
    workflow: inner,
  };
}

async function executeWorkflow(
  state: RunState,
  workflowPath: string,
  event: { name: string; payload?: object; inputs?: Record<string, unknown> },
  secrets: Record<string, string>,
  github: GitHubContext,
): Promise<WorkflowResult> {
  state = { ...state, ownRoot: workflowRepositoryRoot(workflowPath, state.opts.repoRoot) };
  const text = readFileSync(workflowPath, 'utf8');
  const errors = await validateWorkflowText(path.basename(workflowPath), text);
  if (errors.length) throw new Error(`Invalid workflow ${workflowPath}:\n  ${errors.join('\n  ')}`);
  const doc = asObj(parseYaml(text));
  const on = triggers(doc);
  if (!(event.name in on)) {
    throw new Error(
      `Workflow ${workflowPath} is not triggered by '${event.name}' (on: ${Object.keys(on).join(', ')})`,
    );
  }
  const trigger = on[event.name]!;
  const vars = state.opts.vars ?? {};
  const secretsCtx = { ...secrets, GITHUB_TOKEN: github.token };
  const early: Contexts = { github, vars, runner: state.runner };
  const inputs = coerceInputs(asObj(trigger.inputs), event.inputs ?? {}, early);
  const workflowName = String(doc.name ?? path.relative(state.opts.repoRoot, workflowPath));
  const gh: GitHubContext = { ...github, workflow: workflowName };
  const base: Contexts = {
    github: gh,
    vars,
    secrets: secretsCtx,
    inputs,
    runner: state.runner,
    needs: {},
    matrix: {},
    strategy: {},
  };
  const eo = { status: STATUS_OK, workspace: gh.workspace };
  const wfEnv = stringMap(doc.env, base, eo);
  const jobs = Object.fromEntries(Object.entries(asObj(doc.jobs)).map(([k, v]) => [k, asObj(v)]));
  const order = orderJobs(jobs);
  const workflowPermissions = expandPermissions(doc.permissions);
  const records: Record<string, JobRecord> = {};
  for (const id of order) {
    const job = jobs[id]!;
    const needs = Object.fromEntries(
      needsOf(job).map((n) => [n, { result: records[n]!.result, outputs: records[n]!.outputs }]),
    );
    const anc = [...ancestors(jobs, id)];
    const status = {
      success: () => anc.every((a) => records[a]!.result === 'success'),
      failure: () => anc.some((a) => records[a]!.result === 'failure'),
      cancelled: () => false,
    };
    const permissions = expandPermissions(job.permissions) ?? workflowPermissions ?? state.grant;
    const token =
      job.uses === undefined && state.opts.jobToken ? state.opts.jobToken({ id, permissions }) : gh.token;
    state.masker.add(token);
    const jobGh: GitHubContext = { ...gh, token };
    const jobCtx: Contexts = {
      ...base,
      github: jobGh,
      secrets: { ...secretsCtx, GITHUB_TOKEN: token },
      needs,
    };
    const extras = { permissions: job.permissions, concurrency: job.concurrency };
    let run: boolean;
    try {
      run = evaluateCondition(job.if, jobCtx, { status, workspace: gh.workspace });
    } catch (err) {
      records[id] = {
        result: 'failure',
        outcome: 'failure',
        outputs: {},
        steps: [],
        log: '',
        summary: '',
        error: state.masker.mask((err as Error).message),
        ...extras,
      };
      continue;
    }
    if (!run) {
      records[id] = {
        result: 'skipped',
        outcome: 'skipped',
        outputs: {},
        steps: [],
        log: '',
        summary: '',
        ...extras,
      };
      continue;
    }
    const continueOnError = evaluateTemplate(job['continue-on-error'] ?? false, jobCtx, eo);
    let record: JobRecord;
    try {
      const strategy = asObj(job.strategy);
      if (job.uses !== undefined) {
        record = await runCalledWorkflow({ ...state, grant: permissions }, job, gh, jobCtx, secrets);
      } else if (strategy.matrix !== undefined) {
        const combos = expandMatrix(asObj(evaluateTemplate(strategy.matrix, jobCtx, eo)));
        if (combos.length > MATRIX_LIMIT) {
          throw new Error(
            `The matrix of job '${id}' has ${combos.length} combinations: a job matrix can generate a maximum of ${MATRIX_LIMIT} jobs per workflow run.`,
          );
        }
        const failFast =
          strategy['fail-fast'] === undefined
            ? true
            : evaluateTemplate(strategy['fail-fast'], jobCtx, eo) !== false;
        const instances: Array<{ values: Obj; record: JobRecord }> = [];
        let failed = false;
        for (const [index, values] of combos.entries()) {
          if (failed && failFast) {
            instances.push({
              values,
              record: {
                result: 'cancelled',
                outcome: 'cancelled',
                outputs: {},
                steps: [],
                log: '',
                summary: '',
              },
            });
            continue;
          }
          const ctxM = {
            ...jobCtx,
            matrix: values,
            strategy: {
              'fail-fast': failFast,
              'job-index': index,
              'job-total': combos.length,
              'max-parallel': 1,
            },
          };
          const r = await runStepsJob(state, id, job, doc, jobGh, ctxM, wfEnv);
          if (r.result === 'failure') failed = true;
          instances.push({ values, record: r });
        }
        const results = instances.map((i) => i.record.result);
        const agg: JobResult = results.includes('failure')
          ? 'failure'
          : results.includes('cancelled')
            ? 'cancelled'
            : 'success';
        record = {
          result: agg,
          outcome: agg,
          outputs: Object.assign({}, ...instances.map((i) => i.record.outputs)),
          steps: instances.flatMap((i) => i.record.steps),
          log: instances.map((i) => i.record.log).join(''),
          summary: instances.map((i) => i.record.summary).join(''),
          matrix: instances,
        };
      } else {
        record = await runStepsJob(state, id, job, doc, jobGh, jobCtx, wfEnv);
      }
    } catch (err) {
      record = {
        result: 'failure',
        outcome: 'failure',
        outputs: {},
        steps: [],
        log: '',
        summary: '',
        error: state.masker.mask((err as Error).message),
      };
    }
    if (record.outcome === 'failure' && continueOnError === true) record.result = 'success';
    records[id] = { ...record, ...extras };
  }
  const results = Object.values(records).map((r) => r.result);
  const conclusion = results.includes('failure')
    ? 'failure'
    : results.includes('cancelled')
      ? 'cancelled'
      : 'success';
  const outputs: Record<string, string> = {};
  if (event.name === 'workflow_call') {
    const jobsCtx = Object.fromEntries(
      Object.entries(records).map(([k, r]) => [k, { result: r.result, outputs: r.outputs }]),
    );
    for (const [name, def] of Object.entries(asObj(trigger.outputs))) {
      outputs[name] = evaluateString(asObj(def).value ?? '', { ...base, jobs: jobsCtx }, eo);
    }
  }
  return {
    conclusion,
    jobs: records,
    order,
    outputs,
    artifactsDir: state.artifactsDir,
    runnerTemp: state.runnerTemp,
    workspace: gh.workspace,
    permissions: doc.permissions,
    concurrency: doc.concurrency,
  };
}

/** Runs a workflow file locally, job by job in `needs` order, the way GitHub Actions would. */
export async function runWorkflow(opts: RunWorkflowOptions): Promise<WorkflowResult> {
  const refused = checkStartup(path.resolve(opts.workflowPath), opts);
  if (refused.length > 0) {
    throw new Error(`GitHub would refuse to start ${opts.workflowPath}:\n  ${refused.join('\n  ')}`);
  }
  const runnerTemp = path.resolve(opts.runnerTemp ?? freshRunnerTemp());
  const artifactsDir = path.resolve(opts.artifactsDir ?? path.join(runnerTemp, '_artifacts'));
  mkdirSync(artifactsDir, { recursive: true });
  const secrets = opts.secrets ?? {};
  const token = opts.github?.token ?? secrets.GITHUB_TOKEN ?? '';
  const partial: Partial<GitHubContext> = {
    ...opts.github,
    token,
    event_name: opts.github?.event_name ?? opts.event.name,
  };
  const github = completeGitHubContext(partial, runnerTemp);
  const payload: Obj = { ...asObj(opts.event.payload) };
  if (opts.event.name === 'workflow_dispatch' && payload.inputs === undefined) {
    payload.inputs = Object.fromEntries(
      Object.entries(opts.event.inputs ?? {}).map(([k, v]) => [k, String(v)]),
    );
  }
  payload.repository ??= {
    full_name: github.repository,
    name: github.repository.split('/')[1],
    owner: { login: github.repository_owner },
  };
  payload.sender ??= { login: github.actor };
  github.event = payload;
  const masker = new Masker();
  masker.add(token);
  for (const v of Object.values(secrets)) masker.add(v);
  const state: RunState = {
    opts,
    runnerTemp,
    artifactsDir,
    node: opts.node ?? process.execPath,
    masker,
    runner: runnerContext(runnerTemp, github.workspace, opts.debug ?? false),
    eventPath: writeEventFile(runnerTemp, payload),
    depth: 0,
    ownRoot: path.resolve(opts.repoRoot),
    grant: repositoryDefault(opts.defaultPermissions ?? 'restricted'),
  };
  return executeWorkflow(state, path.resolve(opts.workflowPath), opts.event, secrets, github);
}
