import { controlCharacters, visibleControls } from './log-safe.js';
import { type ProjectRef, parseProjectRef } from './project-ref.js';
import { type RepositoryRef, parseRepositoryRef } from './repository-ref.js';
import type { SettingDef, SettingDefs, SettingKind } from './settings.js';

type ValueOfKind<K extends SettingKind> = K extends 'integer'
  ? number
  : K extends 'boolean'
    ? boolean
    : K extends 'project'
      ? ProjectRef
      : K extends 'repository'
        ? RepositoryRef
        : string;

/** The resolved values of a set of settings; settings without a default may be absent. */
export type ResolvedSettings<D extends SettingDefs> = {
  readonly [P in keyof D]: D[P] extends { default: unknown }
    ? ValueOfKind<D[P]['kind']>
    : ValueOfKind<D[P]['kind']> | undefined;
};

export type SettingSource = 'input' | 'env' | 'default' | 'unset';

export interface ResolvedEntry {
  readonly key: string;
  readonly def: SettingDef;
  readonly source: SettingSource;
  /** the text as given (masked for secrets), for logs */
  readonly display: string;
}

export interface SettingError {
  readonly setting: string;
  readonly value: string;
  readonly message: string;
}

export interface Resolution<D extends SettingDefs> {
  readonly values: ResolvedSettings<D>;
  readonly entries: readonly ResolvedEntry[];
  readonly errors: readonly SettingError[];
  /** absent settings that disable a feature */
  readonly warnings: readonly string[];
}

/** Where settings are read from: action inputs first, then the environment. */
export interface SettingSourceReader {
  input(name: string): string;
  env(name: string): string | undefined;
}

/** Where one setting's value comes from (input > environment > documented default), and its text. */
export function sourceOf(
  def: SettingDef,
  reader: SettingSourceReader,
): { readonly source: SettingSource; readonly raw: string | undefined } {
  const fromInput = reader.input(def.input).trim();
  if (fromInput) return { source: 'input', raw: fromInput };
  const fromEnv = def.env ? (reader.env(def.env) ?? '').trim() : '';
  if (fromEnv) return { source: 'env', raw: fromEnv };
  return { source: def.default !== undefined ? 'default' : 'unset', raw: undefined };
}

/** Resolves every setting: input > environment > documented default, validating each value. */
export function resolveSettings<D extends SettingDefs>(defs: D, reader: SettingSourceReader): Resolution<D> {
  const values: Record<string, unknown> = {};
  const entries: ResolvedEntry[] = [];
  const errors: SettingError[] = [];
  const warnings: string[] = [];

  for (const [key, def] of Object.entries(defs)) {
    const { source, raw } = sourceOf(def, reader);

    if (raw === undefined) {
      values[key] = def.default;
      entries.push({
        key,
        def,
        source,
        display: def.default === undefined ? '(not set)' : String(def.default),
      });
      if (def.default === undefined && def.requiredFor) {
        warnings.push(`${describeSetting(def)} is not set: ${def.requiredFor} is disabled.`);
      }
      continue;
    }
    const parsed = parseSettingValue(def, raw);
    if ('error' in parsed) {
      errors.push({ setting: def.input, value: def.kind === 'secret' ? '***' : raw, message: parsed.error });
      values[key] = def.default;
    } else {
      values[key] = parsed.value;
    }
    entries.push({ key, def, source, display: def.kind === 'secret' ? '***' : raw });
  }
  return { values: values as ResolvedSettings<D>, entries, errors, warnings };
}

/** `main-stale-days (CODEX_MAIN_STALE_DAYS)` */
export function describeSetting(def: SettingDef): string {
  return def.env ? `${def.input} (${def.env})` : def.input;
}

export function parseSettingValue(def: SettingDef, raw: string): { value: unknown } | { error: string } {
  const name = describeSetting(def);
  // A line break in a name or a path is never meant, and would carry text into logs and titles.
  const controls = controlCharacters(raw);
  if (controls.length > 0) {
    const shown = def.kind === 'secret' ? '' : ` "${visibleControls(raw).replace(/\t/g, '\\t')}"`;
    return {
      error: `Invalid value${shown} for ${name}: it contains control characters (${controls.join(', ')}); remove them (a line break often comes from pasting the value).`,
    };
  }
  switch (def.kind) {
    case 'integer': {
      if (!/^[+-]?\d+$/.test(raw))
        return { error: `Invalid value "${raw}" for ${name}: expected a whole number.` };
      const value = Number(raw);
      const min = def.min ?? Number.MIN_SAFE_INTEGER;
      const max = def.max ?? Number.MAX_SAFE_INTEGER;
      if (!Number.isSafeInteger(value) || value < min || value > max) {
        return {
          error: `Invalid value "${raw}" for ${name}: expected a whole number from ${min} to ${max}.`,
        };
      }
      return { value };
    }
    case 'boolean': {
      // The same spellings @actions/core's getBooleanInput accepts (YAML 1.2 core schema).
      if (/^(true|True|TRUE)$/.test(raw)) return { value: true };
      if (/^(false|False|FALSE)$/.test(raw)) return { value: false };
      return { error: `Invalid value "${raw}" for ${name}: expected true or false.` };
    }
    case 'enum': {
      const values = def.values ?? [];
      if (values.includes(raw)) return { value: raw };
      return { error: `Invalid value "${raw}" for ${name}: expected one of ${values.join(', ')}.` };
    }
    case 'project': {
      const value = parseProjectRef(raw);
      if (value) return { value };
      return {
        error: `Invalid value "${raw}" for ${name}: expected orgs/<org>/projects/<number>, users/<user>/projects/<number> or the project's URL.`,
      };
    }
    case 'repository': {
      const value = parseRepositoryRef(raw);
      if (value) return { value };
      return { error: `Invalid value "${raw}" for ${name}: expected owner/name.` };
    }
    default:
      return { value: raw };
  }
}
