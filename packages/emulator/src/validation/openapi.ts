import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Checks one REST answer of the emulator against GitHub's own description
 * (`openapi/github-subset.json`, cut from @octokit/openapi by scripts/openapi-subset.ts): the
 * route must be a described operation, the status a described response, the body must validate
 * against the published schema and every described header against its schema. Validators are
 * compiled once per route and status and cached for the life of the process.
 */

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface MediaObject {
  schema?: Json;
}
interface HeaderObject {
  schema?: Json;
  required?: boolean;
  $ref?: string;
}
interface ResponseObject {
  $ref?: string;
  content?: Record<string, MediaObject>;
  headers?: Record<string, HeaderObject>;
}
interface Description {
  paths: Record<string, Record<string, { responses: Record<string, ResponseObject> }>>;
  components: {
    responses: Record<string, ResponseObject>;
    headers: Record<string, HeaderObject>;
    schemas: Record<string, Json>;
  };
}

export interface RestAnswer {
  /** 'GET /repos/{owner}/{repo}/issues' */
  route: string;
  status: number;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  /** The body as sent ('' or undefined for none). */
  payload: string | undefined;
}

/**
 * Media types GitHub serves when the client asks for them in `Accept` but that its description
 * does not list for the operation. There is no published schema for them: only the media type is
 * checked, never a body.
 */
const UNDESCRIBED_MEDIA_TYPES: Record<string, string[]> = {
  // docs.github.com/rest/repos/contents: "application/vnd.github.raw+json returns the raw file contents".
  'GET /repos/{owner}/{repo}/contents/{path}': [
    'application/vnd.github.raw',
    'application/vnd.github.v3.raw',
  ],
  // docs.github.com/rest/pulls/pulls#get-a-pull-request: diff and patch media types.
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': [
    'application/vnd.github.diff',
    'application/vnd.github.v3.diff',
    'application/vnd.github.patch',
    'application/vnd.github.v3.patch',
  ],
};

/**
 * OpenAPI 3.0 schema into JSON Schema for ajv: `nullable: true` is OpenAPI's way to say "or
 * null" (a translation, not a loosening), and `#/components/schemas/x` becomes `gh#/$defs/x`
 * (the component schemas registered as one document with the id `gh`). Everything else stays as GitHub publishes it, `oneOf` included.
 */
function toJsonSchema(value: Json): Json {
  if (Array.isArray(value)) return value.map(toJsonSchema);
  if (value && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [key, child] of Object.entries(value)) {
      if (key === 'nullable') continue;
      out[key] =
        key === '$ref' && typeof child === 'string'
          ? child.replace('#/components/schemas/', 'gh#/$defs/')
          : toJsonSchema(child);
    }
    if (value.nullable === true) return { anyOf: [out, { type: 'null' }] };
    return out;
  }
  return value;
}

/**
 * Places where GitHub's published schema cannot be used as published: overlapping `oneOf`
 * branches (a real answer matches two, so `oneOf` rejects what api.github.com sends) and a
 * `discriminator` mapping ajv cannot run. Each is corrected exactly where it occurs, saying what
 * GitHub means; nothing else is changed.
 */
function correctDescription(document: { [key: string]: Json }): void {
  const components = document.components as { [kind: string]: { [name: string]: { [key: string]: Json } } };
  const schemas = components.schemas ?? {};
  // A project item's `content` is `oneOf` issue / pull-request-simple / draft issue, but the
  // draft-issue schema only requires fields every issue and pull request also has. Draft issues
  // have no `number` (they are not in a repository): saying so makes the branches exclusive.
  const draft = schemas['projects-v2-draft-issue'];
  if (draft) draft.not = { required: ['number'] };
  // 409/422 errors are `oneOf` basic-error (or validation-error) / repository-rule-violation-error,
  // whose fields are all optional, so every error matches both. A rule violation is the one that
  // carries `metadata` (docs.github.com, "push protection"): it is told apart by it.
  const violation = schemas['repository-rule-violation-error'];
  if (violation) violation.required = ['metadata'];
  // ajv implements `discriminator` only without `mapping`. GitHub's maps a property onto schemas
  // whose own copy of that property is any string (the contents answer's `type`, the user's
  // `user_view_type`); pinning each to its mapped value (and dropping the keyword) says the same
  // in plain JSON Schema and keeps the `oneOf`.
  pinDiscriminators(document, schemas);
}

