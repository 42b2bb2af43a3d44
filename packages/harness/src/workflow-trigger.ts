/** The workflow's triggers (`on:`) and the inputs an event gives it. */
import { type Contexts, evaluateTemplate } from './expressions.js';
import { asObj, type Obj } from './workflow-model.js';

/** Normalises `on:` into a map of event → configuration. */
export function triggers(doc: Obj): Record<string, Obj> {
  const on = doc.on ?? doc.true; // YAML 1.1 parsers read a bare `on` as true; `yaml` (1.2) does not
  if (typeof on === 'string') return { [on]: {} };
  if (Array.isArray(on)) return Object.fromEntries(on.map((e) => [String(e), {}]));
  return Object.fromEntries(Object.entries(asObj(on)).map(([k, v]) => [k, asObj(v)]));
}

/** Applies input definitions (defaults, types, required, choices) to given values. */
export function coerceInputs(defs: Obj, given: Record<string, unknown>, ctx: Contexts): Obj {
  const out: Obj = {};
  const givenLower = new Map(Object.entries(given).map(([k, v]) => [k.toLowerCase(), v]));
  for (const [name, rawDef] of Object.entries(defs)) {
    const def = asObj(rawDef);
    const type = String(def.type ?? 'string');
    let value = givenLower.get(name.toLowerCase());
    if (value === undefined) {
      if (def.default !== undefined) value = evaluateTemplate(def.default, ctx);
      else if (def.required === true) throw new Error(`Input required and not supplied: ${name}`);
    }
    if (type === 'boolean') {
      if (value === undefined) value = false;
      else if (typeof value === 'string') {
        if (!/^(true|false)$/i.test(value))
          throw new Error(`Input '${name}' must be a boolean, got '${value}'`);
        value = value.toLowerCase() === 'true';
      }
    } else if (type === 'number') {
      if (value === undefined) value = 0;
      else if (typeof value !== 'number') {
        const n = Number(value);
        if (Number.isNaN(n)) throw new Error(`Input '${name}' must be a number, got '${String(value)}'`);
        value = n;
      }
    } else {
      value = value === undefined ? '' : typeof value === 'string' ? value : String(value);
      if (type === 'choice' && Array.isArray(def.options) && value !== '' && !def.options.includes(value)) {
        throw new Error(`Input '${name}' must be one of ${JSON.stringify(def.options)}, got '${value}'`);
      }
    }
    out[name] = value;
  }
  for (const [k, v] of Object.entries(given)) {
    if (!Object.keys(defs).some((d) => d.toLowerCase() === k.toLowerCase())) {
      throw new Error(`Unexpected input '${k}': the workflow does not define it`);
    }
    void v;
  }
  return out;
}
