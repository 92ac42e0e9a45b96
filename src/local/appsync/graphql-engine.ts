// Executes GraphQL requests against the compiled API the way AppSync does: the transformer's VTL
// templates (pipeline resolvers, auth functions, NONE and DynamoDB data sources, field resolvers)
// run in @aws-amplify/amplify-appsync-simulator's VTL engine, in process. The simulator's own HTTP
// server is never started (it listens on every interface and trusts unverified tokens); requests
// reach this engine only after their token was verified.
// Types only: the simulator itself is loaded through simulator-internals.ts.
import type { AmplifyAppSyncSimulatorConfig, RESOLVER_KIND } from '@aws-amplify/amplify-appsync-simulator';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT, type ApiDefinition } from './api-definition.js';
import { executionError, validationError, type AppSyncResponseBody } from './appsync-errors.js';
import { isConstantTemplate, renderOnce, type Render } from './constant-templates.js';
import { createDocumentCache } from './document-cache.js';
import { renderOncePerInput } from './pure-templates.js';
import { cognitoIdentity, type CognitoIdentity } from './identity.js';
import type { DocumentNode, FieldNode, FragmentDefinitionNode, SelectionSetNode } from 'graphql';
import { renderContext, type GraphQLInfo, type RenderValues } from './render-context.js';
import { checkDocument, QueryDepthLimitError, REQUEST_LIMITS, RequestLimitError } from './request-limits.js';
import { EXECUTION_LIMITS, resolverLane, type ExecutionLimits, type ResolverLane } from './resolver-scheduler.js';
import { recordingRender, recordingSinkFromEnv, type RenderRecording } from './render-recorder.js';
import { compileVtl, isPureTemplate } from './vtl/compile.js';
import { UnsupportedTemplateError } from './vtl/emit.js';
import { compiledRender, returnedText, type CompiledHolder } from './vtl/render.js';
import { appSyncValidationMessage } from './validation-messages.js';
import { graphql15, newSimulator, unmarshallItem, type AmplifyAppSyncSimulator, type OperationKind } from './simulator-internals.js';
import { chosenOnFirstUse, initDeferringTemplates, whenParsed } from './deferred-templates.js';
import { withCheaperSchemaBuild, type ValidatedSdl } from './simulator-schema.js';
import type { JwtClaims } from './token-verifier.js';
import type { InProcessStore } from '../dynamodb/in-process.js';
import { inProcessClient } from '../dynamodb/in-process-client.js';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface Caller {
  /** Verified claims of the caller's token. */
  claims: JwtClaims;
  sourceIp: string;
  /** Request headers, lower-case names, as `$ctx.request.headers`. */
  headers: Record<string, string | string[] | undefined>;
  /** When given, receives the path of each resolver template as it runs (the console's request log). */
  trace?: string[];
}

export interface DynamoDbTarget {
  /** Local endpoints, or `https://dynamodb.<region>.amazonaws.com` for the real service. */
  endpoint: string;
  region: string;
  /** Omit to use the AWS SDK's default credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /**
   * The same store in this process (the embedded one): the data sources' item operations then call
   * it directly instead of over HTTP (src/local/dynamodb/in-process-client.ts).
   */
  inProcess?: InProcessStore;
}

export interface GraphQLEngine {
  /** Rejects with a RequestLimitError for a query beyond the limits of request-limits.ts. */
  execute(request: GraphQLRequest, caller: Caller): Promise<AppSyncResponseBody>;
  /** The kind of operation a request runs, or undefined when it does not parse to one. */
  operationKind(request: GraphQLRequest): OperationKind | undefined;
  /** The simulator holding the resolvers, data sources and the subscription pub/sub. */
  simulator: AmplifyAppSyncSimulator;
  /** Entries held by the engine's bounded caches, by name (the memory test and bench/soak read them). */
  cacheSizes(): Record<string, number>;
  /** The per-request execution limits (resolver-scheduler.ts); the realtime endpoint's starts run under them too. */
  readonly execution: ExecutionLimits;
  /** Releases the data sources' DynamoDB connections. */
  close(): void;
}

