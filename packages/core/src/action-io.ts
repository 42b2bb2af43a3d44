import * as core from '@actions/core';

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

/** The runner's real I/O through @actions/core. */
export function actionsCoreIO(env: NodeJS.ProcessEnv = process.env): ActionIO {
  return {
    getInput: (name) => core.getInput(name),
    getEnv: (name) => env[name],
    setOutput: (name, value) => core.setOutput(name, value),
    setSecret: (value) => core.setSecret(value),
    info: (message) => core.info(message),
    debug: (message) => core.debug(message),
    warning: (message, props) => core.warning(message, props),
    error: (message, props) => core.error(message, props),
    notice: (message, props) => core.notice(message, props),
    group: (name, fn) => core.group(name, fn),
    appendSummary: async (markdown) => {
      if (!env.GITHUB_STEP_SUMMARY) return;
      await core.summary.addRaw(markdown, true).write();
    },
    setFailed: (message) => core.setFailed(message),
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

export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length >= 4) result = result.split(secret).join('***');
  }
  return result;
}
