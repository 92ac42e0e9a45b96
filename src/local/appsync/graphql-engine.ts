// Executes GraphQL requests against the compiled API the way AppSync does: the transformer's VTL
// templates (pipeline resolvers, auth functions, NONE and DynamoDB data sources, field resolvers)
// run in @aws-amplify/amplify-appsync-simulator's VTL engine, in process. The simulator's own HTTP
// server is never started (it listens on every interface and trusts unverified tokens); requests
// reach this engine only after their token was verified.
// Types only: the simulator itself is loaded through simulator-internals.ts.
import type { AmplifyAppSyncSimulatorConfig, RESOLVER_KIND } from '@aws-amplify/amplify-appsync-simulator';
import type { ApiDefinition } from './api-definition.js';
import { executionError, validationError, type AppSyncResponseBody } from './appsync-errors.js';
import { cognitoIdentity, type CognitoIdentity } from './identity.js';
import type { DocumentNode } from 'graphql';
import { renderContext, type GraphQLInfo, type RenderValues } from './render-context.js';
import { checkDocument, RequestLimitError } from './request-limits.js';
import { AmplifyAppSyncSimulator, graphql15, type OperationKind } from './simulator-internals.js';
import type { JwtClaims } from './token-verifier.js';

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
}

export interface GraphQLEngine {
  /** Rejects with a RequestLimitError for a query beyond the limits of request-limits.ts. */
  execute(request: GraphQLRequest, caller: Caller): Promise<AppSyncResponseBody>;
  /** The kind of operation a request runs, or undefined when it does not parse to one. */
  operationKind(request: GraphQLRequest): OperationKind | undefined;
  /** The simulator holding the resolvers, data sources and the subscription pub/sub. */
  simulator: AmplifyAppSyncSimulator;
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
  trace?: string[];
}

export function createGraphQLEngine(api: ApiDefinition, dynamodb: DynamoDbTarget, options: { log?: (line: string) => void } = {}): GraphQLEngine {
  const simulator = new AmplifyAppSyncSimulator();
  simulator.init(simulatorConfig(api, dynamodb));
  patchTemplates(simulator, options.log ?? (() => {}));
  const schema = simulator.schema;

  return {
    simulator,
    close() {
      const loaders = (simulator as unknown as { dataSources: Map<string, { client?: { destroy(): void } }> }).dataSources;
      for (const loader of loaders.values()) loader.client?.destroy();
    },
    operationKind(request) {
      try {
        return graphql15.getOperationAST(graphql15.parse(request.query), request.operationName ?? undefined)?.operation;
      } catch {
        return undefined;
      }
    },
    async execute(request, caller) {
      let document: unknown;
      try {
        document = graphql15.parse(request.query);
      } catch (error) {
        // The parser recurses; a query nested deep enough to exhaust the stack is a limit, not a syntax error.
        if (error instanceof RangeError) throw new RequestLimitError('The query is nested too deeply to parse');
        return { data: null, errors: [validationError(error as Error)] };
      }
      checkDocument(document as DocumentNode, request.operationName);
      const validationErrors = graphql15.validate(schema, document);
      if (validationErrors.length > 0) return { data: null, errors: validationErrors.map(validationError) };
      const operation = graphql15.getOperationAST(document, request.operationName ?? undefined);
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
      };
      const result = await graphql15.execute({
        schema,
        document,
        contextValue: context,
        variableValues: request.variables ?? undefined,
        operationName: request.operationName ?? undefined,
      });
      // graphql-js answers invalid variables without `data`; AppSync sends `data: null` with the errors.
      const errors = [...(result.errors ?? []), ...context.appsyncErrors].map((e) => executionError(e as Error));
      return errors.length > 0 ? { data: result.data ?? null, errors } : { data: result.data ?? null };
    },
  };
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
  template: { path?: string };
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
 */
function patchTemplates(simulator: AmplifyAppSyncSimulator, log: (line: string) => void): void {
  const templates = (simulator as unknown as { mappingTemplates: Map<string, PatchableTemplate> }).mappingTemplates;
  for (const template of templates.values()) {
    template.buildRenderContext = (values, requestContext, info) => {
      if (template.template.path) requestContext.trace?.push(template.template.path);
      return renderContext(values, requestContext, info);
    };
    const callMethod = template.compiler.getPropMethod;
    template.compiler.getPropMethod = function (property, base, ast) {
      const hasPut = base !== null && typeof base === 'object' && typeof (base as { put?: unknown }).put === 'function';
      if (property.id === 'put' && (property.args?.length ?? 0) < 2 && !hasPut) return undefined;
      return callMethod.call(this, property, base, ast);
    };
    // The simulator turns any exception of the VTL engine into a silent null; AppSync has no such
    // failure mode, so one is worth a line in the log ($util.error and friends are not logged).
    // A template's own $util.error/unauthorized/validate is recorded in $util.errors before it throws.
    const compiler = template.compiler;
    const render = compiler.render.bind(compiler);
    compiler.render = (context) => {
      try {
        const output = render(context);
        return compiler._state.return ? returnedText(output) : output;
      } catch (error) {
        const raisedByTemplate = ((context as { util?: { errors?: unknown[] } }).util?.errors?.length ?? 0) > 0;
        if (!raisedByTemplate) log(`[graphql] the VTL engine failed in ${template.template.path ?? 'a template'}: ${(error as Error).message}`);
        throw error;
      }
    };
  }
}

/** The output of a template that ended in `#return(value)`: a returned string is the output itself. */
function returnedText(output: string | null): string | null {
  if (output === null) return output;
  try {
    const value: unknown = JSON.parse(output);
    return typeof value === 'string' ? value : output;
  } catch {
    return output;
  }
}
