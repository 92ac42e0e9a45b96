import type { DocumentNode, OperationDefinitionNode, OperationTypeNode } from 'graphql';

/** The one operation of a generated document (its fragments come along as other definitions). */
export function operationOf(document: DocumentNode): { name: string; type: OperationTypeNode } {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  const [operation] = operations;
  if (!operation || operations.length > 1) {
    throw new TypeError(`expected a document with exactly one operation, got ${operations.length}`);
  }
  return { name: operation.name?.value ?? 'anonymous operation', type: operation.operation };
}

/**
 * The variables parameter of a typed call: optional when every variable is, required otherwise, so a
 * missing required variable is a compile error.
 */
export type VariablesArgument<TVariables> = Record<string, never> extends TVariables
  ? [variables?: TVariables]
  : [variables: TVariables];
