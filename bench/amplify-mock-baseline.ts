// The baseline of the benchmark: @aws-amplify/amplify-appsync-simulator's own server, configured the
// way `amplify mock` configures it (amplify-util-mock): template files as mapping templates by path,
// templates written inline in the stacks given inline (the simulator parses those on every call),
// no token verification (it decodes tokens only), plain HTTP. It runs the same compiled resolvers on
// the same DynamoDB tables as the local cloud. It listens on every interface while the bench runs.
import { AmplifyAppSyncSimulator, RESOLVER_KIND, type AmplifyAppSyncSimulatorConfig } from '@aws-amplify/amplify-appsync-simulator';
import type { ApiDefinition } from '../src/local/appsync/api-definition.js';
import { simulatorDataSources, type DynamoDbTarget } from '../src/local/appsync/graphql-engine.js';

export interface Baseline {
  simulator: AmplifyAppSyncSimulator;
  graphqlEndpoint: string;
  stop(): Promise<void>;
}

export async function startAmplifyMockBaseline(api: ApiDefinition, dynamodb: DynamoDbTarget): Promise<Baseline> {
  const inline = (key: string) => key.startsWith('inline/');
  const templateFields = (which: 'request' | 'response', key: string) =>
    inline(key) ? { [`${which}MappingTemplate`]: api.templates.get(key)! } : { [`${which}MappingTemplateLocation`]: key };
  const config: AmplifyAppSyncSimulatorConfig = {
    schema: { path: 'schema.graphql', content: api.schema },
    mappingTemplates: [...api.templates].filter(([key]) => !inline(key)).map(([path, content]) => ({ path, content })),
    dataSources: simulatorDataSources(api, dynamodb),
    functions: api.functions.map((fn) => ({
      name: fn.id,
      dataSourceName: fn.dataSourceName,
      ...templateFields('request', fn.requestTemplate),
      ...templateFields('response', fn.responseTemplate),
    })) as AmplifyAppSyncSimulatorConfig['functions'],
    resolvers: api.resolvers.map((resolver) => ({
      typeName: resolver.typeName,
      fieldName: resolver.fieldName,
      ...(resolver.kind === 'PIPELINE'
        ? { kind: RESOLVER_KIND.PIPELINE, functions: resolver.functions }
        : { kind: RESOLVER_KIND.UNIT, dataSourceName: resolver.dataSourceName }),
      ...templateFields('request', resolver.requestTemplate),
      ...templateFields('response', resolver.responseTemplate),
    })) as AmplifyAppSyncSimulatorConfig['resolvers'],
    appSync: {
      name: api.apiId,
      defaultAuthenticationType: { authenticationType: 'AMAZON_COGNITO_USER_POOLS' as never, cognitoUserPoolConfig: {} },
      additionalAuthenticationProviders: [],
    },
  };
  const simulator = new AmplifyAppSyncSimulator({ port: 0, wsPort: 0 });
  simulator.init(config);
  await simulator.start();
  // The simulator reports a LAN-facing URL; loopback is where the bench talks to it.
  const port = new URL(simulator.url).port;
  return { simulator, graphqlEndpoint: `http://127.0.0.1:${port}/graphql`, stop: () => simulator.stop() };
}
