// The engine's schema builder (simulator-schema.ts) against the simulator's own generateResolvers:
// for the same SDL and resolver placements, the same printed schema, the same types and fields, the
// same resolvers (each field's resolve and subscribe called with the same arguments behave the same:
// values, errors, events published) and the same errors for broken input.
import { describe, expect, it } from 'vitest';
import graphql15 from '@aws-amplify/amplify-appsync-simulator/node_modules/graphql/index.js';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import {
  buildExecutableSchema,
  schemaSources,
  sdlKey,
  simulatorGenerateResolvers,
  subscriptionFieldNames,
  withCheaperSchemaBuild,
  type ResolverPlacement,
  type ValidatedSdl,
} from '../../src/local/appsync/simulator-schema.js';
import { simulatorSchemaModule } from '../../src/local/appsync/simulator-internals.js';
import { compiledApi } from '../support/local-cloud.js';
import { projectRoot } from './helpers.js';

const gql = graphql15 as unknown as {
  Source: new (body: string, name?: string) => unknown;
  parse(text: string): never;
  printSchema(schema: unknown): string;
  isObjectType(type: unknown): boolean;
  isInterfaceType(type: unknown): boolean;
  isInputObjectType(type: unknown): boolean;
  isScalarType(type: unknown): boolean;
  isEnumType(type: unknown): boolean;
};

interface Schema {
  getTypeMap(): Record<string, any>;
  getDirectives(): ReadonlyArray<{ name: string; args: ReadonlyArray<{ name: string; defaultValue: unknown }>; locations: readonly string[] }>;
  getQueryType(): { name: string } | null | undefined;
  getMutationType(): { name: string } | null | undefined;
  getSubscriptionType(): { name: string } | null | undefined;
}

/** A simulator as the builders use it, recording what its resolvers, pub/sub and iterators are asked. */
function recordingSimulator(failing: ReadonlySet<string> = new Set()) {
  const published: Array<[string, unknown]> = [];
  const simulator = {
    appSyncConfig: { defaultAuthenticationType: { authenticationType: 'AMAZON_COGNITO_USER_POOLS' } },
    pubsub: { publish: async (trigger: string, payload: unknown) => void published.push([trigger, payload]) },
    asyncIterator: (trigger: string) => ({ iterator: trigger }),
    getResolver: (typeName: string, fieldName: string) =>
      typeName === 'Missing'
        ? undefined
        : {
            resolve: async (source: unknown, args: unknown) => {
              if (failing.has(`${typeName}.${fieldName}`)) throw new Error(`${typeName}.${fieldName} failed`);
              return { resolvedBy: `${typeName}.${fieldName}`, source, args };
            },
          },
  };
  return { simulator, published };
}

