// `npm run bench`: the local cloud against the floor (bench/floor-server.ts: graphql-js with
// hand-written resolvers enforcing the same rules with direct DynamoDB calls) and `amplify mock`'s
// simulator server, in one run, on the same dynalite tables holding 10,000 rides of 100 riders.
//
// Reports: time from process start to ready; median latency of createRide, getRide, listRides
// (limit 100) and "my rides" (limit 100) with the ratio to the floor and this process's CPU per
// request; getRide throughput at 8 and 32 clients; RSS after the load; and how many items DynamoDB
// read per page (ScannedCount), counted on the DynamoDB clients of the local cloud and the simulator.
// Not a test: numbers depend on the machine; compare the ratios within one run.
//
// Run as `node --expose-gc --import tsx bench/local-cloud.ts` (npm run bench).
// Options (environment): BENCH_RIDES (10000), BENCH_RIDERS (100), BENCH_SCALE (1: iteration counts),
// BENCH_PROJECT (the Amplify project; default the current folder).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, AdminSetUserPasswordCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { findAppSyncApi } from '../src/compiler/amplify-project.js';
import { defineApi, readBuildFolder } from '../src/local/appsync/api-definition.js';
import { staleBuildReasons } from '../src/compiler/build-freshness.js';
import { LOCAL_CREDENTIALS } from '../src/local/dynamodb/client.js';
import { batchPut } from '../src/local/dynamodb/tables.js';
import { apiBuildDir, startLocalCloud, type LocalCloud } from '../src/local/cloud.js';
import { signInWithSrp } from '../tests/support/cognito-users.js';
import { loadOrCreateTls } from '../src/local/tls/certificate-authority.js';
import { startAmplifyMockBaseline, type Baseline } from './amplify-mock-baseline.js';
import { jsonPoster } from './bench-session.js';
import { startFloor, type Floor } from './floor-server.js';
import { countDynamoDbReads, type ReadCounter } from './dynamodb-reads.js';

const RIDES = Number(process.env.BENCH_RIDES ?? 10_000);
const RIDERS = Number(process.env.BENCH_RIDERS ?? 100);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const iterations = (n: number) => Math.max(3, Math.round(n * SCALE));
// The Amplify project measured (default: the current folder), and this repository (for its scripts).
const ROOT = resolve(process.env.BENCH_PROJECT ?? process.cwd());
const REPO = join(import.meta.dirname, '..');
const PASSWORD = 'Bench-rider-1';
const RIDE_FIELDS = 'id requestedAt status owner pickup { latitude longitude }';

interface Target {
  name: string;
  endpoint: string;
  reads: ReadCounter;
  post(token: string, body: unknown, retried?: boolean): Promise<{ status: number; body: any; ms: number }>;
}

