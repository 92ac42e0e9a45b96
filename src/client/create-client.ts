import { createAmplifyContext, type AmplifyContext, type ResourcesConfig } from 'aws-amplify';
import { createAWSCredentialsAndIdentityIdProvider, createUserPoolsTokenProvider } from 'aws-amplify/adapter-core';
import { generateClient } from 'aws-amplify/api';
import type { KeyValueStorageInterface } from 'aws-amplify/utils';
import { toResourcesConfig } from './config.js';
import { memoryTokenStorage } from './token-storage.js';

/**
 * The part of Amplify's GraphQL client this project uses. Amplify's own type is generic over a
 * data schema this project does not have (TypeScript gives up on it), and its `DocumentNode` is the
 * graphql 15 one Amplify bundles; generated documents are plain ASTs either way.
 */
export interface AmplifyGraphQLClient {
  graphql(options: { query: unknown; variables: object; authMode: 'userPool' }): unknown;
}

/**
 * One user's connection to the Wild Rydes API: an Amplify context of its own (configuration, token
 * provider, token storage) and a GraphQL client bound to it. Every call of this SDK takes one as its
 * first argument, so one process can act as several users at once (a test, a demo, a server).
 */
export interface WildRydesClient {
  readonly config: ResourcesConfig;
  readonly amplify: AmplifyContext;
  readonly api: AmplifyGraphQLClient;
}

export interface CreateClientOptions {
  /** Where the user's tokens are kept; in memory for this client unless given. */
  tokenStorage?: KeyValueStorageInterface;
}

/**
 * Makes a client from a configuration object (`client-config.json` of the local cloud, or a
 * deployed backend's `amplifyconfiguration.json`). It does not touch the global `Amplify`
 * singleton, so it neither needs nor disturbs an app's own `Amplify.configure()`.
 */
export function createClient(configuration: unknown, options: CreateClientOptions = {}): WildRydesClient {
  const config = toResourcesConfig(configuration);
  const storage = options.tokenStorage ?? memoryTokenStorage();
  const auth = config.Auth!;
  const amplify = createAmplifyContext(config, {
    Auth: {
      tokenProvider: createUserPoolsTokenProvider(auth, storage),
      credentialsProvider: createAWSCredentialsAndIdentityIdProvider(auth, storage),
    },
  });
  const api = generateClient(amplify) as unknown as AmplifyGraphQLClient;
  return { config, amplify, api };
}
