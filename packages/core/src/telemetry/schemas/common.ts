/** JSON Schema pieces shared by every telemetry file (contract: "Telemetry", common fields). */
export type JsonSchema = Record<string, unknown>;

export const STATUSES = ['ok', 'degraded', 'error', 'skipped'] as const;
export type StageStatus = (typeof STATUSES)[number];

export const issueNumber: JsonSchema = { type: 'integer', minimum: 1 };
export const count: JsonSchema = { type: 'integer', minimum: 0 };
export const dateTime: JsonSchema = { type: 'string', format: 'date-time' };
const stageError: JsonSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: { code: { type: 'string', minLength: 1 }, message: { type: 'string' } },
};

const commonProperties: Record<string, JsonSchema> = {
  schema_version: { const: 1 },
  component: { type: 'string' },
  status: { enum: [...STATUSES] },
  run_id: { type: 'string', minLength: 1 },
  run_attempt: { type: 'integer', minimum: 1 },
  repository: { type: 'string', pattern: '^[^/\\s]+/[^/\\s]+$' },
  started_at: dateTime,
  finished_at: dateTime,
  dry_run: { type: 'boolean' },
  summary: { type: 'string' },
  api: {
    type: 'object',
    required: ['requests', 'rate_limit_remaining'],
    properties: {
      requests: count,
      reads: count,
      writes: count,
      not_modified: count,
      rate_limit_remaining: { anyOf: [count, { type: 'null' }] },
    },
  },
  changes: {
    type: 'object',
    required: ['applied', 'planned', 'deferred', 'failed'],
    properties: { applied: count, planned: count, deferred: count, failed: count },
  },
  errors: { type: 'array', items: stageError },
  warnings: { type: 'array', items: { type: 'string' } },
};

const commonRequired = [
  'component',
  'status',
  'run_id',
  'repository',
  'started_at',
  'finished_at',
  'dry_run',
  'api',
  'errors',
];

/**
 * The schema of one component's telemetry file: the common fields plus its own. Component fields
 * are required only when the stage really ran (`status` other than `skipped` or a config `error`
 * that stopped it before it began), so a skipped stage still writes a valid file.
 */
export function componentSchema(
  component: string,
  properties: Record<string, JsonSchema>,
  requiredWhenRan: readonly string[] = [],
): JsonSchema {
  const schema: JsonSchema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://codex-suite.github.io/schemas/telemetry/${component}.json`,
    title: `Codex Suite telemetry: ${component}`,
    type: 'object',
    required: commonRequired,
    properties: { ...commonProperties, component: { const: component }, ...properties },
  };
  if (requiredWhenRan.length > 0) {
    // "if status is ok or degraded then these are required", without a thenable object.
    schema.anyOf = [
      { properties: { status: { enum: ['skipped', 'error'] } } },
      { required: [...requiredWhenRan] },
    ];
  }
  return schema;
}
