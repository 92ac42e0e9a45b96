// Validation errors in AppSync's wording. AppSync validates with graphql-java and reports
// "Validation error of type <Kind>: <detail> @ '<field path>'" (for example
// "Validation error of type FieldUndefined: Field 'x' in type 'Query' is undefined @ 'x'"), where
// graphql-js, which the local engine validates with, says "Cannot query field "x" on type "Query".".
// The rules a client trips over are translated; any other keeps graphql-js's message.
import type { ASTNode, DocumentNode, FieldNode, SelectionSetNode } from 'graphql';

interface ValidationErrorLike {
  message: string;
  nodes?: readonly ASTNode[] | undefined;
}

type Rule = [RegExp, (match: RegExpExecArray) => string, 'field' | 'none'];

const RULES: Rule[] = [
  [/^Cannot query field "([^"]+)" on type "([^"]+)"\./, (m) => `FieldUndefined: Field '${m[1]}' in type '${m[2]}' is undefined`, 'field'],
  [/^Unknown argument "([^"]+)" on field "[^"]+"\./, (m) => `UnknownArgument: Unknown field argument ${m[1]}`, 'field'],
  [/^Field "([^"]+)" argument "([^"]+)" of type "[^"]+" is required, but it was not provided\./, (m) => `MissingFieldArgument: Missing field argument ${m[2]}`, 'field'],
  [/^Field "([^"]+)" of type "([^"]+)" must have a selection of subfields\./, (m) => `SubSelectionRequired: Sub selection required for type ${m[2]} of field ${m[1]}`, 'field'],
  [/^Field "([^"]+)" must not have a selection since type "([^"]+)" has no subfields\./, (m) => `SubSelectionNotAllowed: Sub selection not allowed on leaf type ${m[2]} of field ${m[1]}`, 'field'],
  [/^Unknown type "([^"]+)"\./, (m) => `UnknownType: Unknown type ${m[1]}`, 'none'],
  [/^Variable "\$([^"]+)" is never used/, (m) => `UnusedVariable: Unused variable ${m[1]}`, 'none'],
  [/^Variable "\$([^"]+)" is not defined/, (m) => `UndefinedVariable: Undefined variable ${m[1]}`, 'field'],
  [/^Variable "\$[^"]+" of type "([^"]+)" used in position expecting type "([^"]+)"\./, (m) => `VariableTypeMismatch: Variable type '${m[1]}' doesn't match expected type '${m[2]}'`, 'field'],
  [/^Unknown fragment "([^"]+)"\./, (m) => `UndefinedFragment: Undefined fragment ${m[1]}`, 'field'],
  [/^Fragment "([^"]+)" is never used\./, (m) => `UnusedFragment: Unused fragment ${m[1]}`, 'none'],
  [/^Expected value of type "([^"]+)", found ([^;]+?)(;.*)?\.$/, (m) => `WrongType: argument value ${m[2]} is not a valid '${m[1]}'`, 'field'],
];

/** The message AppSync gives for a graphql-js validation error of `document`. */
export function appSyncValidationMessage(error: ValidationErrorLike, document: DocumentNode): string {
  for (const [pattern, render, where] of RULES) {
    const match = pattern.exec(error.message);
    if (!match) continue;
    const path = where === 'field' ? fieldPathOf(error.nodes, document) : undefined;
    return `Validation error of type ${render(match)}${path ? ` @ '${path}'` : ''}`;
  }
  return error.message;
}

// graphql-java's path: the response names from the operation (or fragment) root down to the field
// the error is about, or that holds the argument or variable it is about.
function fieldPathOf(nodes: readonly ASTNode[] | undefined, document: DocumentNode): string | undefined {
  const target = nodes?.[0];
  if (!target?.loc) return undefined;
  const start = target.loc.start;
  let best: string[] | undefined;
  const walk = (set: SelectionSetNode | undefined, path: string[]): void => {
    for (const selection of set?.selections ?? []) {
      if (!selection.loc || start < selection.loc.start || start >= selection.loc.end) continue;
      if (selection.kind === 'Field') {
        const field = selection as FieldNode;
        const here = [...path, (field.alias ?? field.name).value];
        best = here;
        walk(field.selectionSet, here);
      } else if (selection.kind === 'InlineFragment') {
        walk(selection.selectionSet, path);
      }
    }
  };
  for (const definition of document.definitions) {
    if ((definition.kind === 'OperationDefinition' || definition.kind === 'FragmentDefinition') && definition.loc && start >= definition.loc.start && start < definition.loc.end) {
      walk(definition.selectionSet, []);
    }
  }
  return best?.join('/');
}
