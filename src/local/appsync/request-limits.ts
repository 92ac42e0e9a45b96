// Limits that refuse a pathological request before it runs, so that one request cannot occupy the
// local endpoint for minutes or exhaust the stack. The numbers follow AppSync's own ceilings where it
// has them (a query depth limit of at most 75, at most 10,000 resolver executions per request); the
// nesting of input values has no AppSync counterpart and is generous for any real input.
import type { DocumentNode, FragmentDefinitionNode, SelectionSetNode, ValueNode } from 'graphql';

export const REQUEST_LIMITS = {
  /** Levels of nested selections in an operation. */
  maxDepth: 75,
  /** Field selections in an operation, fragments expanded (each may run a resolver). */
  maxFields: 10_000,
  /** Levels of nested objects and lists in variables and in argument literals. */
  maxInputDepth: 64,
};

/** A request refused for its size or shape: HTTP 400 with a BadRequestException. */
export class RequestLimitError extends Error {
  override name = 'RequestLimitError';
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
export function checkDocument(document: DocumentNode, operationName: string | null | undefined): void {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  const operations = document.definitions.filter((d) => d.kind === 'OperationDefinition');
  const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
  if (!operation || operation.kind !== 'OperationDefinition') return; // the engine reports a missing operation

  let fields = 0;
  const inFragment = new Set<string>();
  const visit = (selectionSet: SelectionSetNode, depth: number): void => {
    if (depth > REQUEST_LIMITS.maxDepth) {
      throw new RequestLimitError(`The query is nested more than ${REQUEST_LIMITS.maxDepth} levels deep (the limit of this endpoint)`);
    }
    for (const selection of selectionSet.selections) {
      if (selection.kind === 'Field') {
        if (++fields > REQUEST_LIMITS.maxFields) {
          throw new RequestLimitError(`The query selects too many fields: more than ${REQUEST_LIMITS.maxFields} (the limit of this endpoint)`);
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