/** The execution context the simulator's resolvers expect, plus the AppSync identity. */
interface ExecutionContext {
  jwt: JwtClaims;
  requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS';
  sourceIp: string;
  headers: Caller['headers'];
  appsyncErrors: unknown[];
  identity: CognitoIdentity;
  /** Resolvers invoked so far in this request, against the API's ResolverCountLimit. */
  resolverInvocations?: number;
  /** Templates rendered for this request, when the caller asked for a trace (the console's request log). */
  trace?: string[];
  /** This request's turn at running resolvers and its deadline (resolver-scheduler.ts); the realtime endpoint's starts have one too. */
  lane?: ResolverLane;
}

/**
 * How templates run: `compiled` (each compiled once into a JavaScript function, vtl/), or
 * `interpreted` (the simulator's VTL interpreter, the reference the compiled templates are tested
 * against). The default is `compiled`; WILDRYDES_VTL=interpreted selects the interpreter.
 */
export type VtlExecution = 'compiled' | 'interpreted';

export interface GraphQLEngineOptions {
  log?: (line: string) => void;
  /** Overrides of EXECUTION_LIMITS (tests use a zero time limit). */
  execution?: Partial<ExecutionLimits>;
  vtl?: VtlExecution;
  /** Receives every render; by default WILDRYDES_RECORD_RENDERS=<dir> records them into files there; false records none. */
  recordRenders?: ((recording: RenderRecording) => void) | false;
  /**
   * `first-use` parses and compiles each template when it first renders (deferred-templates.ts: what
   * `npm start` does, to be ready sooner); `eager` (the default) does all of them here, so that a
   * template that does not parse fails the engine's creation (a reload then keeps the previous API).
   */
  templates?: 'eager' | 'first-use';
  /**
   * Schema texts known to pass SDL validation (simulator-schema.ts): one found here is not validated
   * again, one that passes is added. Omitted: the schema is validated every time.
   */
  validatedSdl?: ValidatedSdl;
}

