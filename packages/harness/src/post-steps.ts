/** Post steps of actions: registered when their main step runs, run at job end. */
import { type ActionDefinition, runNodePhase } from './action.js';
import { type Contexts, evaluateCondition } from './expressions.js';
import { type JobScope, stepContexts, statusFns, stepTimeout } from './job-scope.js';
import { processAnnotations } from './runner-limits.js';
import type { Obj, StepOutcome } from './workflow-model.js';

export function stateEnv(state: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(state).map(([k, v]) => [`STATE_${k}`, v]));
}

/**
 * Registers the post step of an action whose main step ran. As on GitHub: post steps run at job
 * end, last registered first, each when its `post-if` (default `always()`) holds at that point,
 * with the main step's inputs and environment plus STATE_* from what pre and main saved.
 */
export function registerPost(
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
      annotations: processAnnotations(post.process.commands, post.files.summaryError),
    };
  });
}
