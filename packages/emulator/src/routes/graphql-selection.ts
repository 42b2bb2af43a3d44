import { type DocumentNode, Kind, parse, type SelectionSetNode } from 'graphql';

/**
 * GraphQL answers exactly the fields a query selects, under their response keys (aliases). The
 * emulator's resolvers build a superset of an object's fields; this cuts their `data` down to
 * the query's selection, as GitHub's executor would. Fields a resolver did not produce stay
 * absent (the answer check reports them). Fragments apply by the fields present, since the
 * resolvers know the concrete type.
 */
const documents = new Map<string, DocumentNode | null>();

function documentOf(query: string): DocumentNode | null {
  if (!documents.has(query)) {
    try {
      documents.set(query, parse(query));
    } catch {
      documents.set(query, null);
    }
  }
  return documents.get(query) ?? null;
}

function fieldsOf(
  set: SelectionSetNode,
  fragments: Map<string, SelectionSetNode>,
  into: Array<{ key: string; name: string; set?: SelectionSetNode }> = [],
) {
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      into.push({
        key: selection.alias?.value ?? selection.name.value,
        name: selection.name.value,
        ...(selection.selectionSet ? { set: selection.selectionSet } : {}),
      });
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      fieldsOf(selection.selectionSet, fragments, into);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) fieldsOf(fragment, fragments, into);
    }
  }
  return into;
}

function project(value: unknown, set: SelectionSetNode, fragments: Map<string, SelectionSetNode>): unknown {
  if (Array.isArray(value)) return value.map((item) => project(item, set, fragments));
  if (!value || typeof value !== 'object') return value;
  const source = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(set, fragments)) {
    const from = field.key in source ? field.key : field.name;
    if (!(from in source) || field.key in out) continue;
    const child = source[from];
    out[field.key] = field.set ? project(child, field.set, fragments) : child;
  }
  return out;
}

/** `answer` with its `data` cut to what `query` selects; unchanged when the query does not parse. */
export function selectAsQueried(answer: Record<string, unknown>, query: string): Record<string, unknown> {
  const document = documentOf(query);
  if (!document || answer.data === undefined || answer.data === null) return answer;
  const operation = document.definitions.find((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return answer;
  const fragments = new Map<string, SelectionSetNode>();
  for (const definition of document.definitions)
    if (definition.kind === Kind.FRAGMENT_DEFINITION)
      fragments.set(definition.name.value, definition.selectionSet);
  return { ...answer, data: project(answer.data, operation.selectionSet, fragments) };
}
