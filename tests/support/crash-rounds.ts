// kill -9 of the whole local cloud under concurrent writes, then a restart and an audit: the
// crash test (tests/reliability/crash.test.ts, a few rounds) and bench/crash.ts (more) share it.
//
// A round: `npm start` on the test's own copy of the project (its own data folder, ports 0, its own
// process group); ride creators and status updaters through GraphQL with real Cognito tokens, and
// sign-ups (SignUp + AdminConfirmSignUp), all at once; SIGKILL to the process group at a moment
// drawn from a seeded generator. The next start must then hold every acknowledged ride and user,
// each ride with its last acknowledged status (or the one an unanswered update was setting), and
// every index of every table must equal what its table implies, entry for entry.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AdminConfirmSignUpCommand, CognitoIdentityProviderClient, ListUsersCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand, DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { prepareNodeRuntime } from '../../src/client/node/node-runtime.js';
import { adminClient, createConfirmedUser, signInWithSrp } from './cognito-users.js';
import { untilReady } from './until-ready.js';

const REPO = join(import.meta.dirname, '..', '..');
const PASSWORD = 'Crash-Test-1';

export interface CrashWorkload {
  /** Concurrent ride creators (each a rider of its own). */
  creators: number;
  /** Concurrent status updaters (a Dispatcher). */
  updaters: number;
  /** Concurrent sign-up loops. */
  signUps: number;
  /** The kill comes at a uniformly drawn moment in [minMs, maxMs) after the first acknowledged write. */
  killAfterMs: [number, number];
}

export interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  graphql: string;
  cognito: { endpoint: string; userPoolId: string; clientId: string; region: string };
  dynamodb: string;
  tables: string[];
}

export interface Ledger {
  users: Set<string>;
  /** Ride id -> statuses it may have: the last acknowledged one, and any a pending update was setting. */
  rides: Map<string, Set<string>>;
  /** Started but unanswered at the kill (may or may not be there). */
  pendingRides: number;
}

export interface RoundFigures {
  round: number;
  killAtMs: number;
  acknowledged: { rides: number; updates: number; users: number };
  restartMs: number;
  ridesChecked: number;
  usersChecked: number;
  indexEntriesChecked: number;
}

export class CrashAuditError extends Error {
  override name = 'CrashAuditError';
}

