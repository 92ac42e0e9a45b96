// What every action receives: the pool's settings and state, the clock and the
// few in-memory tables that must not outlive the process.
import type { PoolConfig } from './config.js';
import { errors } from './errors.js';
import type { PoolState } from './store.js';
import type { PasswordVerifier, ServerEphemeral } from './srp.js';
import type { TokenSigner } from './tokens.js';
import { CLIENT_ID_RULE, POOL_ID_RULE, requiredString, type Input } from './validate.js';

/** An SRP exchange between InitiateAuth and RespondToAuthChallenge, keyed by its SECRET_BLOCK. */
export interface PendingSrp {
  userKey: string;
  userIdForSrp: string;
  clientId: string;
  A: bigint;
  ephemeral: ServerEphemeral;
  /** The verifier B was computed from; a password change in between fails the claim. */
  password: PasswordVerifier;
  expiresAt: number;
}

/** A NEW_PASSWORD_REQUIRED challenge, keyed by the Session string handed to the client. */
export interface PendingNewPassword {
  userKey: string;
  clientId: string;
  expiresAt: number;
}

export interface Context {
  config: PoolConfig;
  state: PoolState;
  poolName: string;
  issuer: string;
  signer: TokenSigner;
  now(): number;
  log(message: string): void;
  /** Marks the state as changed: the router persists it before answering. */
  changed(): void;
  pendingSrp: Map<string, PendingSrp>;
  pendingNewPassword: Map<string, PendingNewPassword>;
  /** Wrong codes per (user, purpose), for the attempt limit of codes.ts; in memory like the challenges. */
  codeAttempts: Map<string, CodeAttempts>;
}

export interface CodeAttempts {
  failures: number;
  /** While set and in the future, every confirmation of this purpose is refused, right code or not. */
  lockedUntil?: number;
}

export type Action = (input: Input, ctx: Context) => unknown;

/** Client-side actions name the app client; a wrong id is almost always a stale config. */
export function checkClientId(input: Input, ctx: Context, field = 'ClientId'): string {
  const clientId = requiredString(input, field, CLIENT_ID_RULE);
  if (clientId !== ctx.state.clientId) {
    throw errors.resourceNotFound(`User pool client ${clientId} does not exist.`);
  }
  return clientId;
}

/** Admin actions are not authenticated locally (loopback only); they must still name this pool. */
export function checkUserPoolId(input: Input, ctx: Context): string {
  const userPoolId = requiredString(input, 'UserPoolId', POOL_ID_RULE);
  if (userPoolId !== ctx.state.userPoolId) {
    throw errors.resourceNotFound(`User pool ${userPoolId} does not exist.`);
  }
  return userPoolId;
}

/** Keeps the in-memory challenge tables bounded: expired entries go first, then the oldest. */
export function rememberPending<T extends { expiresAt: number }>(map: Map<string, T>, key: string, value: T, now: number): void {
  for (const [k, v] of map) if (v.expiresAt <= now) map.delete(k);
  while (map.size >= 10_000) map.delete(map.keys().next().value as string);
  map.set(key, value);
}
