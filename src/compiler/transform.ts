import { executeTransform } from '@aws-amplify/graphql-transformer';
import { constructDataSourceStrategies, DDB_DEFAULT_DATASOURCE_STRATEGY } from '@aws-amplify/graphql-transformer-core';
import type { TransformerLog } from '@aws-amplify/graphql-transformer-interfaces';
import { parse, Kind } from 'graphql';
import type { AmplifyApiProject } from './amplify-project.js';
import { createTransformScope, type CfnTemplate } from './cdk-stacks.js';
import { transformParameters, transformerVersion } from './feature-flags.js';
import { checkResolverFileNames, parseUserDefinedSlots } from './user-defined-slots.js';

/** The compiled API: what `amplify api gql-compile` writes to the API's build/ folder. */
export interface CompiledApi {
  schema: string;
  /** Every resolver and pipeline function template, by file name (user overrides applied). */
  resolvers: Record<string, string>;
  /** Nested stacks by file name (stacks/<name>.json), custom stacks included. */
  stacks: Record<string, CfnTemplate>;
  rootStack: CfnTemplate;
  warnings: string[];
}

export class SchemaTransformError extends Error {
  override name = 'SchemaTransformError';
}

/** A schema that declares `input AMPLIFY { globalAuthRule: ... }` opts into the CLI's sandbox mode. */
function hasSandboxMode(schema: string): boolean {
  try {
    return parse(schema).definitions.some(
      (d) =>
        d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION &&
        d.name.value === 'AMPLIFY' &&
        (d.fields ?? []).some((f) => f.name.value === 'globalAuthRule'),
    );
  } catch {
    return false; // the transformer reports syntax errors with their locations
  }
}

export function compileApi(project: AmplifyApiProject): CompiledApi {
  if (transformerVersion(project.cliJson) !== 2) {
    throw new SchemaTransformError('amplify/cli.json: features.graphqltransformer.transformerversion must be 2 (the v1 transformer is not supported)');
  }
  checkResolverFileNames(Object.keys(project.resolverFiles));
  const authModes = [project.authConfig.defaultAuthentication, ...(project.authConfig.additionalAuthenticationProviders ?? [])].map(
    (mode) => mode.authenticationType,
  );
  const scope = createTransformScope({
    hasIamAuth: authModes.includes('AWS_IAM'),
    hasUserPoolAuth: authModes.includes('AMAZON_COGNITO_USER_POOLS'),
  });
  const warnings: string[] = [];
  const printTransformerLog = (log: TransformerLog) => {
    if (log.level === 'ERROR') throw new SchemaTransformError(log.message);
    if (log.level === 'WARN') warnings.push(log.message);
  };
  try {
    executeTransform({
      schema: project.schema,
      scope: scope.rootStack,
      nestedStackProvider: scope.nestedStackProvider,
      assetProvider: scope.assetProvider,
      parameterProvider: scope.parameterProvider,
      synthParameters: scope.synthParameters,
      authConfig: project.authConfig,
      resolverConfig: project.transformConf.ResolverConfig as any,
      stackMapping: project.transformConf.StackMapping ?? {},
      userDefinedSlots: parseUserDefinedSlots(project.resolverFiles),
      transformersFactoryArgs: {},
      transformParameters: transformParameters(project.cliJson, {
        parameters: project.parameters,
        disableResolverDeduping: project.transformConf.DisableResolverDeduping ?? false,
        sandboxModeEnabled: hasSandboxMode(project.schema),
      }),
      // Every @model is a DynamoDB table that the API provisions, as in a Gen1 project.
      dataSourceStrategies: constructDataSourceStrategies(project.schema, DDB_DEFAULT_DATASOURCE_STRATEGY),
      sqlDirectiveDataSourceStrategies: [],
      printTransformerLog,
    } as Parameters<typeof executeTransform>[0]);
  } catch (error) {
    if (error instanceof SchemaTransformError) throw error;
    // The transformer's own errors (InvalidDirectiveError, schema validation) name the type and field.
    const e = error as Error & { locations?: { line: number; column: number }[] };
    const at = e.locations?.length ? ` (schema.graphql:${e.locations[0]!.line}:${e.locations[0]!.column})` : '';
    throw new SchemaTransformError(`${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}${at}`);
  }
  const synthesized = scope.synthesize();

  const resolvers: Record<string, string> = {};
  let schema = '';
  for (const [fileName, content] of synthesized.files) {
    if (fileName === 'schema.graphql') schema = content;
    else if (fileName.startsWith('resolvers/')) resolvers[fileName.slice('resolvers/'.length)] = content;
    else if (fileName.startsWith('pipelineFunctions/')) resolvers[fileName.slice('pipelineFunctions/'.length)] = content;
  }
  // As the CLI does: the files of resolvers/ are copied over the generated ones (overrides and slots).
  Object.assign(resolvers, project.resolverFiles);

  const stacks: Record<string, CfnTemplate> = {};
  for (const [name, template] of Object.entries(synthesized.stacks)) stacks[`${name}.json`] = template;
  const rootStack = synthesized.rootStack;
  for (const [fileName, template] of Object.entries(project.customStacks)) {
    if (stacks[fileName]) throw new SchemaTransformError(`stacks/${fileName}: a custom stack cannot have the name of a generated stack`);
    stacks[fileName] = template as CfnTemplate;
    addCustomStack(rootStack, fileName, template as CfnTemplate);
  }
  return { schema, resolvers, stacks, rootStack, warnings };
}

/**
 * A custom stack of the API's stacks/ folder becomes a nested stack of the root, as the CLI nests it:
 * after the API, its schema and the generated stacks, with the root's parameters (and the API id)
 * passed by name; parameters the root lacks are added to it.
 */
function addCustomStack(rootStack: CfnTemplate, fileName: string, template: CfnTemplate): void {
  const rootParameters: Record<string, unknown> = rootStack.Parameters;
  const passed: Record<string, unknown> = {};
  for (const name of Object.keys(template.Parameters ?? {})) {
    if (name === 'AppSyncApiId') passed[name] = { 'Fn::GetAtt': ['GraphQLAPI', 'ApiId'] };
    else {
      rootParameters[name] ??= template.Parameters[name];
      passed[name] = { Ref: name };
    }
  }
  const dependsOn = Object.entries(rootStack.Resources as Record<string, { Type: string }>)
    .filter(([, resource]) => ['AWS::CloudFormation::Stack', 'AWS::AppSync::GraphQLApi', 'AWS::AppSync::GraphQLSchema'].includes(resource.Type))
    .map(([id]) => id);
  rootStack.Resources[fileName.replace(/[^A-Za-z]/g, '')] = {
    Type: 'AWS::CloudFormation::Stack',
    Properties: {
      Parameters: passed,
      TemplateURL: { 'Fn::Join': ['/', ['https://s3.amazonaws.com', { Ref: 'S3DeploymentBucket' }, { Ref: 'S3DeploymentRootKey' }, 'stacks', fileName]] },
    },
    DependsOn: dependsOn,
  };
}
