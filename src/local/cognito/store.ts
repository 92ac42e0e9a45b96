// The pool's state and where it is kept. In memory the state is one plain object; on disk it is the
// append-only log of pool-log.ts, and the state handed to the actions records what they change
// (change-tracking.ts), so that a commit writes only those records: its cost follows the change,
// not the size of the pool.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { readJsonFile, removeStaleTempFiles, syncDir } from '../shared/atomicJson.js';
import { COLLECTIONS, trackChanges, type ChangeSet, type Collection } from './change-tracking.js';
import { logWriter, PoolFileError, readLog, type LogCollection, type LogOp, type LogWriter } from './pool-log.js';
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
  /** The state; on disk, a view that records what the actions change (change-tracking.ts). */
  state: PoolState;
  /** Resolves once every change made so far is on disk (immediately in memory mode). */
  persist(): Promise<void>;
  /** Where codes are mirrored for humans, if on disk. */
  codesFile?: string;
}

export const LOG_FILE = 'pool.log';
/** The whole-document file of earlier versions, migrated into the log on first open. */
export const LEGACY_STATE_FILE = 'pool.json';
export const CODES_FILE = 'codes.json';

export class PoolStoreError extends Error {
  override name = 'PoolStoreError';
}

export async function openStore(dataDir: string | undefined, create: () => PoolState): Promise<{ store: Store; created: boolean }> {
  if (!dataDir) {
    const state = withNullPrototypes(create());
    return { store: { state, persist: async () => {} }, created: true };
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  await fs.chmod(dataDir, 0o700);
  const file = path.join(dataDir, LOG_FILE);
  const legacyFile = path.join(dataDir, LEGACY_STATE_FILE);
  const codesFile = path.join(dataDir, CODES_FILE);
  await Promise.all([removeStaleTempFiles(file), removeStaleTempFiles(codesFile), removeStaleTempFiles(legacyFile)]);

  const loaded = await readLog(file);
  let state: PoolState;
  let created = false;
  let writer: LogWriter;
  if (loaded) {
    // A crash during a commit leaves its unterminated line: never acknowledged, cut off.
    if (loaded.tornTail) await fs.truncate(file, loaded.bytes);
    state = stateFromRecords(file, loaded.records);
    writer = logWriter(file, loaded);
    // A crash between the log's first write and the removal of pool.json left both; the log wins.
    await fs.rm(legacyFile, { force: true });
  } else {
    const legacy = await readJsonFile<PoolState>(legacyFile);
    if (legacy && legacy.version !== 1) {
      throw new PoolStoreError(`${legacyFile} has version ${String(legacy.version)}; this service reads version 1 (move the folder away to start a fresh pool)`);
    }
    created = !legacy;
    state = withNullPrototypes(legacy ?? create());
    writer = logWriter(file, { bytes: 0, sizes: new Map() });
    await writer.compact(() => recordsOf(state), () => []);
    if (legacy) {
      await fs.rm(legacyFile, { force: true });
      await syncDir(dataDir);
    }
  }

  const { view, changes } = trackChanges(state as unknown as Record<Collection, Record<string, unknown>>);
  let codesWritten = false;
  const writeCodes = async () => {
    await writeMirror(codesFile, JSON.stringify(codesForHumans(state), null, 2) + '\n');
    codesWritten = true;
  };
  await writeCodes();

  const commit = async () => {
    if (changes.size === 0) return;
    const compacting = writer.shouldCompact();
    let taken: ChangeSet | undefined;
    const take = () => opsFor(state, (taken = changes.take()));
    try {
      if (compacting) await writer.compact(() => recordsOf(state), take);
      else await writer.append(take());
    } catch (err) {
      if (taken) changes.restore(taken);
      throw err;
    }
    if (!codesWritten || (taken!.keys.get('codes')?.size ?? 0) > 0) await writeCodes();
  };
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;
  // Concurrent requests to persist share the next commit; each resolves once a commit that started
  // after its request is durable.
  const persist = () => {
    if (queued) return queued;
    const next = running
      .catch(() => undefined)
      .then(() => {
        queued = undefined;
        return commit();
      });
    queued = next;
    running = next;
    return next;
  };
  return { store: { state: view as unknown as PoolState, persist, codesFile }, created };
}

/** The pool a data folder holds, read without opening it for writing (tools and tests). */
export async function readPoolState(dataDir: string): Promise<PoolState | undefined> {
  const file = path.join(dataDir, LOG_FILE);
  const loaded = await readLog(file);
  if (loaded) return stateFromRecords(file, loaded.records);
  return readJsonFile<PoolState>(path.join(dataDir, LEGACY_STATE_FILE));
}

const SETTINGS_KEY = 'settings';

function settingsOf(state: PoolState): Omit<PoolState, Collection> {
  const { users: _u, groups: _g, sessions: _s, codes: _c, ...settings } = state;
  return settings;
}

/** Every record of the state as set operations, read lazily (compaction writes them a line at a time). */
function* recordsOf(state: PoolState): Iterable<LogOp> {
  yield ['pool', SETTINGS_KEY, settingsOf(state)];
  for (const collection of COLLECTIONS) {
    const map = state[collection] as Record<string, unknown>;
    for (const key of Object.keys(map)) if (Object.hasOwn(map, key)) yield [collection, key, map[key]];
  }
}

function opsFor(state: PoolState, changed: ChangeSet): LogOp[] {
  const ops: LogOp[] = [];
  if (changed.settings) ops.push(['pool', SETTINGS_KEY, settingsOf(state)]);
  for (const [collection, keys] of changed.keys) {
    const map = state[collection] as Record<string, unknown>;
    for (const key of keys) ops.push(Object.hasOwn(map, key) ? [collection, key, map[key]] : [collection, key]);
  }
  return ops;
}

function stateFromRecords(file: string, records: Map<LogCollection, Map<string, unknown>>): PoolState {
  const settings = records.get('pool')?.get(SETTINGS_KEY) as Omit<PoolState, Collection> | undefined;
  if (!settings) throw new PoolFileError(`${file} has no pool settings record; restore the file or move the folder away for a fresh pool`);
  if (settings.version !== 1) {
    throw new PoolStoreError(`${file} holds a version ${String(settings.version)} pool; this service reads version 1 (move the folder away to start a fresh pool)`);
  }
  const collection = <T>(name: Collection) => Object.fromEntries(records.get(name) ?? new Map()) as Record<string, T>;
  return withNullPrototypes({
    ...settings,
    users: collection<UserRecord>('users'),
    groups: collection<GroupRecord>('groups'),
    sessions: collection<SessionRecord>('sessions'),
    codes: collection<CodeRecord>('codes'),
  });
}

/** A file for humans, rebuilt at each open: replaced atomically, not fsynced (the log is the record). */
async function writeMirror(file: string, content: string): Promise<void> {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await fs.writeFile(tmp, content, { mode: 0o600 });
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
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

// A readable mirror of the outstanding codes (the log has them too).
function codesForHumans(state: PoolState): CodeRecord[] {
  return Object.values(state.codes).map((c) => ({ ...c }));
}
