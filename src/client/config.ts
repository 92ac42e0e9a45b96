import type { ResourcesConfig } from 'aws-amplify';
import { parseAmplifyConfig } from 'aws-amplify/utils';
import { ConfigurationError } from './errors.js';

/**
 * The Amplify configuration of a Wild Rydes backend, from either file the project produces:
 * - the local cloud's `amplify/mock-data/client-config.json` (already Amplify's own format, with
 *   `Auth.Cognito.userPoolEndpoint` pointing at the local user pool);
 * - a deployed backend's `amplifyconfiguration.json` (Gen1: `aws_user_pools_id`,
 *   `aws_appsync_graphqlEndpoint`, ...), which Amplify's `parseAmplifyConfig` converts.
 * Fails with a ConfigurationError naming what is missing, rather than at the first call.
 */
export function toResourcesConfig(json: unknown): ResourcesConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigurationError('the client configuration must be a JSON object (client-config.json or amplifyconfiguration.json)');
  }
  let config: ResourcesConfig;
  try {
    config = parseAmplifyConfig(json as ResourcesConfig);
  } catch (error) {
    throw new ConfigurationError(`the client configuration could not be read: ${(error as Error).message}`, { cause: error });
  }
  const missing: string[] = [];
  if (!config.Auth?.Cognito?.userPoolId) missing.push('Auth.Cognito.userPoolId (aws_user_pools_id)');
  if (!config.Auth?.Cognito?.userPoolClientId) missing.push('Auth.Cognito.userPoolClientId (aws_user_pools_web_client_id)');
  if (!config.API?.GraphQL?.endpoint) missing.push('API.GraphQL.endpoint (aws_appsync_graphqlEndpoint)');
  if (missing.length > 0) {
    throw new ConfigurationError(
      `the client configuration lacks ${missing.join(', ')}: use the local cloud's client-config.json or the backend's amplifyconfiguration.json`,
    );
  }
  const graphql = config.API!.GraphQL!;
  // The API's only auth mode is the user pool; a Gen1 file that omits it would default to IAM.
  return { ...config, API: { ...config.API, GraphQL: { ...graphql, region: graphql.region || 'us-east-1', defaultAuthMode: 'userPool' } } };
}
