/** A `run:` step: its shell, working directory and script, run as a process. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createFileCommandFiles, readFileCommands } from './action.js';
import { type Contexts, evaluateString } from './expressions.js';
import {
  type JobScope,
  processEnv,
  type StepExec,
  type StepsScope,
  statusFns,
  stepTimeout,
} from './job-scope.js';
import { runProcess } from './process.js';
import { processAnnotations } from './runner-limits.js';
import { asObj, type Obj } from './workflow-model.js';

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

export async function execRun(
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
    annotations: processAnnotations(proc.commands, fc.summaryError),
  };
}
