// The parts of @aws-amplify/amplify-appsync-simulator (pinned at 2.16.20) that the engine uses
// beyond its public class: its own graphql 15 (the schema it builds only works with the graphql
// module that built it), its `$util` and `$ctx.info` builders, and the classes of its VTL values
// (the Java-like maps, lists, strings and numbers that templates call `.get()` and `.put()` on).
// Kept in one place so that an upgrade of the simulator has one file to check.
// Static imports of the simulator's own files (its package has no `exports` map, so its files and
// its nested graphql 15 are reachable by path), so that esbuild bundles them with the local cloud;
// node resolves the same paths when the sources run directly. The deferrals go first.
import './simulator-deferrals.js';
import type * as Simulator from '@aws-amplify/amplify-appsync-simulator';
import simulatorModule from '@aws-amplify/amplify-appsync-simulator';
import graphql15Module from '@aws-amplify/amplify-appsync-simulator/node_modules/graphql/index.js';
import subscriptionsModule from '@aws-amplify/amplify-appsync-simulator/node_modules/graphql-subscriptions/dist/index.js';
import mapModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/map.js';
import arrayModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/array.js';
import stringModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/string.js';
import integerModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/integer.js';
import decimalModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/decimal.js';
import mapperModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/value-mapper/mapper.js';
import utilModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/util/index.js';
import infoModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/util/info.js';
import errorsModule from '@aws-amplify/amplify-appsync-simulator/lib/velocity/util/errors.js';
import dynamoUtilsModule from '@aws-amplify/amplify-appsync-simulator/lib/data-loader/dynamo-db/utils/index.js';
import schemaModule from '@aws-amplify/amplify-appsync-simulator/lib/schema/index.js';
import scalarsModule from '@aws-amplify/amplify-appsync-simulator/lib/schema/appsync-scalars/index.js';
import directivesModule from '@aws-amplify/amplify-appsync-simulator/lib/schema/directives/index.js';
import graphqlToolsSchemaModule from '@aws-amplify/amplify-appsync-simulator/node_modules/@graphql-tools/schema/cjs/index.js';
import sdlValidationModule from '@aws-amplify/amplify-appsync-simulator/node_modules/graphql/validation/validate.js';
import graphqlToolsUtilsModule from '@aws-amplify/amplify-appsync-simulator/node_modules/@graphql-tools/utils/cjs/index.js';
import velocityModule from 'amplify-velocity-template';
import lodashModule from 'lodash';

export class SimulatorVersionError extends Error {
  override name = 'SimulatorVersionError';
}

/** The part `key` of one of the simulator's modules, checked to be there (an upgrade may move it). */
function part<T>(module: unknown, key: string, what: string): T {
  const value = (module as Record<string, unknown> | undefined)?.[key];
  if (value === undefined) {
    throw new SimulatorVersionError(
      `${what} (${key}) is missing from @aws-amplify/amplify-appsync-simulator: the local cloud is written against its version 2.16.20; update src/local/appsync/simulator-internals.ts`,
    );
  }
  return value as T;
}

/** The simulator's classes, loaded after the deferral above. */
export const AmplifyAppSyncSimulator = part<typeof Simulator.AmplifyAppSyncSimulator>(simulatorModule, 'AmplifyAppSyncSimulator', 'the simulator class');
export type AmplifyAppSyncSimulator = Simulator.AmplifyAppSyncSimulator;

/**
 * A simulator without its HTTP server: the fields its constructor sets but the server (the
 * configuration of a server never started, and the subscription pub/sub), so that the server's
 * modules are not loaded. `new AmplifyAppSyncSimulator()` still makes one with its server.
 */
export function newSimulator(): AmplifyAppSyncSimulator {
  const PubSub = part<new () => unknown>(subscriptionsModule, 'PubSub', "the simulator's graphql-subscriptions");
  return Object.assign(Object.create(AmplifyAppSyncSimulator.prototype) as AmplifyAppSyncSimulator, { _serverConfig: { port: 0, wsPort: 0 }, _pubsub: new PubSub() });
}

/** The simulator's mapping template: its VTL text and, once parsed, amplify-velocity-template's compiled form. */
export const VelocityTemplate = part<typeof Simulator.VelocityTemplate>(simulatorModule, 'VelocityTemplate', 'the mapping template class');

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
  /** `options.maxErrors`: past that many, one more error says validation was aborted. */
  validate(schema: unknown, document: unknown, rules?: undefined, typeInfo?: undefined, options?: { maxErrors?: number }): ReadonlyArray<GraphQLErrorLike>;
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

export const graphql15 = graphql15Module as unknown as Graphql15;
part(graphql15, 'GraphQLError', "the simulator's graphql");

type Constructor<T = object> = new (...args: never[]) => T;

export interface JavaMapLike {
  map: Map<string, unknown>;
}