export function createGraphQLEngine(api: ApiDefinition, dynamodb: DynamoDbTarget, options: GraphQLEngineOptions = {}): GraphQLEngine {
  const simulator = newSimulator();
  const firstUse = options.templates === 'first-use';
  withCheaperSchemaBuild(options.validatedSdl, () => {
    if (firstUse) initDeferringTemplates(simulator, simulatorConfig(api, dynamodb));
    else simulator.init(simulatorConfig(api, dynamodb));
  });
  const vtl = options.vtl ?? (process.env.WILDRYDES_VTL === 'interpreted' ? 'interpreted' : 'compiled');
  patchTemplates(simulator, options.log ?? (() => {}), vtl, options.recordRenders === false ? undefined : (options.recordRenders ?? recordingSinkFromEnv()), firstUse);
  answerPutsWithTheWrittenItem(simulator);
  if (dynamodb.inProcess) callInProcess(simulator, dynamodb.inProcess);
  const schema = simulator.schema;
  const limits = api.limits ?? { resolverCountLimit: APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT };
  countResolverInvocations(schema, api, limits.resolverCountLimit);
  takeTurns(schema, api, simulator);
  const execution: ExecutionLimits = { ...EXECUTION_LIMITS, ...options.execution };
  const resolverFields = new Set(api.resolvers.map((r) => `${r.typeName}.${r.fieldName}`));
  const documents = createDocumentCache();

  return {
    simulator,
    execution,
    cacheSizes: () => ({ documents: documents.size }),
    close() {
      const loaders = (simulator as unknown as { dataSources: Map<string, { client?: { destroy(): void } }> }).dataSources;
      for (const loader of loaders.values()) loader.client?.destroy();
    },
    operationKind(request) {
      try {
        const document = documents.lookup(request.query)?.document ?? graphql15.parse(request.query);
        return graphql15.getOperationAST(document, request.operationName ?? undefined)?.operation;
      } catch {
        return undefined;
      }
    },
    async execute(request, caller) {
      // AppSync's time limit covers the whole request, parsing and validation included.
      const lane = resolverLane(execution);
      const cached = documents.lookup(request.query);
      let document: unknown = cached?.document;
      if (!cached) {
        try {
          document = graphql15.parse(request.query);
        } catch (error) {
          // The parser recurses; a query nested deep enough to exhaust the stack is a limit, not a syntax error.
          if (error instanceof RangeError) throw new RequestLimitError('The query is nested too deeply to parse');
          return { data: null, errors: [validationError(error as Error)] };
        }
      }
      try {
        // Per request: the limits depend on the operation name too.
        checkDocument(document as DocumentNode, request.operationName, limits.queryDepthLimit);
      } catch (error) {
        if (error instanceof QueryDepthLimitError) return { data: null, errors: [validationError(error)] };
        throw error;
      }
      let validationErrors = cached?.validationErrors;
      if (!validationErrors) {
        validationErrors = graphql15.validate(schema, document, undefined, undefined, { maxErrors: REQUEST_LIMITS.maxValidationErrors });
        documents.keep(request.query, { document, validationErrors });
      }
      if (validationErrors.length > 0) {
        return {
          data: null,
          errors: validationErrors.map((e) => ({ ...validationError(e), message: appSyncValidationMessage(e, document as DocumentNode) })),
        };
      }
      const operation = graphql15.getOperationAST(document, request.operationName ?? undefined);
      const least = operation ? leastResolverInvocations(schema, resolverFields, document as DocumentNode, operation as never, limits.resolverCountLimit) : 0;
      if (least > limits.resolverCountLimit) {
        // It would fail anyway once that many had run: refuse it before the first one runs.
        return { data: null, errors: [{ path: null, locations: null, message: `Resolver count limit of ${limits.resolverCountLimit} exceeded (the API's ResolverCountLimit)` }] };
      }
      if (!operation) {
        const message = request.operationName ? `Unknown operation named "${request.operationName}".` : 'Must provide operation name if query contains multiple operations.';
        return { data: null, errors: [{ path: null, locations: null, message }] };
      }
      if (operation.operation === 'subscription') {
        return { data: null, errors: [{ path: null, locations: null, message: 'Subscriptions are served over WebSocket (the realtime endpoint), not over HTTP POST.' }] };
      }
      const context: ExecutionContext = {
        jwt: caller.claims,
        requestAuthorizationMode: 'AMAZON_COGNITO_USER_POOLS',
        sourceIp: caller.sourceIp,
        headers: caller.headers,
        appsyncErrors: [],
        identity: cognitoIdentity(caller.claims, caller.sourceIp),
        trace: caller.trace,
        lane,
      };
      const result = await graphql15.execute({
        schema,
        document,
        contextValue: context,
        variableValues: request.variables ?? undefined,
        operationName: request.operationName ?? undefined,
      });
      // Past the deadline a resolver may still be finishing in the background: what it renders from
      // here on no longer goes to the caller's trace.
      context.trace = undefined;
      // graphql-js answers invalid variables without `data`; AppSync sends `data: null` with the errors.
      const errors = [...(result.errors ?? []), ...context.appsyncErrors].map((e) => executionError(e as Error));
      return errors.length > 0 ? { data: result.data ?? null, errors } : { data: result.data ?? null };
    },
  };
}

/**
 * AppSync's ResolverCountLimit counts resolver invocations, not selected fields: a field resolver
 * under a list of 100 items runs 100 times. Each attached resolver is wrapped to count per request;
 * past the limit the field fails with an error and null, and no further resolver runs.
 */
function countResolverInvocations(schema: AmplifyAppSyncSimulator['schema'], api: ApiDefinition, limit: number): void {
  for (const resolver of api.resolvers) {
    const type = schema.getType(resolver.typeName) as { getFields?: () => Record<string, { resolve?: (...args: any[]) => unknown }> } | undefined;
    const field = type?.getFields?.()[resolver.fieldName];
    if (!field?.resolve) continue;
    const original = field.resolve;
    field.resolve = (source: unknown, args: unknown, context: Partial<ExecutionContext> | undefined, info: unknown) => {
      if (context) {
        context.resolverInvocations = (context.resolverInvocations ?? 0) + 1;
        if (context.resolverInvocations > limit) throw new Error(`Resolver count limit of ${limit} exceeded (the API's ResolverCountLimit)`);
      }
      return original(source, args, context, info);
    };
  }
}

/**
 * Every attached resolver runs in its request's lane (resolver-scheduler.ts): a few at a time per
 * request, the event loop given back every slice of starts, none past the request's time limit, and
 * answered with ExecutionTimeout at the deadline if still running. Wraps the counting wrapper, so a
 * resolver is counted when it starts. Each pipeline function checks the deadline before it starts,
 * so a resolver timed out while one of its functions waited on DynamoDB sends nothing more.
 */
