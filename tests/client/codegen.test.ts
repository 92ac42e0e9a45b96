// The typed operations stay in step with the schema: they validate against the compiled AppSync
// schema, src/generated/graphql.ts is what `npm run codegen` makes of them now, and each
// operation selects only fields its role may read.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  Kind,
  parse,
  validate,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateTypedDocuments } from '../../src/codegen/typed-documents.js';

const root = join(import.meta.dirname, '..', '..');
const operationsDir = join(root, 'graphql', 'operations');
const schema = buildSchema(
  readFileSync(join(root, 'graphql', 'aws.graphql'), 'utf8') + '\n' + readFileSync(join(root, 'graphql', 'schema.graphql'), 'utf8'),
);
const files = readdirSync(operationsDir).filter((name) => name.endsWith('.graphql')).sort();
const operationsText = files.map((name) => readFileSync(join(operationsDir, name), 'utf8')).join('\n');
const document = parse(operationsText);
const fragments = new Map(
  document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
);
const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);

/** Every field path an operation selects, fragments expanded: `createRide.unicorn.name`, ... */
function selectedPaths(selectionSet: SelectionSetNode, prefix = ''): string[] {
  return selectionSet.selections.flatMap((selection) => {
    if (selection.kind === Kind.FIELD) {
      const path = prefix + selection.name.value;
      return selection.selectionSet ? [path, ...selectedPaths(selection.selectionSet, path + '.')] : [path];
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) return selectedPaths(fragments.get(selection.name.value)!.selectionSet, prefix);
    return selectedPaths(selection.selectionSet, prefix);
  });
}

function fieldsUnderRoot(operation: OperationDefinitionNode): string[] {
  return selectedPaths(operation.selectionSet).map((path) => path.split('.').slice(1).join('.')).filter(Boolean);
}

describe('graphql/operations', () => {
  it('validate against the compiled schema and its AWS prelude', () => {
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
    expect(operations.length).toBeGreaterThan(0);
  });

  it('select dispatcherNote only in the Dispatchers\' and Admins\' queries', () => {
    const dispatchQueries = parse(readFileSync(join(operationsDir, 'dispatch.graphql'), 'utf8'))
      .definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'query')
      .map((o) => o.name!.value);
    expect(dispatchQueries.length).toBeGreaterThan(0);
    const selecting = operations.filter((o) => selectedPaths(o.selectionSet).some((p) => p.endsWith('.dispatcherNote'))).map((o) => o.name!.value);
    expect(selecting.sort()).toEqual([...dispatchQueries].sort());
  });

  // In a mutation's result the transformer's resolvers return null for fields with rules of their
  // own that subscribers may not all read (Ride.unicorn, Ride.dispatcherNote): selecting them there
  // would promise data that never comes.
  it('select neither unicorn nor dispatcherNote in ride mutations and subscriptions', () => {
    for (const operation of operations.filter((o) => o.operation !== 'query')) {
      const fields = fieldsUnderRoot(operation);
      expect(fields.filter((f) => f === 'unicorn' || f === 'dispatcherNote'), operation.name!.value).toEqual([]);
    }
  });

  // AppSync builds a subscription event from the triggering mutation's own result: a field the
  // subscriber selects but the mutation did not is missing from the event, and the owner filter
  // needs owner and passengers in it.
  it('ride and unicorn mutations select every field their subscriptions select', () => {
    const subscriptionTriggers: Record<string, string[]> = {
      onCreateRide: ['createRide'],
      onUpdateRide: ['updateRide'],
      onDeleteRide: ['deleteRide'],
      onCreateUnicorn: ['createUnicorn'],
      onUpdateUnicorn: ['updateUnicorn'],
      onDeleteUnicorn: ['deleteUnicorn'],
    };
    const mutations = operations.filter((o) => o.operation === 'mutation');
    for (const subscription of operations.filter((o) => o.operation === 'subscription')) {
      const field = (subscription.selectionSet.selections[0] as { name: { value: string } }).name.value;
      const wanted = fieldsUnderRoot(subscription);
      const triggers = mutations.filter((m) => subscriptionTriggers[field]!.includes((m.selectionSet.selections[0] as { name: { value: string } }).name.value));
      expect(triggers.length, field).toBeGreaterThan(0);
      for (const mutation of triggers) {
        const given = new Set(fieldsUnderRoot(mutation));
        expect(wanted.filter((path) => !given.has(path)), `${mutation.name!.value} feeding ${subscription.name!.value}`).toEqual([]);
      }
    }
  });
});

describe('src/generated/graphql.ts', () => {
  it('is what `npm run codegen` generates now (run it and commit the result if this fails)', async () => {
    const generated = await generateTypedDocuments(root);
    const committed = readFileSync(join(root, 'src', 'generated', 'graphql.ts'), 'utf8');
    expect(generated === committed, 'src/generated/graphql.ts is stale: run `npm run codegen`').toBe(true);
  });
});
