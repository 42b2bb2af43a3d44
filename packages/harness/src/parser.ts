import { register } from 'node:module';

type WorkflowParserModule = typeof import('@actions/workflow-parser');
type ActionParserModule = typeof import('@actions/workflow-parser/actions/index');

// The parser's dist imports its JSON schemas without import attributes, which plain node refuses.
// This hook adds the attribute; bundlers and vitest (which inlines the package) do not need it.
const JSON_HOOK = `data:text/javascript,${encodeURIComponent(
  'export async function load(url, context, next) {' +
    ' if (url.endsWith(".json") && !(context.importAttributes && context.importAttributes.type)) {' +
    ' return next(url, { ...context, importAttributes: { ...context.importAttributes, type: "json" } }); }' +
    ' return next(url, context); }',
)}`;

let hookRegistered = false;

async function importWithJsonHook<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_IMPORT_ATTRIBUTE_MISSING' || hookRegistered) throw err;
    hookRegistered = true;
    register(JSON_HOOK);
    return await load();
  }
}

let workflowParser: Promise<WorkflowParserModule> | undefined;
let actionParser: Promise<ActionParserModule> | undefined;

export function loadWorkflowParser(): Promise<WorkflowParserModule> {
  workflowParser ??= importWithJsonHook(() => import('@actions/workflow-parser'));
  return workflowParser;
}

export function loadActionParser(): Promise<ActionParserModule> {
  actionParser ??= importWithJsonHook(() => import('@actions/workflow-parser/actions/index'));
  return actionParser;
}

const silentTrace = { info: () => {}, verbose: () => {}, error: () => {} };

/** Validates a workflow with GitHub's parser; returns the error messages (empty when valid). */
export async function validateWorkflowText(name: string, content: string): Promise<string[]> {
  const { parseWorkflow } = await loadWorkflowParser();
  const result = parseWorkflow({ name, content }, silentTrace);
  return result.context.errors.getErrors().map((e) => e.message);
}

/** Validates an action.yml with GitHub's parser; returns the error messages (empty when valid). */
export async function validateActionText(name: string, content: string): Promise<string[]> {
  const { parseAction } = await loadActionParser();
  const result = parseAction({ name, content }, silentTrace);
  return result.context.errors.getErrors().map((e) => e.message);
}
