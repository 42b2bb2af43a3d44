import {
  buildClientSchema,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLEnumType,
  type GraphQLObjectType,
  GraphQLScalarType,
  type GraphQLSchema,
  type GraphQLType,
  getNamedType,
  getVariableValues,
  isAbstractType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  validate,
} from 'graphql';

/**
 * Checks one GraphQL exchange against GitHub's published schema (@octokit/graphql-schema): the
 * query must validate (with its variables), and the answer must have exactly the shape that
 * query asks for — every selected field present under its response key, nothing else, values of
 * the field's type (non-null respected, enums from the schema, Int an integer, custom scalars
 * such as DateTime and URI strings as GitHub serialises them).
 */

let loaded: GraphQLSchema | undefined;

/** Loads and builds the schema once per process (a few hundred ms, only where GraphQL is used). */
export async function graphqlSchemaReady(): Promise<void> {
  if (loaded) return;
  const { schema } = (await import('@octokit/graphql-schema')) as { schema: { json: unknown } };
  loaded ??= buildClientSchema(schema.json as Parameters<typeof buildClientSchema>[0]);
}

interface Prepared {
  document?: DocumentNode;
  errors: string[];
}
const prepared = new Map<string, Prepared>();

function prepare(schema: GraphQLSchema, query: string): Prepared {
  const cached = prepared.get(query);
  if (cached) return cached;
  let result: Prepared;
  try {
    const document = parse(query);
    result = { document, errors: validate(schema, document).map((error) => error.message) };
  } catch (error) {
    result = { errors: [(error as Error).message] };
  }
  prepared.set(query, result);
  return result;
}

type Problems = string[];

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

function included(
  walk: Walk,
  node: { directives?: readonly { name: { value: string }; arguments?: readonly unknown[] }[] },
): boolean {
  for (const directive of node.directives ?? []) {
    const argument = (directive.arguments ?? [])[0] as
      | { value: { kind: string; value?: boolean; name?: { value: string } } }
      | undefined;
    const raw = argument?.value;
    const flag =
      raw?.kind === Kind.VARIABLE ? walk.variables[raw.name?.value ?? ''] === true : raw?.value === true;
    if (directive.name.value === 'skip' && flag) return false;
    if (directive.name.value === 'include' && !flag) return false;
  }
  return true;
}

function applies(walk: Walk, condition: string | undefined, runtime: GraphQLObjectType): boolean {
  if (!condition || condition === runtime.name) return true;
  const type = walk.schema.getType(condition);
  return type !== undefined && isAbstractType(type) && walk.schema.isSubType(type, runtime);
}

/** Response key → the field nodes that ask for it, for one concrete type (GraphQL's CollectFields). */
function collect(
  walk: Walk,
  runtime: GraphQLObjectType,
  set: SelectionSetNode,
  into = new Map<string, { name: string; sets: SelectionSetNode[] }>(),
): Map<string, { name: string; sets: SelectionSetNode[] }> {
  for (const selection of set.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === Kind.FIELD) {
      const key = selection.alias?.value ?? selection.name.value;
      const entry = into.get(key) ?? { name: selection.name.value, sets: [] };
      if (selection.selectionSet) entry.sets.push(selection.selectionSet);
      into.set(key, entry);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      if (applies(walk, selection.typeCondition?.name.value, runtime))
        collect(walk, runtime, selection.selectionSet, into);
    } else {
      const fragment = walk.fragments.get(selection.name.value);
      if (fragment && applies(walk, fragment.typeCondition.name.value, runtime))
        collect(walk, runtime, fragment.selectionSet, into);
    }
  }
  return into;
}

function checkObject(
  walk: Walk,
  runtime: GraphQLObjectType,
  sets: SelectionSetNode[],
  value: unknown,
  at: string,
): Problems {
  if (kind(value) !== 'object') return [`${at}: expected ${runtime.name} object, got ${kind(value)}`];
  const object = value as Record<string, unknown>;
  const fields = new Map<string, { name: string; sets: SelectionSetNode[] }>();
  for (const set of sets) collect(walk, runtime, set, fields);
  const problems: Problems = [];
  for (const [key, { name, sets: childSets }] of fields) {
    if (!(key in object)) {
      problems.push(`${at}.${key}: missing`);
      continue;
    }
    if (name === '__typename') {
      if (object[key] !== runtime.name)
        problems.push(`${at}.${key}: ${JSON.stringify(object[key])} is not ${runtime.name}`);
      continue;
    }
    const field = runtime.getFields()[name];
    if (!field) continue; // the query validated, so only meta fields land here
    problems.push(...checkValue(walk, field.type, childSets, object[key], `${at}.${key}`));
  }
  for (const key of Object.keys(object)) if (!fields.has(key)) problems.push(`${at}.${key}: not asked for`);
  return problems;
}

