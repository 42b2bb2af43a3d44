import { readFileSync } from 'node:fs';

/** A workflow command an action wrote to stdout/stderr (`::name key=value::data`). */
export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
  stream: 'stdout' | 'stderr';
}

const KNOWN_COMMANDS = new Set([
  'set-env',
  'set-output',
  'save-state',
  'add-path',
  'add-mask',
  'debug',
  'warning',
  'error',
  'notice',
  'group',
  'endgroup',
  'echo',
  'stop-commands',
  'add-matcher',
  'remove-matcher',
]);

function unescapeData(s: string): string {
  return s.replace(/%0D/gi, '\r').replace(/%0A/gi, '\n').replace(/%25/g, '%');
}

function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/gi, '\r')
    .replace(/%0A/gi, '\n')
    .replace(/%3A/gi, ':')
    .replace(/%2C/gi, ',')
    .replace(/%25/g, '%');
}

/** Parses one output line as a `::command props::data` workflow command, or returns undefined. */
export function parseCommandLine(
  line: string,
  stream: 'stdout' | 'stderr' = 'stdout',
  extraCommands: ReadonlySet<string> = new Set(),
): WorkflowCommand | undefined {
  const text = line.trimStart();
  if (!text.startsWith('::')) return undefined;
  const end = text.indexOf('::', 2);
  if (end < 0) return undefined;
  const info = text.slice(2, end);
  const space = info.indexOf(' ');
  const command = space < 0 ? info : info.slice(0, space);
  if (!KNOWN_COMMANDS.has(command) && !extraCommands.has(command)) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')
      .filter((p) => p !== '')) {
      const eq = pair.indexOf('=');
      if (eq > 0 && eq < pair.length - 1)
        properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
    }
  }
  return { command, properties, message: unescapeData(text.slice(end + 2)), stream };
}

/** Replaces registered secret values by `***`, as the runner's log masker does. */
export class Masker {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value === undefined) return;
    for (const candidate of [value, ...value.split(/\r?\n/)]) {
      const v = candidate.trim() === '' ? '' : candidate;
      if (v === '') continue;
      this.values.add(v);
      const json = JSON.stringify(v).slice(1, -1);
      if (json !== v) this.values.add(json);
    }
  }

  list(): string[] {
    return [...this.values];
  }

  mask(text: string): string {
    if (this.values.size === 0 || text === '') return text;
    let out = text;
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(v).join('***');
    return out;
  }

  contains(text: string): boolean {
    for (const v of this.values) if (text.includes(v)) return true;
    return false;
  }
}

/** Names the runner refuses to take from GITHUB_ENV. */
const BLOCKED_ENV = new Set(['NODE_OPTIONS']);

/**
 * Parses a file-command file (GITHUB_OUTPUT, GITHUB_ENV, GITHUB_STATE) the runner's way:
 * `name=value` lines and `name<<DELIMITER` heredocs; later values win.
 */
export function parseKeyValueFile(content: string, kind = 'file'): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = content.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    const eq = line.indexOf('=');
    const heredoc = line.indexOf('<<');
    let key: string;
    let value: string;
    if (eq >= 0 && (heredoc < 0 || eq < heredoc)) {
      key = line.slice(0, eq);
      value = line.slice(eq + 1);
    } else if (heredoc >= 0) {
      key = line.slice(0, heredoc);
      const delimiter = line.slice(heredoc + 2);
      if (key === '' || delimiter === '') throw new Error(`Invalid format '${line}' in ${kind}`);
      const body: string[] = [];
      let closed = false;
      for (i++; i < lines.length; i++) {
        if (lines[i] === delimiter) {
          closed = true;
          break;
        }
        body.push(lines[i]!);
      }
      if (!closed) throw new Error(`Invalid value in ${kind}. Matching delimiter not found '${delimiter}'`);
      value = body.join('\n');
    } else {
      throw new Error(`Invalid format '${line}' in ${kind}`);
    }
    if (key === '') throw new Error(`Invalid format '${line}' in ${kind}: empty name`);
    out[key] = value;
  }
  return out;
}

export function readKeyValueFile(file: string, kind: string): Record<string, string> {
  return parseKeyValueFile(readFileSync(file, 'utf8'), kind);
}

/** Parses GITHUB_ENV, dropping the names the runner blocks. Returns the values and warnings. */
export function readEnvFile(file: string): { env: Record<string, string>; blocked: string[] } {
  const env = readKeyValueFile(file, 'GITHUB_ENV');
  const blocked = Object.keys(env).filter((k) => BLOCKED_ENV.has(k.toUpperCase()));
  for (const k of blocked) delete env[k];
  return { env, blocked };
}

/** Parses GITHUB_PATH: one directory per non-empty line. */
export function readPathFile(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.replace(/\r$/, '').trim())
    .filter((l) => l !== '');
}

/** `text` split into lines as the runner reads them (.NET ReadLine: LF, CR and CRLF end a line). */
export function runnerLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/**
 * The lines of `stdout` the runner would act on as workflow commands: a `::command::` line (after
 * leading white space) or a line holding the legacy `##[` form anywhere.
 */
export function commandLines(stdout: string): { line: string; command: WorkflowCommand | undefined }[] {
  return runnerLines(stdout)
    .map((line) => ({ line, command: parseCommandLine(line) }))
    .filter(({ line, command }) => command !== undefined || line.includes('##['));
}
