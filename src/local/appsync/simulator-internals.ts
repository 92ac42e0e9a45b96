// The parts of @aws-amplify/amplify-appsync-simulator (pinned at 2.16.20) that the engine uses
// beyond its public class: its own graphql 15 (the schema it builds only works with the graphql
// module that built it) and its VTL value mapper (how JavaScript values become the Java-like maps
// and lists that templates call `.get()` and `.put()` on). Kept in one place so that an upgrade of
// the simulator has one file to check.
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);
const simulatorEntry = requireHere.resolve('@aws-amplify/amplify-appsync-simulator');
const requireFromSimulator = createRequire(simulatorEntry);

export interface GraphQLErrorLike {
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
  extensions?: Record<string, unknown>;
  originalError?: GraphQLErrorLike | null;
}

export type OperationKind = 'query' | 'mutation' | 'subscription';

/** graphql 15 as the simulator loads it; documents and schemas stay opaque here. */
export interface Graphql15 {
  parse(source: string): unknown;
  validate(schema: unknown, document: unknown): ReadonlyArray<GraphQLErrorLike>;
  execute(args: {
    schema: unknown;
    document: unknown;
    contextValue: unknown;
    variableValues?: Record<string, unknown> | null;
    operationName?: string | null;
  }): Promise<{ data?: Record<string, unknown> | null; errors?: ReadonlyArray<GraphQLErrorLike> }>;
  getOperationAST(document: unknown, operationName?: string | null): { operation: OperationKind } | null | undefined;
  GraphQLError: new (message: string) => GraphQLErrorLike;
}

function load<T>(specifier: string, what: string): T {
  try {
    return requireFromSimulator(specifier) as T;
  } catch (error) {
    throw new Error(
      `cannot load ${what} (${specifier}) from @aws-amplify/amplify-appsync-simulator: the local cloud is written against its version 2.16.20 ` +
        `(${(error as Error).message})`,
    );
  }
}

export const graphql15 = load<Graphql15>('graphql', "the simulator's graphql");

/** JavaScript value → the VTL runtime's Java-like value. */
export const toVelocityValue = load<{ map(value: unknown): unknown }>('./velocity/value-mapper/mapper.js', 'the VTL value mapper').map;