async function main(): Promise<void> {
  const apiName = findAppSyncApi(ROOT);
  if (staleBuildReasons(ROOT, apiName).length > 0) {
    console.log('compiling the API (the build is stale)…');
    const { compileProject } = await import('../src/compiler/compile-project.js');
    await compileProject(ROOT);
  }
  const buildDir = apiBuildDir(ROOT, apiName);

  console.log('start to ready (process start → ready, same machine, one process each)…');
  const fresh = await mkdtemp(join(tmpdir(), 'bench-start-'));
  const startFirst = await timeNpmStart(fresh);
  const startAgain = await timeNpmStart(fresh);
  const startSimulator = await timeSimulatorStart(buildDir, apiName);
  await rm(fresh, { recursive: true, force: true });

  const files = readBuildFolder(buildDir);
  const inProcessStarted = performance.now();
  const cloud = await startLocalCloud({ projectRoot: ROOT, api: files, ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} });
  const inProcessStart = performance.now() - inProcessStarted;
  let baseline: Baseline | undefined;
  let floor: Floor | undefined;
  try {
    const tokens = await makeUsers(cloud);
    const riderRides = await seed(cloud, tokens.rider.ownerKey);
    const api = defineApi(files, { apiId: apiName, env: 'local', region: cloud.cognito.region });
    const baselineStarted = performance.now();
    baseline = await startAmplifyMockBaseline(api, { endpoint: cloud.dynamodb.endpoint, region: cloud.dynamodb.region, credentials: LOCAL_CREDENTIALS });
    const baselineStart = performance.now() - baselineStarted;

    const floorTls = await loadOrCreateTls();
    floor = await startFloor({
      dynamodb: { endpoint: cloud.dynamodb.endpoint, region: cloud.dynamodb.region, credentials: LOCAL_CREDENTIALS },
      rideTable: cloud.dynamodb.tables.Ride!,
      trust: cloud.cognito,
      tls: { key: floorTls.serverKeyPem, cert: floorTls.serverCertPem },
    });

    const ours: Target = { name: 'local cloud', endpoint: cloud.graphqlEndpoint, reads: countDynamoDbReads(cloud.engine.simulator), post: jsonPoster(cloud.graphqlEndpoint, cloud.caCertPem) };
    const floorTarget: Target = { name: 'floor', endpoint: floor.graphqlEndpoint, reads: noReadCounter, post: jsonPoster(floor.graphqlEndpoint, floorTls.caCertPem) };
    const theirs: Target = { name: 'amplify mock simulator', endpoint: baseline.graphqlEndpoint, reads: countDynamoDbReads(baseline.simulator), post: jsonPoster(baseline.graphqlEndpoint) };

    const rideId = riderRides[Math.floor(riderRides.length / 2)]!;
    const operations: Array<{ name: string; token: string; n: number; body: () => unknown; check: (body: any) => number }> = [
      {
        name: 'getRide',
        token: tokens.rider.access,
        n: iterations(200),
        body: () => ({ query: `query ($id: ID!) { getRide(id: $id) { ${RIDE_FIELDS} } }`, variables: { id: rideId } }),
        check: (b) => (b.data.getRide?.id === rideId ? 1 : fail('getRide', b)),
      },
      {
        name: 'listRides limit 100, as the rider (owner filter)',
        token: tokens.rider.access,
        n: iterations(30),
        body: () => ({ query: `query { listRides(limit: 100) { items { ${RIDE_FIELDS} } nextToken } }` }),
        check: (b) => (b.data?.listRides ? b.data.listRides.items.length : fail('listRides', b)),
      },
      {
        name: 'listRides limit 100, as a Dispatcher',
        token: tokens.dispatcher.access,
        n: iterations(30),
        body: () => ({ query: `query { listRides(limit: 100) { items { ${RIDE_FIELDS} } nextToken } }` }),
        check: (b) => (b.data?.listRides?.items.length === 100 ? 100 : fail('listRides (dispatcher)', b)),
      },
      {
        name: 'myRides limit 100',
        token: tokens.rider.access,
        n: iterations(30),
        body: () => ({
          query: `query ($owner: String!) { myRides(owner: $owner, sortDirection: DESC, limit: 100) { items { ${RIDE_FIELDS} } nextToken } }`,
          variables: { owner: tokens.rider.ownerKey },
        }),
        check: (b) => (b.data?.myRides?.items.length === Math.min(100, riderRides.length) ? b.data.myRides.items.length : fail('myRides', b)),
      },
      {
        name: 'createRide',
        token: tokens.creator.access,
        n: iterations(100),
        body: () => ({
          query: `mutation ($input: CreateRideInput!) { createRide(input: $input) { ${RIDE_FIELDS} } }`,
          variables: { input: { pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: new Date().toISOString() } },
        }),
        check: (b) => (b.data?.createRide?.id ? 1 : fail('createRide', b)),
      },
    ];

    const results: Array<{ name: string; ours: Measured; floor: Measured; theirs: Measured }> = [];
    let fullScan: Awaited<ReturnType<typeof readAllPagesAsRider>> | undefined;
    for (const operation of operations) {
      // Before any ride is created, so that the table holds exactly the seeded rides.
      if (operation.name === 'createRide') fullScan = await readAllPagesAsRider(ours, tokens.rider.access);
      process.stdout.write(`measuring ${operation.name}…\n`);
      const [mine, hand, baseline] = await measureAlternating([ours, floorTarget, theirs], operation);
      results.push({ name: operation.name, ours: mine!, floor: hand!, theirs: baseline! });
    }

    const getRide = operations[0]!;
    const throughput: Throughput[] = [];
    for (const clients of [8, 32]) {
      process.stdout.write(`throughput of getRide at ${clients} clients…\n`);
      throughput.push({ clients, perSecond: await measureThroughput([ours, floorTarget, theirs], getRide, clients) });
    }
    const rssAfterLoadMb = process.memoryUsage().rss / 2 ** 20;

    report({ startFirst, startAgain, startSimulator, inProcessStart, baselineStart, results, throughput, rssAfterLoadMb, fullScan: fullScan!, riderRides: riderRides.length });
  } finally {
    await floor?.close();
    await baseline?.stop();
    await cloud.close();
  }
}

