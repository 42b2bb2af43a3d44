import { createHash } from 'node:crypto';
import { globSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { data, Evaluator, Lexer, Parser } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';

/** Plain JS view of the contexts an expression can read (github, env, steps, needs...). */
export type Contexts = Record<string, unknown>;

/** Status of the job (or run) an expression is evaluated in; drives success()/failure()/cancelled(). */
export interface StatusFunctions {
  success: () => boolean;
  failure: () => boolean;
  cancelled: () => boolean;
}

export interface EvalOptions {
  status?: StatusFunctions;
  /** Directory `hashFiles()` globs in (the workspace). */
  workspace?: string;
}

const ALL_CONTEXTS = [
  'github',
  'env',
  'vars',
  'secrets',
  'inputs',
  'needs',
  'steps',
  'runner',
  'job',
  'jobs',
  'strategy',
  'matrix',
];

/** Converts a plain JS value into the evaluator's data model. */
export function toData(value: unknown): data.ExpressionData {
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) return new data.Array(...value.map(toData));
  if (typeof value === 'object') {
    const dict = new data.Dictionary();
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) dict.add(k, toData(v));
    return dict;
  }
  return new data.StringData(String(value));
}

/** Converts evaluator data back into plain JS. */
export function fromData(value: data.ExpressionData | undefined): unknown {
  if (value === undefined) return null;
  switch (value.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.String:
      return (value as data.StringData).value;
    case data.Kind.Number:
      return value.number();
    case data.Kind.Boolean:
      return (value as data.BooleanData).value;
    case data.Kind.Array:
      return (value as data.Array).values().map(fromData);
    default: {
      const out: Record<string, unknown> = {};
      for (const p of (value as data.Dictionary).pairs()) out[p.key] = fromData(p.value);
      return out;
    }
  }
}

/** String form of a value as the runner interpolates it into a string field. */
export function coerceToString(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return toData(value).coerceString();
  if (Array.isArray(value)) return 'Array';
  return 'Object';
}

function hashFiles(workspace: string, patterns: string[]): string {
  const include = patterns.filter((p) => !p.startsWith('!'));
  const exclude = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const files = new Set<string>();
  for (const pattern of include) {
    for (const rel of globSync(pattern, { cwd: workspace, exclude })) {
      const abs = path.resolve(workspace, rel);
      if (statSync(abs).isFile()) files.add(abs);
    }
  }
  if (files.size === 0) return '';
  const outer = createHash('sha256');
  for (const file of [...files].sort()) {
    outer.update(createHash('sha256').update(readFileSync(file)).digest());
  }
  return outer.digest('hex');
}

function functionsFor(opts: EvalOptions): Map<string, FunctionDefinition> {
  const status = opts.status ?? { success: () => true, failure: () => false, cancelled: () => false };
  const fns: FunctionDefinition[] = [
    { name: 'success', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status.success()) },
    { name: 'failure', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status.failure()) },
    { name: 'cancelled', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(status.cancelled()) },
    { name: 'always', minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(true) },
    {
      name: 'hashFiles',
      minArgs: 1,
      maxArgs: 255,
      call: (...args) =>
        new data.StringData(
          hashFiles(
            opts.workspace ?? process.cwd(),
            args.map((a) => a.coerceString()),
          ),
        ),
    },
  ];
  return new Map(fns.map((f) => [f.name.toLowerCase(), f]));
}

/** Evaluates one expression (the text inside `${{ }}`) and returns a plain JS value. */
export function evaluateExpression(expr: string, contexts: Contexts, opts: EvalOptions = {}): unknown {
  const functions = functionsFor(opts);
  const lexed = new Lexer(expr).lex();
  const parsed = new Parser(lexed.tokens, ALL_CONTEXTS, [...functions.values()]).parse();
  const dict = new data.Dictionary();
  for (const name of ALL_CONTEXTS) dict.add(name, toData(contexts[name] ?? {}));
  try {
    return fromData(new Evaluator(parsed, dict, functions).evaluate());
  } catch (err) {
    throw new Error(`Error evaluating expression '${expr}': ${(err as Error).message}`);
  }
}

/** Splits a template string into literal parts and `${{ }}` expressions (quote-aware). */
export function splitTemplate(text: string): Array<{ literal: string } | { expr: string }> {
  const parts: Array<{ literal: string } | { expr: string }> = [];
  let pos = 0;
  while (pos < text.length) {
    const start = text.indexOf('${{', pos);
    if (start < 0) break;
    let i = start + 3;
    let inString = false;
    let end = -1;
    while (i < text.length) {
      const ch = text[i];
      if (inString) {
        if (ch === "'") {
          if (text[i + 1] === "'") i++;
          else inString = false;
        }
      } else if (ch === "'") {
        inString = true;
      } else if (ch === '}' && text[i + 1] === '}') {
        end = i;
        break;
      }
      i++;
    }
    if (end < 0) throw new Error(`Unterminated expression in '${text}'`);
    if (start > pos) parts.push({ literal: text.slice(pos, start) });
    parts.push({ expr: text.slice(start + 3, end).trim() });
    pos = end + 2;
  }
  if (pos < text.length) parts.push({ literal: text.slice(pos) });
  return parts;
}

/**
 * Evaluates a template value. A string that is exactly one `${{ expr }}` yields the expression's
 * own value (object, boolean, number...); otherwise expressions are interpolated into a string.
 * Objects and arrays are evaluated recursively; other values pass through.
 */
export function evaluateTemplate(value: unknown, contexts: Contexts, opts: EvalOptions = {}): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${{')) return value;
    const parts = splitTemplate(value);
    if (parts.length === 1 && 'expr' in parts[0]!) return evaluateExpression(parts[0].expr, contexts, opts);
    return parts
      .map((p) => ('literal' in p ? p.literal : coerceToString(evaluateExpression(p.expr, contexts, opts))))
      .join('');
  }
  if (Array.isArray(value)) return value.map((v) => evaluateTemplate(v, contexts, opts));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = evaluateTemplate(v, contexts, opts);
    return out;
  }
  return value;
}

/** Evaluates a template to a string, as a string-typed workflow field does. */
export function evaluateString(value: unknown, contexts: Contexts, opts: EvalOptions = {}): string {
  return coerceToString(evaluateTemplate(value, contexts, opts));
}

const STATUS_FN = /\b(success|failure|always|cancelled)\s*\(/i;

/**
 * Evaluates an `if:` condition the runner's way: `${{ }}` is optional, and a condition without
 * a status function is implicitly `success() && (<condition>)`. An empty condition is `success()`.
 */
export function evaluateCondition(
  condition: unknown,
  contexts: Contexts,
  opts: EvalOptions = {},
  defaultCondition = 'success()',
): boolean {
  if (condition === undefined || condition === null || condition === '') {
    return evaluateCondition(defaultCondition, contexts, opts);
  }
  if (typeof condition === 'boolean') return condition && (opts.status?.success() ?? true);
  let text = String(condition).trim();
  const parts = splitTemplate(text);
  if (parts.length === 1 && 'expr' in parts[0]!) text = parts[0].expr;
  else if (text.includes('${{')) {
    // Mixed literal text and expressions: interpolate, then the resulting string is truthy when non-empty.
    text = `'${evaluateString(text, contexts, opts).replace(/'/g, "''")}'`;
  }
  const expr = STATUS_FN.test(text) ? text : `success() && (${text})`;
  return truthy(toData(evaluateExpression(expr, contexts, opts)));
}
