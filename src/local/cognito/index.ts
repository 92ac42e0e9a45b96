// A local Cognito user pool that the unmodified Amplify v6 client, the AWS SDK
// v3 and the AWS CLI talk to by pointing their endpoint at it.
//
// Admin operations (AdminCreateUser, ListUsers, ...) are not authenticated:
// the server is meant for loopback only, and binds 127.0.0.1 unless told
// otherwise. They do check that the request names this pool's UserPoolId, and
// (src/local/shared/local-only.ts) they refuse browser pages of other origins
// and any request whose Host is not a loopback name (DNS rebinding).
import { randomInt } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { resolveAppClients } from './appClients.js';
import { loadPoolConfig, type PoolConfig } from './config.js';
import { codesFor } from './codes.js';
import type { Context } from './context.js';
import { createServer } from './server.js';
import { actions } from './actions/index.js';
import { errors as cognitoErrors } from './errors.js';
import { findUser, sortedGroups } from './users.js';
import { drainingClose } from '../shared/draining-close.js';
import { hostsForBinding, isLoopbackAddress } from '../shared/local-only.js';
import { isRevoked as sessionRevoked, startSession, type AuthenticationResult } from './sessions.js';
import { poolNameOf } from './srp.js';
import { openStore, type CodePurpose, type CodeRecord, type PoolState } from './store.js';
import { createSigner, generateSigningKey, issuerFor, type Jwks, type JwtPayload } from './tokens.js';
import type { PoolUserSummary } from './pool-user-summary.js';

export { ConfigError, loadPoolConfig, type PoolConfig } from './config.js';
export { CognitoError } from './errors.js';
export type { AuthenticationResult } from './sessions.js';
export type { CodePurpose, CodeRecord } from './store.js';
export { localJwksFetcher, type Jwk, type Jwks, type JwtPayload } from './tokens.js';

export const DEFAULT_PORT = 9325;

export interface StartCognitoOptions {
  /** The project folder holding `amplify/backend`; the pool's settings come from there. */
  projectRoot: string;
  /** Where state is kept, relative to projectRoot unless absolute (the app uses `amplify/mock-data/cognito`); omit for an in-memory pool. */
  dataDir?: string;
  /** Default 9325; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. Anything else exposes unauthenticated admin operations. */
  host?: string;
  /**
   * Browser origins allowed to use the admin actions and /_local routes (the local cloud's own pages and
   * configured development servers); read at each request, so it may grow after start. Default none.
   */
  allowedOrigins?: ReadonlySet<string>;
  /** Default us-east-1, or the region of the pool already in dataDir. */
  region?: string;
  /** Milliseconds since the epoch; tests move it to expire codes and tokens. */
  clock?: () => number;
  /** Receives startup lines and the "delivered" codes; default console.log. */
  log?: (message: string) => void;
}

export interface AppClientSummary {
  /** `UserPoolClientWeb` or `UserPoolClient`, the client's logical id in the auth stack. */
  logicalId: string;
  clientId: string;
  clientName: string;
  /** Only when the stack generates one (`userpoolClientGenerateSecret`). */
  clientSecret?: string;
  /** What Cognito allows on it, e.g. ALLOW_USER_SRP_AUTH. */
  allowedAuthFlows: string[];
}

