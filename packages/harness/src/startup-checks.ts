/**
 * What GitHub checks before any job of a run starts, for every reusable-workflow call in the
 * tree: the called workflow exists and is reusable, the caller passes only inputs and secrets it
 * declares (required ones present, literal values of the declared type), and no nested job asks
 * for more GITHUB_TOKEN permissions than the calling job grants (docs: "Reusing workflows": the
 * permissions passed from the caller "can only be downgraded (not elevated) by the called
 * workflow"). A failing check refuses the whole run, as GitHub does (no job starts).
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import {
  type DefaultPermissions,
  excess,
  expandPermissions,
  type Permissions,
  repositoryDefault,
} from './permissions.js';
import { resolveUsesPath, type UsesResolution } from './resolve-uses.js';
import { workflowRepositoryRoot } from './self-reference.js';

type Obj = Record<string, unknown>;

export interface StartupOptions extends UsesResolution {
  /** The repository's default GITHUB_TOKEN permissions, used when the workflow sets none. */
  defaultPermissions?: DefaultPermissions;
}

const MAX_DEPTH = 4; // GitHub connects at most four levels of workflows

function asObj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {};
}

function workflowCall(doc: Obj): Obj | undefined {
  const on = doc.on ?? doc.true;
  if (on === 'workflow_call') return {};
  if (Array.isArray(on)) return on.includes('workflow_call') ? {} : undefined;
  const trigger = asObj(on).workflow_call;
  return trigger === undefined ? undefined : asObj(trigger);
}

const isExpression = (v: unknown) => typeof v === 'string' && v.includes('${{');

/** Why a literal `with:` value does not fit the input's declared type, if it does not. */
function typeProblem(name: string, type: string, value: unknown): string | undefined {
  if (isExpression(value) || value === null) return undefined;
  if (type === 'boolean' && typeof value !== 'boolean') {
    return `Input '${name}' is a boolean; the caller passes ${JSON.stringify(value)}`;
  }
  if (type === 'number' && (typeof value !== 'number' || Number.isNaN(value))) {
    return `Input '${name}' is a number; the caller passes ${JSON.stringify(value)}`;
  }
  if (typeof value === 'object') {
    return `Input '${name}' takes a ${type}; the caller passes ${JSON.stringify(value)}`;
  }
  return undefined;
}

/** The problems of one call's `with:` and `secrets:` against what the called workflow declares. */
export function checkCallArguments(job: Obj, call: Obj): string[] {
  const problems: string[] = [];
  const inputs = asObj(call.inputs);
  const byLower = new Map(Object.keys(inputs).map((k) => [k.toLowerCase(), k]));
  const given = asObj(job.with);
  const givenLower = new Set(Object.keys(given).map((k) => k.toLowerCase()));
  for (const [key, value] of Object.entries(given)) {
    const name = byLower.get(key.toLowerCase());
    if (!name) {
      problems.push(`Invalid input, ${key} is not defined in the referenced workflow.`);
      continue;
    }
    const problem = typeProblem(name, String(asObj(inputs[name]).type ?? 'string'), value);
    if (problem) problems.push(problem);
  }
  for (const [name, def] of Object.entries(inputs)) {
    if (
      asObj(def).required === true &&
      asObj(def).default === undefined &&
      !givenLower.has(name.toLowerCase())
    ) {
      problems.push(`Input required and not supplied: ${name}`);
    }
  }
  if (job.secrets === 'inherit') return problems;
  const declared = asObj(call.secrets);
  const passed = asObj(job.secrets);
  for (const key of Object.keys(passed)) {
    if (!Object.keys(declared).some((d) => d.toLowerCase() === key.toLowerCase())) {
      problems.push(`Invalid secret, ${key} is not defined in the referenced workflow.`);
    }
  }
  for (const [name, def] of Object.entries(declared)) {
    if (
      asObj(def).required === true &&
      !Object.keys(passed).some((k) => k.toLowerCase() === name.toLowerCase())
    ) {
      problems.push(`Secret ${name} is required, but not provided while calling.`);
    }
  }
  return problems;
}

/** The permissions nested jobs ask for beyond `grant`, in GitHub's words. */
export function checkNestedPermissions(uses: string, called: Obj, grant: Permissions): string[] {
  const problems: string[] = [];
  const workflowLevel = expandPermissions(called.permissions);
  for (const [id, job] of Object.entries(asObj(called.jobs))) {
    const requested = expandPermissions(asObj(job).permissions) ?? workflowLevel;
    const over = requested && excess(requested, grant);
    if (over) {
      problems.push(
        `Error calling workflow '${uses}'. The nested job '${id}' is requesting '${over.asked}', but is only allowed '${over.allowed}'.`,
      );
    }
  }
  return problems;
}

function readWorkflow(file: string): Obj {
  return asObj(parseYaml(readFileSync(file, 'utf8')));
}

function checkCalls(
  file: string,
  doc: Obj,
  inherited: Permissions,
  options: StartupOptions,
  depth: number,
): string[] {
  const problems: string[] = [];
  const ownRoot = workflowRepositoryRoot(file, options.repoRoot);
  const workflowLevel = expandPermissions(doc.permissions);
  for (const [id, rawJob] of Object.entries(asObj(doc.jobs))) {
    const job = asObj(rawJob);
    if (typeof job.uses !== 'string') continue;
    const where = `job '${id}'`;
    if (depth + 1 >= MAX_DEPTH) {
      problems.push(`${where}: reusable workflows nest deeper than ${MAX_DEPTH} levels at '${job.uses}'`);
      continue;
    }
    let target: string | undefined;
    try {
      target = resolveUsesPath(options, ownRoot, job.uses, 'workflow');
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message}`);
      continue;
    }
    let called: Obj;
    try {
      if (!target) throw new Error('not found');
      called = readWorkflow(target);
    } catch {
      problems.push(`${where}: can't resolve reusable workflow '${job.uses}'`);
      continue;
    }
    const call = workflowCall(called);
    if (!call) {
      problems.push(`${where}: '${job.uses}' is not reusable: it has no on.workflow_call trigger`);
      continue;
    }
    problems.push(...checkCallArguments(job, call).map((p) => `${where}: ${p}`));
    // The calling job's own permissions, else the workflow's, else what reached this workflow.
    const grant = expandPermissions(job.permissions) ?? workflowLevel ?? inherited;
    problems.push(...checkNestedPermissions(job.uses, called, grant).map((p) => `${where}: ${p}`));
    problems.push(...checkCalls(target, called, grant, options, depth + 1).map((p) => `${where} → ${p}`));
  }
  return problems;
}

/** Every reason GitHub would refuse to start this workflow's run; empty when it would start. */
export function checkStartup(workflowPath: string, options: StartupOptions): string[] {
  const doc = readWorkflow(workflowPath);
  const inherited = repositoryDefault(options.defaultPermissions ?? 'restricted');
  return checkCalls(workflowPath, doc, inherited, options, 0);
}
