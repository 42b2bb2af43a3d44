import { spawn } from 'node:child_process';
import { type Masker, parseCommandLine, type WorkflowCommand } from './commands.js';

export interface ProcessResult {
  exitCode: number | null;
  signal?: string;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  /** Output as the runner displays it: masked, workflow commands rendered or hidden. */
  log: string;
  commands: WorkflowCommand[];
  /** Values from the deprecated `::set-output` / `::save-state` commands. */
  commandOutputs: Record<string, string>;
  commandState: Record<string, string>;
  /** A command the runner refuses (set-env/add-path without opt-in) fails the step. */
  commandFailed: boolean;
  durationMs: number;
}

export interface SpawnOptions {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  masker: Masker;
  debug?: boolean;
  timeoutMs?: number;
  /** Grace period between SIGTERM and SIGKILL on timeout. */
  killGraceMs?: number;
}

/** Spawns a process, streams its output through workflow-command processing and masking. */
export function runProcess(opts: SpawnOptions): Promise<ProcessResult> {
  const started = Date.now();
  const result: ProcessResult = {
    exitCode: null,
    timedOut: false,
    stdout: '',
    stderr: '',
    log: '',
    commands: [],
    commandOutputs: {},
    commandState: {},
    commandFailed: false,
    durationMs: 0,
  };
  const masker = opts.masker;
  const logLines: string[] = [];
  let stopToken: string | undefined;
  let echo = false;
  const allowUnsecure = (opts.env.ACTIONS_ALLOW_UNSECURE_COMMANDS ?? '').toLowerCase() === 'true';

  const handleLine = (line: string, stream: 'stdout' | 'stderr') => {
    if (stopToken !== undefined) {
      if (line.trim() === `::${stopToken}::`) {
        stopToken = undefined;
        return;
      }
      logLines.push(masker.mask(line));
      return;
    }
    const cmd = parseCommandLine(line, stream);
    if (!cmd) {
      logLines.push(masker.mask(line));
      return;
    }
    if (cmd.command === 'add-mask') {
      if (cmd.message.trim() === '') logLines.push("##[warning]Can't add secret mask for empty string.");
      masker.add(cmd.message);
    }
    const recorded: WorkflowCommand = {
      ...cmd,
      message: masker.mask(cmd.message),
      properties: Object.fromEntries(Object.entries(cmd.properties).map(([k, v]) => [k, masker.mask(v)])),
    };
    result.commands.push(recorded);
    if (echo) logLines.push(masker.mask(line));
    switch (cmd.command) {
      case 'debug':
        if (opts.debug) logLines.push(`##[debug]${recorded.message}`);
        break;
      case 'error':
      case 'warning':
      case 'notice': {
        const where = cmd.properties.file
          ? ` (${recorded.properties.file}${cmd.properties.line ? `:${cmd.properties.line}` : ''})`
          : '';
        const title = cmd.properties.title ? `${recorded.properties.title}: ` : '';
        logLines.push(`##[${cmd.command}]${title}${recorded.message}${where}`);
        break;
      }
      case 'group':
        logLines.push(`##[group]${recorded.message}`);
        break;
      case 'endgroup':
        logLines.push('##[endgroup]');
        break;
      case 'echo':
        echo = cmd.message.trim().toLowerCase() === 'on';
        break;
      case 'stop-commands':
        if (cmd.message !== '') stopToken = cmd.message;
        break;
      case 'set-output':
        if (cmd.properties.name) result.commandOutputs[cmd.properties.name] = cmd.message;
        logLines.push(
          '##[warning]The `set-output` command is deprecated and will be disabled soon. Please upgrade to using Environment Files.',
        );
        break;
      case 'save-state':
        if (cmd.properties.name) result.commandState[cmd.properties.name] = cmd.message;
        break;
      case 'set-env':
      case 'add-path':
        if (!allowUnsecure) {
          result.commandFailed = true;
          logLines.push(`##[error]Unable to process command '${masker.mask(line.trim())}' successfully.`);
          logLines.push(
            `##[error]The \`${cmd.command}\` command is disabled. Use Environment Files, or set ACTIONS_ALLOW_UNSECURE_COMMANDS=true.`,
          );
        }
        break;
      default:
        break;
    }
  };

  return new Promise((resolve, reject) => {
    const child = spawn(opts.command, opts.args, {
      cwd: opts.cwd,
      env: opts.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const partial = { stdout: '', stderr: '' };
    // The runner reads lines with .NET's ReadLine: LF, CR and CRLF each end a line. A CR at the
    // end of a chunk waits for the next one, which may start with its LF.
    const onData = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      result[stream] += text;
      const lines = (partial[stream] + text).split(/\r\n|\r(?!$)|\n/);
      partial[stream] = lines.pop() ?? '';
      for (const l of lines) handleLine(l, stream);
    };
    child.stdout.on('data', onData('stdout'));
    child.stderr.on('data', onData('stderr'));

    let killTimer: NodeJS.Timeout | undefined;
    const kill = (signal: NodeJS.Signals) => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, signal);
      } catch {
        child.kill(signal);
      }
    };
    const timer =
      opts.timeoutMs !== undefined && opts.timeoutMs > 0
        ? setTimeout(() => {
            result.timedOut = true;
            kill('SIGTERM');
            killTimer = setTimeout(() => kill('SIGKILL'), opts.killGraceMs ?? 2000);
          }, opts.timeoutMs)
        : undefined;

    child.on('error', (err) => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      reject(new Error(`Could not start ${opts.command}: ${err.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      for (const stream of ['stdout', 'stderr'] as const) {
        const rest = partial[stream].endsWith('\r') ? partial[stream].slice(0, -1) : partial[stream];
        if (rest !== '') handleLine(rest, stream);
      }
      result.exitCode = code;
      if (signal) result.signal = signal;
      if (result.timedOut) {
        logLines.push(`##[error]The action has timed out after ${opts.timeoutMs} ms.`);
      }
      result.log = logLines.length ? `${logLines.join('\n')}\n` : '';
      result.durationMs = Date.now() - started;
      resolve(result);
    });
  });
}