export const velocityValues = {
  JavaMap: part<new (entries: Record<string, unknown>, mapper: (value: unknown) => unknown) => JavaMapLike>(mapModule, 'JavaMap', 'the VTL map class'),
  createMapProxy: part<(map: JavaMapLike) => unknown>(mapModule, 'createMapProxy', 'the VTL map proxy'),
  JavaArray: part<new (values: unknown[], mapper: (value: unknown) => unknown) => unknown[]>(arrayModule, 'JavaArray', 'the VTL list class'),
  JavaString: part<new (value: string) => object>(stringModule, 'JavaString', 'the VTL string class'),
  JavaInteger: part<new (value: number) => object>(integerModule, 'JavaInteger', 'the VTL integer class'),
  JavaDecimal: part<new (value: number) => object>(decimalModule, 'JavaDecimal', 'the VTL decimal class'),
} satisfies Record<string, Constructor | ((...args: never[]) => unknown)>;

/** `$util` as the simulator makes it: (errors, now, GraphQL info, request context) → utilities. */
export const createVelocityUtil = part<(errors: unknown[], now: Date, info: unknown, requestContext: unknown) => Record<string, unknown>>(
  utilModule,
  'create',
  'the $util builder',
);

/** `$ctx.info` as the simulator makes it from graphql-js's resolve info. */
export const createVelocityInfo = part<(info: unknown) => Record<string, unknown>>(infoModule, 'createInfo', 'the $ctx.info builder');

/** How the simulator's DynamoDB data source turns an item into its result (DynamoDB JSON → plain values). */
export const unmarshallItem = part<(item: Record<string, unknown>) => Record<string, unknown>>(dynamoUtilsModule, 'unmarshall', "the DynamoDB data source's unmarshall");

/**
 * The VTL engine the simulator renders with (amplify-velocity-template, a single copy in
 * node_modules): its parser, which the compiler in vtl/ reuses so that both read a template the same
 * way, the reference text of an AST node (part of its error messages), and the lodash its `==`
 * compares with (likewise the single hoisted copy).
 */
export const velocityEngine = velocityModule as unknown as {
  parse(text: string): unknown[];
  Helper: { getRefText(ast: unknown): string };
};
part(velocityEngine, 'parse', 'the VTL parser');
export const velocityIsEqual = part<(a: unknown, b: unknown) => boolean>(lodashModule, 'isEqual', "the VTL engine's lodash");

/** The simulator's value mapper: what `#set` applies to a literal's value. */
export const velocityMap = part<(value: unknown, hint?: string) => unknown>(mapperModule, 'map', 'the VTL value mapper');

/** The errors `$util` raises, and the one a render raises for output that is not JSON. */
export const velocityErrors = {
  ValidateError: part<new (...args: never[]) => Error & { data?: unknown }>(errorsModule, 'ValidateError', 'the VTL errors'),
  TemplateSentError: part<new (message: string, errorType: string, data: unknown, errorInfo: unknown, info: unknown) => Error>(
    errorsModule,
    'TemplateSentError',
    'the VTL errors',
  ),
};

/**
 * What the simulator's init builds its executable schema with (lib/schema): the module whose
 * `generateResolvers` export init calls (a plain, writable property: simulator-schema.ts puts its own
 * in place while an engine's simulator is initialised), and the pieces that function is made of.
 */
export const simulatorSchemaModule = schemaModule as unknown as { generateResolvers: (...args: never[]) => unknown };
part(simulatorSchemaModule, 'generateResolvers', "the simulator's schema builder");
export const simulatorSchemaParts = {
  /** AppSync's scalars (AWSDate, AWSJSON, ...) as graphql-js scalar types, by name. */
  scalars: part<Record<string, unknown>>(scalarsModule, 'scalars', "the simulator's AppSync scalars"),
  /** The SDL of the AppSync directives (@aws_subscribe, @aws_cognito_user_pools, ...). */
  directiveTypeDefs: part<() => string>(directivesModule, 'getDirectiveTypeDefs', "the simulator's AppSync directives"),
  makeExecutableSchema: part<(options: Record<string, unknown>) => unknown>(graphqlToolsSchemaModule, 'makeExecutableSchema', "the simulator's @graphql-tools/schema"),
  /** A directive's arguments on a schema element, as the simulator's @aws_subscribe transform reads them. */
  getDirective: part<(schema: unknown, node: unknown, name: string) => Array<Record<string, unknown>> | undefined>(graphqlToolsUtilsModule, 'getDirective', "the simulator's @graphql-tools/utils"),
  /** The error the simulator's @aws_* auth check throws. */
  Unauthorized: part<new (message: string, info: unknown) => Error>(errorsModule, 'Unauthorized', 'the VTL errors'),
  /** The simulator's authorization modes, by the @aws_* directive that names each. */
  authenticationTypes: part<Record<string, string>>(simulatorModule, 'AmplifyAppSyncSimulatorAuthenticationType', "the simulator's authorization modes"),
  /** graphql-js's SDL validation, as buildASTSchema runs it: throws one Error listing every problem. */
  assertValidSDL: part<(document: unknown) => void>(sdlValidationModule, 'assertValidSDL', "the simulator's graphql SDL validation"),
};
