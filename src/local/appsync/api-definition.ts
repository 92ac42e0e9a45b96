// What AppSync would hold after `amplify push` of the compiled API: the schema, the DynamoDB tables,
// the data sources, the pipeline functions and the resolvers, each with the transformer's own VTL.
// It is read from the CloudFormation stacks of the build folder, so that resolvers are mapped to
// templates exactly as the deployment maps them (several functions may share one template file).
import type { KeyType, Projection, ScalarAttributeType } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { evaluateStacks, type CfnResource, type CfnTemplate, type EvaluatedStack } from './cloudformation.js';

/** The build folder's content (what the compiler's `CompiledApi` holds). */
export interface CompiledApiFiles {
  schema: string;
  /** resolvers/<file>.vtl by file name. */
  resolvers: Record<string, string>;
  /** stacks/<file>.json by file name. */
  stacks: Record<string, CfnTemplate>;
  rootStack: CfnTemplate;
  /** parameters.json, when there is one. */
  parameters?: Record<string, unknown>;
}

export interface KeyElement {
  AttributeName: string;
  KeyType: KeyType;
}

export interface SecondaryIndex {
  IndexName: string;
  KeySchema: KeyElement[];
  Projection: Projection;
}

export interface TableDefinition {
  /** The model's stack (e.g. `Ride`) and the table's logical id, for messages. */
  origin: string;
  TableName: string;
  KeySchema: KeyElement[];
  AttributeDefinitions: Array<{ AttributeName: string; AttributeType: ScalarAttributeType }>;
  GlobalSecondaryIndexes: SecondaryIndex[];
  LocalSecondaryIndexes: SecondaryIndex[];
  /** The stack's table settings, as its parameters and conditions evaluate (see tableSettings). */
  settings?: TableSettings;
}

/** What an `AWS::DynamoDB::Table` of the compiled stacks sets beyond keys and indexes. */
export interface TableSettings {
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  provisionedThroughput?: { ReadCapacityUnits: number; WriteCapacityUnits: number };
  /** `NEW_AND_OLD_IMAGES` on every @model table: subscriptions and @searchable read the stream. */
  streamViewType?: 'NEW_IMAGE' | 'OLD_IMAGE' | 'NEW_AND_OLD_IMAGES' | 'KEYS_ONLY';
  sseEnabled?: boolean;
  pointInTimeRecovery: boolean;
}

export type DataSourceDefinition = { name: string; type: 'NONE' } | { name: string; type: 'AMAZON_DYNAMODB'; tableName: string };

export interface FunctionDefinition {
  /** The FunctionId AppSync would generate; unique across stacks. */
  id: string;
  name: string;
  dataSourceName: string;
  /** Keys into `templates`. */
  requestTemplate: string;
  responseTemplate: string;
}

export type ResolverDefinition = {
  typeName: string;
  fieldName: string;
  requestTemplate: string;
  responseTemplate: string;
} & ({ kind: 'PIPELINE'; functions: string[] } | { kind: 'UNIT'; dataSourceName: string });

export interface ApiDefinition {
  apiId: string;
  schema: string;
  /** Template content by key: `resolvers/<file>` for files, `inline/<hash>.vtl` for inline templates. */
  templates: Map<string, string>;
  tables: TableDefinition[];
  dataSources: DataSourceDefinition[];
  functions: FunctionDefinition[];
  resolvers: ResolverDefinition[];
  /** The execution limits of the `AWS::AppSync::GraphQLApi` resource, as AppSync applies them. */
  limits?: ApiLimits;
}

/**
 * AppSync's per-request limits (GraphqlApi `QueryDepthLimit`, `ResolverCountLimit`): 0 or unset
 * means no depth limit, and 10,000 resolver invocations (AppSync API reference, GraphqlApi).
 */
export interface ApiLimits {
  /** Nested levels of a query; undefined: no limit. */
  queryDepthLimit?: number;
  /** Resolver invocations in one request (a resolver under a list runs once per item). */
  resolverCountLimit: number;
}

export const APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT = 10_000;

export class ApiDefinitionError extends Error {
  override name = 'ApiDefinitionError';
}

