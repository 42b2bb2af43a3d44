import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { dashboardSchema, historyPointSchema } from '../../src/telemetry/schemas/dashboard.js';
import { telemetrySchemas } from '../../src/telemetry/schemas/index.js';
import { validateAgainst } from '../../src/telemetry/validate.js';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ??
  addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/**
 * validate.ts compiles schemas without checking them against the meta-schema (that check cost a
 * stage more than the validation itself); every schema it is given at run time is checked here.
 */
const schemas = {
  ...telemetrySchemas,
  dashboard: dashboardSchema,
  'history point': historyPointSchema,
};

describe('the telemetry schemas are valid JSON Schema (draft-07)', () => {
  const checker = addFormats(new Ajv({ allErrors: true, strict: true }));
  it.each(Object.entries(schemas))('%s', (_name, schema) => {
    expect(checker.validateSchema(schema), JSON.stringify(checker.errors)).toBe(true);
  });

  it('a schema that is not one is not silently accepted by the run-time check either', () => {
    const broken = { type: 'object', properties: { a: { type: 'integer', minimum: 'one' } } };
    expect(new Ajv().validateSchema(broken)).toBe(false);
    expect(() => validateAgainst(broken, { a: 1 })).toThrow();
  });
});
