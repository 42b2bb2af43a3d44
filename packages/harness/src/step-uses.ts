/** A `uses:` step: an override or built-in, a composite action, or a JavaScript action's pre and main. */
import { type ActionDefinition, inputEnvName, loadAction, resolveInputs, runNodePhase } from './action.js';
import { builtinOverride, type StepOverrideResult } from './builtins.js';
import type { Contexts } from './expressions.js';
import { type JobScope, processEnv, type StepExec, statusFns, stepTimeout } from './job-scope.js';
import { registerPost, stateEnv } from './post-steps.js';
import { resolveUsesPath } from './resolve-uses.js';
import { type Annotation, processAnnotations } from './runner-limits.js';
import { isSelfReference } from './self-reference.js';
import { type Obj, type RunState, stringMap } from './workflow-model.js';

/** Runs the steps of a composite action (step.ts; passed in so this file does not import it). */
export type RunComposite = (
  scope: JobScope,
  action: ActionDefinition,
  inputs: Record<string, string>,
  stepEnv: Record<string, string>,
) => Promise<StepExec>;

export function resolveLocal(state: RunState, uses: string, kind: 'action' | 'workflow'): string | undefined {
  if (kind === 'action' && !isSelfReference(uses) && builtinOverride(uses, 'none')) {
    return state.opts.resolveUses?.(uses, kind);
  }
  return resolveUsesPath(state.opts, state.ownRoot, uses, kind);
}

export async function execUses(
  scope: JobScope,
  step: Obj,
  stepId: string,
  stepEnv: Record<string, string>,
  ctx: Contexts,
  runComposite: RunComposite,
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
  const annotations: Annotation[] = [];
  if (action.runs.pre) {
    const pre = await phase('pre');
    annotations.push(...processAnnotations(pre.process.commands, pre.files.summaryError));
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
        annotations,
      };
  }
  const main = await phase('main', stateEnv(stateVars));
  annotations.push(...processAnnotations(main.process.commands, main.files.summaryError));
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
    annotations,
  };
}
