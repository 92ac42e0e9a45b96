// Limits that refuse a pathological request before it runs, so that one request cannot occupy the
// local endpoint for minutes or exhaust the stack. They are the local server's own protection and
// sit far beyond what the deployed API accepts:
// - AppSync applies a query depth limit only when the API sets `QueryDepthLimit` (the compiled API
//   does not), so depth here is bounded only at 1,000 levels, 13 times AppSync's largest settable
//   limit (75) and far deeper than any query valid against this schema (it has no cycles; a deeper
//   query fails validation in AppSync too).
// - AppSync counts resolver invocations (at most `ResolverCountLimit`, default 10,000), which the
//   engine counts as it executes (graphql-engine.ts); here only the expanded selections are bounded,
//   at 1,000,000, against fragments that multiply each other.
// - The nesting of input values has no AppSync counterpart and is generous for any real input.
// - Validation stops after 100 errors (a client only needs the first ones; each costs time).
// When the compiled API does set `QueryDepthLimit`, checkDocument applies it as AppSync counts it.
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

export const REQUEST_LIMITS = {
  /** Levels of nested selections in an operation (local protection). */
  maxDepth: 1_000,
  /** Field selections in an operation, fragments expanded (local protection; AppSync counts resolvers instead). */
  maxFields: 1_000_000,
  /** Levels of nested objects and lists in variables and in argument literals. */
  maxInputDepth: 64,
  /**
   * Validation errors reported before validation stops (graphql-js 16's default). Each error costs
   * graphql-js about a millisecond (its "did you mean" suggestions): a 85 KB document of thousands of
   * wrong arguments held the event loop for 2.6 s, stalling every other request; capped, 0.1 s.
   */
  maxValidationErrors: 100,
};

/** A request refused for its size or shape: HTTP 400 with a BadRequestException. */
export class RequestLimitError extends Error {
  override name = 'RequestLimitError';
}

/** Deeper than the API's own QueryDepthLimit: a GraphQL error with data null, nothing runs. */
export class QueryDepthLimitError extends Error {
  override name = 'QueryDepthLimitError';
}

/** Refuses variables nested deeper than the limit (walked without recursion: they may be very deep). */
export function checkVariables(variables: unknown): void {
  const pending: Array<[unknown, number]> = [[variables, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > REQUEST_LIMITS.maxInputDepth) {
      throw new RequestLimitError(`The variables are nested more than ${REQUEST_LIMITS.maxInputDepth} levels deep (the limit of this endpoint)`);
    }
    for (const item of Object.values(value)) pending.push([item, depth + 1]);
  }
}

/**
 * Refuses an operation that is too deep, selects too many fields, or nests argument literals too
 * deeply. Runs before validation, so it must survive fragment cycles (validation reports those) and
 * fragments that multiply each other (it stops counting at the limit).
 */
export function checkDocument(document: DocumentNode, operationName: string | null | undefined, queryDepthLimit?: number): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || operation.kind !== 'OperationDefinition') return; // the engine reports a missing operation

  let fields = 0;
  const inFragment = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, depth: number): void => {
    if (queryDepthLimit !== undefined && depth > queryDepthLimit) {
      throw new QueryDepthLimitError(`Query depth limit of ${queryDepthLimit} exceeded (the API's QueryDepthLimit)`);
    }
    if (depth > REQUEST_LIMITS.maxDepth) {
      throw new RequestLimitError(`The query is nested more than ${REQUEST_LIMITS.maxDepth} levels deep (a protection of the local endpoint; AppSync sets no depth limit unless the API has QueryDepthLimit)`);
    }
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'Field') {
        if (++fields > REQUEST_LIMITS.maxFields) {
          throw new RequestLimitError(`The query selects too many fields: more than ${REQUEST_LIMITS.maxFields} with fragments expanded (a protection of the local endpoint)`);
        }
        for (const argument of selection.arguments ?? []) checkLiteral(argument.value);
        if (selection.selectionSet) visit(selection.selectionSet, depth + 1);
      } else if (selection.kind === 'InlineFragment') {
        visit(selection.selectionSet, depth);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inFragment.has(name)) continue;
        inFragment.add(name);
        visit(fragment.selectionSet, depth);
        inFragment.delete(name);
      }
    }
  };
  visit(operation.selectionSet, 1);
}

function checkLiteral(value: ValueNode): void {
  const pending: Array<[ValueNode, number]> = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (depth > REQUEST_LIMITS.maxInputDepth) {
      throw new RequestLimitError(`An argument is nested more than ${REQUEST_LIMITS.maxInputDepth} levels deep (the limit of this endpoint)`);
    }
    if (node.kind === 'ObjectValue') for (const field of node.fields) pending.push([field.value, depth + 1]);
    else if (node.kind === 'ListValue') for (const item of node.values) pending.push([item, depth + 1]);
  }
}