function takeTurns(schema: AmplifyAppSyncSimulator['schema'], api: ApiDefinition, simulator: AmplifyAppSyncSimulator): void {
  for (const resolver of api.resolvers) {
    const type = schema.getType(resolver.typeName) as { getFields?: () => Record<string, { resolve?: (...args: any[]) => unknown }> } | undefined;
    const field = type?.getFields?.()[resolver.fieldName];
    if (!field?.resolve) continue;
    const original = field.resolve;
    field.resolve = (source: unknown, args: unknown, context: Partial<ExecutionContext> | undefined, info: { fieldNodes?: readonly FieldNode[] }) =>
      context?.lane ? context.lane.run(() => original(source, args, context, info), info?.fieldNodes) : original(source, args, context, info);
  }
  type PipelineFunction = { resolve(source: unknown, args: unknown, stash: unknown, prevResult: unknown, context: Partial<ExecutionContext> | undefined, info: { fieldNodes?: readonly FieldNode[] }): Promise<unknown> };
  const functions = (simulator as unknown as { functions: Map<string, PipelineFunction> }).functions;
  for (const fn of functions.values()) {
    const resolve = fn.resolve.bind(fn);
    // Not an async wrapper: that cost a promise and its turns per function per item of a list. The
    // pipeline awaits this call inside its own async function, so a throw here rejects it the same way.
    fn.resolve = (source, args, stash, prevResult, context, info) => {
      context?.lane?.checkDeadline(info?.fieldNodes);
      return resolve(source, args, stash, prevResult, context, info);
    };
  }
}

/**
 * The fewest resolver invocations an operation can make: each selected field that has a resolver,
 * once (a list would only multiply it), fragments expanded. Stops counting past `stopAbove`.
 */
function leastResolverInvocations(
  schema: AmplifyAppSyncSimulator['schema'],
  resolverFields: Set<string>,
  document: DocumentNode,
  operation: { operation: 'query' | 'mutation' | 'subscription'; selectionSet: SelectionSetNode },
  stopAbove: number,
): number {
  type Named = { name: string; getFields?: () => Record<string, { type: unknown }> };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === 'FragmentDefinition') fragments.set(d.name.value, d);
  const named = (type: unknown): Named | undefined => {
    let t = type as { ofType?: unknown } | undefined;
    while (t && t.ofType) t = t.ofType as { ofType?: unknown };
    return t as Named | undefined;
  };
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  let count = 0;
  const inFragment = new Set<string>();
  const visit = (set: SelectionSetNode, type: Named | undefined): void => {
    for (const selection of set.selections) {
      if (count > stopAbove) return;
      if (selection.kind === 'Field') {
        const field = type?.getFields?.()[selection.name.value];
        if (type && resolverFields.has(`${type.name}.${selection.name.value}`)) count += 1;
        if (selection.selectionSet) visit(selection.selectionSet, named(field?.type));
      } else if (selection.kind === 'InlineFragment') {
        visit(selection.selectionSet, selection.typeCondition ? (schema.getType(selection.typeCondition.name.value) as Named | undefined) : type);
      } else {
        const fragment = fragments.get(selection.name.value);
        if (!fragment || inFragment.has(fragment.name.value)) continue;
        inFragment.add(fragment.name.value);
        visit(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) as Named | undefined);
        inFragment.delete(fragment.name.value);
      }
    }
  };
  visit(operation.selectionSet, root as unknown as Named | undefined);
  return count;
}

/** The API's data sources as the simulator takes them, pointed at the given DynamoDB. */
export function simulatorDataSources(api: ApiDefinition, dynamodb: DynamoDbTarget): AmplifyAppSyncSimulatorConfig['dataSources'] {
  return api.dataSources.map((source) =>
    source.type === 'NONE'
      ? { name: source.name, type: 'NONE' as const }
      : {
          name: source.name,
          type: 'AMAZON_DYNAMODB' as const,
          config: { endpoint: dynamodb.endpoint, region: dynamodb.region, tableName: source.tableName },
          // Passed through to the DynamoDBClient the simulator makes.
          options: dynamodb.credentials ? { credentials: dynamodb.credentials } : {},
        },
  );
}

