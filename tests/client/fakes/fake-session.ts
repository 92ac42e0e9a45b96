// A client that counts as signed in without a user pool: unsigned tokens placed where Amplify's
// token store looks for them (the `CognitoIdentityServiceProvider.<clientId>.<username>.<token>`
// keys it has kept since amazon-cognito-identity-js). Only for tests against the fake AppSync,
// which does not verify tokens.
import { createClient, memoryTokenStorage, type WildRydesClient } from '../../../src/client/index.js';

export const FAKE_CLIENT_ID = 'fakeclientid';

export function fakeConfig(endpoint: string): unknown {
  return {
    Auth: { Cognito: { userPoolId: 'us-east-1_FAKEPOOL1', userPoolClientId: FAKE_CLIENT_ID, userPoolEndpoint: 'http://127.0.0.1:9' } },
    API: { GraphQL: { endpoint, region: 'us-east-1', defaultAuthMode: 'userPool' } },
  };
}

export async function fakeSignedInClient(
  endpoint: string,
  user: { username: string; sub: string; groups?: string[] },
): Promise<{ client: WildRydesClient; accessToken: string }> {
  const storage = memoryTokenStorage();
  const now = Math.floor(Date.now() / 1000);
  const common = { sub: user.sub, iat: now, exp: now + 3600, 'cognito:groups': user.groups ?? [] };
  const accessToken = jwt({ ...common, token_use: 'access', username: user.username, client_id: FAKE_CLIENT_ID });
  const idToken = jwt({ ...common, token_use: 'id', 'cognito:username': user.username, aud: FAKE_CLIENT_ID, email: `${user.username}@example.com` });
  const prefix = `CognitoIdentityServiceProvider.${FAKE_CLIENT_ID}`;
  await storage.setItem(`${prefix}.LastAuthUser`, user.username);
  await storage.setItem(`${prefix}.${user.username}.accessToken`, accessToken);
  await storage.setItem(`${prefix}.${user.username}.idToken`, idToken);
  await storage.setItem(`${prefix}.${user.username}.refreshToken`, 'fake-refresh-token');
  await storage.setItem(`${prefix}.${user.username}.clockDrift`, '0');
  return { client: createClient(fakeConfig(endpoint), { tokenStorage: storage }), accessToken };
}

function jwt(payload: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', kid: 'fake' })}.${part(payload)}.c2ln`;
}