export interface LocalCognito {
  /** http://host:port: give it to Amplify as `userPoolEndpoint`, to the SDK/CLI as the endpoint. */
  endpoint: string;
  userPoolId: string;
  /** The web app client (`UserPoolClientWeb`), the one the client configuration names. */
  clientId: string;
  /** Every app client of the auth stack: the web client, then the native one. */
  appClients: AppClientSummary[];
  region: string;
  /** `https://cognito-idp.<region>.amazonaws.com/<userPoolId>`, as in every token's `iss`. */
  issuer: string;
  /** The public keys, for `CognitoJwtVerifier.cacheJwks()`. */
  jwks(): Jwks;
  /** True when a token this pool signed was revoked by sign-out, or its user deleted or disabled. */
  isRevoked(payload: JwtPayload): boolean;
  /** The newest outstanding code (or temporary password) sent to a user, optionally of one purpose. */
  lastCode(username: string, purpose?: CodePurpose): string | undefined;
  /** All outstanding codes of a user, newest first. */
  codes(username: string): CodeRecord[];
  /** Every outstanding, unexpired code of the pool, newest first (the local console's outbox). */
  allCodes(): CodeRecord[];
  /** The pool's users as an admin console lists them. */
  users(): PoolUserSummary[];
  /** The pool's group names, by precedence. */
  groups(): string[];
  /**
   * Runs one of the pool's admin actions (`AdminCreateUser`, `AdminAddUserToGroup`, ...) in process,
   * with the input its HTTP front takes (UserPoolId is filled in), and persists the change. Throws
   * the CognitoError that the HTTP front would answer with.
   */
  admin(action: AdminActionName, input: Record<string, unknown>): Promise<unknown>;
  /**
   * A sign-in without the password, for this machine's own tools only (the console's "act as"): a new
   * session of the app client with the same tokens and claims SRP sign-in gives. Throws a CognitoError
   * for an unknown, disabled or unconfirmed user.
   */
  issueTokensFor(username: string): Promise<AuthenticationResult>;
  close(): Promise<void>;
}

export type { PoolUserSummary };

const ADMIN_ACTIONS = [
  'AdminCreateUser', 'AdminDeleteUser', 'AdminAddUserToGroup', 'AdminRemoveUserFromGroup', 'AdminConfirmSignUp',
  'AdminDisableUser', 'AdminEnableUser', 'AdminSetUserPassword', 'AdminGetUser', 'AdminUserGlobalSignOut',
] as const;
export type AdminActionName = (typeof ADMIN_ACTIONS)[number];

