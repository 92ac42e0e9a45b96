// Introspection of the served API for the console's explorer before anyone is chosen to act as:
// the schema is no secret on this machine, and GraphiQL needs it for its docs and completion. Only
// operations made of introspection fields (__schema, __type, __typename) are answered, so no resolver
// runs and no data is read without a user's token.
import { Kind, parse, type DocumentNode, type SelectionSetNode } from 'graphql';
import { checkDocument, RequestLimitError } from '../appsync/request-limits.js';
import { graphql15 } from '../appsync/simulator-internals.js';

export class IntrospectionOnlyError extends Error {
  override name = 'IntrospectionOnlyError';
}

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

/**
 * Answers an introspection request ({query, variables, operationName}) from the schema the engine
 * serves now (the simulator's graphql 15 schema, replaced by a reload). Anything else is refused
 * with an IntrospectionOnlyError that says to choose a user.
 */
export async function answerIntrospection(servedSchema: unknown, body: Record<string, unknown>): Promise<{ data?: unknown; errors?: unknown }> {
  const { query, variables, operationName } = body;
  if (typeof query !== 'string' || query.trim() === '') throw new IntrospectionOnlyError('Send {"query": "..."} with an introspection query');
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') throw new IntrospectionOnlyError('"operationName" must be a string');
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw new IntrospectionOnlyError('"variables" must be a JSON object');
  }
  let document: DocumentNode;
  try {
    document = parse(query);
    // The GraphQL endpoint's own limits (depth, fields) bound what a nested __type query may ask.
    checkDocument(document, operationName);
  } catch (error) {
    if (error instanceof RequestLimitError) throw new IntrospectionOnlyError(error.message);
    return { errors: [{ message: (error as Error).message }] };
  }
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const operation = operationName ? operations.find((d) => d.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'query' || !onlyIntrospection(operation.selectionSet, document)) {
    throw new IntrospectionOnlyError(
      'Without a user only the schema (introspection: __schema, __type) can be read; choose a user to act as to run queries, mutations and subscriptions.',
    );
  }
  const document15 = graphql15.parse(query);
  const invalid = graphql15.validate(servedSchema, document15);
  if (invalid.length > 0) return { errors: invalid.map((e) => ({ message: e.message })) };
  const result = await graphql15.execute({
    schema: servedSchema,
    document: document15,
    contextValue: {},
    variableValues: (variables ?? undefined) as Record<string, unknown> | undefined,
    operationName: operationName ?? undefined,
  });
  return result.errors?.length ? { data: result.data ?? null, errors: result.errors.map((e) => ({ message: e.message })) } : { data: result.data };
}

/** Whether every root field, through fragments, is an introspection field. */
function onlyIntrospection(selectionSet: SelectionSetNode, document: DocumentNode, seen = new Set<string>()): boolean {
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.FIELD) return INTROSPECTION_FIELDS.has(selection.name.value);
    if (selection.kind === Kind.INLINE_FRAGMENT) return onlyIntrospection(selection.selectionSet, document, seen);
    const name = selection.name.value;
    if (seen.has(name)) return true;
    const fragment = document.definitions.find((d) => d.kind === Kind.FRAGMENT_DEFINITION && d.name.value === name);
    return fragment?.kind === Kind.FRAGMENT_DEFINITION && onlyIntrospection(fragment.selectionSet, document, new Set([...seen, name]));
  });
}