function simulatorConfig(api: ApiDefinition, dynamodb: DynamoDbTarget): AmplifyAppSyncSimulatorConfig {
  return {
    schema: { path: 'schema.graphql', content: api.schema },
    // Every template, inline ones included, is given once by path, so each is parsed once.
    mappingTemplates: [...api.templates].map(([path, content]) => ({ path, content })),
    dataSources: simulatorDataSources(api, dynamodb),
    functions: api.functions.map((fn) => ({
      name: fn.id,
      dataSourceName: fn.dataSourceName,
      requestMappingTemplateLocation: fn.requestTemplate,
      responseMappingTemplateLocation: fn.responseTemplate,
    })),
    resolvers: api.resolvers.map((resolver) =>
      resolver.kind === 'PIPELINE'
        ? {
            kind: 'PIPELINE' as RESOLVER_KIND.PIPELINE,
            typeName: resolver.typeName,
            fieldName: resolver.fieldName,
            functions: resolver.functions,
            requestMappingTemplateLocation: resolver.requestTemplate,
            responseMappingTemplateLocation: resolver.responseTemplate,
          }
        : {
            kind: 'UNIT' as RESOLVER_KIND.UNIT,
            typeName: resolver.typeName,
            fieldName: resolver.fieldName,
            dataSourceName: resolver.dataSourceName,
            requestMappingTemplateLocation: resolver.requestTemplate,
            responseMappingTemplateLocation: resolver.responseTemplate,
          },
    ),
    appSync: {
      name: api.apiId,
      defaultAuthenticationType: { authenticationType: 'AMAZON_COGNITO_USER_POOLS' as never, cognitoUserPoolConfig: {} },
      additionalAuthenticationProviders: [],
    },
  };
}

type MethodCall = (this: unknown, property: { id: string; args?: unknown[] }, base: unknown, ast: unknown) => unknown;

interface PatchableTemplate {
  buildRenderContext(values: RenderValues, requestContext: ExecutionContext, info?: GraphQLInfo): unknown;
  /** The compiled template of amplify-velocity-template. */
  compiler: { getPropMethod: MethodCall; render(context: unknown): string | null; _state: { return: boolean } };
  template: { path?: string; content: string | Buffer };
  render: Render;
  /** The compiled function, when the template runs compiled. */
  vtl?: CompiledHolder;
}

/**
 * Differences between the simulator's VTL and AppSync's, fixed per template instance (the
 * simulator's classes are left untouched, so its own server still behaves as `amplify mock`):
 * - the render context is AppSync's (see render-context.ts): `$ctx.identity` with sourceIp a list
 *   and `groups`, `$util.unauthorized()` with AppSync's message;
 * - `#return($util.toJson(x))` returns x: AppSync takes a returned string as the template's output
 *   (JSON), where the JavaScript engine encodes it once more, so that the transformer's
 *   `#return($util.toJson(null))` (a protected field in a mutation's answer) gave the string "null";
 * - `$value.put(x)` on a value without a put method (a list, a string) evaluates to null, as in
 *   AppSync's Java Velocity. The JavaScript engine throws there, which silently nulls the
 *   multi-owner field resolver (`Ride.passengers`: the transformer's template calls
 *   `$ctx.source.passengers.put(...)` on the list of passengers).
 * And two that only save time: a template whose output is constant renders once
 * (constant-templates.ts), a compiled one whose answer depends only on its stash and arguments once
 * per distinct input (pure-templates.ts).
 */
