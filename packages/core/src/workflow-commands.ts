import { randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { access, appendFile } from 'node:fs/promises';
import { appendFileSync, existsSync } from 'node:fs';
import { EOL } from 'node:os';

/**
 * What a stage tells the runner, written exactly as @actions/core 3 writes it: workflow commands
 * on stdout (`::name key=value::message`), outputs and state through the runner's files
 * (`GITHUB_OUTPUT`, `GITHUB_STATE`, heredoc-delimited), the job summary appended to
 * `GITHUB_STEP_SUMMARY`. @actions/core itself is not loaded: it loads @actions/http-client and
 * undici at the top for its OIDC client, about 11 MB of every stage's memory for a client no stage
 * uses. A test holds these functions to @actions/core's output, byte for byte.
 */

export interface CommandProperties {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
  readonly endLine?: number;
  readonly startColumn?: number;
  readonly endColumn?: number;
}

/** @actions/core's `toCommandValue`: a string as it is, nothing as '', anything else as JSON. */
function commandValue(input: unknown): string {
  if (input === null || input === undefined) return '';
  if (typeof input === 'string' || input instanceof String) return String(input);
  return JSON.stringify(input);
}

function escapeData(value: unknown): string {
  return commandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(value: unknown): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A workflow command on stdout; properties without a value are left out. */
export function issueCommand(command: string, properties: Record<string, unknown>, message: unknown): void {
  let text = `::${command}`;
  const set = Object.entries(properties).filter(([, value]) => value);
  if (Object.keys(properties).length > 0) {
    text += ` ${set.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}`;
  }
  process.stdout.write(`${text}::${escapeData(message)}${EOL}`);
}

/** An annotation's properties under the names the runner reads. */
function annotation(props: CommandProperties | undefined): Record<string, unknown> {
  if (!props || Object.keys(props).length === 0) return {};
  return {
    title: props.title,
    file: props.file,
    line: props.startLine,
    endLine: props.endLine,
    col: props.startColumn,
    endColumn: props.endColumn,
  };
}

export function annotate(
  kind: 'error' | 'warning' | 'notice',
  message: string | Error,
  props?: CommandProperties,
): void {
  issueCommand(kind, annotation(props), message instanceof Error ? message.toString() : message);
}

/** `name<<delimiter` … `delimiter` in the runner's file `GITHUB_<command>`, or the stdout command without one. */
function keyValue(
  fileCommand: 'OUTPUT' | 'STATE',
  stdoutCommand: string,
  name: string,
  value: unknown,
): void {
  const file = process.env[`GITHUB_${fileCommand}`] || '';
  if (!file) {
    if (fileCommand === 'OUTPUT') process.stdout.write(EOL);
    issueCommand(stdoutCommand, { name }, commandValue(value));
    return;
  }
  const delimiter = `ghadelimiter_${randomUUID()}`;
  const text = commandValue(value);
  if (name.includes(delimiter))
    throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
  if (text.includes(delimiter))
    throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
  if (!existsSync(file)) throw new Error(`Missing file at path: ${file}`);
  appendFileSync(file, `${name}<<${delimiter}${EOL}${text}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' });
}

/** An action input (`INPUT_<NAME>`, spaces as `_`, upper case), trimmed. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim();
}

export function setOutput(name: string, value: unknown): void {
  keyValue('OUTPUT', 'set-output', name, value);
}

export function saveState(name: string, value: unknown): void {
  keyValue('STATE', 'save-state', name, value);
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name);
  try {
    return await fn();
  } finally {
    issueCommand('endgroup', {}, '');
  }
}

/** Appends a line of markdown to the job summary, as `core.summary.addRaw(text, true).write()` does. */
export async function appendSummary(markdown: string): Promise<void> {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (!file) {
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.',
    );
  }
  try {
    await access(file, constants.R_OK | constants.W_OK);
  } catch {
    throw new Error(
      `Unable to access summary file: '${file}'. Check if the file has correct read/write permissions.`,
    );
  }
  await appendFile(file, `${markdown}${EOL}`, { encoding: 'utf8' });
}
