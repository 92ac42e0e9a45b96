// The executable schema the simulator's init makes from the API's schema, made with less work. The
// simulator's own builder (lib/schema, generateResolvers) builds a graphql-js schema from the SDL
// (validating it) only to list the subscription type's fields, then makeExecutableSchema validates
// and builds it again and copies it whole to attach the resolvers, before the directive transforms
// copy it twice more: most of the engine's creation at `npm start`. This builder takes the
// subscription fields from the parsed document, validates the SDL once (or not at all when the same
// text passed before, see ValidatedSdl), builds once, and attaches the resolvers and applies the
// directives (simulator-directives.ts) in place. The result is the schema the simulator makes: same
// types, fields, directives, resolvers and subscriptions, same errors (tests/local/simulator-schema.test.ts
// compares the two).
import { createHash } from 'node:crypto';
import type { DefinitionNode, DocumentNode, FieldDefinitionNode, Source as SourceType } from 'graphql';
import { applyDirectivesInPlace, type DirectiveSimulator } from './simulator-directives.js';
import { graphql15, simulatorSchemaModule, simulatorSchemaParts as parts } from './simulator-internals.js';

/** The schema texts that passed SDL validation, by key (sdlKey); `npm start` keeps them in its data folder. */
export interface ValidatedSdl {
  has(key: string): boolean;
  add(key: string): void;
}

/** What the builder needs of a simulator: its resolvers by field, its subscription pub/sub and its default authorization mode. */
export interface SchemaSimulator extends DirectiveSimulator {
  getResolver(typeName: string, fieldName: string): { resolve(...args: unknown[]): unknown } | undefined;
  asyncIterator(trigger: string): unknown;
}

export interface ResolverPlacement {
  typeName: string;
  fieldName: string;
}

interface Graphql15Sdl {
  Source: new (body: string, name?: string) => SourceType;
  parse(source: string | SourceType): DocumentNode;
  concatAST(documents: readonly DocumentNode[]): DocumentNode;
  version: string;
}
const sdl = graphql15 as unknown as Graphql15Sdl;

/** The simulator's own builder, kept for the cases this one leaves to it (and for the tests). */
export const simulatorGenerateResolvers = simulatorSchemaModule.generateResolvers as unknown as (
  schema: SourceType,
  resolvers: readonly ResolverPlacement[] | undefined,
  simulator: SchemaSimulator,
) => unknown;

/**
 * Runs `init` (a simulator's init) with this builder in place of the simulator's, then puts the
 * simulator's back: other simulators of the process (a `new AmplifyAppSyncSimulator()` with its
 * own server) keep theirs. Synchronous, so nothing else runs in between.
 */
export function withCheaperSchemaBuild<T>(validated: ValidatedSdl | undefined, init: () => T): T {
  const own = simulatorSchemaModule.generateResolvers;
  simulatorSchemaModule.generateResolvers = ((schema: SourceType, resolvers: readonly ResolverPlacement[] | undefined, simulator: SchemaSimulator) =>
    buildExecutableSchema(schema, resolvers, simulator, validated)) as never;
  try {
    return init();
  } finally {
    simulatorSchemaModule.generateResolvers = own;
  }
}

/** The simulator's generateResolvers, with one validation (none for a text in `validated`) and one build. */
export function buildExecutableSchema(schema: SourceType, resolvers: readonly ResolverPlacement[] = [], simulator: SchemaSimulator, validated?: ValidatedSdl): unknown {
  const sources = schemaSources(schema);
  const document = sdl.concatAST(sources.map((source) => sdl.parse(source)));
  const key = validated ? sdlKey(sources) : undefined;
  if (key === undefined || !validated!.has(key)) {
    // The simulator's first build validates here, before anything else can fail: the same error.
    parts.assertValidSDL(document);
    if (key !== undefined) validated!.add(key);
  }
  const subscriptionFields = subscriptionFieldNames(document);
  // A subscription root that is not a plain object type: left to the simulator (nothing compiles to one).
  if (subscriptionFields === undefined) return simulatorGenerateResolvers(schema, resolvers, simulator);
  const byType = fieldResolvers(resolvers, simulator);
  const defaults = defaultSubscriptions(subscriptionFields, resolvers, simulator);
  if (Object.keys(defaults).length > 0 || Object.keys(byType.Subscription!).length > 0) byType.Subscription = { ...defaults, ...byType.Subscription };
  else delete byType.Subscription;
  const executable = parts.makeExecutableSchema({
    typeDefs: document,
    resolvers: { ...byType, ...parts.scalars },
    // Validated above: makeExecutableSchema's build would validate the same SDL again.
    parseOptions: { assumeValidSDL: true },
    // The schema was just built for this: no copy of it to attach the resolvers.
    updateResolversInPlace: true,
  });
  return applyDirectivesInPlace(executable, simulator);
}

/** What the simulator builds its schema from: the API's schema, then the AppSync scalars and directives. */
export function schemaSources(schema: SourceType): [SourceType, SourceType, string] {
  return [schema, new sdl.Source(Object.keys(parts.scalars).map((name) => `scalar ${name}`).join('\n'), 'AppSync-scalar.json'), parts.directiveTypeDefs()];
}