function patchTemplates(simulator: AmplifyAppSyncSimulator, log: (line: string) => void, vtl: VtlExecution, record: ((recording: RenderRecording) => void) | undefined, firstUse: boolean): void {
  const templates = (simulator as unknown as { mappingTemplates: Map<string, PatchableTemplate> }).mappingTemplates;
  for (const [key, template] of templates) {
    template.buildRenderContext = (values, requestContext, info) => {
      if (template.template.path) requestContext.trace?.push(template.template.path);
      return renderContext(values, requestContext, info);
    };
    whenParsed(template, (compiler) => {
      const callMethod = compiler.getPropMethod;
      compiler.getPropMethod = function (property, base, ast) {
        const hasPut = base !== null && typeof base === 'object' && typeof (base as { put?: unknown }).put === 'function';
        if (property.id === 'put' && (property.args?.length ?? 0) < 2 && !hasPut) return undefined;
        return callMethod.call(this, property, base, ast);
      };
      // The simulator turns any exception of the VTL engine into a silent null; AppSync has no such
      // failure mode, so one is worth a line in the log ($util.error and friends are not logged).
      // A template's own $util.error/unauthorized/validate is recorded in $util.errors before it throws.
      const render = compiler.render.bind(compiler);
      compiler.render = (context) => {
        try {
          const output = render(context);
          return compiler._state.return ? (returnedText(output) as string | null) : output;
        } catch (error) {
          const raisedByTemplate = ((context as { util?: { errors?: unknown[] } }).util?.errors?.length ?? 0) > 0;
          if (!raisedByTemplate) log(`[graphql] the VTL engine failed in ${template.template.path ?? 'a template'}: ${(error as Error).message}`);
          throw error;
        }
      };
    });
    const text = String(template.template.content);
    if (vtl === 'compiled') {
      const interpreted = template.render;
      const constant = isConstantTemplate(text);
      const compiledOrInterpreted = (): Render => {
        try {
          template.vtl = compileVtl(text);
          // buildRenderContext is looked up per render: the realtime endpoint adapts it after the build.
          const compiled = compiledRender(template.vtl, (values, requestContext, info) => template.buildRenderContext(values as RenderValues, requestContext as ExecutionContext, info as GraphQLInfo), template.template.path, log);
          // Known once compiled (emit.ts); in the interpreter, isPureTemplate below says the same.
          return !constant && template.vtl.pure ? renderOncePerInput(compiled, template.template.path) : compiled;
        } catch (error) {
          if (!(error instanceof UnsupportedTemplateError)) throw error;
          log(`[graphql] ${template.template.path ?? key} runs in the VTL interpreter: the compiler does not translate ${error.message}`);
          return interpreted.bind(template);
        }
      };
      // First use: compiled (and the fallback logged) when the template first renders.
      template.render = firstUse ? chosenOnFirstUse(compiledOrInterpreted) : compiledOrInterpreted();
      if (constant) template.render = renderOnce(template.render.bind(template));
    } else if (isConstantTemplate(text)) template.render = renderOnce(template.render.bind(template));
    // In both executions, as renderOnce: the differential test compares them shortcut for shortcut.
    else if (isPureTemplate(text)) template.render = renderOncePerInput(template.render.bind(template), template.template.path);
    if (record) template.render = recordingRender(template.template.path ?? key, text, template.render.bind(template), record);
  }
}

/** Each DynamoDB data source's client sends its item operations to the store in this process. */
function callInProcess(simulator: AmplifyAppSyncSimulator, store: InProcessStore): void {
  const loaders = (simulator as unknown as { dataSources: Map<string, { client?: DynamoDBClient }> }).dataSources;
  for (const loader of loaders.values()) if (loader.client) loader.client = inProcessClient(loader.client, store);
}

interface PutItemLoader {
  putItem(payload: { key?: Record<string, unknown>; attributeValues?: Record<string, unknown> }): Promise<unknown>;
}

/**
 * AppSync's DynamoDB PutItem answers the item it wrote (the request's key and attribute values);
 * the simulator's data source writes it and then reads it back with a consistent GetItem, one more
 * DynamoDB round trip per create. Only the answer is taken from the request instead; the write is
 * the simulator's, failures included. Per data source instance, as patchTemplates.
 */
function answerPutsWithTheWrittenItem(simulator: AmplifyAppSyncSimulator): void {
  const loaders = (simulator as unknown as { dataSources: Map<string, Partial<PutItemLoader> & { getItem?: unknown }> }).dataSources;
  for (const loader of loaders.values()) {
    if (typeof loader.putItem !== 'function' || typeof loader.getItem !== 'function') continue;
    const put = loader.putItem;
    // The simulator's own putItem, with a getItem of its `this` that does not read.
    const writer = Object.assign(Object.create(loader) as object, { getItem: async () => null });
    loader.putItem = async (payload) => {
      await put.call(writer, payload);
      return unmarshallItem({ ...payload.key, ...payload.attributeValues });
    };
  }
}