function pinDiscriminators(value: Json, schemas: { [name: string]: { [key: string]: Json } }): void {
  if (Array.isArray(value)) {
    for (const child of value) pinDiscriminators(child, schemas);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const discriminator = value.discriminator as
    | { propertyName: string; mapping?: { [value: string]: string } }
    | undefined;
  if (discriminator?.mapping) {
    for (const [mapped, ref] of Object.entries(discriminator.mapping)) {
      const target = schemas[ref.replace('#/components/schemas/', '')];
      const properties = target?.properties as { [key: string]: Json } | undefined;
      if (properties?.[discriminator.propertyName])
        properties[discriminator.propertyName] = { type: 'string', enum: [mapped] };
    }
    delete value.discriminator;
  }
  for (const child of Object.values(value)) pinDiscriminators(child, schemas);
}

function loadDescription(): Description {
  const raw = JSON.parse(
    readFileSync(new URL('../../openapi/github-subset.json', import.meta.url), 'utf8'),
  ) as {
    [key: string]: Json;
  };
  correctDescription(raw);
  return toJsonSchema(raw) as unknown as Description;
}

let loaded: { spec: Description; ajv: Ajv } | undefined;
function description(): { spec: Description; ajv: Ajv } {
  if (loaded) return loaded;
  const spec = loadDescription();
  const ajv = new Ajv({ allErrors: true });
  addFormats(ajv);
  // GitHub's own format for x-ratelimit-reset: Unix epoch seconds.
  ajv.addFormat('timestamp', {
    type: 'number',
    validate: (value: number) => Number.isInteger(value) && value >= 0,
  });
  // GitHub's own annotation on schemas (changes planned for later API versions); no assertion.
  ajv.addKeyword({ keyword: 'x-github-breaking-changes' });
  ajv.addSchema({ $id: 'gh', $defs: spec.components.schemas } as object);
  loaded = { spec, ajv };
  return loaded;
}

interface Checker {
  /** Described media types of the body; empty when the answer has no body. */
  media: string[];
  body?: ValidateFunction;
  headers: Array<{ name: string; required: boolean; validate: ValidateFunction }>;
}

const checkers = new Map<string, Checker | string>();

/** The compiled checker of a route and status, or the reason none can exist. */
function checkerFor(route: string, status: number): Checker | string {
  const key = `${route} ${status}`;
  const cached = checkers.get(key);
  if (cached !== undefined) return cached;
  const built = buildChecker(route, status);
  checkers.set(key, built);
  return built;
}

function buildChecker(route: string, status: number): Checker | string {
  const { spec, ajv } = description();
  const [method = '', path = ''] = route.split(' ');
  const operation = spec.paths[path]?.[method.toLowerCase()];
  if (!operation)
    return `${route} is not an operation of the checked description (scripts/openapi-subset.ts)`;
  let response = operation.responses[String(status)];
  if (!response) {
    // GitHub's description lists only some error statuses per operation, yet every REST error
    // (401, 403 rate limits, 404, 5xx) carries the documented basic error; check that shape.
    if (status >= 400)
      return {
        media: ['application/json'],
        body: ajv.compile({ $ref: 'gh#/$defs/basic-error' }),
        headers: [],
      };
    // A conditional GET may answer 304 on any operation (docs.github.com, "conditional requests"),
    // with no body; the description lists it on only some of them.
    if (status === 304 && method === 'GET') return { media: [], headers: [] };
    return `${route} has no ${status} answer in GitHub's description`;
  }
  if (response.$ref)
    response = spec.components.responses[response.$ref.replace('#/components/responses/', '')] ?? {};
  const media = Object.keys(response.content ?? {});
  const schema =
    response.content?.['application/json']?.schema ?? Object.values(response.content ?? {})[0]?.schema;
  const headers = Object.entries(response.headers ?? {}).map(([name, header]) => {
    const resolved = header.$ref
      ? spec.components.headers[header.$ref.replace('#/components/headers/', '')]
      : header;
    return {
      name: name.toLowerCase(),
      required: resolved?.required === true,
      validate: ajv.compile((resolved?.schema ?? {}) as object),
    };
  });
  return { media, ...(schema ? { body: ajv.compile(schema as object) } : {}), headers };
}

function headerValue(raw: string, validate: ValidateFunction): unknown {
  const schema = validate.schema as { type?: string };
  if (schema.type === 'integer' || schema.type === 'number')
    return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
  return raw;
}

/** Problems with one answer; empty when it is what GitHub's description allows. */
export function checkRestAnswer(answer: RestAnswer): string[] {
  const checker = checkerFor(answer.route, answer.status);
  if (typeof checker === 'string') return [checker];
  const { ajv } = description();
  const problems: string[] = [];
  for (const header of checker.headers) {
    const raw = answer.headers[header.name];
    if (raw === undefined) {
      if (header.required) problems.push(`header ${header.name} is required`);
      continue;
    }
    if (!header.validate(headerValue(raw, header.validate)))
      problems.push(
        `header ${header.name}: ${JSON.stringify(raw)} ${ajv.errorsText(header.validate.errors)}`,
      );
  }
  const payload = answer.payload ?? '';
  if (payload === '') {
    if (checker.body) problems.push(`${answer.status} must have a body`);
    return problems;
  }
  const mediaType = (answer.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  if ((UNDESCRIBED_MEDIA_TYPES[answer.route] ?? []).includes(mediaType)) return problems;
  if (checker.media.length === 0) return [...problems, `${answer.status} must have no body`];
  if (!checker.media.includes(mediaType))
    problems.push(`content-type ${mediaType} is not one of ${checker.media.join(', ')}`);
  if (!checker.body) return problems;
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    return [...problems, 'body is not JSON'];
  }
  if (!checker.body(body)) problems.push(`body: ${summarise(checker.body.errors ?? [])}`);
  return problems;
}

/** ajv's errors, array indices folded into `*` and repeats dropped, so one bad field reads once. */
function summarise(errors: NonNullable<ValidateFunction['errors']>): string {
  const lines = new Set(
    errors.map(
      (error) =>
        `$${error.instancePath.replace(/\/\d+(?=\/|$)/g, '/*')} ${error.message ?? ''}${error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)})` : ''}`,
    ),
  );
  const list = [...lines];
  return list.length > 12 ? `${list.slice(0, 12).join(', ')}, … ${list.length - 12} more` : list.join(', ');
}