/** Reads amplify/backend/api/<api>/build as `amplify api gql-compile` leaves it. */
export function readBuildFolder(buildDir: string): CompiledApiFiles {
  const required = ['schema.graphql', 'cloudformation-template.json', 'resolvers', 'stacks'];
  const missing = required.filter((name) => !existsSync(join(buildDir, name)));
  if (missing.length > 0) {
    throw new ApiDefinitionError(`${buildDir} has no ${missing.join(', ')}: run \`npm run compile\` first`);
  }
  const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
  const resolvers: Record<string, string> = {};
  for (const name of readdirSync(join(buildDir, 'resolvers'))) resolvers[name] = readFileSync(join(buildDir, 'resolvers', name), 'utf8');
  const stacks: Record<string, CfnTemplate> = {};
  for (const name of readdirSync(join(buildDir, 'stacks')).filter((n) => n.endsWith('.json'))) {
    stacks[name] = readJson<CfnTemplate>(join(buildDir, 'stacks', name));
  }
  const parametersFile = join(buildDir, 'parameters.json');
  return {
    schema: readFileSync(join(buildDir, 'schema.graphql'), 'utf8'),
    resolvers,
    stacks,
    rootStack: readJson<CfnTemplate>(join(buildDir, 'cloudformation-template.json')),
    parameters: existsSync(parametersFile) ? readJson<Record<string, unknown>>(parametersFile) : undefined,
  };
}

export interface DeploymentSettings {
  /** Stands in for the generated AppSync API id; part of every table name. */
  apiId: string;
  /** The Amplify environment name; part of every table name. */
  env: string;
  region: string;
  accountId?: string;
}

/**
 * Resolves the stacks as a deployment would. Table names follow the transformer's own formula,
 * `<Model>-<apiId>-<env>`, so with fixed apiId and env they are stable across runs.
 */
