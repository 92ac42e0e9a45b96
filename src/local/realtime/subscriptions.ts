// The GraphQL side of real-time: starting a subscription as AppSync does (validate the document,
// run the Subscription field's resolver pipeline, the transformer's auth function included, as the
// subscriber, and keep the filter its response template sets), deciding whether an event reaches a
// subscription (enhanced filter, or else AppSync's argument-based filtering), shaping the event for
// the subscriber's own selection set, and finding the events in a mutation's result.
//
// The resolvers run in the engine's simulator, with its graphql 15; events are shaped with graphql 16
// against a resolver-less copy of the schema, so that no resolver runs per subscriber: as in AppSync,
// the event is the mutation's result (resolved once, as the mutation's caller), and a subscriber
// receives the fields of its selection set found there (null, or an error for a non-null field, when
// the mutation did not select them).
import {
  buildSchema,
  executeSync,
  getArgumentValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isObjectType,
  Kind,
  parse,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { AWS_PRELUDE } from '../../compiler/aws-prelude.js';
import type { ApiDefinition } from '../appsync/api-definition.js';
import { executionError, type AppSyncGraphQLError, type AppSyncResponseBody } from '../appsync/appsync-errors.js';
import type { GraphQLEngine, GraphQLRequest } from '../appsync/graphql-engine.js';
import { cognitoIdentity } from '../appsync/identity.js';
import { checkDocument, checkVariables, REQUEST_LIMITS, RequestLimitError } from '../appsync/request-limits.js';
import { resolverLane, type ResolverLane } from '../appsync/resolver-scheduler.js';
import { graphql15 } from '../appsync/simulator-internals.js';
import type { JwtClaims } from '../appsync/token-verifier.js';
import { realtimeErrors, type RealtimeError } from './protocol.js';
import { matchesFilter, type SubscriptionFilter } from './subscription-filter.js';
import { enableSubscriptionExtensions, SUBSCRIPTION_STATE, type SubscriptionRenderState } from './vtl-extensions.js';

export interface Subscriber {
  claims: JwtClaims;
  sourceIp: string;
  headers: Record<string, string | string[] | undefined>;
}

/** A started subscription: what it listens to, who may receive what, and how events are shaped. */
export interface SubscriptionPlan {
  /** The Subscription field, e.g. `onUpdateRide`. */
  fieldName: string;
  /** The mutations whose results it receives (`@aws_subscribe`). */
  mutations: readonly string[];
  /** The enhanced filter its resolver set, if any. */
  filter: SubscriptionFilter | undefined;
  /** Argument-based filtering (used when no enhanced filter is set): field → required value. */
  argumentFilter: Array<[string, unknown]>;
  document: DocumentNode;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  /** Subscriptions with the same key receive identical data for an event. */
  shapeKey: string;
}

export type StartResult = { ok: true; plan: SubscriptionPlan } | { ok: false; errors: RealtimeError[] };

export interface MutationEvent {
  mutation: string;
  /** The mutation field's result, keyed by field names (aliases undone). */
  payload: Record<string, unknown>;
}

export interface EventData {
  data: Record<string, unknown> | null;
  errors?: AppSyncGraphQLError[];
}

/** The execution context the engine's resolvers read, for a subscriber (see graphql-engine.ts). */
interface StartContext {
  jwt: JwtClaims;
  requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS';
  sourceIp: string;
  headers: Subscriber['headers'];
  appsyncErrors: unknown[];
  identity: ReturnType<typeof cognitoIdentity>;
  /** The start's turn and deadline, as an HTTP request's (resolver-scheduler.ts). */
  lane: ResolverLane;
  [SUBSCRIPTION_STATE]: SubscriptionRenderState;
}

export class SubscriptionSchema {
  /**
   * The schema without resolvers (for shaping events) and what each Subscription field receives:
   * built at the first subscription or mutation that needs them, not while the local cloud starts.
   */
  private built: { plain: GraphQLSchema; subscribedMutations: Map<string, string[]>; publishingMutations: Set<string> } | undefined;

  constructor(
    private readonly engine: GraphQLEngine,
    private readonly api: ApiDefinition,
  ) {
    enableSubscriptionExtensions(engine.simulator, api);
  }

  private get parts(): NonNullable<SubscriptionSchema['built']> {
    if (this.built) return this.built;
    const plain = buildSchema(`${AWS_PRELUDE}\n${this.api.schema}`, { assumeValidSDL: true });
    const subscribedMutations = new Map<string, string[]>();
    const publishingMutations = new Set<string>();
    for (const field of Object.values(plain.getSubscriptionType()?.getFields() ?? {})) {
      const directive = field.astNode?.directives?.find((d) => d.name.value === 'aws_subscribe');
      const list = directive?.arguments?.find((a) => a.name.value === 'mutations')?.value;
      const mutations = list?.kind === Kind.LIST ? list.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : [])) : [];
      subscribedMutations.set(field.name, mutations);
      for (const mutation of mutations) publishingMutations.add(mutation);
    }
    return (this.built = { plain, subscribedMutations, publishingMutations });
  }

  /** Mutations that some Subscription field receives. */
  get publishingMutations(): ReadonlySet<string> {
    return this.parts.publishingMutations;
  }

  private get plain(): GraphQLSchema {
    return this.parts.plain;
  }

  private get subscribedMutations(): ReadonlyMap<string, string[]> {
    return this.parts.subscribedMutations;
  }

  /** Whether the schema's Subscription type has this field. */
  hasSubscriptionField(fieldName: string): boolean {
    return this.subscribedMutations.has(fieldName);
  }

  /**
   * Starts a subscription for a verified caller: the document is validated, the Subscription
   * field's resolver runs as the caller (the transformer's auth function refuses, or narrows with
   * a runtime filter), and the filter its response template sets is kept.
   */
  async start(request: GraphQLRequest, subscriber: Subscriber): Promise<StartResult> {
    const refuse = (errors: RealtimeError[]): StartResult => ({ ok: false, errors });
    const schema = this.engine.simulator.schema;
    // The document with graphql 16 (for the limits, the argument values and shaping events), and with
    // the simulator's graphql 15 (for validating against its schema and running its resolvers).
    let document: DocumentNode;
    let document15: unknown;
    try {
      document = parse(request.query);
      // The HTTP endpoint's limits on depth, fields and input nesting apply to subscriptions too.
      checkDocument(document, request.operationName);
      checkVariables(request.variables);
      document15 = graphql15.parse(request.query);
    } catch (error) {
      if (error instanceof RequestLimitError) return refuse([realtimeErrors.badRequest(error.message)]);
      return refuse([realtimeErrors.validation((error as Error).message)]);
    }
    const invalid = graphql15.validate(schema, document15, undefined, undefined, { maxErrors: REQUEST_LIMITS.maxValidationErrors });
    if (invalid.length > 0) return refuse(invalid.map((e) => realtimeErrors.validation(e.message)));
    const operation = graphql15.getOperationAST(document15, request.operationName ?? undefined);
    if (!operation) {
      return refuse([
        realtimeErrors.validation(
          request.operationName ? `Unknown operation named "${request.operationName}".` : 'Must provide operation name if query contains multiple operations.',
        ),
      ]);
    }
    if (operation.operation !== 'subscription') return refuse([realtimeErrors.unsupportedOperation(operation.operation)]);

    const operationName = request.operationName ?? undefined;
    const operation16 = getOperationAST(document, operationName)!;
    const fragments = fragmentsOf(document);
    const [rootField] = collectFields(operation16.selectionSet, fragments);
    const subscriptionType = this.plain.getSubscriptionType();
    const fieldDef = rootField && subscriptionType?.getFields()[rootField.name.value];
    if (!rootField || !fieldDef) return refuse([realtimeErrors.validation('The subscription selects no Subscription field.')]);
    const variables = request.variables ?? {};
    const coerced = getVariableValues(this.plain, operation16.variableDefinitions ?? [], variables);
    if (coerced.errors) return refuse(coerced.errors.map((e) => realtimeErrors.validation(e.message)));

    const state: SubscriptionRenderState = { errors: [] };
    const context: StartContext = {
      jwt: subscriber.claims,
      requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS',
      sourceIp: subscriber.sourceIp,
      headers: subscriber.headers,
      appsyncErrors: [],
      identity: cognitoIdentity(subscriber.claims, subscriber.sourceIp),
      // A lane per start, as per HTTP request: AppSync's limits are per request, and a connection
      // already handles its messages one after the other (so a lane per connection would only share
      // one deadline among all the starts of a long-lived connection). The resolver starts on a turn
      // of its own, so a flood of starts that came in one read takes turns with other work.
      lane: resolverLane(this.engine.execution),
      [SUBSCRIPTION_STATE]: state,
    };
    // graphql's execute runs a subscription operation's root field once, like a query: that is the
    // Subscription resolver (request template, auth and other functions, response template).
    const result = await graphql15.execute({ schema, document: document15, contextValue: context, variableValues: variables, operationName });
    const resolverErrors = [...(result.errors ?? []), ...context.appsyncErrors].map((e) => executionError(e as Error));
    if (resolverErrors.length > 0) {
      return refuse(
        resolverErrors.map((e) => (e.errorType ? { errorType: e.errorType, message: e.message } : realtimeErrors.validation(e.message))),
      );
    }
    if (state.errors.length > 0) return refuse(state.errors.map((e) => realtimeErrors.validation(e.message)));

    const args = getArgumentValues(fieldDef, rootField, coerced.coerced);
    const returnType = getNamedType(fieldDef.type);
    const returnFields = isObjectType(returnType) ? returnType.getFields() : {};
    const argumentFilter = Object.entries(args).filter(([name, value]) => value !== null && value !== undefined && name in returnFields);
    return {
      ok: true,
      plan: {
        fieldName: fieldDef.name,
        mutations: this.subscribedMutations.get(fieldDef.name) ?? [],
        filter: state.filter,
        argumentFilter,
        document,
        operationName,
        variables,
        shapeKey: JSON.stringify([request.query, operationName ?? null, variables]),
      },
    };
  }

  /** Whether an event reaches the subscription. */
  matches(plan: SubscriptionPlan, payload: Record<string, unknown>): boolean {
    // An enhanced filter replaces argument-based filtering (the transformer's filters include what
    // the arguments ask for when they apply).
    if (plan.filter) return matchesFilter(plan.filter, payload);
    return plan.argumentFilter.every(([name, value]) => sameJson(payload[name], value));
  }

  /** The event as the subscriber selected it. */
  shape(plan: SubscriptionPlan, payload: Record<string, unknown>): EventData {
    const result = executeSync({
      schema: this.plain,
      document: plan.document,
      rootValue: { [plan.fieldName]: payload },
      variableValues: plan.variables,
      operationName: plan.operationName,
    });
    const data = (result.data ?? null) as Record<string, unknown> | null;
    return result.errors?.length ? { data, errors: result.errors.map((e) => executionError(e)) } : { data };
  }

  /** The events of a mutation request's result: one per root mutation field that returned data. */
  mutationEvents(request: GraphQLRequest, result: AppSyncResponseBody): MutationEvent[] {
    const data = result.data;
    // Queries (most requests) are not parsed a second time, nor is the schema built for them.
    if (data === null || typeof data !== 'object' || !/\bmutation\b/.test(request.query)) return [];
    if (this.publishingMutations.size === 0) return [];
    let document: DocumentNode;
    try {
      document = parse(request.query);
    } catch {
      return [];
    }
    const operation = getOperationAST(document, request.operationName ?? undefined);
    if (!operation || operation.operation !== 'mutation') return [];
    const fragments = fragmentsOf(document);
    const events: MutationEvent[] = [];
    for (const field of collectFields(operation.selectionSet, fragments)) {
      const mutation = field.name.value;
      const value = (data as Record<string, unknown>)[field.alias?.value ?? mutation];
      if (!this.publishingMutations.has(mutation) || value === null || typeof value !== 'object' || Array.isArray(value)) continue;
      events.push({ mutation, payload: byFieldName(field.selectionSet, value, fragments) as Record<string, unknown> });
    }
    return events;
  }
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  return fragments;
}