function checkScalar(type: GraphQLScalarType, value: unknown, at: string): Problems {
  const ok =
    type.name === 'Int'
      ? Number.isInteger(value)
      : type.name === 'Float'
        ? typeof value === 'number'
        : type.name === 'Boolean'
          ? typeof value === 'boolean'
          : // String, ID and GitHub's custom scalars (DateTime, URI, HTML, GitObjectID, …) travel as strings.
            typeof value === 'string';
  return ok ? [] : [`${at}: ${JSON.stringify(value)} is not a ${type.name}`];
}

function checkValue(
  walk: Walk,
  type: GraphQLType,
  sets: SelectionSetNode[],
  value: unknown,
  at: string,
): Problems {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) return [`${at}: null for non-null ${String(type)}`];
    return checkValue(walk, type.ofType, sets, value, at);
  }
  if (value === null) return [];
  if (isListType(type)) {
    if (!Array.isArray(value)) return [`${at}: expected a list, got ${kind(value)}`];
    return value.flatMap((item, index) => checkValue(walk, type.ofType, sets, item, `${at}[${index}]`));
  }
  const named = getNamedType(type);
  if (named instanceof GraphQLScalarType) return checkScalar(named, value, at);
  if (named instanceof GraphQLEnumType)
    return named.getValue(String(value)) && typeof value === 'string'
      ? []
      : [`${at}: ${JSON.stringify(value)} is not a ${named.name}`];
  if (isObjectType(named)) return checkObject(walk, named, sets, value, at);
  if (isAbstractType(named)) {
    // The concrete type comes from __typename when asked; otherwise one possible type must fit.
    const typename = kind(value) === 'object' ? (value as Record<string, unknown>).__typename : undefined;
    const candidates = walk.schema
      .getPossibleTypes(named)
      .filter((candidate) => typename === undefined || candidate.name === typename);
    let first: Problems | undefined;
    for (const candidate of candidates) {
      const problems = checkObject(walk, candidate, sets, value, at);
      if (problems.length === 0) return [];
      first ??= problems;
    }
    return first ?? [`${at}: ${String(typename)} is not a possible ${named.name}`];
  }
  return [`${at}: unsupported type ${String(type)}`];
}

function checkErrors(errors: unknown): Problems {
  if (!Array.isArray(errors) || errors.length === 0) return ['errors: must be a non-empty list'];
  return errors.flatMap((error, index) =>
    kind(error) === 'object' && typeof (error as { message?: unknown }).message === 'string'
      ? []
      : [`errors[${index}]: must be an object with a message`],
  );
}

/** Problems with one answer of POST /graphql; empty when GitHub's schema allows it. */
export function checkGraphqlAnswer(
  requestBody: unknown,
  status: number,
  payload: string | undefined,
): Problems {
  const schema = loaded;
  if (!schema) return ['the GraphQL schema was not loaded before the answer (graphqlSchemaReady)'];
  let answer: unknown;
  try {
    answer = JSON.parse(payload ?? '');
  } catch {
    return ['body is not JSON'];
  }
  if (kind(answer) !== 'object') return [`body: expected an object, got ${kind(answer)}`];
  const body = answer as Record<string, unknown>;
  // Transport-level refusals (401, 403 rate limits, 400 without a query) are REST-style errors.
  if (status !== 200)
    return typeof body.message === 'string' ? [] : [`${status}: expected { message, documentation_url }`];
  const extra = Object.keys(body).filter((key) => !['data', 'errors', 'extensions'].includes(key));
  const problems: Problems = extra.map((key) => `${key}: not part of a GraphQL answer`);
  if ('errors' in body) problems.push(...checkErrors(body.errors));
  const request = (kind(requestBody) === 'object' ? requestBody : {}) as {
    query?: unknown;
    variables?: unknown;
  };
  const query = typeof request.query === 'string' ? request.query : '';
  const { document, errors } = prepare(schema, query);
  const hasData = body.data !== undefined && body.data !== null;
  if (errors.length > 0 || !document) {
    if (hasData) problems.push(`data answered to a query GitHub's schema rejects: ${errors.join('; ')}`);
    if (!('errors' in body)) problems.push('a query the schema rejects must be answered with errors');
    return problems;
  }
  const operation = document.definitions.find(
    (definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) return [...problems, 'no operation in the query'];
  const variables = (kind(request.variables) === 'object' ? request.variables : {}) as Record<
    string,
    unknown
  >;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) {
    if (hasData)
      problems.push(
        `data answered despite bad variables: ${coerced.errors.map((e) => e.message).join('; ')}`,
      );
    return problems;
  }
  if (!hasData) return 'errors' in body ? problems : [...problems, 'an answer needs data or errors'];
  const root = operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  if (!root) return [...problems, `the schema has no ${operation.operation} type`];
  const walk: Walk = {
    schema,
    fragments: new Map(
      document.definitions
        .filter(
          (definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION,
        )
        .map((fragment) => [fragment.name.value, fragment]),
    ),
    variables: coerced.coerced,
  };
  return [...problems, ...checkObject(walk, root, [operation.selectionSet], body.data, 'data')];
}
