// `npm run test:access:mutations`: proves that the access matrix notices a broken rule. Each @auth rule
// of the schema is removed in turn, and each operation of a rule is dropped in turn; the mutated schema
// is compiled with the real transformer and the whole matrix runs against it. A mutant that no cell
// of the matrix catches "survives": the matrix has a hole there. Exit code 1 when any survives.
// Takes several minutes (one local cloud per mutant); not part of `npm test`.
import { parse, visit, Kind, type ASTNode, type ObjectValueNode } from 'graphql';
import { loadAmplifyApiProject } from '../../src/compiler/amplify-project.js';
import { compileApi } from '../../src/compiler/transform.js';
import { checkCell } from './check.js';
import { MATRIX } from './matrix.js';
import { findOperation } from './operations.js';
import { projectRoot } from './project.js';
import { ACTORS, startWorld } from './world.js';

interface Mutant {
  description: string;
  schema: string;
}

const cut = (text: string, from: number, to: number) => text.slice(0, from) + text.slice(to);
const lineOf = (text: string, offset: number) => text.slice(0, offset).split('\n').length;

/** Every rule removed, and every operation of a rule with several dropped, one at a time. */
export function authMutants(schema: string): Mutant[] {
  const mutants: Mutant[] = [];
  const where: string[] = [];
  const describe = (node: ASTNode, what: string) => `${where.join('.')} (schema.graphql:${lineOf(schema, node.loc!.start)}): ${what}`;
  visit(parse(schema), {
    ObjectTypeDefinition: { enter: (n) => void where.push(n.name.value), leave: () => void where.pop() },
    FieldDefinition: { enter: (n) => void where.push(n.name.value), leave: () => void where.pop() },
    Directive(directive) {
      if (directive.name.value !== 'auth') return;
      const rules = directive.arguments?.find((a) => a.name.value === 'rules')?.value;
      if (rules?.kind !== Kind.LIST) return;
      for (const rule of rules.values as readonly ObjectValueNode[]) {
        const text = schema.slice(rule.loc!.start, rule.loc!.end);
        mutants.push({ description: describe(rule, `remove ${text}`), schema: cut(schema, rule.loc!.start, rule.loc!.end) });
        const operations = rule.fields.find((f) => f.name.value === 'operations')?.value;
        if (operations?.kind !== Kind.LIST || operations.values.length < 2) continue;
        operations.values.forEach((operation, i) => {
          // Drop the operation with the separator that follows it (or precedes it, for the last one).
          const next = operations.values[i + 1];
          const previous = operations.values[i - 1];
          const [from, to] = next ? [operation.loc!.start, next.loc!.start] : [previous!.loc!.end, operation.loc!.end];
          mutants.push({ description: describe(rule, `drop ${schema.slice(operation.loc!.start, operation.loc!.end)} from ${text}`), schema: cut(schema, from, to) });
        });
      }
    },
  });
  return mutants;
}

/** How many cells of the matrix fail against the API compiled from this schema. */
async function failingCells(schema: string): Promise<number | string> {
  const project = { ...loadAmplifyApiProject(projectRoot), schema };
  let api;
  try {
    api = compileApi(project);
  } catch (error) {
    return `does not compile: ${(error as Error).message.split('\n')[0]}`;
  }
  const world = await startWorld({ projectRoot, api });
  let failures = 0;
  try {
    for (const row of MATRIX) {
      const operation = findOperation(row.model, row.operation);
      for (const actor of ACTORS) {
        try {
          checkCell(row.cells[actor], operation, await operation.run(world, actor), world, actor);
        } catch {
          failures += 1;
        }
      }
    }
  } finally {
    await world.close();
  }
  return failures;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const mutants = authMutants(loadAmplifyApiProject(projectRoot).schema);
  const only = process.argv[2];
  let survivors = 0;
  console.log(`${mutants.length} mutants of the schema's @auth rules`);
  for (const [i, mutant] of mutants.entries()) {
    if (only && !mutant.description.includes(only)) continue;
    const result = await failingCells(mutant.schema);
    const caught = typeof result === 'string' || result > 0;
    if (!caught) survivors += 1;
    console.log(`${caught ? 'caught  ' : 'SURVIVED'} ${i + 1}/${mutants.length} ${mutant.description} -> ${typeof result === 'string' ? result : `${result} failing cells`}`);
  }
  console.log(survivors === 0 ? '\nevery mutant was caught' : `\n${survivors} mutants survived: the matrix misses those rules`);
  process.exitCode = survivors === 0 ? 0 : 1;
}
