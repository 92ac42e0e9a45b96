// Shared setup of the local cloud tests: the project's API compiled in memory, the local cloud on
// free ports, users made through the Cognito admin API, and the real Amplify v6 client signed in
// against the local pool. Amplify is a per-process singleton: one signed-in user at a time.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { generateClient } from 'aws-amplify/api';
import { fetchAuthSession, signIn, signOut } from 'aws-amplify/auth';
import type { LocalCloud, LocalCloudOptions } from '../../src/local/cloud.js';
import { adminClient, createConfirmedUser } from '../support/cognito-users.js';
import { jsonOrText } from '../support/http.js';
import { startTrustedCloud } from '../support/local-cloud.js';

/** The project under test: this repository. */
export const projectRoot = resolve(import.meta.dirname, '..', '..');

export const PASSWORD = 'Wild-Rydes-1';

export interface TestCloud {
  cloud: LocalCloud;
  logs: string[];
  admin: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

/** The local cloud on free ports, in memory unless a dataDir is given, trusted by this process's fetch. */
export async function startTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<TestCloud> {
  const logs: string[] = [];
  const cloud = await startTrustedCloud({ projectRoot, log: (line) => logs.push(line), ...options });
  Amplify.configure(cloud.config);
  const admin = adminClient(cloud.cognito);
  return {
    cloud,
    logs,
    admin,
    stop: async () => {
      await signOut().catch(() => undefined);
      admin.destroy();
      await cloud.close();
    },
  };
}

/** A confirmed user with a permanent password, in the given groups (Cognito admin API). */
export async function createUser(t: TestCloud, username: string, groups: string[] = []): Promise<void> {
  await createConfirmedUser(t.admin, t.cloud.cognito.userPoolId, username, PASSWORD, groups);
}

export interface SignedIn {
  username: string;
  sub: string;
  /** The stored owner value: `<sub>::<username>`. */
  ownerKey: string;
  accessToken: string;
  idToken: string;
}

/**
 * Signs the previous user out and this one in with the Amplify client. Amplify's sign-out revokes the
 * previous session (RevokeToken), so the previous user's tokens stop working.
 */
export async function signInAs(username: string): Promise<SignedIn> {
  await signOut().catch(() => undefined);
  const result = await signIn({ username, password: PASSWORD });
  if (!result.isSignedIn) throw new Error(`sign-in of ${username} stopped at ${result.nextStep.signInStep}`);
  const { tokens } = await fetchAuthSession();
  const sub = String(tokens!.accessToken.payload.sub);
  return { username, sub, ownerKey: `${sub}::${username}`, accessToken: tokens!.accessToken.toString(), idToken: tokens!.idToken!.toString() };
}

export interface GraphQLResult<T = any> {
  data: T;
  errors?: Array<{ errorType?: string; message: string; path?: Array<string | number> | null }>;
}

/** A request through Amplify's GraphQL client as the signed-in user (its error throw turned back into a result). */
export async function gql<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
  const client = generateClient();
  try {
    return (await client.graphql({ query, variables: variables as never, authMode: 'userPool' })) as GraphQLResult<T>;
  } catch (error) {
    const e = error as GraphQLResult<T>;
    if (e && typeof e === 'object' && 'errors' in e) return e;
    throw error;
  }
}

/** A raw HTTPS request to the GraphQL endpoint (the CA is trusted through prepareNodeRuntime). */
export async function post(
  cloud: LocalCloud,
  body: unknown,
  headers: Record<string, string> = {},
  init: { method?: string; rawBody?: string } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(cloud.graphqlEndpoint, {
    method: init.method ?? 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: init.method === 'GET' || init.method === 'OPTIONS' ? undefined : (init.rawBody ?? JSON.stringify(body)),
  });
  return { status: response.status, body: await jsonOrText(response), headers: response.headers };
}

export async function tempDir(prefix = 'local-cloud-test-'): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A temporary folder holding a copy of the project's committed amplify/ files (no build, data or
 * cloud backup): a project that `npm start --project` or a compile may write to freely.
 */
export async function projectCopy(prefix: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const work = await tempDir(prefix);
  await cp(join(projectRoot, 'amplify'), join(work.dir, 'amplify'), {
    recursive: true,
    filter: (source) => !/[/\\](build|mock-data|#current-cloud-backend)$/.test(source),
  });
  return work;
}

export const CREATE_RIDE = /* GraphQL */ `
  mutation CreateRide($input: CreateRideInput!) {
    createRide(input: $input) { id owner status requestedAt passengers pickup { latitude longitude } unicorn { id } }
  }`;

export const GET_RIDE = /* GraphQL */ `
  query GetRide($id: ID!) { getRide(id: $id) { id owner status fare unicornId passengers } }`;

export function rideInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: new Date().toISOString(), ...overrides };
}
