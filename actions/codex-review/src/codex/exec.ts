import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';

/**
 * `codex exec` run non-interactively: stdin closed (Codex otherwise waits on it), the JSON event
 * stream and stderr captured to files, the final message written by `-o`, and a hard timeout
 * that kills the whole process group (the node launcher and the native binary under it).
 */
export interface CodexExecOptions {
  /** the CLI's node entry (bin/codex.js) */
  readonly entry: string;
  readonly prompt: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly lastMessageFile: string;
  readonly eventsFile: string;
  readonly stderrFile: string;
  readonly timeoutMs: number;
  /** extra arguments before the prompt (e.g. `-m model`) */
  readonly extraArgs?: readonly string[];
  /** called once the process has started (tests read /proc/<pid>/environ) */
  readonly onSpawn?: (pid: number) => void;
}

export interface CodexExecResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly durationMs: number;
  readonly pid: number | null;
  /** why the turn failed, from the event stream (`turn.failed` / `error`) or the spawn error */
  readonly failure: string | null;
  readonly args: readonly string[];
}

export function codexExecArgs(
  lastMessageFile: string,
  prompt: string,
  extra: readonly string[] = [],
): string[] {
  return [
    'exec',
    '--skip-git-repo-check',
    '--ephemeral',
    '-s',
    'read-only',
    '--json',
    '-o',
    lastMessageFile,
    ...extra,
    // `--` so a prompt that starts with a dash is never read as an option.
    '--',
    prompt,
  ];
}

export async function runCodexExec(options: CodexExecOptions): Promise<CodexExecResult> {
  const args = codexExecArgs(options.lastMessageFile, options.prompt, options.extraArgs);
  const started = Date.now();
  const events = createWriteStream(options.eventsFile);
  const stderr = createWriteStream(options.stderrFile);
  const child = spawn(process.execPath, [options.entry, ...args], {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  let timedOut = false;
  let spawnError: string | null = null;
  const killGroup = (signal: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      if (process.platform === 'win32') child.kill(signal);
      else process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  child.stdout.pipe(events);
  child.stderr.pipe(stderr);
  let killTimer: NodeJS.Timeout | undefined;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup('SIGTERM');
    killTimer = setTimeout(() => killGroup('SIGKILL'), 2_000);
  }, options.timeoutMs);

  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('error', (error) => {
      spawnError = error.message;
      resolve({ code: null, signal: null });
    });
    child.once('close', (c, s) => resolve({ code: c, signal: s }));
  });
  clearTimeout(timer);
  // The launcher is gone; make sure nothing it started outlives the step.
  killGroup('SIGKILL');
  if (killTimer) clearTimeout(killTimer);
  await Promise.all([closeStream(events), closeStream(stderr)]);

  const failure =
    spawnError ??
    (timedOut
      ? `Codex did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped.`
      : null) ??
    (code !== 0
      ? ((await failureFromEvents(options.eventsFile)) ?? `Codex exited with ${signal ?? `code ${code}`}.`)
      : null);
  return {
    exitCode: code,
    signal,
    timedOut,
    durationMs: Date.now() - started,
    pid: child.pid ?? null,
    failure,
    args,
  };
}

function closeStream(stream: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => stream.end(() => resolve()));
}

/** The last failure message of a `--json` event stream (`turn.failed`, then `error`). */
export async function failureFromEvents(eventsFile: string): Promise<string | undefined> {
  const text = await readFile(eventsFile, 'utf8').catch(() => '');
  let failed: string | undefined;
  let error: string | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const event = JSON.parse(line) as { type?: string; message?: string; error?: { message?: string } };
      if (event.type === 'turn.failed' && event.error?.message) failed = event.error.message;
      else if (event.type === 'error' && event.message) error = event.message;
    } catch {
      // not an event line
    }
  }
  return failed ?? error;
}
