// The pool's whole state as one plain JSON document. A local pool holds tens to
// hundreds of users, so rewriting the document on each change is cheap and
// keeps crash safety simple: the file is always one consistent snapshot.
import path from 'node:path';
import { createJsonWriter, readJsonFile, removeStaleTempFiles, writeJsonAtomic } from '../shared/atomicJson.js';
import type { PasswordVerifier } from './srp.js';
import type { SigningKey } from './tokens.js';

export type UserStatus = 'UNCONFIRMED' | 'CONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED';

export interface UserRecord {
  /** As first given (SignUp/AdminCreateUser); also USER_ID_FOR_SRP and `cognito:username`. */
  username: string;
  sub: string;
  /** Attribute values as Cognito returns them (strings), without `sub`. */
  attributes: Record<string, string>;
  status: UserStatus;
  enabled: boolean;
  createdAt: number;
  updatedAt: number;
  password?: PasswordVerifier;
  /** When a FORCE_CHANGE_PASSWORD temporary password stops working. */
  temporaryPasswordExpiresAt?: number;
  groups: string[];
  failedSignIns: number;
  lockedUntil?: number;
}

export interface GroupRecord {
  groupName: string;
  description?: string;
  precedence?: number;
  roleArn?: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * One signed-in session: the refresh token and every token minted from it share
 * `originJti`. Revoking the session is how sign-out reaches access tokens.
 */
export interface SessionRecord {
  originJti: string;
  /** Key into `users` (see userKey). */
  userKey: string;
  clientId: string;
  /** SHA-256 of the refresh token; the token itself is never stored. */
  refreshTokenHash: string;
  authTime: number;
  eventId: string;
  expiresAt: number;
  revokedAt?: number;
}

export type CodePurpose = 'signUp' | 'forgotPassword' | 'verifyAttribute' | 'temporaryPassword';

export interface CodeRecord {
  username: string;
  purpose: CodePurpose;
  code: string;
  /** e.g. "email" for attribute verification. */
  attribute?: string;
  destination?: string;
  createdAt: number;
  expiresAt: number;
}

export interface PoolState {
  version: 1;
  userPoolId: string;
  clientId: string;
  region: string;
  createdAt: number;
  signingKey: SigningKey;
  users: Record<string, UserRecord>;
  groups: Record<string, GroupRecord>;
  sessions: Record<string, SessionRecord>;
  /** Outstanding codes, keyed `${userKey}/${purpose}[/attribute]`. */
  codes: Record<string, CodeRecord>;
  /**
   * The app clients' ids and secrets, by the logical id of the client in the auth stack. The web
   * client's id is also `clientId` (older pools have only that).
   */
  appClients?: Record<string, { clientId: string; clientSecret?: string; createdAt: number }>;
}

export interface Store {
  state: PoolState;
  /** Resolves once the current state is on disk (immediately in memory mode). */
  persist(): Promise<void>;
  /** Where codes are mirrored for humans, if on disk. */
  codesFile?: string;
}

export const STATE_FILE = 'pool.json';
export const CODES_FILE = 'codes.json';

export async function openStore(dataDir: string | undefined, create: () => PoolState): Promise<{ store: Store; created: boolean }> {
  if (!dataDir) {
    const state = withNullPrototypes(create());
    return { store: { state, persist: async () => {} }, created: true };
  }
  const file = path.join(dataDir, STATE_FILE);
  const codesFile = path.join(dataDir, CODES_FILE);
  await Promise.all([removeStaleTempFiles(file), removeStaleTempFiles(codesFile)]);
  const existing = await readJsonFile<PoolState>(file);
  if (existing && existing.version !== 1) {
    throw new Error(`${file} has version ${String(existing.version)}; this service reads version 1 (move the folder away to start a fresh pool)`);
  }
  const state = withNullPrototypes(existing ?? create());
  const writeState = createJsonWriter(file, () => state);
  const writeCodes = createJsonWriter(codesFile, () => codesForHumans(state));
  const store: Store = {
    state,
    codesFile,
    persist: async () => {
      await Promise.all([writeState(), writeCodes()]);
    },
  };
  if (!existing) await writeJsonAtomic(file, state);
  return { store, created: !existing };
}

// The maps are indexed by names clients choose ("__proto__", "constructor" are
// valid usernames), so they must not inherit anything from Object.prototype.
function withNullPrototypes(state: PoolState): PoolState {
  const bare = <T>(map: Record<string, T>): Record<string, T> => Object.assign(Object.create(null) as Record<string, T>, map);
  return {
    ...state, users: bare(state.users), groups: bare(state.groups), sessions: bare(state.sessions), codes: bare(state.codes),
    ...(state.appClients ? { appClients: bare(state.appClients) } : {}),
  };
}

// A readable mirror of the outstanding codes (the state file has them too).
function codesForHumans(state: PoolState): CodeRecord[] {
  return Object.values(state.codes).map((c) => ({ ...c }));
}
