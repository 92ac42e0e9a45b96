// The parts of @aws-amplify/amplify-appsync-simulator (pinned at 2.16.20) that the engine uses
// beyond its public class: its own graphql 15 (the schema it builds only works with the graphql
// module that built it), its `$util` and `$ctx.info` builders, and the classes of its VTL values
// (the Java-like maps, lists, strings and numbers that templates call `.get()` and `.put()` on).
// Kept in one place so that an upgrade of the simulator has one file to check.
import { createRequire, Module } from 'node:module';
import type * as Simulator from '@aws-amplify/amplify-appsync-simulator';

const requireHere = createRequire(import.meta.url);
const simulatorEntry = requireHere.resolve('@aws-amplify/amplify-appsync-simulator');
const requireFromSimulator = createRequire(simulatorEntry);

/**
 * Puts a stand-in for a CommonJS module in the require cache that loads the real module on first
 * use. The simulator requires @aws-amplify/amplify-cli-core (half a second of loading, about half
 * of `npm start`) only to report failures of OpenSearch data sources, which this project has none of;
 * @aws-amplify/amplify-prompts only to print an OpenSearch error; its HTTP server (express and
 * more) only when constructed, which newSimulator() below does not do.
 */
function deferLoading(specifier: string): void {
  const path = requireFromSimulator.resolve(specifier);
  if (requireFromSimulator.cache[path]) return;
  let real: Record<string | symbol, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete requireFromSimulator.cache[path];
      real = requireFromSimulator(path) as Record<string | symbol, unknown>;
    }
    return real;
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = new Proxy({}, { get: (_target, key) => load()[key], has: (_target, key) => key in load() });
  requireFromSimulator.cache[path] = standIn;
}
deferLoading('@aws-amplify/amplify-cli-core');
deferLoading('@aws-amplify/amplify-prompts');
deferLoading('./server');
// Only to validate an AWSPhone value (a tenth of a second to load, for its metadata).
deferLoading('libphonenumber-js');

/** The simulator's classes, loaded after the deferral above. */
export const { AmplifyAppSyncSimulator } = requireHere('@aws-amplify/amplify-appsync-simulator') as typeof Simulator;
export type AmplifyAppSyncSimulator = Simulator.AmplifyAppSyncSimulator;

/**
 * A simulator without its HTTP server: the fields its constructor sets but the server (the
 * configuration of a server never started, and the subscription pub/sub), so that the server's
 * modules are not loaded. `new AmplifyAppSyncSimulator()` still makes one with its server.
 */
export function newSimulator(): AmplifyAppSyncSimulator {
  const { PubSub } = requireFromSimulator('graphql-subscriptions') as { PubSub: new () => unknown };
  return Object.assign(Object.create(AmplifyAppSyncSimulator.prototype) as AmplifyAppSyncSimulator, { _serverConfig: { port: 0, wsPort: 0 }, _pubsub: new PubSub() });
}

/** The simulator's mapping template: its VTL text and, once parsed, amplify-velocity-template's compiled form. */
export const { VelocityTemplate } = requireHere('@aws-amplify/amplify-appsync-simulator') as typeof Simulator;

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

type Constructor<T = object> = new (...args: never[]) => T;

export interface JavaMapLike {
  map: Map<string, unknown>;
}

export const velocityValues = {
  JavaMap: load<{ JavaMap: new (entries: Record<string, unknown>, mapper: (value: unknown) => unknown) => JavaMapLike }>(
    './velocity/value-mapper/map.js',
    'the VTL map class',
  ).JavaMap,
  createMapProxy: load<{ createMapProxy(map: JavaMapLike): unknown }>('./velocity/value-mapper/map.js', 'the VTL map proxy').createMapProxy,
  JavaArray: load<{ JavaArray: new (values: unknown[], mapper: (value: unknown) => unknown) => unknown[] }>('./velocity/value-mapper/array.js', 'the VTL list class')
    .JavaArray,
  JavaString: load<{ JavaString: new (value: string) => object }>('./velocity/value-mapper/string.js', 'the VTL string class').JavaString,
  JavaInteger: load<{ JavaInteger: new (value: number) => object }>('./velocity/value-mapper/integer.js', 'the VTL integer class').JavaInteger,
  JavaDecimal: load<{ JavaDecimal: new (value: number) => object }>('./velocity/value-mapper/decimal.js', 'the VTL decimal class').JavaDecimal,
} satisfies Record<string, Constructor | ((...args: never[]) => unknown)>;

/** `$util` as the simulator makes it: (errors, now, GraphQL info, request context) → utilities. */
export const createVelocityUtil = load<{ create(errors: unknown[], now: Date, info: unknown, requestContext: unknown): Record<string, unknown> }>(
  './velocity/util/index.js',
  'the $util builder',
).create;

/** `$ctx.info` as the simulator makes it from graphql-js's resolve info. */
export const createVelocityInfo = load<{ createInfo(info: unknown): Record<string, unknown> }>('./velocity/util/info.js', 'the $ctx.info builder').createInfo;

/** How the simulator's DynamoDB data source turns an item into its result (DynamoDB JSON → plain values). */
export const unmarshallItem = load<{ unmarshall(item: Record<string, unknown>): Record<string, unknown> }>(
  './data-loader/dynamo-db/utils/index.js',
  "the DynamoDB data source's unmarshall",
).unmarshall;

/**
 * The VTL engine the simulator renders with (amplify-velocity-template, as the simulator resolves
 * it): its parser, which the compiler in vtl/ reuses so that both read a template the same way, the
 * reference text of an AST node (part of its error messages), and the lodash its `==` compares with.
 */
const requireFromVelocity = createRequire(requireFromSimulator.resolve('amplify-velocity-template'));
export const velocityEngine = load<{
  parse(text: string): unknown[];
  Helper: { getRefText(ast: unknown): string };
}>('amplify-velocity-template', 'the VTL parser');
export const velocityIsEqual = (requireFromVelocity('lodash') as { isEqual(a: unknown, b: unknown): boolean }).isEqual;

/** The simulator's value mapper: what `#set` applies to a literal's value. */
export const velocityMap = load<{ map(value: unknown, hint?: string): unknown }>('./velocity/value-mapper/mapper.js', 'the VTL value mapper').map;

/** The errors `$util` raises, and the one a render raises for output that is not JSON. */
export const velocityErrors = load<{
  ValidateError: new (...args: never[]) => Error & { data?: unknown };
  TemplateSentError: new (message: string, errorType: string, data: unknown, errorInfo: unknown, info: unknown) => Error;
}>('./velocity/util/errors.js', 'the VTL errors');