export async function startCognito(options: StartCognitoOptions): Promise<LocalCognito> {
  const config = await loadPoolConfig(options.projectRoot);
  const now = options.clock ?? Date.now;
  const log = options.log ?? ((message: string) => console.log(message));
  const host = options.host ?? '127.0.0.1';

  const dataDir = options.dataDir === undefined ? undefined : path.resolve(options.projectRoot, options.dataDir);
  const { store } = await openStore(dataDir, () => newPoolState(options.region ?? 'us-east-1', now()));
  const state = store.state;
  if (options.region && options.region !== state.region) {
    throw new Error(`${dataDir} holds pool ${state.userPoolId} in ${state.region}, not ${options.region}; drop the region option or use another dataDir`);
  }

  const appClients = resolveAppClients(state, config, now(), newClientId);
  let dirty = false;
  const ctx: Context = {
    config,
    state,
    poolName: poolNameOf(state.userPoolId),
    issuer: issuerFor(state.region, state.userPoolId),
    signer: createSigner(state.signingKey),
    now,
    log,
    changed: () => {
      dirty = true;
    },
    pendingSrp: new Map(),
    pendingNewPassword: new Map(),
    codeAttempts: new Map(),
    appClients,
  };
  syncGroups(ctx, config);
  dirty = false;
  await store.persist();

  const commit = async () => {
    if (!dirty) return;
    dirty = false;
    await store.persist();
  };
  let origin = '';
  const server = createServer({
    ctx,
    commit,
    origin: () => origin,
    allowedOrigins: options.allowedOrigins ?? new Set(),
    extraHosts: hostsForBinding(host),
  });
  const closeServer = drainingClose(server);
  const port = options.port ?? DEFAULT_PORT;
  await new Promise<void>((resolve, reject) => {
    const fail = (err: NodeJS.ErrnoException) => {
      reject(err.code === 'EADDRINUSE'
        ? new Error(`Port ${port} on ${host} is in use (another local Cognito?); pass another port, or 0 for a free one`)
        : err);
    };
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const wildcard = address.address === '0.0.0.0' || address.address === '::';
  // A wildcard bind is reached on loopback from here (0.0.0.0 is no Host a client should send).
  const reachable = wildcard ? (address.family === 'IPv6' ? '::1' : '127.0.0.1') : address.address;
  origin = `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${address.port}`;
  if (!isLoopbackAddress(host)) log(`[cognito] warning: listening on ${host}: admin operations are unauthenticated`);
  log(`[cognito] user pool ${state.userPoolId}, app clients ${appClients.map((c) => `${c.clientId} (${c.clientName})`).join(', ')}, at ${origin}`);

  return {
    endpoint: origin,
    userPoolId: state.userPoolId,
    clientId: state.clientId,
    appClients: appClients.map((c) => ({
      logicalId: c.logicalId,
      clientId: c.clientId,
      clientName: c.clientName,
      ...(c.clientSecret ? { clientSecret: c.clientSecret } : {}),
      allowedAuthFlows: [...c.allowedAuthFlows],
    })),
    region: state.region,
    issuer: ctx.issuer,
    jwks: () => ctx.signer.jwks(),
    isRevoked: (payload) => sessionRevoked(ctx, payload),
    lastCode: (username, purpose) => codesFor(ctx, username).find((c) => !purpose || c.purpose === purpose)?.code,
    codes: (username) => codesFor(ctx, username),
    allCodes: () =>
      Object.values(state.codes)
        .filter((record) => record.expiresAt > now())
        .map((record) => ({ ...record }))
        .sort((a, b) => b.createdAt - a.createdAt),
    users: () =>
      Object.values(state.users)
        .map((user) => ({
          username: user.username,
          sub: user.sub,
          status: user.status,
          enabled: user.enabled,
          email: user.attributes.email,
          emailVerified: user.attributes.email_verified === 'true',
          groups: sortedGroups(ctx, user),
          createdAt: user.createdAt,
          updatedAt: user.updatedAt,
        }))
        .sort((a, b) => a.username.localeCompare(b.username)),
    groups: () =>
      Object.values(state.groups)
        .sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || a.groupName.localeCompare(b.groupName))
        .map((group) => group.groupName),
    admin: async (action, input) => {
      if (!(ADMIN_ACTIONS as readonly string[]).includes(action)) throw cognitoErrors.unknownOperation(`${action} is not an admin action of the local pool`);
      try {
        return actions[action]!({ ...input, UserPoolId: state.userPoolId } as never, ctx) ?? {};
      } finally {
        await commit();
      }
    },
    issueTokensFor: async (username) => {
      const user = findUser(ctx, username);
      if (!user) throw cognitoErrors.userNotFound();
      if (!user.enabled) throw cognitoErrors.notAuthorized('User is disabled.');
      if (user.status !== 'CONFIRMED') throw cognitoErrors.unsupportedUserState(`${user.username} is ${user.status}: confirm the user (or set a permanent password) first`);
      try {
        return startSession(ctx, user, state.clientId);
      } finally {
        await commit();
      }
    },
    // Requests in flight are answered (and their changes persisted) before the pool stops.
    close: async () => {
      await closeServer();
      await store.persist();
    },
  };
}

function newPoolState(region: string, createdAt: number): PoolState {
  return {
    version: 1,
    userPoolId: `${region}_${randomId('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 9)}`,
    clientId: newClientId(),
    region,
    createdAt,
    signingKey: generateSigningKey(),
    users: {},
    groups: {},
    sessions: {},
    codes: {},
  };
}

function newClientId(): string {
  return randomId('abcdefghijklmnopqrstuvwxyz0123456789', 26);
}

function randomId(alphabet: string, length: number): string {
  let id = '';
  for (let i = 0; i < length; i++) id += alphabet[randomInt(alphabet.length)];
  return id;
}

// The project's group list is authoritative for the groups it names; groups
// made at run time with CreateGroup are kept.
function syncGroups(ctx: Context, config: PoolConfig): void {
  for (const { groupName, precedence } of config.groups) {
    const existing = ctx.state.groups[groupName];
    if (!existing) {
      ctx.state.groups[groupName] = { groupName, precedence, createdAt: ctx.now(), updatedAt: ctx.now() };
    } else if (existing.precedence !== precedence) {
      existing.precedence = precedence;
      existing.updatedAt = ctx.now();
    }
  }
}
