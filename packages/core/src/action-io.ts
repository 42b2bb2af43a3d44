import { EOL } from 'node:os';
import { logLine, logText } from './log-safe.js';
import { fitSummary, STEP_SUMMARY_LIMIT_BYTES } from './markdown-safe.js';
import * as commands from './workflow-commands.js';

export interface AnnotationProps {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly endLine?: number;
}

/**
 * Everything a stage exchanges with the runner, behind one interface so the runner can be
 * driven in-process by tests (the same idea as actions/cache's injected state provider).
 */
export interface ActionIO {
  getInput(name: string): string;
  getEnv(name: string): string | undefined;
  setOutput(name: string, value: string): void;
  /** state for this action's post step (it reads it as `STATE_<name>`) */
  saveState(name: string, value: string): void;
  setSecret(value: string): void;
  info(message: string): void;
  debug(message: string): void;
  warning(message: string, props?: AnnotationProps): void;
  error(message: string, props?: AnnotationProps): void;
  notice(message: string, props?: AnnotationProps): void;
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  appendSummary(markdown: string): Promise<void>;
  setFailed(message: string): void;
}

/**
 * The runner's real I/O, as @actions/core writes it (core/workflow-commands.ts, which does not load
 * @actions/core itself).
 */
export function actionsCoreIO(env: NodeJS.ProcessEnv = process.env): ActionIO {
  return {
    getInput: (name) => commands.getInput(name),
    getEnv: (name) => env[name],
    setOutput: (name, value) => commands.setOutput(name, value),
    saveState: (name, value) => commands.saveState(name, value),
    setSecret: (value) => commands.issueCommand('add-mask', {}, value),
    info: (message) => {
      process.stdout.write(`${message}${EOL}`);
    },
    debug: (message) => commands.issueCommand('debug', {}, message),
    warning: (message, props) => commands.annotate('warning', message, props),
    error: (message, props) => commands.annotate('error', message, props),
    notice: (message, props) => commands.annotate('notice', message, props),
    group: (name, fn) => commands.group(name, fn),
    appendSummary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await commands.appendSummary(markdown);
    },
    setFailed: (message) => {
      process.exitCode = 1;
      commands.annotate('error', message);
    },
  };
}

/**
 * The one way out to the log and the job summary. Every message, annotation title and group name
 * is made inert ({@link logLine}: one line, no workflow command), annotation messages line by
 * line ({@link logText}); the summary is kept under GitHub's per-step limit, cut with a note. The
 * runner hands stages only an ActionIO wrapped in this, so no stage prints around it.
 */
export function safeOutputIO(inner: ActionIO, summaryLimitBytes = STEP_SUMMARY_LIMIT_BYTES): ActionIO {
  const props = (p: AnnotationProps | undefined): AnnotationProps | undefined =>
    p?.title === undefined ? p : { ...p, title: logLine(p.title) };
  let summaryBytes = 0;
  return {
    ...inner,
    info: (message) => inner.info(logLine(message)),
    debug: (message) => inner.debug(logLine(message)),
    warning: (message, p) => inner.warning(logText(message), props(p)),
    error: (message, p) => inner.error(logText(message), props(p)),
    notice: (message, p) => inner.notice(logText(message), props(p)),
    group: (name, fn) => inner.group(logLine(name), fn),
    setFailed: (message) => inner.setFailed(logText(message)),
    appendSummary: async (markdown) => {
      const fitted = fitSummary(markdown, summaryLimitBytes - summaryBytes);
      if (fitted === '') return;
      summaryBytes += Buffer.byteLength(fitted, 'utf8');
      await inner.appendSummary(fitted);
    },
  };
}

/**
 * Wraps an ActionIO so that no secret it knows of can leave through it, whatever a message
 * contains (the runner masks registered secrets too; this is the second line).
 */
export function redactingIO(inner: ActionIO, secrets: () => readonly string[]): ActionIO {
  const clean = (text: string) => redact(text, secrets());
  return {
    ...inner,
    setOutput: (name, value) => inner.setOutput(name, clean(value)),
    info: (message) => inner.info(clean(message)),
    debug: (message) => inner.debug(clean(message)),
    warning: (message, props) => inner.warning(clean(message), props),
    error: (message, props) => inner.error(clean(message), props),
    notice: (message, props) => inner.notice(clean(message), props),
    appendSummary: (markdown) => inner.appendSummary(clean(markdown)),
    setFailed: (message) => inner.setFailed(clean(message)),
  };
}

/** Whether `redact` removes this secret: shorter ones would blank out ordinary text. */
export function redactable(secret: string): boolean {
  return secret.length >= 4;
}

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (redactable(secret)) result = result.split(secret).join('***');
  }
  return result;
}
