import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  type Masker,
  readEnvFile,
  readKeyValueFile,
  readPathFile,
  type WorkflowCommand,
} from './commands.js';
import { type Contexts, evaluateString } from './expressions.js';
import { validateActionText } from './parser.js';
import { type ProcessResult, runProcess } from './process.js';

export interface ActionInput {
  id: string;
  default?: string;
  required: boolean;
  deprecationMessage?: string;
}

export interface ActionDefinition {
  dir: string;
  file: string;
  name: string;
  inputs: ActionInput[];
  outputs: Record<string, { description?: string; value?: string }>;
  runs: {
    using: string;
    main?: string;
    pre?: string;
    post?: string;
    'pre-if'?: string;
    'post-if'?: string;
    steps?: Record<string, unknown>[];
  };
}

/** Reads and validates `action.yml` (or `action.yaml`) in a directory. */
export async function loadAction(actionDir: string): Promise<ActionDefinition> {
  const dir = path.resolve(actionDir);
  const file = ['action.yml', 'action.yaml'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
  if (!file) throw new Error(`Can't find 'action.yml' or 'action.yaml' under '${dir}'.`);
  const text = readFileSync(file, 'utf8');
  const errors = await validateActionText(path.basename(file), text);
  if (errors.length) throw new Error(`Invalid action definition ${file}:\n  ${errors.join('\n  ')}`);
  const doc = parseYaml(text) as Record<string, unknown>;
  const inputs = Object.entries((doc.inputs ?? {}) as Record<string, Record<string, unknown> | null>).map(
    ([id, def]): ActionInput => ({
      id,
      default: def?.default === undefined || def.default === null ? undefined : String(def.default),
      required: def?.required === true || def?.required === 'true',
      deprecationMessage: def?.deprecationMessage === undefined ? undefined : String(def.deprecationMessage),
    }),
  );
  return {
    dir,
    file,
    name: String(doc.name ?? path.basename(dir)),
    inputs,
    outputs: (doc.outputs ?? {}) as ActionDefinition['outputs'],
    runs: doc.runs as ActionDefinition['runs'],
  };
}

/** The runner's environment-variable name for an input. */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/**
 * Resolves the inputs of a step the runner's way: given values (already evaluated) plus the
 * evaluated defaults of the declared inputs. Returns warnings for unexpected/deprecated inputs.
 */
export function resolveInputs(
  action: ActionDefinition,
  given: Record<string, string>,
  contexts: Contexts,
  workspace: string,
): { inputs: Record<string, string>; warnings: string[] } {
  const inputs: Record<string, string> = { ...given };
  const warnings: string[] = [];
  const declared = new Map(action.inputs.map((i) => [i.id.toLowerCase(), i]));
  const unexpected = Object.keys(given).filter((k) => !declared.has(k.toLowerCase()));
  if (unexpected.length) {
    warnings.push(
      `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${action.inputs.map((i) => i.id).join("', '")}']`,
    );
  }
  const givenLower = new Set(Object.keys(given).map((k) => k.toLowerCase()));
  for (const input of action.inputs) {
    if (givenLower.has(input.id.toLowerCase())) {
      if (input.deprecationMessage) {
        warnings.push(`Input '${input.id}' has been deprecated with message: ${input.deprecationMessage}`);
      }
      continue;
    }
    inputs[input.id] =
      input.default === undefined ? '' : evaluateString(input.default, contexts, { workspace });
  }
  return { inputs, warnings };
}

/** Fresh, empty file-command files for one step, as the runner creates them before the step starts. */
export interface FileCommandFiles {
  GITHUB_OUTPUT: string;
  GITHUB_ENV: string;
  GITHUB_STATE: string;
  GITHUB_PATH: string;
  GITHUB_STEP_SUMMARY: string;
}

let fileCounter = 0;

export function createFileCommandFiles(runnerTemp: string): FileCommandFiles {
  const dir = path.join(runnerTemp, '_runner_file_commands');
  mkdirSync(dir, { recursive: true });
  const suffix = `${process.pid}_${Date.now()}_${++fileCounter}`;
  const make = (name: string) => {
    const file = path.join(dir, `${name}_${suffix}`);
    writeFileSync(file, '');
    return file;
  };
  return {
    GITHUB_OUTPUT: make('set_output'),
    GITHUB_ENV: make('set_env'),
    GITHUB_STATE: make('save_state'),
    GITHUB_PATH: make('add_path'),
    GITHUB_STEP_SUMMARY: make('step_summary'),
  };
}

export interface FileCommandResults {
  outputs: Record<string, string>;
  env: Record<string, string>;
  state: Record<string, string>;
  path: string[];
  summary: string;
  /** the runner's error when the summary was over its limit and dropped */
  summaryError?: string;
  errors: string[];
}

/** The runner's limit for one step's summary ("supports content up to a size of 1024k"). */
const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024;

/** Reads the file-command files after a step ends. Malformed content becomes an error (the step fails). */
export function readFileCommands(files: FileCommandFiles): FileCommandResults {
  const res: FileCommandResults = { outputs: {}, env: {}, state: {}, path: [], summary: '', errors: [] };
  const attempt = (fn: () => void) => {
    try {
      fn();
    } catch (err) {
      res.errors.push((err as Error).message);
    }
  };
  attempt(() => {
    res.outputs = readKeyValueFile(files.GITHUB_OUTPUT, 'GITHUB_OUTPUT');
  });
  attempt(() => {
    const { env, blocked } = readEnvFile(files.GITHUB_ENV);
    res.env = env;
    for (const b of blocked)
      res.errors.push(`Can't store ${b} output parameter using '$GITHUB_ENV' command.`);
  });
  attempt(() => {
    res.state = readKeyValueFile(files.GITHUB_STATE, 'GITHUB_STATE');
  });
  attempt(() => {
    res.path = readPathFile(files.GITHUB_PATH);
  });
  attempt(() => {
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8');
    const size = Buffer.byteLength(summary, 'utf8');
    // The runner drops a step's whole summary above 1024 KiB, with an error annotation.
    if (size > STEP_SUMMARY_LIMIT_BYTES) {
      res.summaryError = `$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of 1024k, got ${Math.ceil(size / 1024)}k.`;
    } else {
      res.summary = summary;
    }
  });
  return res;
}

export interface NodePhaseResult {
  phase: 'pre' | 'main' | 'post';
  process: ProcessResult;
  files: FileCommandResults;
}

/** Runs one phase (pre/main/post script) of a node action. */
export async function runNodePhase(opts: {
  action: ActionDefinition;
  phase: 'pre' | 'main' | 'post';
  env: Record<string, string>;
  cwd: string;
  runnerTemp: string;
  node: string;
  masker: Masker;
  debug: boolean;
  timeoutMs?: number;
}): Promise<NodePhaseResult> {
  const script = opts.action.runs[opts.phase];
  if (!script) throw new Error(`Action ${opts.action.name} has no runs.${opts.phase}`);
  const entry = path.resolve(opts.action.dir, script);
  if (!existsSync(entry))
    throw new Error(`File not found: '${entry}' (runs.${opts.phase} of ${opts.action.file})`);
  const files = createFileCommandFiles(opts.runnerTemp);
  const proc = await runProcess({
    command: opts.node,
    args: [entry],
    cwd: opts.cwd,
    env: { ...opts.env, ...files },
    masker: opts.masker,
    debug: opts.debug,
    timeoutMs: opts.timeoutMs,
  });
  return { phase: opts.phase, process: proc, files: readFileCommands(files) };
}

export type { WorkflowCommand };
