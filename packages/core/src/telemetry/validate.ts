import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { JsonSchema } from './schemas/common.js';
import { telemetrySchemas } from './schemas/index.js';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM interop.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

export interface ValidationResult {
  readonly valid: boolean;
  /** `/path: message` lines */
  readonly errors: readonly string[];
}

// Made on first use: a run that stops early (no token) never pays for it. The schemas are not
// checked against the JSON Schema meta-schema here (`validateSchema: false`): compiling the
// meta-schema's own validator was half the CPU of a stage's one validation and about 2 MB of its
// peak memory, for schemas that never change at run time; a test checks each against it instead.
let ajv: Ajv | undefined;
const compiled = new Map<JsonSchema, ValidateFunction>();

export function validateAgainst(schema: JsonSchema, data: unknown): ValidationResult {
  let validate = compiled.get(schema);
  if (!validate) {
    ajv ??= addFormats(new Ajv({ allErrors: true, strict: false, validateSchema: false }));
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  const valid = validate(data) as boolean;
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
  return { valid, errors };
}

/** Validates a telemetry record against the schema of its `component`. */
export function validateTelemetry(record: unknown): ValidationResult {
  const component = (record as { component?: unknown })?.component;
  const schema = typeof component === 'string' ? telemetrySchemas[component] : undefined;
  if (!schema)
    return { valid: false, errors: [`/component: unknown telemetry component ${JSON.stringify(component)}`] };
  return validateAgainst(schema, record);
}