/**
 * The key a schema text is remembered by once it passed validation: its sources (the API's schema,
 * the AppSync scalars and directives) and the graphql-js version whose rules checked them.
 */
export function sdlKey(sources: ReadonlyArray<string | SourceType>): string {
  const hash = createHash('sha256').update(`graphql ${sdl.version}`);
  for (const source of sources) hash.update('\0').update(typeof source === 'string' ? source : source.body);
  return hash.digest('hex');
}

type FieldResolver = { resolve: (...args: any[]) => unknown; subscribe?: (...args: any[]) => unknown };

/**
 * A resolver per configured field that runs the simulator's resolver of that field: its failures go
 * to the request's appsyncErrors and the field resolves to undefined. A Subscription field resolves
 * to the published event when there is one, and subscribes to the simulator's pub/sub under its
 * own name. Keyed by type as the simulator keys them, Subscription first.
 */
function fieldResolvers(placements: readonly ResolverPlacement[], simulator: SchemaSimulator): Record<string, Record<string, FieldResolver>> {
  const byType: Record<string, Record<string, FieldResolver>> = { Subscription: {} };
  for (const { typeName, fieldName } of placements) {
    const subscription = typeName === 'Subscription';
    const resolve = async (source: unknown, args: unknown, context: { appsyncErrors: unknown[] }, info: unknown) => {
      const resolver = simulator.getResolver(typeName, fieldName);
      try {
        if (subscription && source) return source;
        return await resolver!.resolve(source, args, context, info);
      } catch (error) {
        context.appsyncErrors.push(error);
      }
      return undefined;
    };
    const subscribe = (_source: unknown, _args: unknown, context: { appsyncErrors: unknown[] }) => {
      if (context.appsyncErrors.length) throw new Error('Subscription failed');
      return simulator.asyncIterator(fieldName);
    };
    (byType[typeName] ??= {})[fieldName] = subscription ? { resolve, subscribe } : { resolve };
  }
  return byType;
}

/**
 * Every field of the subscription type that passes on the published event. The simulator leaves out
 * the names of the types of configured resolvers whose field is named "Subscription" (so, in
 * practice, none); configured ones replace these anyway.
 */
function defaultSubscriptions(fieldNames: readonly string[], placements: readonly ResolverPlacement[], simulator: SchemaSimulator): Record<string, FieldResolver> {
  const excluded = new Set(placements.filter((placement) => placement.fieldName === 'Subscription').map((placement) => placement.typeName));
  const defaults: Record<string, FieldResolver> = {};
  for (const name of fieldNames) {
    if (excluded.has(name)) continue;
    defaults[name] = { resolve: (data: unknown) => data, subscribe: () => simulator.asyncIterator(name) };
  }
  return defaults;
}

/**
 * The field names of a valid document's subscription root, in the order graphql-js gives them (the
 * type's own fields, then its extensions' in document order); [] when there is no subscription root;
 * undefined when the root or an extension of it is not an object type. The root is found as
 * graphql-js's buildASTSchema finds it: the schema definition's, then its extensions' (the last one
 * wins); without a schema definition a type named Subscription takes the place of either.
 */
export function subscriptionFieldNames(document: DocumentNode): string[] | undefined {
  let schemaDefinition: DefinitionNode | undefined;
  const schemaExtensions: DefinitionNode[] = [];
  const definitions = new Map<string, DefinitionNode>();
  const extensions = new Map<string, DefinitionNode[]>();
  for (const definition of document.definitions) {
    if (definition.kind === 'SchemaDefinition') schemaDefinition = definition;
    else if (definition.kind === 'SchemaExtension') schemaExtensions.push(definition);
    else if ('name' in definition && definition.name && definition.kind.endsWith('TypeDefinition')) definitions.set(definition.name.value, definition);
    else if ('name' in definition && definition.name && definition.kind.endsWith('TypeExtension')) {
      const list = extensions.get(definition.name.value) ?? [];
      list.push(definition);
      extensions.set(definition.name.value, list);
    }
  }
  let root: string | undefined;
  for (const node of [...(schemaDefinition ? [schemaDefinition] : []), ...schemaExtensions]) {
    const operationTypes = (node as { operationTypes?: ReadonlyArray<{ operation: string; type: { name: { value: string } } }> }).operationTypes ?? [];
    for (const operationType of operationTypes) if (operationType.operation === 'subscription') root = operationType.type.name.value;
  }
  if (!schemaDefinition && definitions.has('Subscription')) root = 'Subscription';
  if (root === undefined) return [];
  const definition = definitions.get(root);
  const rootExtensions = extensions.get(root) ?? [];
  if (definition?.kind !== 'ObjectTypeDefinition' || rootExtensions.some((extension) => extension.kind !== 'ObjectTypeExtension')) return undefined;
  const fields: FieldDefinitionNode[] = [...(definition.fields ?? [])];
  for (const extension of rootExtensions) fields.push(...((extension as { fields?: readonly FieldDefinitionNode[] }).fields ?? []));
  return fields.map((field) => field.name.value);
}
