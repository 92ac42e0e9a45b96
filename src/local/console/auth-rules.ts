// Why an operation was refused: the `@auth` rules that apply to a refused path, read from the API's
// own schema (amplify/backend/api/<api>/schema.graphql), shown beside the error with who asked.
// AppSync names the refused field in the message ("Not Authorized to access getRide on type Query");
// a root field is governed by the rules of the model it returns, a nested field by its type's rules
// and, when it has them, its own.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, print, type DirectiveNode, type ObjectTypeDefinitionNode } from 'graphql';
import type { RefusalExplanation } from './wire.js';

export interface AuthRulesOfType {
  /** The type's `@auth(...)` as written, or null when it has none. */
  rules: string | null;
  /** Fields that carry their own `@auth(...)`. */
  fields: Record<string, string>;
}

export function sourceSchemaPath(projectRoot: string, apiName: string): string {
  return join(projectRoot, 'amplify', 'backend', 'api', apiName, 'schema.graphql');
}

/** Every object type's `@auth` rules in the API's source schema. */
export function readAuthRules(projectRoot: string, apiName: string): Record<string, AuthRulesOfType> {
  const document = parse(readFileSync(sourceSchemaPath(projectRoot, apiName), 'utf8'));
  const rules: Record<string, AuthRulesOfType> = {};
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    const type = definition as ObjectTypeDefinitionNode;
    const fields: Record<string, string> = {};
    for (const field of type.fields ?? []) {
      const auth = authOf(field.directives);
      if (auth) fields[field.name.value] = auth;
    }
    rules[type.name.value] = { rules: authOf(type.directives), fields };
  }
  return rules;
}

function authOf(directives: readonly DirectiveNode[] | undefined): string | null {
  const auth = directives?.find((directive) => directive.name.value === 'auth');
  return auth ? print(auth) : null;
}

/** A compiled schema, duck-typed: the simulator's graphql 15 schema object. */
interface SchemaLike {
  getType(name: string): { getFields?(): Record<string, { type: unknown }> } | null | undefined;
}

interface TypeRefLike {
  name?: string;
  ofType?: TypeRefLike;
}

function namedTypeOf(type: unknown): string | null {
  let current = type as TypeRefLike | undefined;
  while (current && !current.name) current = current.ofType;
  return current?.name ?? null;
}

const MESSAGE = /Not Authorized to access (\w+) on type (\w+)/;

/** Explains each `Unauthorized` error of a response. */
export function explainRefusals(
  errors: ReadonlyArray<{ path?: ReadonlyArray<string | number> | null; message?: string; errorType?: string | null }>,
  rules: Record<string, AuthRulesOfType>,
  schema: SchemaLike,
): RefusalExplanation[] {
  const explanations: RefusalExplanation[] = [];
  for (const error of errors) {
    if (error.errorType !== 'Unauthorized') continue;
    const path = (error.path ?? []).join('.');
    const named = MESSAGE.exec(error.message ?? '');
    const lastField = [...(error.path ?? [])].reverse().find((part): part is string => typeof part === 'string');
    const field = named?.[1] ?? lastField ?? '';
    const type = named?.[2] ?? (error.path && error.path.length === 1 ? 'Query' : '');
    let model: string | null = type;
    if (type === 'Query' || type === 'Mutation' || type === 'Subscription') {
      model = namedTypeOf(schema.getType(type)?.getFields?.()[field]?.type);
      // List queries return Model<X>Connection; the rules are X's.
      if (model && /^Model\w+Connection$/.test(model)) model = namedTypeOf(schema.getType(model)?.getFields?.().items?.type);
    }
    explanations.push({
      path,
      type,
      field,
      model,
      modelRules: model ? (rules[model]?.rules ?? null) : null,
      fieldRules: type && rules[type]?.fields[field] ? rules[type].fields[field] : null,
    });
  }
  return explanations;
}
