// `npm run bench`: the local cloud against the floor (bench/floor-server.ts: graphql-js with
// hand-written resolvers enforcing the same rules with direct DynamoDB calls, over HTTPS) and `amplify
// mock`'s simulator server, in one run, on the same tables holding 10,000 rides of 100 riders, with
// the same tokens. Each server runs in a process of its own; this process only generates the load:
//   - the local cloud as users run it (`node src/local/bundle/start.cjs`, server-process.ts), its
//     data in a temporary folder, with its embedded DynamoDB (dynalite);
//   - the floor (floor-process.ts) and the simulator (simulator-process.ts), each forked, both pointed
//     at the local cloud's embedded DynamoDB. So the local cloud's CPU and memory include the store it
//     serves them from; the CPU it spends in the store while the floor or the simulator is measured is
//     reported as their "store" share, which also estimates the store's share of the local cloud's own.
//
// Reports: start to ready; per operation the median and p90 latency (blocks of 10 requests alternate
// between the three servers) with ratios to the floor and the simulator, and each server's CPU per
// request (/proc/<pid>/stat over its blocks); getRide throughput at 8 and 32 clients; each server's
// RSS after the load and its peak (/proc/<pid>/status); how many items DynamoDB read per page; and the
// issue's goals, judged on this run's figures. Not a test: numbers depend on the machine (Linux only,
// for /proc); compare the ratios within one run.
//
// Run as `node --expose-gc --import tsx bench/local-cloud.ts` (npm run bench).
// Options (environment): BENCH_RIDES (10000), BENCH_RIDERS (100), BENCH_SCALE (1: iteration counts),
// BENCH_PROJECT (the Amplify project; default the current folder).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { findAppSyncApi } from '../src/compiler/amplify-project.js';
import { staleBuildReasons } from '../src/compiler/build-freshness.js';
import { apiBuildDir } from '../src/local/cloud.js';
import { LOCAL_CREDENTIALS } from '../src/local/dynamodb/client.js';
import { signInWithSrp } from '../tests/support/cognito-users.js';
import { benchUsers, jsonPoster, type BenchUser, type JsonPost } from './bench-session.js';
import type { FloorProcessConfig } from './floor-process.js';
import { median } from './median.js';
import { putRides, seededRides, type SeededRides } from './seeded-rides.js';
import { forkServer, procStats, startLocalCloudProcess, type LocalCloudProcess, type ProcStats } from './server-process.js';
import type { SimulatorProcessConfig } from './simulator-process.js';