interface Measured {
  medianMs: number;
  /** CPU time of this process (the servers, dynalite and the client all run in it) per request. */
  cpuMs: number;
  p90Ms: number;
  itemsReturned: number;
  itemsRead: number;
  calls: Record<string, number>;
}

/**
 * Runs the operation on the targets in turn, in blocks of 10 requests, so that both see the same
 * machine load (other work on a shared machine moves absolute numbers, much less their ratio). With
 * `--expose-gc` (as `npm run bench` runs it), each block starts after a full collection, so that
 * neither server pays for the other's garbage.
 */
async function measureAlternating(targets: Target[], operation: { token: string; n: number; body: () => unknown; check: (body: any) => number }): Promise<Measured[]> {
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  // Both servers need warming up (JIT, the simulator's per-call template parsing).
  for (const target of targets) for (let i = 0; i < Math.max(5, Math.round(operation.n / 3)); i++) await target.post(operation.token, operation.body());
  const times = targets.map(() => [] as number[]);
  const cpu = targets.map(() => 0);
  const last = targets.map(() => ({ itemsReturned: 0, calls: {} as Record<string, number>, itemsRead: 0 }));
  const BLOCK = 10;
  for (let done = 0; done < operation.n; done += BLOCK) {
    for (const [t, target] of targets.entries()) {
      collect();
      const cpuBefore = process.cpuUsage();
      for (let i = done; i < Math.min(done + BLOCK, operation.n); i++) {
        target.reads.reset();
        const response = await target.post(operation.token, operation.body());
        if (response.status !== 200) fail(`${target.name}: HTTP ${response.status}`, response.body);
        last[t] = { itemsReturned: operation.check(response.body), ...target.reads.read() };
        times[t]!.push(response.ms);
      }
      const used = process.cpuUsage(cpuBefore);
      cpu[t]! += (used.user + used.system) / 1000;
    }
  }
  return targets.map((_, t) => {
    const sorted = times[t]!.sort((a, b) => a - b);
    return { medianMs: sorted[Math.floor(sorted.length / 2)]!, cpuMs: cpu[t]! / sorted.length, p90Ms: sorted[Math.floor(sorted.length * 0.9)]!, ...last[t]! };
  });
}

const noReadCounter: ReadCounter = { reset: () => {}, read: () => ({ calls: {}, itemsRead: 0 }) };

interface Throughput {
  clients: number;
  /** Requests per second, by target, in the order given. */
  perSecond: number[];
}

/**
 * Requests per second with `clients` requests always in flight, each target in turn, twice over
 * (the better of the two rounds counts, so that a burst of other work on the machine hurts less).
 */
async function measureThroughput(targets: Target[], operation: { token: string; n: number; body: () => unknown; check: (body: any) => number }, clients: number): Promise<number[]> {
  const total = Math.max(clients * 4, operation.n * 2);
  const best = targets.map(() => 0);
  for (let round = 0; round < 2; round++) {
    for (const [t, target] of targets.entries()) {
      (globalThis as { gc?: () => void }).gc?.();
      let issued = 0;
      const started = performance.now();
      const client = async () => {
        while (issued < total) {
          issued++;
          const response = await target.post(operation.token, operation.body());
          if (response.status !== 200) fail(`${target.name}: HTTP ${response.status}`, response.body);
          operation.check(response.body);
        }
      };
      await Promise.all(Array.from({ length: clients }, client));
      best[t] = Math.max(best[t]!, total / ((performance.now() - started) / 1000));
    }
  }
  return best;
}

/** Every page of listRides as the rider: what a client pays to find its own rides without the index. */
async function readAllPagesAsRider(target: Target, token: string): Promise<{ pages: number; emptyPages: number; returned: number; read: number }> {
  let nextToken: string | null = null;
  let pages = 0;
  let emptyPages = 0;
  let returned = 0;
  let read = 0;
  do {
    target.reads.reset();
    const response = await target.post(token, { query: `query ($t: String) { listRides(limit: 100, nextToken: $t) { items { id } nextToken } }`, variables: { t: nextToken } });
    const page = response.body.data.listRides;
    pages++;
    if (page.items.length === 0) emptyPages++;
    returned += page.items.length;
    read += target.reads.read().itemsRead;
    nextToken = page.nextToken;
  } while (nextToken);
  return { pages, emptyPages, returned, read };
}

