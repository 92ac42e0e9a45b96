// The client reads both configuration files the project produces and says what is missing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, createClient, toResourcesConfig } from '../../src/client/index.js';
import { readClientConfig } from '../../src/client/node/index.js';

const local = {
  Auth: { Cognito: { userPoolId: 'us-east-1_abcDEF123', userPoolClientId: 'client123', userPoolEndpoint: 'http://127.0.0.1:9325' } },
  API: { GraphQL: { endpoint: 'https://127.0.0.1:20002/graphql', region: 'us-east-1', defaultAuthMode: 'userPool' } },
};

// What `amplify push` writes for this backend (Gen1 amplifyconfiguration.json).
const deployed = {
  aws_project_region: 'eu-west-1',
  aws_cognito_region: 'eu-west-1',
  aws_user_pools_id: 'eu-west-1_AbCdEf123',
  aws_user_pools_web_client_id: '1example23456789',
  aws_appsync_graphqlEndpoint: 'https://abcdefghij.appsync-api.eu-west-1.amazonaws.com/graphql',
  aws_appsync_region: 'eu-west-1',
  aws_appsync_authenticationType: 'AMAZON_COGNITO_USER_POOLS',
  aws_cognito_username_attributes: [],
  aws_cognito_signup_attributes: ['EMAIL'],
  aws_cognito_verification_mechanisms: ['EMAIL'],
};

describe('toResourcesConfig', () => {
  it('takes the local cloud\'s client-config.json as it is', () => {
    expect(toResourcesConfig(local)).toMatchObject(local);
  });

  it('converts a deployed backend\'s Gen1 amplifyconfiguration.json', () => {
    const config = toResourcesConfig(deployed);
    expect(config.Auth?.Cognito).toMatchObject({ userPoolId: 'eu-west-1_AbCdEf123', userPoolClientId: '1example23456789' });
    expect(config.API?.GraphQL).toMatchObject({ endpoint: deployed.aws_appsync_graphqlEndpoint, region: 'eu-west-1', defaultAuthMode: 'userPool' });
    expect(() => createClient(deployed)).not.toThrow();
  });

  it('names what is missing', () => {
    const partial = { aws_project_region: 'us-east-1', aws_user_pools_id: 'us-east-1_x' };
    expect(() => toResourcesConfig(partial)).toThrow(ConfigurationError);
    expect(() => toResourcesConfig(partial)).toThrow(/userPoolClientId.*API\.GraphQL\.endpoint/);
    expect(() => toResourcesConfig({ aws_user_pools_id: 'us-east-1_x' })).toThrow(ConfigurationError);
    expect(() => toResourcesConfig('{}')).toThrow(/must be a JSON object/);
  });
});

describe('readClientConfig', () => {
  it('reads a file, and explains a missing or broken one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'client-config-'));
    try {
      await writeFile(join(dir, 'client-config.json'), JSON.stringify(local));
      expect(await readClientConfig(join(dir, 'client-config.json'))).toEqual(local);
      await expect(readClientConfig(join(dir, 'absent.json'))).rejects.toThrow(/npm start/);
      await writeFile(join(dir, 'broken.json'), '{"Auth":');
      await expect(readClientConfig(join(dir, 'broken.json'))).rejects.toThrow(/not valid JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
