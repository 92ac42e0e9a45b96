// The pool's app clients, as the project's auth stack defines them: their ids (kept in the state,
// so a restart keeps them), secrets, and what each allows. Client-side operations name a client;
// the flow, the secret hash and the attributes it may read or write follow from that client.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { AppClientConfig, AuthFlowPermission, PoolConfig } from './config.js';
import type { Context } from './context.js';
import { errors } from './errors.js';
import type { PoolState } from './store.js';

export interface AppClient extends AppClientConfig {
  clientId: string;
  clientSecret?: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * The app clients of the configuration, with the ids the state keeps for them. The web client
 * keeps the pool's historical `clientId`; a client that appears, or gains a secret, gets a fresh
 * id, as CloudFormation replaces a client whose `GenerateSecret` changes.
 */
export function resolveAppClients(state: PoolState, config: PoolConfig, now: number, newId: () => string): AppClient[] {
  state.appClients ??= Object.create(null) as NonNullable<PoolState['appClients']>;
  const stored = state.appClients;
  return config.appClients.map((client) => {
    let entry = stored[client.logicalId];
    if (!entry && client.logicalId === 'UserPoolClientWeb') entry = { clientId: state.clientId, createdAt: state.createdAt };
    if (!entry || Boolean(entry.clientSecret) !== client.generateSecret) {
      entry = { clientId: newId(), createdAt: now };
      if (client.generateSecret) entry.clientSecret = randomBytes(39).toString('base64url').slice(0, 51).toLowerCase();
    }
    stored[client.logicalId] = entry;
    if (client.logicalId === 'UserPoolClientWeb') state.clientId = entry.clientId;
    return { ...client, ...entry, updatedAt: entry.createdAt };
  });
}

export function findAppClient(ctx: Context, clientId: string): AppClient | undefined {
  return ctx.appClients.find((c) => c.clientId === clientId);
}

/** The client a request names; an unknown id is almost always a stale client configuration. */
export function requireAppClient(ctx: Context, clientId: string): AppClient {
  const client = findAppClient(ctx, clientId);
  if (!client) throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  return client;
}

export type AuthFlow =
  | 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' | 'CUSTOM_AUTH'
  | 'ADMIN_NO_SRP_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'USER_AUTH';

const PERMISSION: Record<AuthFlow, AuthFlowPermission> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
};

/**
 * Refuses a flow the client does not allow, with Cognito's exception and wording
 * ("USER_PASSWORD_AUTH flow not enabled for this client"; the admin flows say "Auth flow not
 * enabled for this client").
 */
export function checkAuthFlowAllowed(client: AppClient, flow: AuthFlow): void {
  if (client.allowedAuthFlows.includes(PERMISSION[flow])) return;
  if (flow === 'ADMIN_NO_SRP_AUTH' || flow === 'ADMIN_USER_PASSWORD_AUTH') {
    throw errors.invalidParameter('Auth flow not enabled for this client');
  }
  throw errors.invalidParameter(`${flow} flow not enabled for this client`);
}

/** Base64 HMAC-SHA256 of username + client id, keyed with the client secret: Cognito's SECRET_HASH. */
export function secretHashOf(client: { clientId: string; clientSecret?: string }, username: string): string {
  return createHmac('sha256', client.clientSecret ?? '').update(username + client.clientId).digest('base64');
}

/**
 * A client with a secret needs every client-side call to carry SECRET_HASH for the user it names;
 * a client without one ignores it. Cognito's message for both a missing and a wrong hash.
 */
export function checkSecretHash(client: AppClient, username: string | undefined, given: string | undefined): void {
  if (!client.clientSecret) return;
  const fail = () => errors.notAuthorized(`Client ${client.clientId} is configured with secret but SECRET_HASH was not received`);
  if (given === undefined) throw fail();
  if (username === undefined) return;
  const expected = Buffer.from(secretHashOf(client, username));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw errors.notAuthorized(`Unable to verify secret hash for client ${client.clientId}`);
  }
}

/**
 * Where each client-side operation carries the proof of the secret: `ClientSecret` (RevokeToken,
 * GetTokensFromRefreshToken), `SecretHash` beside `Username` (SignUp, ForgotPassword, ...), or
 * `SECRET_HASH` beside `USERNAME` in AuthParameters / ChallengeResponses. Fields of the wrong type
 * are left to the action's own validation.
 */
export function checkClientCredentials(client: AppClient, input: Record<string, unknown>): void {
  if (!client.clientSecret) return;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if ('ClientSecret' in input || input.Token !== undefined || input.RefreshToken !== undefined) {
    const given = Buffer.from(text(input.ClientSecret) ?? '');
    const expected = Buffer.from(client.clientSecret);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw errors.notAuthorized(`Client ${client.clientId} is configured with secret but the client secret was not received or is wrong`);
    }
    return;
  }
  const nested = [input.AuthParameters, input.ChallengeResponses].find((v) => v !== null && typeof v === 'object') as Record<string, unknown> | undefined;
  if (nested) checkSecretHash(client, text(nested.USERNAME), text(nested.SECRET_HASH));
  else checkSecretHash(client, text(input.Username), text(input.SecretHash));
}

/** Attributes a client may not write make Cognito refuse the whole request. */
export function checkWritableAttributes(client: AppClient | undefined, names: string[]): void {
  if (!client?.writeAttributes) return;
  const refused = names.filter((name) => name !== 'email_verified' && name !== 'phone_number_verified' && !client.writeAttributes!.includes(name));
  if (refused.length > 0) throw errors.notAuthorized('A client attempted to write unauthorized attribute');
}

/** Only the attributes a client may read (sub always). */
export function readableAttributes<T extends { Name: string }>(client: AppClient | undefined, list: T[]): T[] {
  if (!client?.readAttributes) return list;
  return list.filter((a) => a.Name === 'sub' || client.readAttributes!.includes(a.Name));
}

/** The client an access token of this pool was issued to (through its session), if any. */
export function clientOfAccessToken(ctx: Context, accessToken: string): AppClient | undefined {
  const claims = ctx.signer.verifySignature(accessToken);
  const session = typeof claims?.origin_jti === 'string' ? ctx.state.sessions[claims.origin_jti] : undefined;
  return session ? findAppClient(ctx, session.clientId) : undefined;
}

/** The `UserPoolClientType` of DescribeUserPoolClient. */
export function userPoolClientType(ctx: Context, client: AppClient): Record<string, unknown> {
  return {
    UserPoolId: ctx.state.userPoolId,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: client.updatedAt / 1000,
    CreationDate: client.createdAt / 1000,
    RefreshTokenValidity: client.refreshTokenValidityDays,
    TokenValidityUnits: { AccessToken: 'hours', IdToken: 'hours', RefreshToken: 'days' },
    ...(client.readAttributes ? { ReadAttributes: client.readAttributes } : {}),
    ...(client.writeAttributes ? { WriteAttributes: client.writeAttributes } : {}),
    ExplicitAuthFlows: client.allowedAuthFlows,
    AllowedOAuthFlowsUserPoolClient: false,
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  };
}