/** The fields of a selection set, through inline fragments and fragment spreads. */
function collectFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...collectFields(selection.selectionSet, fragments, seen));
    else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (fragment && !seen.has(name)) fields.push(...collectFields(fragment.selectionSet, fragments, new Set([...seen, name])));
    }
  }
  return fields;
}

/** A response value keyed by field names instead of response keys (aliases), as AppSync's payload is. */
function byFieldName(selectionSet: SelectionSetNode | undefined, value: unknown, fragments: Map<string, FragmentDefinitionNode>): unknown {
  if (!selectionSet || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => byFieldName(selectionSet, item, fragments));
  const out: Record<string, unknown> = {};
  for (const field of collectFields(selectionSet, fragments)) {
    const key = field.alias?.value ?? field.name.value;
    if (!(key in value)) continue;
    const shaped = byFieldName(field.selectionSet, (value as Record<string, unknown>)[key], fragments);
    const name = field.name.value;
    out[name] = name in out ? merge(out[name], shaped) : shaped;
  }
  return out;
}

function merge(a: unknown, b: unknown): unknown {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) || Array.isArray(b)) return b;
  const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
  for (const [key, value] of Object.entries(b)) out[key] = key in out ? merge(out[key], value) : value;
  return out;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || (a !== undefined && JSON.stringify(a) === JSON.stringify(b));
}