/** mulberry32: a small seeded generator, so that a failing round can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A copy of the project's amplify/ folder (with its build: no compile) to run the rounds on. */
export async function copyProject(dir: string): Promise<void> {
  await cp(join(REPO, 'amplify'), join(dir, 'amplify'), {
    recursive: true,
    filter: (source) => !/[/\\](mock-data|#current-cloud-backend)$/.test(source),
  });
}

/** `npm start` in its own process group, on free ports; resolves once it is ready. */
export async function startCloud(projectDir: string): Promise<Running> {
  const started = performance.now();
  const child = spawn('npm', ['start', '--', '--project', projectDir, '--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0', '--no-web', '--no-watch'], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { output: printed, exited } = await untilReady(child);
  const output = printed();
  const cognito = /Cognito\s+(http:\/\/\S+)\s+pool (\S+), app client (\S+)/.exec(output);
  const graphql = /GraphQL\s+(https:\/\/\S+)/.exec(output);
  const dynamodb = /DynamoDB\s+(http:\/\/\S+)\s+\(embedded; tables ([^)]+)\)/.exec(output);
  if (!cognito || !graphql || !dynamodb) throw new Error(`npm start printed no endpoints:\n${output}`);
  await prepareNodeRuntime({ trustedCaPem: await readFile(join(projectDir, 'amplify', 'mock-data', 'tls', 'ca.pem'), 'utf8') });
  const running: Running = {
    child,
    output: printed,
    exited,
    graphql: graphql[1]!,
    cognito: { endpoint: cognito[1]!, userPoolId: cognito[2]!, clientId: cognito[3]!, region: 'us-east-1' },
    dynamodb: dynamodb[1]!,
    tables: dynamodb[2]!.split(',').map((name) => name.trim()),
  };
  (running as Running & { startedMs: number }).startedMs = performance.now() - started;
  return running;
}

/** SIGKILL to every process of the cloud's group (npm and node), then waits for the exit. */
export async function killGroup(running: Running): Promise<void> {
  try {
    process.kill(-running.child.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
  await running.exited;
}

const CREATE_RIDE = `mutation CreateRide($input: CreateRideInput!) { createRide(input: $input) { id status } }`;
const SET_STATUS = `mutation SetRideStatus($id: ID!, $status: RideStatus!, $pickup: LocationInput) {
  updateRide(input: { id: $id, status: $status, pickup: $pickup }) { id status } }`;

async function graphql(running: Running, token: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const response = await fetch(running.graphql, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: Array<{ message: string }> };
  if (response.status !== 200 || body.errors?.length) throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data!;
}

const PICKUP = { latitude: 47.6, longitude: -122.3 };
const NEXT_STATUS: Record<string, string> = { REQUESTED: 'DISPATCHED', DISPATCHED: 'COMPLETED', COMPLETED: 'REQUESTED', CANCELLED: 'REQUESTED' };

/** The riders and the Dispatcher the writers act as, made once per project (the pool keeps them). */
export async function ensureActors(running: Running, workload: CrashWorkload): Promise<void> {
  const admin = adminClient(running.cognito);
  try {
    const existing = new Set<string>();
    let token: string | undefined;
    do {
      const page = await admin.send(new ListUsersCommand({ UserPoolId: running.cognito.userPoolId, PaginationToken: token }));
      for (const user of page.Users ?? []) existing.add(user.Username!);
      token = page.PaginationToken;
    } while (token);
    const wanted = [...Array.from({ length: workload.creators }, (_, i) => [`rider${i}`, []] as const), ['dispatcher', ['Dispatchers']] as const];
    for (const [username, groups] of wanted) {
      if (!existing.has(username)) await createConfirmedUser(admin, running.cognito.userPoolId, username, PASSWORD, groups);
    }
  } finally {
    admin.destroy();
  }
}

/**
 * Runs the writers until the kill, recording what was acknowledged into `ledger`. Returns the
 * moment of the kill.
 */
export async function writeUntilKilled(running: Running, workload: CrashWorkload, ledger: Ledger, random: () => number, round: number): Promise<number> {
  const cognito = adminClient(running.cognito);
  const tokens = await Promise.all(
    Array.from({ length: workload.creators }, async (_, i) => (await signInWithSrp(cognito, running.cognito, `rider${i}`, PASSWORD)).AccessToken!),
  );
  const dispatcherToken = (await signInWithSrp(cognito, running.cognito, 'dispatcher', PASSWORD)).AccessToken!;
  let killed = false;
  let acknowledgedOne!: () => void;
  const firstAcknowledged = new Promise<void>((resolve) => (acknowledgedOne = resolve));
  const killAt = workload.killAfterMs[0] + random() * (workload.killAfterMs[1] - workload.killAfterMs[0]);
  const created: string[] = [];

  const creator = async (i: number) => {
    while (!killed) {
      ledger.pendingRides++;
      try {
        const ride = (await graphql(running, tokens[i]!, CREATE_RIDE, { input: { pickup: PICKUP, requestedAt: new Date().toISOString() } })).createRide;
        ledger.rides.set(ride.id, new Set([ride.status ?? 'REQUESTED']));
        created.push(ride.id);
        acknowledgedOne();
      } catch (error) {
        if (!killed) throw error;
      } finally {
        ledger.pendingRides--;
      }
    }
  };
  // Each updater has its own rides (index modulo updaters): one update of a ride at a time, so the
  // ledger knows which status came last.
  const updater = async (u: number) => {
    while (!killed) {
      const mine = created.filter((_, i) => i % workload.updaters === u);
      const id = mine[Math.floor(random() * mine.length)];
      if (!id) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        continue;
      }
      const possible = ledger.rides.get(id)!;
      const current = [...possible].at(-1)!;
      const next = NEXT_STATUS[current]!;
      // Unanswered when the kill comes, it may or may not have landed.
      possible.add(next);
      try {
        const ride = (await graphql(running, dispatcherToken, SET_STATUS, { id, status: next, pickup: PICKUP })).updateRide;
        ledger.rides.set(id, new Set([ride.status]));
        updates++;
      } catch (error) {
        if (!killed) throw error;
      }
    }
  };
  const signUp = async (loop: number) => {
    for (let n = 0; !killed; n++) {
      const username = `r${round}-s${loop}-${n}`;
      try {
        await cognito.send(
          new SignUpCommand({ ClientId: running.cognito.clientId, Username: username, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }),
        );
        await cognito.send(new AdminConfirmSignUpCommand({ UserPoolId: running.cognito.userPoolId, Username: username }));
        ledger.users.add(username);
        acknowledgedOne();
      } catch (error) {
        if (!killed) throw error;
      }
    }
  };
  let updates = 0;
  const writers = [
    ...Array.from({ length: workload.creators }, (_, i) => creator(i)),
    ...Array.from({ length: workload.updaters }, (_, u) => updater(u)),
    ...Array.from({ length: workload.signUps }, (_, i) => signUp(i)),
  ];
  const ridesBefore = ledger.rides.size;
  const usersBefore = ledger.users.size;
  const failure = Promise.race(writers.map((w) => w.then(() => new Promise<never>(() => {}))));
  try {
    await Promise.race([firstAcknowledged.then(() => new Promise((resolve) => setTimeout(resolve, killAt))), failure]);
  } finally {
    killed = true;
    await killGroup(running);
    await Promise.allSettled(writers);
    cognito.destroy();
  }
  (ledger as Ledger & { lastRound?: object }).lastRound = { rides: ledger.rides.size - ridesBefore, users: ledger.users.size - usersBefore, updates };
  return killAt;
}

/** Checks a restarted cloud against the ledger, and every index against its table. Throws CrashAuditError. */
export async function audit(running: Running, ledger: Ledger): Promise<{ rides: number; users: number; indexEntries: number }> {
  const problems: string[] = [];
  const cognito = adminClient(running.cognito);
  const db = new DynamoDBClient({ endpoint: running.dynamodb, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  let indexEntries = 0;
  try {
    const users = await allUsers(cognito, running.cognito.userPoolId);
    for (const username of ledger.users) if (!users.has(username)) problems.push(`user ${username} was acknowledged but is missing`);

    const rideTable = running.tables.find((name) => name.startsWith('Ride-'))!;
    const rides = new Map((await scan(db, rideTable)).map((item) => [item.id!.S!, item]));
    for (const [id, statuses] of ledger.rides) {
      const ride = rides.get(id);
      if (!ride) problems.push(`ride ${id} was acknowledged but is missing`);
      else if (!statuses.has(ride.status!.S!)) problems.push(`ride ${id} has status ${ride.status!.S}, acknowledged ${[...statuses].join(' or ')}`);
    }

    for (const table of running.tables) {
      const description = (await db.send(new DescribeTableCommand({ TableName: table }))).Table!;
      const tableKeys = description.KeySchema!.map((k) => k.AttributeName!);
      const items = await scan(db, table);
      for (const index of [...(description.GlobalSecondaryIndexes ?? []), ...(description.LocalSecondaryIndexes ?? [])]) {
        const indexKeys = index.KeySchema!.map((k) => k.AttributeName!);
        const projected = (item: Record<string, AttributeValue>) => {
          if (index.Projection?.ProjectionType === 'ALL') return item;
          const names = [...indexKeys, ...tableKeys, ...(index.Projection?.NonKeyAttributes ?? [])];
          return Object.fromEntries(names.filter((name) => item[name] !== undefined).map((name) => [name, item[name]!]));
        };
        const identity = (item: Record<string, AttributeValue>) => JSON.stringify(tableKeys.map((k) => item[k]));
        const expected = new Map(items.filter((item) => indexKeys.every((k) => item[k] !== undefined)).map((item) => [identity(item), canonical(projected(item))]));
        const actual = new Map<string, string>();
        for (const entry of await scan(db, table, index.IndexName!)) {
          const key = identity(entry);
          if (actual.has(key)) problems.push(`${table}/${index.IndexName}: two entries for item ${key}`);
          actual.set(key, canonical(entry));
        }
        indexEntries += actual.size;
        for (const [key, value] of actual) {
          if (!expected.has(key)) problems.push(`${table}/${index.IndexName}: entry ${key} has no item in the table`);
          else if (expected.get(key) !== value) problems.push(`${table}/${index.IndexName}: entry ${key} differs from its item`);
        }
        for (const key of expected.keys()) if (!actual.has(key)) problems.push(`${table}/${index.IndexName}: item ${key} has no entry`);
      }
    }
    if (problems.length > 0) throw new CrashAuditError(`${problems.length} problems after the restart:\n${problems.slice(0, 20).join('\n')}`);
    return { rides: ledger.rides.size, users: ledger.users.size, indexEntries };
  } finally {
    cognito.destroy();
    db.destroy();
  }
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

async function scan(db: DynamoDBClient, table: string, index?: string): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: table, IndexName: index, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

async function allUsers(cognito: CognitoIdentityProviderClient, userPoolId: string): Promise<Set<string>> {
  const names = new Set<string>();
  let token: string | undefined;
  do {
    const page = await cognito.send(new ListUsersCommand({ UserPoolId: userPoolId, PaginationToken: token }));
    for (const user of page.Users ?? []) names.add(user.Username!);
    token = page.PaginationToken;
  } while (token);
  return names;
}

/**
 * Rounds of start, write, kill -9; each restart audited. The last restart is audited and left
 * running for the caller to stop (or stopped when `stopAtEnd`).
 */
export async function crashRounds(options: { projectDir: string; rounds: number; seed: number; workload: CrashWorkload; onRound?: (figures: RoundFigures) => void }): Promise<RoundFigures[]> {
  const random = seeded(options.seed);
  const ledger: Ledger = { users: new Set(), rides: new Map(), pendingRides: 0 };
  const figures: RoundFigures[] = [];
  let running = await startCloud(options.projectDir);
  try {
    await ensureActors(running, options.workload);
    for (let round = 1; round <= options.rounds; round++) {
      const killAtMs = await writeUntilKilled(running, options.workload, ledger, random, round);
      const acknowledged = (ledger as Ledger & { lastRound: { rides: number; users: number; updates: number } }).lastRound;
      running = await startCloud(options.projectDir);
      const restartMs = (running as Running & { startedMs: number }).startedMs;
      const checked = await audit(running, ledger);
      const result: RoundFigures = {
        round,
        killAtMs: Math.round(killAtMs),
        acknowledged,
        restartMs: Math.round(restartMs),
        ridesChecked: checked.rides,
        usersChecked: checked.users,
        indexEntriesChecked: checked.indexEntries,
      };
      figures.push(result);
      options.onRound?.(result);
    }
  } finally {
    await killGroup(running);
  }
  return figures;
}