const RIDES = Number(process.env.BENCH_RIDES ?? 10_000);
const RIDERS = Number(process.env.BENCH_RIDERS ?? 100);
// Starts with the data kept: one start is one sample of a figure that varies by tens of ms from one
// start to the next here; the goal is judged on their median. The last one is the cloud measured.
const KEPT_STARTS = Number(process.env.BENCH_KEPT_STARTS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const iterations = (n: number) => Math.max(3, Math.round(n * SCALE));
// The Amplify project measured (default: the current folder), and this repository (for its scripts).
const ROOT = resolve(process.env.BENCH_PROJECT ?? process.cwd());
const REPO = join(import.meta.dirname, '..');
const PASSWORD = 'Bench-rider-1';
const RIDE_FIELDS = 'id requestedAt status owner pickup { latitude longitude }';

/** The issue's goals for the local cloud (issue 14). */
const GOALS = { singleItemVsFloor: 1.5, listVsFloor: 2, throughputVsSimulator: 4, startMs: 400, rssMb: 150 };

interface Target {
  name: string;
  pid: number;
  post: JsonPost;
}

interface Reads {
  calls: Record<string, number>;
  itemsRead: number;
}

interface Operation {
  name: string;
  kind: 'single item' | 'list';
  token: string;
  n: number;
  body: () => unknown;
  check: (body: any) => number;
}

async function main(): Promise<void> {
  const apiName = findAppSyncApi(ROOT);
  if (staleBuildReasons(ROOT, apiName).length > 0) {
    console.log('compiling the API (the build is stale)…');
    const { compileProject } = await import('../src/compiler/compile-project.js');
    await compileProject(ROOT);
  }
  const buildDir = apiBuildDir(ROOT, apiName);
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-cloud-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    // First start on an empty folder (new CA, new pool, new tables): users and rides are made in it,
    // then it stops and starts again on the same folder, which is the local cloud measured.
    console.log(`first start of the local cloud (${dataDir})…`);
    const first = await startLocalCloudProcess({ project: ROOT, dataDir });
    stops.push(first.stop);
    const [rider, creator, dispatcher] = await benchUsers(first, [{ username: 'bench-rider' }, { username: 'bench-creator' }, { username: 'bench-dispatcher', groups: ['Dispatchers'] }]);
    const seeded = performance.now();
    const rides = seededRides({ count: RIDES, riders: RIDERS, riderOwnerKey: rider!.ownerKey });
    await putRides(first.dynamodb, first.dynamodb.tables.Ride!, rides);
    console.log(`seeded ${RIDES} rides of ${RIDERS} riders with BatchWriteItem in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    await first.stop();
    stops.pop();

    console.log(`${KEPT_STARTS} starts with the data kept (the last one is the local cloud measured), the floor and the simulator, each in its own process…`);
    const keptStarts: Started[] = [];
    const nodeAlone: number[] = [];
    for (let i = 1; i < KEPT_STARTS; i++) {
      const restarted = await startLocalCloudProcess({ project: ROOT, dataDir });
      keptStarts.push({ readyMs: restarted.readyMs, wallMs: restarted.wallMs });
      await restarted.stop();
      nodeAlone.push(timeNodeAlone());
    }
    nodeAlone.push(timeNodeAlone());
    const cloud = await startLocalCloudProcess({ project: ROOT, dataDir });
    keptStarts.push({ readyMs: cloud.readyMs, wallMs: cloud.wallMs });
    stops.push(cloud.stop);
    const cloudAtReady = procStats(cloud.pid);
    // A token of the first start is still good (the pool's keys and sessions are kept); signing in again is what a user would do.
    const tokens = await signInAgain(cloud, [rider!, creator!, dispatcher!]);
    const floor = await forkServer<{ readyMs: number; graphqlEndpoint: string; caCertPem: string }>('bench/floor-process.ts', {
      FLOOR_CONFIG: JSON.stringify({
        dynamodbEndpoint: cloud.dynamodb.endpoint,
        region: cloud.dynamodb.region,
        rideTable: cloud.dynamodb.tables.Ride!,
        cognitoEndpoint: cloud.cognito.endpoint,
        userPoolId: cloud.cognito.userPoolId,
      } satisfies FloorProcessConfig),
    });
    stops.push(floor.stop);
    const simulator = await forkServer<{ readyMs: number; graphqlEndpoint: string }>('bench/simulator-process.ts', {
      SIMULATOR_CONFIG: JSON.stringify({ buildDir, apiId: apiName, dynamodbEndpoint: cloud.dynamodb.endpoint, region: cloud.dynamodb.region } satisfies SimulatorProcessConfig),
    });
    stops.push(simulator.stop);
    const atReady = [cloudAtReady, procStats(floor.pid), procStats(simulator.pid)];
    const startSimulator = await timeSimulatorStart(buildDir, apiName);

    const ours: Target = { name: 'local cloud', pid: cloud.pid, post: jsonPoster(cloud.graphqlEndpoint, cloud.caCertPem) };
    const hand: Target = { name: 'floor', pid: floor.pid, post: jsonPoster(floor.ready.graphqlEndpoint, floor.ready.caCertPem) };
    const theirs: Target = { name: 'amplify mock simulator', pid: simulator.pid, post: jsonPoster(simulator.ready.graphqlEndpoint) };
    const targets = [ours, hand, theirs];
    const simulatorReads = () => simulator.ask<Reads>({ type: 'reads' });

    const riderRides = rides.riderRides;
    const rideId = riderRides[Math.floor(riderRides.length / 2)]!;
    const listQuery = `query { listRides(limit: 100) { items { ${RIDE_FIELDS} } nextToken } }`;
    const operations: Operation[] = [
      {
        name: 'getRide',
        kind: 'single item',
        token: tokens.rider.access,
        n: iterations(200),
        body: () => ({ query: `query ($id: ID!) { getRide(id: $id) { ${RIDE_FIELDS} } }`, variables: { id: rideId } }),
        check: (b) => (b.data?.getRide?.id === rideId ? 1 : fail('getRide', b)),
      },
      {
        name: 'listRides limit 100, as the rider (owner filter)',
        kind: 'list',
        token: tokens.rider.access,
        n: iterations(30),
        body: () => ({ query: listQuery }),
        check: (b) => (b.data?.listRides ? b.data.listRides.items.length : fail('listRides', b)),
      },
      {
        name: 'listRides limit 100, as a Dispatcher',
        kind: 'list',
        token: tokens.dispatcher.access,
        n: iterations(30),
        body: () => ({ query: listQuery }),
        check: (b) => (b.data?.listRides?.items.length === 100 ? 100 : fail('listRides (dispatcher)', b)),
      },
      {
        name: 'myRides limit 100',
        kind: 'list',
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
        kind: 'single item',
        token: tokens.creator.access,
        n: iterations(100),
        body: () => ({
          query: `mutation ($input: CreateRideInput!) { createRide(input: $input) { ${RIDE_FIELDS} } }`,
          variables: { input: { pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: new Date().toISOString() } },
        }),
        check: (b) => (b.data?.createRide?.id ? 1 : fail('createRide', b)),
      },
    ];

    const results: Result[] = [];
    let fullScan: FullScan | undefined;
    for (const operation of operations) {
      // Before any ride is created, so that the table holds exactly the seeded rides.
      if (operation.name === 'createRide') fullScan = await readAllPagesAsRider(ours, theirs, simulatorReads, tokens.rider.access);
      process.stdout.write(`measuring ${operation.name}…\n`);
      const measured = await measureAlternating(targets, cloud.pid, operation);
      // One more request on the simulator, alone, for what DynamoDB read to answer it.
      await simulatorReads();
      operation.check((await theirs.post(operation.token, operation.body())).body);
      results.push({ name: operation.name, kind: operation.kind, ours: measured[0]!, floor: measured[1]!, theirs: measured[2]!, reads: await simulatorReads() });
    }

    const getRide = operations[0]!;
    const throughput: Throughput[] = [];
    for (const clients of [8, 32]) {
      process.stdout.write(`throughput of getRide at ${clients} clients…\n`);
      throughput.push({ clients, ...(await measureThroughput(targets, cloud.pid, getRide, clients)) });
    }
    const afterLoad = targets.map((target) => procStats(target.pid));
    for (const stop of stops.splice(0).reverse()) await stop();

    const storeApart = await measureStoreApart({ dataDir, tables: cloud.dynamodb.tables, rides, operations });

    report({
      start: { first: first, again: keptStarts, nodeAlone, floor, simulator: simulator, simulatorAlone: startSimulator },
      atReady,
      afterLoad,
      results,
      throughput,
      fullScan: fullScan!,
      riderRides: riderRides.length,
      storeApart,
    });
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

interface StoreApart {
  operations: Array<{ name: string; medianMs: number; cloudCpuMs: number; storeCpuMs: number }>;
  cloud: ProcStats;
  store: ProcStats;
}

/**
 * The local cloud again on the same data folder (same pool, same tokens) with `--dynamodb-endpoint`
 * on its store in a process of its own (dynalite-process.ts), the rides seeded there again: each
 * operation `n` times in a row, with the CPU of each process per request and both RSS after the load.
 */
async function measureStoreApart(options: { dataDir: string; tables: Record<string, string>; rides: SeededRides; operations: Operation[] }): Promise<StoreApart> {
  console.log('the store apart: the local cloud again on the same data, its DynamoDB in a process of its own…');
  const storeDir = await mkdtemp(join(tmpdir(), 'bench-store-'));
  const stops: Array<() => Promise<void>> = [];
  try {
    const store = await forkServer<{ readyMs: number; endpoint: string }>('bench/dynalite-process.ts', { DYNALITE_DATA_DIR: storeDir });
    stops.push(store.stop);
    const cloud = await startLocalCloudProcess({ project: ROOT, dataDir: options.dataDir, extraArgs: ['--dynamodb-endpoint', store.ready.endpoint] });
    stops.push(cloud.stop);
    await putRides({ endpoint: store.ready.endpoint, region: cloud.dynamodb.region }, options.tables.Ride!, options.rides);
    const post = jsonPoster(cloud.graphqlEndpoint, cloud.caCertPem);
    const measured: StoreApart['operations'] = [];
    for (const operation of options.operations) {
      for (let i = 0; i < Math.max(5, Math.round(operation.n / 3)); i++) operation.check((await post(operation.token, operation.body())).body);
      const times: number[] = [];
      const cloudBefore = procStats(cloud.pid).cpuMs;
      const storeBefore = procStats(store.pid).cpuMs;
      for (let i = 0; i < operation.n; i++) {
        const response = await post(operation.token, operation.body());
        operation.check(response.body);
        times.push(response.ms);
      }
      measured.push({
        name: operation.name,
        medianMs: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!,
        cloudCpuMs: (procStats(cloud.pid).cpuMs - cloudBefore) / operation.n,
        storeCpuMs: (procStats(store.pid).cpuMs - storeBefore) / operation.n,
      });
    }
    return { operations: measured, cloud: procStats(cloud.pid), store: procStats(store.pid) };
  } finally {
    for (const stop of stops.reverse()) await stop();
    await rm(storeDir, { recursive: true, force: true });
  }
}

/** Signs the bench users in again on the restarted cloud, as a user of kept data would. */
async function signInAgain(cloud: LocalCloudProcess, users: BenchUser[]): Promise<{ rider: BenchUser; creator: BenchUser; dispatcher: BenchUser }> {
  const idp = new CognitoIdentityProviderClient({ region: cloud.cognito.region, endpoint: cloud.cognito.endpoint, credentials: LOCAL_CREDENTIALS });
  try {
    const again: BenchUser[] = [];
    for (const user of users) again.push({ ...user, access: (await signInWithSrp(idp, cloud.cognito, user.username, PASSWORD)).AccessToken! });
    return { rider: again[0]!, creator: again[1]!, dispatcher: again[2]! };
  } finally {
    idp.destroy();
  }
}

interface Measured {
  medianMs: number;
  p90Ms: number;
  /** CPU time of the server's own process per request, over its blocks. */
  cpuMs: number;
  /** CPU time of the local cloud's process per request while this server's blocks ran: the embedded DynamoDB serving it (0 for the local cloud itself, whose store is in its own figure). */
  storeCpuMs: number;
  itemsReturned: number;
}

interface Result {
  name: string;
  kind: Operation['kind'];
  ours: Measured;
  floor: Measured;
  theirs: Measured;
  /** Counted on the simulator's DynamoDB client for one request (the local cloud runs the same compiled templates). */
  reads: Reads;
}

/**
 * Runs the operation on the targets in turn, in blocks of 10 requests, so that all see the same
 * machine load (other work on a shared machine moves absolute numbers, much less their ratio). Each
 * block's CPU is the measured server's process time over the block (/proc), and, for the floor and the
 * simulator, the local cloud's too: the embedded DynamoDB answering their calls.
 */
async function measureAlternating(targets: Target[], storePid: number, operation: Operation): Promise<Measured[]> {
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  // Every server needs warming up (JIT, the simulator's per-call template parsing).
  for (const target of targets) for (let i = 0; i < Math.max(5, Math.round(operation.n / 3)); i++) await target.post(operation.token, operation.body());
  const times = targets.map(() => [] as number[]);
  const cpu = targets.map(() => 0);
  const storeCpu = targets.map(() => 0);
  const returned = targets.map(() => 0);
  const BLOCK = 10;
  for (let done = 0; done < operation.n; done += BLOCK) {
    for (const [t, target] of targets.entries()) {
      // This process's garbage is collected between blocks, not during one.
      collect();
      const before = procStats(target.pid).cpuMs;
      const storeBefore = procStats(storePid).cpuMs;
      for (let i = done; i < Math.min(done + BLOCK, operation.n); i++) {
        const response = await target.post(operation.token, operation.body());
        if (response.status !== 200) fail(`${target.name}: HTTP ${response.status}`, response.body);
        returned[t] = operation.check(response.body);
        times[t]!.push(response.ms);
      }
      cpu[t]! += procStats(target.pid).cpuMs - before;
      if (target.pid !== storePid) storeCpu[t]! += procStats(storePid).cpuMs - storeBefore;
    }
  }
  return targets.map((_, t) => {
    const sorted = times[t]!.sort((a, b) => a - b);
    return {
      medianMs: sorted[Math.floor(sorted.length / 2)]!,
      p90Ms: sorted[Math.floor(sorted.length * 0.9)]!,
      cpuMs: cpu[t]! / sorted.length,
      storeCpuMs: storeCpu[t]! / sorted.length,
      itemsReturned: returned[t]!,
    };
  });
}

interface Throughput {
  clients: number;
  /** Requests per second, by target, in the order given. */
  perSecond: number[];
  /** CPU ms per request in the better round, by target: its server's process, the store's (the local cloud's process, for the others), this load generator's. */
  cpu: Array<{ server: number; store: number; client: number }>;
}

/**
 * Requests per second with `clients` requests always in flight, each target in turn, twice over
 * (the better of the two rounds counts, so that a burst of other work on the machine hurts less).
 */
async function measureThroughput(targets: Target[], storePid: number, operation: Operation, clients: number): Promise<Omit<Throughput, 'clients'>> {
  const total = Math.max(clients * 4, operation.n * 2);
  const best = targets.map(() => 0);
  const cpu = targets.map(() => ({ server: 0, store: 0, client: 0 }));
  for (let round = 0; round < 2; round++) {
    for (const [t, target] of targets.entries()) {
      (globalThis as { gc?: () => void }).gc?.();
      let issued = 0;
      const serverBefore = procStats(target.pid).cpuMs;
      const storeBefore = procStats(storePid).cpuMs;
      const clientBefore = process.cpuUsage();
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
      const perSecond = total / ((performance.now() - started) / 1000);
      if (perSecond <= best[t]!) continue;
      const used = process.cpuUsage(clientBefore);
      best[t] = perSecond;
      cpu[t] = {
        server: (procStats(target.pid).cpuMs - serverBefore) / total,
        store: target.pid === storePid ? 0 : (procStats(storePid).cpuMs - storeBefore) / total,
        client: (used.user + used.system) / 1000 / total,
      };
    }
  }
  return { perSecond: best, cpu };
}

interface FullScan {
  pages: number;
  emptyPages: number;
  returned: number;
  /** Items DynamoDB read for the same pages on the simulator. */
  read: number;
}

/** Every page of listRides as the rider: what a client pays to find its own rides without the index. */
async function readAllPagesAsRider(ours: Target, theirs: Target, simulatorReads: () => Promise<Reads>, token: string): Promise<FullScan> {
  const walk = async (target: Target) => {
    let nextToken: string | null = null;
    const pages: number[] = [];
    do {
      const response = await target.post(token, { query: `query ($t: String) { listRides(limit: 100, nextToken: $t) { items { id } nextToken } }`, variables: { t: nextToken } });
      const page = response.body.data?.listRides ?? fail(`${target.name}: listRides`, response.body);
      pages.push(page.items.length);
      nextToken = page.nextToken;
    } while (nextToken);
    return pages;
  };
  const pages = await walk(ours);
  await simulatorReads();
  await walk(theirs);
  const { itemsRead } = await simulatorReads();
  return { pages: pages.length, emptyPages: pages.filter((n) => n === 0).length, returned: pages.reduce((a, b) => a + b, 0), read: itemsRead };
}

/**
 * Spawn to exit of a node that runs nothing, as npm start's node boots (without NODE_EXTRA_CA_CERTS):
 * the same machine's minute can be a third slower than the one before, and this shows it.
 */
function timeNodeAlone(): number {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const started = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
  return performance.now() - started;
}

async function timeSimulatorStart(buildDir: string, apiId: string): Promise<{ readyMs: number; wallMs: number }> {
  const spawned = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO, 'bench/simulator-start.ts'), buildDir, apiId], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = await new Promise<RegExpMatchArray>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /ready (\d+)/.exec(output);
      if (match) resolve(match);
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  const wallMs = performance.now() - spawned;
  await new Promise((resolve) => child.on('exit', resolve));
  return { readyMs: Number(ready[1]), wallMs };
}

function fail(what: string, body: unknown): never {
  throw new Error(`${what}: unexpected answer ${JSON.stringify(body).slice(0, 500)}`);
}

interface Started {
  readyMs: number;
  wallMs: number;
}

function report(r: {
  start: { first: Started; again: Started[]; nodeAlone: number[]; floor: Started; simulator: Started; simulatorAlone: Started };
  atReady: ProcStats[];
  afterLoad: ProcStats[];
  results: Result[];
  throughput: Throughput[];
  fullScan: FullScan;
  riderRides: number;
  storeApart: StoreApart;
}): void {
  const ms = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  const cpu = (n: number) => n.toFixed(2);
  const mb = (n: number) => `${n.toFixed(0)} MB`;
  const times = (n: number) => `${n.toFixed(1)}×`;
  const spread = (m: Measured) => `${ms(m.medianMs)} / ${ms(m.p90Ms)} ms`;
  const vsFloor = (x: Result) => x.ours.medianMs / x.floor.medianMs;
  const [cloudLoad, floorLoad, simulatorLoad] = r.afterLoad as [ProcStats, ProcStats, ProcStats];
  const [cloudReady, floorReady, simulatorReady] = r.atReady as [ProcStats, ProcStats, ProcStats];
  const at8 = r.throughput.find((t) => t.clients === 8);
  const range = (xs: number[]) => `${ms(Math.min(...xs))} to ${ms(Math.max(...xs))}`;
  const again: Started = { readyMs: median(r.start.again.map((x) => x.readyMs)), wallMs: median(r.start.again.map((x) => x.wallMs)) };

  const goal = (what: string, value: number, limit: number, shown: string, atMost = true) => {
    const met = atMost ? value <= limit : value >= limit;
    return { met, line: `| ${what} | ${shown} | ${met ? 'met' : 'not met'} |` };
  };
  const lists = r.results.filter((x) => x.kind === 'list');
  const worstList = lists.reduce((a, b) => (vsFloor(b) > vsFloor(a) ? b : a));
  const goals = [
    ...r.results.filter((x) => x.kind === 'single item').map((x) => goal(`${x.name} ≤ ${GOALS.singleItemVsFloor}× the floor (p50)`, vsFloor(x), GOALS.singleItemVsFloor, times(vsFloor(x)))),
    goal(`lists ≤ ${GOALS.listVsFloor}× the floor (p50; the worst: ${worstList.name})`, vsFloor(worstList), GOALS.listVsFloor, times(vsFloor(worstList))),
    ...(at8
      ? [goal(`getRide throughput at 8 clients ≥ ${GOALS.throughputVsSimulator}× the simulator`, at8.perSecond[0]! / at8.perSecond[2]!, GOALS.throughputVsSimulator, `${times(at8.perSecond[0]! / at8.perSecond[2]!)} (${at8.perSecond[0]!.toFixed(0)} against ${at8.perSecond[2]!.toFixed(0)} req/s)`, false)]
      : []),
    goal(
      `start to ready, data kept ≤ ${GOALS.startMs / 1000} s (median of ${r.start.again.length} starts)`,
      again.readyMs,
      GOALS.startMs,
      `${(again.readyMs / 1000).toFixed(2)} s (${r.start.again.map((x) => (x.readyMs / 1000).toFixed(2)).join(', ')})`,
    ),
    goal(`RSS after the load ≤ ${GOALS.rssMb} MB (the local cloud's process, its store included)`, cloudLoad.rssMb, GOALS.rssMb, mb(cloudLoad.rssMb)),
  ];

  const lines = [
    '',
    `## Local cloud vs the floor and amplify mock's simulator (${RIDES} rides of ${RIDERS} riders; Node ${process.version}; each server in its own process)`,
    '',
    'The local cloud runs as `npm start` runs it (its bundle, with its embedded DynamoDB and its data in a temporary folder). The floor',
    '(bench/floor-server.ts: graphql-js with hand-written resolvers enforcing the same rules with direct DynamoDB calls, HTTPS, same tokens)',
    "and the simulator (amplify mock's AppSync simulator on the same compiled resolvers, plain HTTP, tokens decoded only) run in processes",
    "of their own and use the local cloud's embedded DynamoDB: the local cloud's CPU and memory include the store they read from, and the",
    "CPU the local cloud's process spent while the floor or the simulator was measured is their \"store\" share. This process only sends the load.",
    '',
    `### Goals (issue 14), judged on this run: ${goals.filter((g) => g.met).length} of ${goals.length} met`,
    '| goal | this run | |',
    '|---|---|---|',
    ...goals.map((g) => g.line),
    '',
    '### Start to ready',
    '| server | process start → ready | spawn → ready (wall) | RSS at ready |',
    '|---|---|---|---|',
    `| local cloud, first start (empty data folder: new CA, pool, tables) | ${ms(r.start.first.readyMs)} ms | ${ms(r.start.first.wallMs)} ms | |`,
    `| local cloud, data kept (${RIDES} rides, 3 users; median of ${r.start.again.length} starts, range) | ${ms(again.readyMs)} ms (${range(r.start.again.map((x) => x.readyMs))}) | ${ms(again.wallMs)} ms (${range(r.start.again.map((x) => x.wallMs))}) | ${mb(cloudReady.rssMb)} (the last) |`,
    `| floor (through tsx, whose loader it pays for) | ${ms(r.start.floor.readyMs)} ms | ${ms(r.start.floor.wallMs)} ms | ${mb(floorReady.rssMb)} |`,
    `| simulator (through tsx, likewise) | ${ms(r.start.simulator.readyMs)} ms | ${ms(r.start.simulator.wallMs)} ms | ${mb(simulatorReady.rssMb)} |`,
    `| simulator alone (bench/simulator-start.ts: starts, prints, exits) | ${ms(r.start.simulatorAlone.readyMs)} ms | ${ms(r.start.simulatorAlone.wallMs)} ms | |`,
    `| node alone (\`node -e 0\`, spawn to exit; median of ${r.start.nodeAlone.length}, range): how fast this machine is in this run | | ${ms(median(r.start.nodeAlone))} ms (${range(r.start.nodeAlone)}) | |`,
    '',
    '### Latency and CPU against the floor',
    'Median / p90 over HTTP(S) with keep-alive; blocks of 10 requests alternate between the three servers. CPU per request is the server',
    "process's user + system time over its blocks (/proc/<pid>/stat); \"store\" is the local cloud's process time during the floor's or the",
    "simulator's blocks (the embedded DynamoDB answering them). The local cloud's own CPU includes its store; less the simulator's store",
    "share (the same compiled templates, so the same DynamoDB calls) it estimates the local cloud's own work.",
    '| operation | local cloud p50 / p90 | floor p50 / p90 | local ÷ floor | server CPU per request, local / floor | store CPU per request (floor / simulator) | local less store (est.) |',
    '|---|---|---|---|---|---|---|',
    ...r.results.map(
      (x) =>
        `| ${x.name} | ${spread(x.ours)} | ${spread(x.floor)} | ${times(vsFloor(x))} | ${cpu(x.ours.cpuMs)} / ${cpu(x.floor.cpuMs)} ms | ${cpu(x.floor.storeCpuMs)} / ${cpu(x.theirs.storeCpuMs)} ms | ${cpu(Math.max(0, x.ours.cpuMs - x.theirs.storeCpuMs))} ms |`,
    ),
    '',
    '### Against the simulator',
    '| operation | items | local cloud p50 / p90 | simulator p50 / p90 | simulator ÷ local (p50) | CPU per request, local / simulator + its store | simulator ÷ local (CPU) |',
    '|---|---|---|---|---|---|---|',
    ...r.results.map(
      (x) =>
        `| ${x.name} | ${x.ours.itemsReturned} | ${spread(x.ours)} | ${spread(x.theirs)} | ${times(x.theirs.medianMs / x.ours.medianMs)} | ${cpu(x.ours.cpuMs)} / ${cpu(x.theirs.cpuMs)} + ${cpu(x.theirs.storeCpuMs)} ms | ${times((x.theirs.cpuMs + x.theirs.storeCpuMs) / x.ours.cpuMs)} |`,
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
    'CPU per request in the counted round: each server\'s process (+ the store\'s, in the local cloud\'s process, for the floor and the simulator), and this load generator\'s.',
    '| clients | local cloud / client | floor + store / client | simulator + store / client |',
    '|---|---|---|---|',
    ...r.throughput.map(
      ({ clients, cpu: [local, floor, simulator] }) =>
        `| ${clients} | ${cpu(local!.server)} / ${cpu(local!.client)} ms | ${cpu(floor!.server)} + ${cpu(floor!.store)} / ${cpu(floor!.client)} ms | ${cpu(simulator!.server)} + ${cpu(simulator!.store)} / ${cpu(simulator!.client)} ms |`,
    ),
    '',
    '### Memory of each server process (/proc/<pid>/status)',
    '| server | RSS at ready | RSS after the load | peak RSS (VmHWM) |',
    '|---|---|---|---|',
    `| local cloud (its embedded DynamoDB included) | ${mb(cloudReady.rssMb)} | ${mb(cloudLoad.rssMb)} | ${mb(cloudLoad.peakRssMb)} |`,
    `| floor | ${mb(floorReady.rssMb)} | ${mb(floorLoad.rssMb)} | ${mb(floorLoad.peakRssMb)} |`,
    `| simulator | ${mb(simulatorReady.rssMb)} | ${mb(simulatorLoad.rssMb)} | ${mb(simulatorLoad.peakRssMb)} |`,
    '',
    '### The store apart: the local cloud again on the same data with `--dynamodb-endpoint` on its store in a process of its own',
    '(bench/dynalite-process.ts: dynalite as the local cloud embeds it; the rides seeded there again; each operation alone, requests in a row)',
    '| operation | local cloud p50 | local cloud CPU per request | store CPU per request | store share of the CPU |',
    '|---|---|---|---|---|',
    ...r.storeApart.operations.map(
      (x) => `| ${x.name} | ${ms(x.medianMs)} ms | ${cpu(x.cloudCpuMs)} ms | ${cpu(x.storeCpuMs)} ms | ${((100 * x.storeCpuMs) / (x.cloudCpuMs + x.storeCpuMs)).toFixed(0)}% |`,
    ),
    '',
    `RSS after that load: the local cloud without its store ${mb(r.storeApart.cloud.rssMb)} (peak ${mb(r.storeApart.cloud.peakRssMb)}), ` +
      `the store ${mb(r.storeApart.store.rssMb)} (peak ${mb(r.storeApart.store.peakRssMb)}); the local cloud with its store embedded, above: ${mb(cloudLoad.rssMb)}.`,
    '',
    "### Items DynamoDB read per page (ScannedCount, counted on the simulator's DynamoDB client for one request; the local cloud runs the same compiled templates)",
    '| page | items returned | items read | DynamoDB calls |',
    '|---|---|---|---|',
    ...r.results
      .filter((x) => x.kind === 'list' || x.name === 'getRide')
      .map((x) => `| ${x.name} | ${x.ours.itemsReturned} | ${x.reads.itemsRead} | ${Object.entries(x.reads.calls).map(([k, v]) => `${k} ${v}`).join(', ')} |`),
    '',
    `Reading all of one rider's ${r.riderRides} rides with listRides (limit 100) on the local cloud: ${r.fullScan.pages} pages (${r.fullScan.emptyPages} of them empty) ` +
      `returning ${r.fullScan.returned}; DynamoDB read ${r.fullScan.read} items for them (the same pages on the simulator); ` +
      `with myRides: 1 page, ${r.results.find((x) => x.name.startsWith('myRides'))?.reads.itemsRead} items read.`,
    '',
  ];
  console.log(lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
