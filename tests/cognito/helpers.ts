// Shared test setup: a throwaway Amplify project folder, a pool on a free port,
// an AWS SDK client pointed at it, and a mutable clock.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { startCognito, type LocalCognito, type StartCognitoOptions } from '../../src/local/cognito/index.js';
import { adminClient } from '../support/cognito-users.js';
import { jsonOrText } from '../support/http.js';

export interface FixtureOptions {
  minLength?: number;
  characters?: string[];
  groups?: Array<{ groupName: string; precedence: number }>;
  usernameCaseSensitive?: boolean;
  refreshDays?: number;
  autoVerified?: string[];
  /** userpoolClientGenerateSecret: the native client gets a secret. */
  generateSecret?: boolean;
  /** userpoolClientSetAttributes with these read and write attributes. */
  clientAttributes?: { read: string[]; write: string[] };
}

/** Writes the amplify/backend files `amplify add auth` would leave, with the project's defaults. */
export async function writeAmplifyProject(root: string, options: FixtureOptions = {}): Promise<void> {
  const groups = options.groups ?? [
    { groupName: 'Admins', precedence: 1 },
    { groupName: 'Dispatchers', precedence: 2 },
  ];
  const backend = path.join(root, 'amplify', 'backend');
  await mkdir(path.join(backend, 'auth', 'wildrydesauth'), { recursive: true });
  await mkdir(path.join(backend, 'auth', 'userPoolGroups'), { recursive: true });
  await writeFile(path.join(backend, 'backend-config.json'), JSON.stringify({
    api: { wildrydes: { service: 'AppSync', dependsOn: [{ category: 'auth', resourceName: 'wildrydesauth', attributes: ['UserPoolId'] }] } },
    auth: {
      userPoolGroups: { service: 'Cognito-UserPool-Groups', providerPlugin: 'awscloudformation', dependsOn: [] },
      wildrydesauth: { service: 'Cognito', providerPlugin: 'awscloudformation', dependsOn: [], customAuth: false },
    },
  }, null, 2));
  await writeFile(path.join(backend, 'auth', 'wildrydesauth', 'cli-inputs.json'), JSON.stringify({
    version: '1',
    cognitoConfig: {
      requiredAttributes: ['email'],
      autoVerifiedAttributes: options.autoVerified ?? ['email'],
      mfaConfiguration: 'OFF',
      passwordPolicyMinLength: options.minLength ?? 8,
      passwordPolicyCharacters: options.characters ?? [],
      resourceNameTruncated: 'wildryauth',
      userPoolName: 'wildrydesauth_userpool',
      userpoolClientGenerateSecret: options.generateSecret ?? false,
      userpoolClientSetAttributes: options.clientAttributes !== undefined,
      userpoolClientReadAttributes: options.clientAttributes?.read ?? ['email'],
      userpoolClientWriteAttributes: options.clientAttributes?.write ?? ['email'],
      userpoolClientRefreshTokenValidity: options.refreshDays ?? 30,
      usernameCaseSensitive: options.usernameCaseSensitive ?? false,
      userPoolGroupList: groups.map((g) => g.groupName),
    },
  }, null, 2));
  await writeFile(path.join(backend, 'auth', 'userPoolGroups', 'user-pool-group-precedence.json'), JSON.stringify(groups, null, 2));
}

export async function tempDir(prefix = 'cognito-test-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A clock the test can move forward. */
export function testClock(): { now: () => number; advance: (ms: number) => void } {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms) => { offset += ms; } };
}

export interface TestPool {
  pool: LocalCognito;
  root: string;
  logs: string[];
  clock: ReturnType<typeof testClock>;
  sdk: CognitoIdentityProviderClient;
  stop(): Promise<void>;
}

export async function startTestPool(
  options: Partial<StartCognitoOptions> & { fixture?: FixtureOptions; root?: string } = {},
): Promise<TestPool> {
  const tmp = options.root ? undefined : await tempDir();
  const root = options.root ?? tmp!.dir;
  if (!options.root) await writeAmplifyProject(root, options.fixture);
  const logs: string[] = [];
  const clock = testClock();
  let pool: LocalCognito;
  try {
    pool = await startCognito({
      projectRoot: root,
      port: 0,
      clock: clock.now,
      log: (m) => logs.push(m),
      ...options,
    });
  } catch (err) {
    await tmp?.cleanup();
    throw err;
  }
  const sdk = adminClient(pool);
  return {
    pool,
    root,
    logs,
    clock,
    sdk,
    stop: async () => {
      sdk.destroy();
      await pool.close();
      await tmp?.cleanup();
    },
  };
}

/** A raw JSON 1.1 call, for requests no SDK would send. */
export async function rawCall(
  pool: LocalCognito,
  action: string | undefined,
  body: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const res = await fetch(pool.endpoint + '/', {
    method: init.method ?? 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      ...(action ? { 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` } : {}),
      ...init.headers,
    },
    body: init.method === 'GET' ? undefined : body,
  });
  return { status: res.status, body: await jsonOrText(res), headers: res.headers };
}

export function decodeJwt(token: string): { header: any; payload: any } {
  const [h, p] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(h!, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(p!, 'base64url').toString('utf8')),
  };
}

/** USER_SRP_AUTH through the SDK, using the pool's own client-side SRP math (no Amplify). */
export async function srpSignIn(t: TestPool, username: string, password: string, tweak?: { signature?: string; timestamp?: string }) {
  const { clientEphemeral, clientClaimSignature, poolNameOf } = await import('../../src/local/cognito/srp.js');
  const { InitiateAuthCommand, RespondToAuthChallengeCommand } = await import('@aws-sdk/client-cognito-identity-provider');
  const { a, A } = clientEphemeral();
  const start = await t.sdk.send(new InitiateAuthCommand({
    ClientId: t.pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: username, SRP_A: A },
  }));
  const p = start.ChallengeParameters!;
  const timestamp = tweak?.timestamp ?? 'Tue Nov 26 10:44:31 UTC 2026';
  const signature = tweak?.signature ?? clientClaimSignature({
    poolName: poolNameOf(t.pool.userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password, a, A,
    B: p.SRP_B!, salt: p.SALT!, secretBlock: p.SECRET_BLOCK!, timestamp,
  });
  const responses = {
    USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature,
  };
  const respond = () => t.sdk.send(new RespondToAuthChallengeCommand({
    ClientId: t.pool.clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses,
  }));
  return { result: await respond(), replay: respond };
}

/**
 * Sign-in with a password as the CLI's app clients allow it (SRP; they refuse USER_PASSWORD_AUTH):
 * the answer of the last step, tokens or the NEW_PASSWORD_REQUIRED challenge.
 */
export async function passwordSignIn(t: Pick<TestPool, 'sdk' | 'pool'>, username: string, password: string) {
  return (await srpSignIn(t as TestPool, username, password)).result;
}