export function defineApi(files: CompiledApiFiles, settings: DeploymentSettings): ApiDefinition {
  const accountId = settings.accountId ?? '123456789012';
  const arn = (service: string, resource: string) => `arn:aws:${service}:${settings.region}:${accountId}:${resource}`;
  const stacks = evaluateStacks({
    root: files.rootStack,
    nested: files.stacks,
    parameters: {
      ...files.parameters,
      // The deployment bucket only prefixes template locations; the key after resolvers/ is what matters.
      S3DeploymentBucket: 'local-deployment',
      S3DeploymentRootKey: (files.parameters?.S3DeploymentRootKey as string | undefined) || 'local',
      env: settings.env,
      AppSyncApiName: (files.parameters?.AppSyncApiName as string | undefined) ?? settings.apiId,
      AuthCognitoUserPoolId: `${settings.region}_local`,
    },
    context: {
      region: settings.region,
      accountId,
      generatedValue: (stackName, logicalId, resource, attribute) =>
        generatedValue({ stackName, logicalId, resource, attribute, apiId: settings.apiId, arn }),
    },
  });

  const templates = new Map<string, string>();
  const fileTemplate = (location: unknown, where: string): string => {
    const text = String(location);
    const marker = text.lastIndexOf('/resolvers/');
    const fileName = marker >= 0 ? text.slice(marker + '/resolvers/'.length) : basename(text);
    if (!(fileName in files.resolvers)) throw new ApiDefinitionError(`${where} uses resolvers/${fileName}, which is not in the build`);
    const key = `resolvers/${fileName}`;
    templates.set(key, files.resolvers[fileName]!);
    return key;
  };
  const inlineTemplate = (content: unknown): string => {
    const text = String(content);
    const key = `inline/${createHash('sha256').update(text).digest('hex').slice(0, 16)}.vtl`;
    templates.set(key, text);
    return key;
  };
  // AppSync treats a missing VTL template as a pass-through of the arguments or the result.
  const template = (properties: Record<string, unknown>, which: 'Request' | 'Response', where: string, fallback: string): string => {
    if (properties[`${which}MappingTemplateS3Location`] !== undefined) return fileTemplate(properties[`${which}MappingTemplateS3Location`], where);
    if (properties[`${which}MappingTemplate`] !== undefined) return inlineTemplate(properties[`${which}MappingTemplate`]);
    return inlineTemplate(fallback);
  };

  const tables: TableDefinition[] = [];
  const dataSources: DataSourceDefinition[] = [];
  const functions: FunctionDefinition[] = [];
  const resolvers: ResolverDefinition[] = [];
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (!stack.exists(logicalId)) continue;
      const where = `${stack.name === 'root' ? 'cloudformation-template.json' : `stacks/${stack.name}.json`}: ${logicalId}`;
      switch (resource.Type) {
        case 'AWS::DynamoDB::Table':
          tables.push(tableDefinition(stack, logicalId, resource));
          break;
        case 'AWS::AppSync::DataSource':
          dataSources.push(dataSourceDefinition(stack, resource, where));
          break;
        case 'AWS::AppSync::FunctionConfiguration': {
          const properties = stack.evaluate(resource.Properties) as Record<string, unknown>;
          rejectJavaScriptRuntime(properties, where);
          functions.push({
            id: String(stack.evaluate({ 'Fn::GetAtt': [logicalId, 'FunctionId'] })),
            name: String(properties.Name),
            dataSourceName: String(properties.DataSourceName),
            requestTemplate: template(properties, 'Request', where, '$util.toJson({})'),
            responseTemplate: template(properties, 'Response', where, '$util.toJson($ctx.result)'),
          });
          break;
        }
        case 'AWS::AppSync::Resolver': {
          const properties = stack.evaluate(resource.Properties) as Record<string, unknown>;
          rejectJavaScriptRuntime(properties, where);
          const common = {
            typeName: String(properties.TypeName),
            fieldName: String(properties.FieldName),
            requestTemplate: template(properties, 'Request', where, '$util.toJson({})'),
          };
          if (properties.Kind === 'PIPELINE') {
            const config = (properties.PipelineConfig ?? {}) as { Functions?: unknown[] };
            resolvers.push({
              ...common,
              kind: 'PIPELINE',
              responseTemplate: template(properties, 'Response', where, '$util.toJson($ctx.prev.result)'),
              functions: (config.Functions ?? []).map(String),
            });
          } else {
            resolvers.push({
              ...common,
              kind: 'UNIT',
              responseTemplate: template(properties, 'Response', where, '$util.toJson($ctx.result)'),
              dataSourceName: String(properties.DataSourceName),
            });
          }
          break;
        }
      }
    }
  }

  const functionIds = new Set(functions.map((f) => f.id));
  const dataSourceNames = new Set(dataSources.map((d) => d.name));
  for (const resolver of resolvers) {
    const field = `${resolver.typeName}.${resolver.fieldName}`;
    if (resolver.kind === 'PIPELINE') {
      const unknown = resolver.functions.filter((id) => !functionIds.has(id));
      if (unknown.length > 0) throw new ApiDefinitionError(`resolver ${field} names unknown pipeline functions ${unknown.join(', ')}`);
    } else if (!dataSourceNames.has(resolver.dataSourceName)) {
      throw new ApiDefinitionError(`resolver ${field} uses unknown data source ${resolver.dataSourceName}`);
    }
  }
  for (const fn of functions) {
    if (!dataSourceNames.has(fn.dataSourceName)) throw new ApiDefinitionError(`function ${fn.name} uses unknown data source ${fn.dataSourceName}`);
  }
  return { apiId: settings.apiId, schema: files.schema, templates, tables, dataSources, functions, resolvers, limits: apiLimits(stacks) };
}

function generatedValue(options: {
  stackName: string;
  logicalId: string;
  resource: CfnResource;
  attribute: string;
  apiId: string;
  arn: (service: string, resource: string) => string;
}): string | undefined {
  const { stackName, logicalId, resource, attribute, apiId, arn } = options;
  switch (resource.Type) {
    case 'AWS::AppSync::GraphQLApi':
      if (attribute === 'ApiId') return apiId;
      if (attribute === 'GraphQLUrl') return `https://${apiId}.appsync-api.local/graphql`;
      if (attribute === 'GraphQLDns') return `${apiId}.appsync-api.local`;
      return arn('appsync', `apis/${apiId}`);
    case 'AWS::AppSync::FunctionConfiguration':
      // Stable and unique across stacks; AppSync would generate a random id here.
      if (attribute === 'FunctionId') return `${stackName}.${logicalId}`;
      return arn('appsync', `apis/${apiId}/functions/${stackName}.${logicalId}`);
    case 'AWS::DynamoDB::Table':
      if (attribute === 'StreamArn') return arn('dynamodb', `table/${stackName}-${logicalId}/stream/local`);
      if (attribute === 'Ref') return `${stackName}-${logicalId}`;
      return arn('dynamodb', `table/${stackName}-${logicalId}`);
    default:
      // IAM roles, policies and other resources that only matter to a real deployment.
      return attribute === 'Ref' ? `${stackName}-${logicalId}` : arn('local', `${stackName}/${logicalId}/${attribute}`);
  }
}