const CONTEXTS = [
  { requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS', jwt: {} },
  { requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS', jwt: { 'cognito:groups': ['Admins'] } },
  { requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS', jwt: { 'cognito:groups': ['Dispatchers'] } },
  { requestAuthorizationMode: 'API_KEY' },
  { requestAuthorizationMode: 'AWS_IAM' },
  { requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS', jwt: { 'cognito:groups': ['D', 'x'] } },
];

async function outcome(run: () => unknown): Promise<unknown> {
  try {
    return { value: await run() };
  } catch (error) {
    const e = error as Error & { errorType?: string; extensions?: unknown };
    return { thrown: e.constructor.name, message: e.message, errorType: e.errorType, extensions: e.extensions };
  }
}

/** Everything observable of a schema: its print, its types and fields, and what each field's resolvers do. */
async function observe(build: (simulator: object) => unknown, failing?: ReadonlySet<string>): Promise<unknown> {
  const { simulator, published } = recordingSimulator(failing);
  const schema = build(simulator) as Schema;
  const types: Record<string, unknown> = {};
  const calls: unknown[] = [];
  for (const [name, type] of Object.entries(schema.getTypeMap())) {
    const shape: Record<string, unknown> = { kind: type.constructor.name, description: type.description };
    if (gql.isScalarType(type)) {
      // The same functions: the AppSync scalars' own, or graphql-js's.
      shape.functions = [type.serialize, type.parseValue, type.parseLiteral];
      shape.specifiedByUrl = type.specifiedByUrl;
    }
    if (gql.isEnumType(type)) shape.values = type.getValues().map((v: { name: string; value: unknown }) => [v.name, v.value]);
    if (gql.isObjectType(type) || gql.isInterfaceType(type) || gql.isInputObjectType(type)) {
      const fields: Record<string, unknown> = {};
      for (const [fieldName, field] of Object.entries<any>(type.getFields())) {
        fields[fieldName] = {
          type: String(field.type),
          args: (field.args ?? []).map((arg: { name: string; type: unknown; defaultValue: unknown }) => [arg.name, String(arg.type), arg.defaultValue]),
          defaultValue: field.defaultValue,
          resolve: typeof field.resolve,
          subscribe: typeof field.subscribe,
          directives: field.astNode?.directives?.map((d: { name: { value: string } }) => d.name.value),
        };
        if (name.startsWith('__')) continue;
        for (const [i, context] of CONTEXTS.entries()) {
          const info = { fieldName, path: { key: fieldName }, fieldNodes: [] };
          for (const source of [undefined, { event: i }]) {
            const ctx = { ...context, appsyncErrors: [] as Error[] };
            const resolved = field.resolve ? await outcome(() => field.resolve(source, { input: i }, ctx, info)) : 'none';
            const subscribed = field.subscribe ? await outcome(() => field.subscribe(source, {}, ctx, info)) : 'none';
            calls.push([name, fieldName, i, resolved, subscribed, ctx.appsyncErrors.map((e) => e.message), published.splice(0)]);
          }
        }
      }
      shape.fields = fields;
      if (gql.isObjectType(type)) shape.interfaces = type.getInterfaces().map((t: { name: string }) => t.name);
    }
    types[name] = shape;
  }
  return {
    printed: gql.printSchema(schema),
    roots: [schema.getQueryType()?.name, schema.getMutationType()?.name, schema.getSubscriptionType()?.name],
    directives: schema.getDirectives().map((d) => [d.name, d.locations, d.args.map((a) => [a.name, a.defaultValue])]),
    types,
    calls,
  };
}

function source(text: string) {
  return new gql.Source(text, 'schema.graphql') as never;
}

async function expectSameSchema(text: string, placements: readonly ResolverPlacement[], failing?: ReadonlySet<string>): Promise<void> {
  const theirs = await observe((simulator) => simulatorGenerateResolvers(source(text), placements, simulator as never), failing);
  const ours = await observe((simulator) => buildExecutableSchema(source(text), placements, simulator as never), failing);
  expect(ours).toEqual(theirs);
  // And with validation skipped for a text known to be valid.
  const known = new Set<string>();
  buildExecutableSchema(source(text), placements, recordingSimulator().simulator as never, setOf(known));
  expect(known.size).toBe(1);
  const skipped = await observe((simulator) => buildExecutableSchema(source(text), placements, simulator as never, setOf(known)), failing);
  expect(skipped).toEqual(theirs);
}

function setOf(keys: Set<string>): ValidatedSdl {
  return { has: (key) => keys.has(key), add: (key) => void keys.add(key) };
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return `${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  throw new Error('expected it to throw');
}

const PROJECT = (() => {
  const files = compiledApi(projectRoot);
  const api = defineApi(files, { apiId: 'wildrydes', env: 'local', region: 'us-east-1' });
  return { schema: api.schema, placements: api.resolvers.map(({ typeName, fieldName }) => ({ typeName, fieldName })) };
})();

describe("the engine's schema builder and the simulator's generateResolvers", () => {
  it("make the same schema and resolvers of this project's compiled API", async () => {
    expect(PROJECT.placements.some((p) => p.typeName === 'Subscription')).toBe(true);
    const failing = new Set([`${PROJECT.placements[0]!.typeName}.${PROJECT.placements[0]!.fieldName}`]);
    await expectSameSchema(PROJECT.schema, PROJECT.placements, failing);
  });

  it('make the same schema with a schema definition naming the roots, and an extension of the subscription root', async () => {
    const text = `
      schema { query: Q mutation: M subscription: Subscription }
      type Q { item(id: ID!): Item @aws_cognito_user_pools(cognito_groups: ["Admins"]) }
      type M { put(at: AWSDateTime = "2024-01-02T03:04:05.000Z"): Item @aws_api_key  remove: Item  touch: Item }
      type Subscription { onPut: Item @aws_subscribe(mutations: ["put"]) onTouch: Item @aws_subscribe(mutations: "touch") }
      extend type Subscription { onRemove: Item @aws_subscribe(mutations: ["remove", "put"]) }
      type Item @aws_cognito_user_pools @aws_iam { id: ID! at: AWSDateTime meta: AWSJSON kind: Kind
        secret: String @aws_auth(cognito_groups: ["Admins"]) @aws_iam
        odd: String @aws_cognito_user_pools(cognito_groups: "Dispatchers") }
      type Fleet @aws_iam @aws_cognito_user_pools(cognito_groups: ["Dispatchers"]) { size: Int name: String @aws_subscribe(mutations: []) }
      enum Kind { A B }
    `;
    expect(subscriptionFieldNames(gql.parse(text))).toEqual(['onPut', 'onTouch', 'onRemove']);
    await expectSameSchema(text, [
      { typeName: 'Q', fieldName: 'item' },
      { typeName: 'M', fieldName: 'put' },
      { typeName: 'Subscription', fieldName: 'onRemove' },
    ]);
  });

  it('make the same schema with an extension before the Subscription type, configured subscription resolvers and the odd exclusion', async () => {
    const text = `
      type Query { a: String }
      type Mutation { b(n: Int = 3): String }
      extend type Subscription { late: String @aws_subscribe(mutations: ["b"]) }
      type Subscription { early: String @aws_subscribe(mutations: ["b"]) }
      type early { Subscription: String }
    `;
    expect(subscriptionFieldNames(gql.parse(text))).toEqual(['early', 'late']);
    await expectSameSchema(text, [
      { typeName: 'Mutation', fieldName: 'b' },
      { typeName: 'Subscription', fieldName: 'late' },
      // The simulator leaves out of its default subscriptions the type name of a resolver on a field named "Subscription".
      { typeName: 'early', fieldName: 'Subscription' },
    ]);
  });

  it('make the same schema without subscriptions, and with a subscription root that is not an object type (left to the simulator)', async () => {
    await expectSameSchema('type Query { a: String }', [{ typeName: 'Query', fieldName: 'a' }]);
    const interfaceRoot = 'schema { query: Query subscription: Subscription } type Query { a: String } interface Subscription { e: String }';
    expect(subscriptionFieldNames(gql.parse(interfaceRoot))).toBeUndefined();
    await expectSameSchema(interfaceRoot, []);
  });

  it('fail with the same errors', () => {
    const cases: Array<[string, ResolverPlacement[]]> = [
      ['type Query { a: Nope b: String b: Int }', []],
      ['type Query { a: String', []],
      ['type Query { a: String } type Query { b: String }', []],
      ['type Query { a: String }', [{ typeName: 'Other', fieldName: 'x' }]],
      ['type Query { a: String }', [{ typeName: 'Query', fieldName: 'x' }]],
      ['type Query { a: String }', [{ typeName: 'Subscription', fieldName: 'x' }]],
      // The simulator files its subscription resolvers under "Subscription" whatever the root's name.
      ['schema { query: Query subscription: S } type Query { a: String } type S { s: String }', []],
      ['schema { query: Query } extend schema { subscription: S } type Query { a: String } type S { s: String }', []],
      ['type Query { a: String }', [{ typeName: 'early', fieldName: 'Subscription' }]],
      // @aws_subscribe without its mutations: the simulator's transform fails on it.
      ['type Query { a: String } type Mutation { m: String } type Subscription { s: String @aws_subscribe }', [{ typeName: 'Mutation', fieldName: 'm' }]],
    ];
    for (const [text, placements] of cases) {
      const theirs = errorOf(() => simulatorGenerateResolvers(source(text), placements, recordingSimulator().simulator as never));
      expect(errorOf(() => buildExecutableSchema(source(text), placements, recordingSimulator().simulator as never))).toBe(theirs);
    }
  });
});

describe('SDL validation remembered by content', () => {
  it('validates a text not known, remembers it only when it passes, and does not validate a known one again', () => {
    const keys = new Set<string>();
    const invalid = 'type Query { a: String @unknownDirective }';
    expect(() => buildExecutableSchema(source(invalid), [], recordingSimulator().simulator as never, setOf(keys))).toThrow(/Unknown directive "@unknownDirective"/);
    expect(keys.size).toBe(0);
    // Known as valid (here: wrongly, to show that it is not checked again), it is built without validation.
    keys.add(sdlKey(schemaSources(source(invalid))));
    expect(() => buildExecutableSchema(source(invalid), [], recordingSimulator().simulator as never, setOf(keys))).not.toThrow();
  });

  it('keys on every source and on their text, not on their names', () => {
    const [, scalars, directives] = schemaSources(source(''));
    const a = sdlKey([source('type Query { a: String }'), scalars, directives]);
    expect(sdlKey([new gql.Source('type Query { a: String }', 'other.graphql') as never, scalars, directives])).toBe(a);
    expect(sdlKey([source('type Query { a: Int }'), scalars, directives])).not.toBe(a);
    expect(sdlKey([source('type Query { a: String }'), scalars])).not.toBe(a);
  });
});

describe('withCheaperSchemaBuild', () => {
  it("puts the simulator's own builder back, also when init throws", () => {
    const own = simulatorSchemaModule.generateResolvers;
    let during: unknown;
    withCheaperSchemaBuild(undefined, () => void (during = simulatorSchemaModule.generateResolvers));
    expect(during).not.toBe(own);
    expect(simulatorSchemaModule.generateResolvers).toBe(own);
    expect(() => withCheaperSchemaBuild(undefined, () => { throw new Error('init failed'); })).toThrow('init failed');
    expect(simulatorSchemaModule.generateResolvers).toBe(own);
  });
});