interface UserTokens {
  access: string;
  ownerKey: string;
}

async function makeUsers(cloud: LocalCloud): Promise<{ rider: UserTokens; creator: UserTokens; dispatcher: UserTokens }> {
  const idp = new CognitoIdentityProviderClient({ region: cloud.cognito.region, endpoint: cloud.cognito.endpoint, credentials: LOCAL_CREDENTIALS });
  const UserPoolId = cloud.cognito.userPoolId;
  const user = async (username: string, groups: string[] = []): Promise<UserTokens> => {
    await idp.send(new AdminCreateUserCommand({ UserPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
    await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }));
    for (const GroupName of groups) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName }));
    const access = (await signInWithSrp(idp, cloud.cognito, username, PASSWORD)).AccessToken!;
    const sub = JSON.parse(Buffer.from(access.split('.')[1]!, 'base64url').toString()).sub as string;
    return { access, ownerKey: `${sub}::${username}` };
  };
  try {
    return { rider: await user('bench-rider'), creator: await user('bench-creator'), dispatcher: await user('bench-dispatcher', ['Dispatchers']) };
  } finally {
    idp.destroy();
  }
}

/** RIDES rides of RIDERS riders, written straight into the table; rider 0 is the signed-in bench rider. Returns its ride ids. */
async function seed(cloud: LocalCloud, riderOwnerKey: string): Promise<string[]> {
  const started = performance.now();
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const items = [];
  const riderRides: string[] = [];
  for (let i = 0; i < RIDES; i++) {
    const rider = i % RIDERS;
    const id = randomUUID();
    const at = new Date(base + i * 60_000).toISOString();
    if (rider === 0) riderRides.push(id);
    items.push(
      marshall({
        id,
        __typename: 'Ride',
        owner: rider === 0 ? riderOwnerKey : `00000000-0000-4000-8000-${String(rider).padStart(12, '0')}::rider-${rider}`,
        requestedAt: at,
        pickup: { latitude: 47 + (i % 100) / 100, longitude: -122 - (i % 50) / 100 },
        status: 'REQUESTED',
        createdAt: at,
        updatedAt: at,
      }),
    );
  }
  await batchPut(cloud.dynamodb.client, cloud.dynamodb.tables.Ride!, items);
  console.log(`seeded ${RIDES} rides of ${RIDERS} riders with BatchWriteItem in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return riderRides;
}

/** `npm start` (its bundle, with node) in its own process: its own "Ready in" (from process start) and the wall time from spawn. */
async function timeNpmStart(dataDir: string): Promise<{ readyMs: number; wallMs: number }> {
  const spawned = performance.now();
  const child = spawn(
    process.execPath,
    [join(REPO, 'src/local/bundle/start.mjs'), '--project', ROOT, '--no-compile', '--data-dir', dataDir, '--config-out', join(dataDir, 'client-config.json'), '--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0'],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const ready = await waitForLine(child, /Ready in ([\d.]+) s/);
  const wallMs = performance.now() - spawned;
  child.kill('SIGINT');
  await new Promise((resolve) => child.on('exit', resolve));
  return { readyMs: Number(ready[1]) * 1000, wallMs };
}

async function timeSimulatorStart(buildDir: string, apiId: string): Promise<{ readyMs: number; wallMs: number }> {
  const spawned = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bench/simulator-start.ts'), buildDir, apiId], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await waitForLine(child, /ready (\d+)/);
  const wallMs = performance.now() - spawned;
  await new Promise((resolve) => child.on('exit', resolve));
  return { readyMs: Number(ready[1]), wallMs };
}

function waitForLine(child: ReturnType<typeof spawn>, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) resolve(match);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
}

function fail(what: string, body: unknown): never {
  throw new Error(`${what}: unexpected answer ${JSON.stringify(body).slice(0, 500)}`);
}

function report(r: {
  startFirst: { readyMs: number; wallMs: number };
  startAgain: { readyMs: number; wallMs: number };
  startSimulator: { readyMs: number; wallMs: number };
  inProcessStart: number;
  baselineStart: number;
  results: Array<{ name: string; ours: Measured; floor: Measured; theirs: Measured }>;
  throughput: Throughput[];
  rssAfterLoadMb: number;
  fullScan: { pages: number; emptyPages: number; returned: number; read: number };
  riderRides: number;
}): void {
  const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const ratio = (a: number, b: number) => `${(b / a).toFixed(1)}×`;
  const lines = [
    '',
    `## Local cloud vs amplify mock's simulator (${RIDES} rides of ${RIDERS} riders; Node ${process.version})`,
    '',
    '### Start to ready (process start → listening)',
    '| | local cloud (`npm start`) | simulator server | simulator ÷ local |',
    '|---|---|---|---|',
    `| first start (new CA, new pool) | ${ms(r.startFirst.readyMs)} ms | | |`,
    `| later start (data kept) | ${ms(r.startAgain.readyMs)} ms | ${ms(r.startSimulator.readyMs)} ms | ${ratio(r.startAgain.readyMs, r.startSimulator.readyMs)} |`,
    `| wall time from spawn (incl. node start) | ${ms(r.startAgain.wallMs)} ms | ${ms(r.startSimulator.wallMs)} ms | |`,
    `| in this process, modules loaded | ${ms(r.inProcessStart)} ms (in memory: new CA and pool keys, tables, engine) | ${ms(r.baselineStart)} ms (init + start) | |`,
    '',
    '### Latency against the floor (graphql-js with hand-written resolvers enforcing the same rules with direct DynamoDB calls, HTTPS, same tokens and tables: bench/floor-server.ts)',
    'Median over HTTP(S) with keep-alive; blocks of 10 requests alternate between the three servers. CPU is this process\'s per request, while that server is measured',
    '(the servers, the embedded dynalite and the client all run in it, so the client\'s and dynalite\'s share is in every column).',
    '| operation | local cloud p50 | floor p50 | local ÷ floor | CPU per request (local / floor) | simulator p50 | simulator ÷ local |',
    '|---|---|---|---|---|---|---|',
    ...r.results.map(
      ({ name, ours, floor, theirs }) =>
        `| ${name} | ${ms(ours.medianMs)} ms | ${ms(floor.medianMs)} ms | ${ratio(floor.medianMs, ours.medianMs)} | ${ms(ours.cpuMs)} / ${ms(floor.cpuMs)} ms | ${ms(theirs.medianMs)} ms | ${ratio(ours.medianMs, theirs.medianMs)} |`,
    ),
    '',
    '### getRide throughput (requests per second, N requests always in flight; the better of two rounds)',
    '| clients | local cloud | floor | simulator | local ÷ simulator | local ÷ floor |',
    '|---|---|---|---|---|---|',
    ...r.throughput.map(
      ({ clients, perSecond: [local, floor, simulator] }) =>
        `| ${clients} | ${local!.toFixed(0)} | ${floor!.toFixed(0)} | ${simulator!.toFixed(0)} | ${(local! / simulator!).toFixed(1)}× | ${(local! / floor!).toFixed(2)}× |`,
    ),
    '',
    `RSS of this process after the load (all three servers, dynalite with ${RIDES} rides, the client): ${r.rssAfterLoadMb.toFixed(0)} MB.`,
    '',
    '### Latency against the simulator (median / p90)',
    '| operation | items | local cloud | simulator | simulator ÷ local |',
    '|---|---|---|---|---|',
    ...r.results.map(
      ({ name, ours, theirs }) =>
        `| ${name} | ${ours.itemsReturned} | ${ms(ours.medianMs)} / ${ms(ours.p90Ms)} ms | ${ms(theirs.medianMs)} / ${ms(theirs.p90Ms)} ms | ${ratio(ours.medianMs, theirs.medianMs)} |`,
    ),
    '',
    '### Items DynamoDB read per page (ScannedCount, counted on each server\'s DynamoDB clients)',
    '| page | items returned | items read (local / simulator) | DynamoDB calls (local) |',
    '|---|---|---|---|',
    ...r.results
      .filter(({ name }) => !name.startsWith('createRide'))
      .map(({ name, ours, theirs }) => `| ${name} | ${ours.itemsReturned} | ${ours.itemsRead} / ${theirs.itemsRead} | ${Object.entries(ours.calls).map(([k, v]) => `${k} ${v}`).join(', ')} |`),
    '',
    `Reading all of one rider's ${r.riderRides} rides with listRides (limit 100): ${r.fullScan.pages} pages (${r.fullScan.emptyPages} of them empty), ` +
      `${r.fullScan.read} items read to return ${r.fullScan.returned}; with myRides: 1 page, ${r.results.find((x) => x.name.startsWith('myRides'))?.ours.itemsRead} items read.`,
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