function tableDefinition(stack: EvaluatedStack, logicalId: string, resource: CfnResource): TableDefinition {
  const properties = stack.evaluate(resource.Properties) as Record<string, unknown>;
  const indexes = (value: unknown): SecondaryIndex[] =>
    ((value ?? []) as SecondaryIndex[]).map((index) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection }));
  return {
    origin: `${stack.name}.${logicalId}`,
    TableName: String(stack.evaluate({ Ref: logicalId })),
    KeySchema: properties.KeySchema as KeyElement[],
    AttributeDefinitions: properties.AttributeDefinitions as TableDefinition['AttributeDefinitions'],
    GlobalSecondaryIndexes: indexes(properties.GlobalSecondaryIndexes),
    LocalSecondaryIndexes: indexes(properties.LocalSecondaryIndexes),
    settings: tableSettings(properties),
  };
}

function apiLimits(stacks: EvaluatedStack[]): ApiLimits {
  for (const stack of stacks) {
    for (const [logicalId, resource] of Object.entries(stack.template.Resources ?? {})) {
      if (resource.Type !== 'AWS::AppSync::GraphQLApi' || !stack.exists(logicalId)) continue;
      const properties = stack.evaluate(resource.Properties) as { QueryDepthLimit?: unknown; ResolverCountLimit?: unknown };
      const depth = Number(properties.QueryDepthLimit ?? 0);
      const count = Number(properties.ResolverCountLimit ?? 0);
      return {
        ...(depth > 0 ? { queryDepthLimit: depth } : {}),
        resolverCountLimit: count > 0 ? count : APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT,
      };
    }
  }
  return { resolverCountLimit: APPSYNC_DEFAULT_RESOLVER_COUNT_LIMIT };
}

function tableSettings(properties: Record<string, unknown>): TableSettings {
  const throughput = properties.ProvisionedThroughput as { ReadCapacityUnits?: unknown; WriteCapacityUnits?: unknown } | undefined;
  const stream = properties.StreamSpecification as { StreamViewType?: TableSettings['streamViewType'] } | undefined;
  const sse = properties.SSESpecification as { SSEEnabled?: unknown } | undefined;
  const pitr = properties.PointInTimeRecoverySpecification as { PointInTimeRecoveryEnabled?: unknown } | undefined;
  return {
    billingMode: properties.BillingMode === 'PAY_PER_REQUEST' || !throughput ? 'PAY_PER_REQUEST' : 'PROVISIONED',
    ...(throughput && properties.BillingMode !== 'PAY_PER_REQUEST'
      ? { provisionedThroughput: { ReadCapacityUnits: Number(throughput.ReadCapacityUnits), WriteCapacityUnits: Number(throughput.WriteCapacityUnits) } }
      : {}),
    ...(stream?.StreamViewType ? { streamViewType: stream.StreamViewType } : {}),
    ...(sse && sse.SSEEnabled !== undefined ? { sseEnabled: sse.SSEEnabled === true || sse.SSEEnabled === 'true' } : {}),
    pointInTimeRecovery: pitr?.PointInTimeRecoveryEnabled === true || pitr?.PointInTimeRecoveryEnabled === 'true',
  };
}

function dataSourceDefinition(stack: EvaluatedStack, resource: CfnResource, where: string): DataSourceDefinition {
  const properties = stack.evaluate(resource.Properties) as Record<string, unknown>;
  const name = String(properties.Name);
  if (properties.Type === 'NONE') return { name, type: 'NONE' };
  if (properties.Type === 'AMAZON_DYNAMODB') {
    const config = properties.DynamoDBConfig as { TableName?: unknown } | undefined;
    return { name, type: 'AMAZON_DYNAMODB', tableName: String(config?.TableName) };
  }
  throw new ApiDefinitionError(`${where}: data source ${name} of type ${String(properties.Type)} is not supported locally (only AMAZON_DYNAMODB and NONE)`);
}

function rejectJavaScriptRuntime(properties: Record<string, unknown>, where: string): void {
  if (properties.Runtime !== undefined || properties.Code !== undefined || properties.CodeS3Location !== undefined) {
    throw new ApiDefinitionError(`${where}: JavaScript resolvers are not supported locally (only VTL)`);
  }
}
