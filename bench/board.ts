// `npm run bench:board`: the dispatch board at 10,000 rides and at 1,000,000 (issue 16).
//
// Two local clouds in this process, one per size, each seeded straight into its embedded store
// (bench/store-seeder.ts); requests alternate between them in blocks of 2, so that both see the
// same load on a shared machine. The first 10,000 rides of each
// hold the live part: a queue of 200 REQUESTED rides in one Seattle zone and the bench rider's 100
// rides; the other 990,000 are the history that grows with every ride ever taken (COMPLETED,
// CANCELLED, some DISPATCHED, a few REQUESTED elsewhere), in 40 cities, Seattle among them. So the
// board page asked for is the same at both sizes, and only the table around it grows.
//
// Reports, at both sizes, the items DynamoDB read per request (ScannedCount) and what came back, for
// every list-like operation: the board (Dispatcher, and a rider whose page is filtered), "my rides",
// listRides with a status filter; and listRides until it has found 50 of the board's rides. Then
// the two claims: a board page of 50 reads at most 51 items, and its median latency at the large
// size is within 1.5x of the small one. Not a test: latencies depend on the machine.
//
// Options (environment): BENCH_BOARD_RIDES (1000000), BENCH_BOARD_SAMPLES (100 timed requests per size).
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { marshall } from '@aws-sdk/util-dynamodb';
import { zoneOf } from '../src/client/zones.js';
import { findAppSyncApi } from '../src/compiler/amplify-project.js';
import { staleBuildReasons } from '../src/compiler/build-freshness.js';
import { readBuildFolder } from '../src/local/appsync/api-definition.js';
import { apiBuildDir, startLocalCloud, type LocalCloud } from '../src/local/cloud.js';
import { benchUsers, graphqlPoster, type BenchUser, type Post } from './bench-session.js';
import { countDynamoDbReads, type ReadCounter } from './dynamodb-reads.js';
import { seedTable, withCapturedStore, type EmbeddedStore } from './store-seeder.js';

const LARGE = Number(process.env.BENCH_BOARD_RIDES ?? 1_000_000);
const SMALL = 10_000;
const SAMPLES = Number(process.env.BENCH_BOARD_SAMPLES ?? 100);
const ROOT = resolve(process.cwd());
const PAGE = 50;
const QUEUE = 200;
const RIDER_RIDES = 100;
// listRides pages of 1000 read while looking for the board's rides without its index, at most.
const SCAN_PAGES = 40;
const SEATTLE = { latitude: 47.6062, longitude: -122.3321 };
const BOARD_ZONE = zoneOf(SEATTLE);

// 40 cities (Seattle first), whose zones the rides are spread over.
const CITIES = [
  SEATTLE, { latitude: 45.52, longitude: -122.68 }, { latitude: 37.77, longitude: -122.42 }, { latitude: 34.05, longitude: -118.24 },
  { latitude: 32.72, longitude: -117.16 }, { latitude: 33.45, longitude: -112.07 }, { latitude: 39.74, longitude: -104.99 }, { latitude: 30.27, longitude: -97.74 },
  { latitude: 29.76, longitude: -95.37 }, { latitude: 32.78, longitude: -96.8 }, { latitude: 41.88, longitude: -87.63 }, { latitude: 44.98, longitude: -93.27 },
  { latitude: 42.33, longitude: -83.05 }, { latitude: 39.96, longitude: -82.99 }, { latitude: 33.75, longitude: -84.39 }, { latitude: 25.76, longitude: -80.19 },
  { latitude: 28.54, longitude: -81.38 }, { latitude: 38.91, longitude: -77.04 }, { latitude: 39.95, longitude: -75.17 }, { latitude: 40.71, longitude: -74.01 },
  { latitude: 42.36, longitude: -71.06 }, { latitude: 43.65, longitude: -79.38 }, { latitude: 45.5, longitude: -73.57 }, { latitude: 49.28, longitude: -123.12 },
  { latitude: 51.51, longitude: -0.13 }, { latitude: 48.86, longitude: 2.35 }, { latitude: 52.52, longitude: 13.4 }, { latitude: 40.42, longitude: -3.7 },
  { latitude: 41.9, longitude: 12.5 }, { latitude: 52.37, longitude: 4.9 }, { latitude: 59.33, longitude: 18.07 }, { latitude: 55.68, longitude: 12.57 },
  { latitude: 35.68, longitude: 139.69 }, { latitude: 37.57, longitude: 126.98 }, { latitude: 1.35, longitude: 103.82 }, { latitude: -33.87, longitude: 151.21 },
  { latitude: -37.81, longitude: 144.96 }, { latitude: 19.43, longitude: -99.13 }, { latitude: -23.55, longitude: -46.63 }, { latitude: -34.6, longitude: -58.38 },
];

interface Seeded {
  riderOwnerKey: string;
}

/** Ride number i: the live part in the first SMALL, history after. */
function ride(i: number, seeded: Seeded) {
  const at = new Date(Date.parse('2025-01-01T00:00:00Z') + i * 30_000).toISOString();
  let status: string;
  let city = CITIES[i % CITIES.length]!;
  let owner = `00000000-0000-4000-8000-${String(i % 20_000).padStart(12, '0')}::rider-${i % 20_000}`;
  if (i < QUEUE) {
    status = 'REQUESTED';
    city = SEATTLE;
    if (i % 20 === 0) owner = seeded.riderOwnerKey; // 10 of the queue are the bench rider's
  } else if (i < SMALL && i % 97 === 0 && i / 97 <= RIDER_RIDES) {
    status = 'COMPLETED';
    owner = seeded.riderOwnerKey;
  } else {
    const r = i % 1000;
    status = r < 950 ? 'COMPLETED' : r < 990 ? 'CANCELLED' : r < 998 ? 'DISPATCHED' : 'REQUESTED';
    if (status === 'REQUESTED' && city === SEATTLE) status = 'COMPLETED'; // the board's queue stays the same 200
  }
  // Spread within the city's zone: a few hundred metres around its centre.
  const pickup = { latitude: city.latitude + ((i * 7919) % 100) / 20_000, longitude: city.longitude + ((i * 104_729) % 100) / 20_000 };
  const zone = zoneOf(pickup);
  return marshall({
    id: randomUUID(),
    __typename: 'Ride',
    owner,
    requestedAt: at,
    pickup,
    status,
    zone,
    statusZone: `${status}#${zone}`,
    createdAt: at,
    updatedAt: at,
  });
}

async function seedRange(store: EmbeddedStore, tableName: string, from: number, to: number, seeded: Seeded): Promise<number> {
  const started = performance.now();
  const CHUNK = 50_000;
  for (let start = from; start < to; start += CHUNK) {
    const items = [];
    for (let i = start; i < Math.min(to, start + CHUNK); i++) items.push(ride(i, seeded));
    await seedTable(store, tableName, items);
    if (to - from > CHUNK) process.stdout.write(`  ${Math.min(to, start + CHUNK).toLocaleString('en-US')} rides\r`);
  }
  return (performance.now() - started) / 1000;
}

interface Measured {
  name: string;
  returned: number;
  itemsRead: number;
  medianMs: number;
  p90Ms: number;
}

interface Target {
  post: Post;
  reads: ReadCounter;
}

/** The same request on each target, in alternating short blocks; every fifth round after a full collection. */
async function measure(targets: Target[], name: string, token: (t: number) => string, query: string, variables: (t: number) => Record<string, unknown>, field: string): Promise<Measured[]> {
  const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const send = async (t: number) => {
    const { post, reads } = targets[t]!;
    reads.reset();
    const response = await post(token(t), query, variables(t));
    if (response.status !== 200 || response.body.errors) throw new Error(`${name}: ${JSON.stringify(response.body).slice(0, 400)}`);
    return { ms: response.ms, returned: response.body.data[field].items.length as number, itemsRead: reads.read().itemsRead };
  };
  for (let t = 0; t < targets.length; t++) for (let i = 0; i < Math.max(10, SAMPLES / 3); i++) await send(t);
  const times = targets.map(() => [] as number[]);
  const last = targets.map(() => ({ returned: 0, itemsRead: 0 }));
  // Short blocks, and which target goes first changes every round: on a machine shared with other
  // work, load comes and goes in seconds, and both sizes should meet the same.
  const BLOCK = 2;
  for (let done = 0, round = 0; done < SAMPLES; done += BLOCK, round++) {
    const order = targets.map((_, t) => t);
    if (round % 2 === 1) order.reverse();
    for (const t of order) {
      if (round % 5 === 0) collect();
      for (let i = done; i < Math.min(SAMPLES, done + BLOCK); i++) {
        const { ms, ...counts } = await send(t);
        times[t]!.push(ms);
        last[t] = counts;
      }
    }
  }
  return targets.map((_, t) => {
    const sorted = times[t]!.sort((a, b) => a - b);
    return { name, ...last[t]!, medianMs: sorted[Math.floor(sorted.length / 2)]!, p90Ms: sorted[Math.floor(sorted.length * 0.9)]! };
  });
}

/** listRides pages (limit 1000, filtered to the board's rides) until 50 are found: the Scan a board without its index costs. */
async function scanForBoard({ post, reads }: Target, token: string): Promise<{ pages: number; itemsRead: number; found: number }> {
  let nextToken: string | null = null;
  let pages = 0;
  let itemsRead = 0;
  let found = 0;
  do {
    reads.reset();
    const response = await post(token, `query ($t: String, $f: ModelRideFilterInput) { listRides(limit: 1000, filter: $f, nextToken: $t) { items { id } nextToken } }`, {
      t: nextToken,
      f: { status: { eq: 'REQUESTED' }, zone: { eq: BOARD_ZONE } },
    });
    const page = response.body.data.listRides;
    pages++;
    itemsRead += reads.read().itemsRead;
    found += page.items.length;
    nextToken = page.nextToken;
  } while (nextToken && found < PAGE && pages < SCAN_PAGES);
  return { pages, itemsRead, found };
}

interface SizedCloud {
  size: number;
  cloud: LocalCloud;
  dataDir: string;
  dispatcher: BenchUser;
  rider: BenchUser;
  target: Target;
  seedSeconds: number;
}

async function seededCloud(files: ReturnType<typeof readBuildFolder>, size: number): Promise<SizedCloud> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-board-'));
  // On disk (LevelDB), so that a million rides live outside the JavaScript heap.
  const { started: cloud, store } = await withCapturedStore(() =>
    startLocalCloud({ projectRoot: ROOT, api: files, dataDir, ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} }),
  );
  try {
    const [dispatcher, rider] = await benchUsers(cloud, [{ username: 'bench-dispatcher', groups: ['Dispatchers'] }, { username: 'bench-rider' }]);
    console.log(`seeding ${size.toLocaleString('en-US')} rides…`);
    const seedSeconds = await seedRange(store, cloud.dynamodb.tables.Ride!, 0, size, { riderOwnerKey: rider!.ownerKey });
    console.log(`seeded ${size.toLocaleString('en-US')} rides in ${seedSeconds.toFixed(1)} s`);
    return { size, cloud, dataDir, dispatcher: dispatcher!, rider: rider!, target: { post: graphqlPoster(cloud), reads: countDynamoDbReads(cloud.engine.simulator) }, seedSeconds };
  } catch (error) {
    await cloud.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

async function main(): Promise<void> {
  const apiName = findAppSyncApi(ROOT);
  if (staleBuildReasons(ROOT, apiName).length > 0) throw new Error('the API build is stale: run npm run compile first');
  const files = readBuildFolder(apiBuildDir(ROOT, apiName));
  const clouds: SizedCloud[] = [];
  try {
    for (const size of [SMALL, LARGE]) clouds.push(await seededCloud(files, size));
    const targets = clouds.map((c) => c.target);
    const FIELDS = 'id status zone requestedAt owner pickup { latitude longitude }';
    const board = `query ($k: String!) { dispatchBoard(statusZone: $k, sortDirection: ASC, limit: ${PAGE}) { items { ${FIELDS} } nextToken } }`;
    const operations: Array<[string, (t: number) => string, string, (t: number) => Record<string, unknown>, string]> = [
      ['board page of 50, Dispatcher', (t) => clouds[t]!.dispatcher.access, board, () => ({ k: `REQUESTED#${BOARD_ZONE}` }), 'dispatchBoard'],
      ['board page of 50, a rider (own rides only)', (t) => clouds[t]!.rider.access, board, () => ({ k: `REQUESTED#${BOARD_ZONE}` }), 'dispatchBoard'],
      ['"my rides" page of 50, the rider', (t) => clouds[t]!.rider.access, `query ($o: String!) { myRides(owner: $o, sortDirection: DESC, limit: ${PAGE}) { items { ${FIELDS} } nextToken } }`, (t) => ({ o: clouds[t]!.rider.ownerKey }), 'myRides'],
      ['listRides page of 50, status REQUESTED, Dispatcher', (t) => clouds[t]!.dispatcher.access, `query { listRides(limit: ${PAGE}, filter: { status: { eq: REQUESTED } }) { items { ${FIELDS} } nextToken } }`, () => ({}), 'listRides'],
      ['listRides page of 50, a rider (owner filter)', (t) => clouds[t]!.rider.access, `query { listRides(limit: ${PAGE}) { items { ${FIELDS} } nextToken } }`, () => ({}), 'listRides'],
    ];
    const measured: Measured[][] = clouds.map(() => []);
    for (const [name, token, query, variables, field] of operations) {
      process.stdout.write(`measuring ${name}…\n`);
      (await measure(targets, name, token, query, variables, field)).forEach((m, t) => measured[t]!.push(m));
    }
    process.stdout.write('listRides until 50 of the board are found…\n');
    const scans: Array<Awaited<ReturnType<typeof scanForBoard>>> = [];
    for (const c of clouds) scans.push(await scanForBoard(c.target, c.dispatcher.access));
    report(new Map(clouds.map((c, t) => [c.size, { measured: measured[t]!, scan: scans[t]!, seedSeconds: c.seedSeconds }])));
  } finally {
    for (const c of clouds) {
      await c.cloud.close();
      await rm(c.dataDir, { recursive: true, force: true });
    }
  }
}

function report(results: Map<number, { measured: Measured[]; scan: { pages: number; itemsRead: number; found: number }; seedSeconds: number }>): void {
  const small = results.get(SMALL)!;
  const large = results.get(LARGE)!;
  const n = (x: number) => x.toLocaleString('en-US');
  const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  const lines = [
    '',
    `## Dispatch board: ${n(SMALL)} vs ${n(LARGE)} rides (Node ${process.version}; embedded DynamoDB on disk)`,
    '',
    `Same live data at both sizes: a queue of ${QUEUE} REQUESTED rides in zone ${BOARD_ZONE} (Seattle), the bench rider's ${RIDER_RIDES} rides; the rest is history in ${CITIES.length} cities.`,
    `Seeded straight into each store: ${n(SMALL)} rides in ${small.seedSeconds.toFixed(1)} s, ${n(LARGE)} in ${large.seedSeconds.toFixed(1)} s. Requests alternate between the two clouds in blocks of 2.`,
    '',
    `| operation (one request) | items returned ${n(SMALL)} / ${n(LARGE)} | items read ${n(SMALL)} / ${n(LARGE)} | median ms ${n(SMALL)} / ${n(LARGE)} | p90 ms ${n(SMALL)} / ${n(LARGE)} |`,
    '|---|---|---|---|---|',
    ...small.measured.map((s, i) => {
      const l = large.measured[i]!;
      return `| ${s.name} | ${s.returned} / ${l.returned} | ${s.itemsRead} / ${l.itemsRead} | ${ms(s.medianMs)} / ${ms(l.medianMs)} | ${ms(s.p90Ms)} / ${ms(l.p90Ms)} |`;
    }),
    `| listRides (limit 1000) looking for 50 board rides (at most ${SCAN_PAGES} pages), Dispatcher | ${small.scan.found} / ${large.scan.found} in ${small.scan.pages} / ${large.scan.pages} pages | ${n(small.scan.itemsRead)} / ${n(large.scan.itemsRead)} | | |`,
    '',
  ];
  const boardSmall = small.measured[0]!;
  const boardLarge = large.measured[0]!;
  const ratio = boardLarge.medianMs / boardSmall.medianMs;
  const readsOk = boardSmall.itemsRead <= PAGE + 1 && boardLarge.itemsRead <= PAGE + 1 && boardSmall.returned === PAGE && boardLarge.returned === PAGE;
  lines.push(
    `${readsOk ? 'PASS' : 'FAIL'}: a board page of ${PAGE} read ${boardSmall.itemsRead} items at ${n(SMALL)} rides and ${boardLarge.itemsRead} at ${n(LARGE)} (at most ${PAGE + 1}).`,
    `${ratio <= 1.5 ? 'PASS' : 'FAIL'}: its median latency at ${n(LARGE)} rides is ${ratio.toFixed(2)}x the one at ${n(SMALL)} (at most 1.5x).`,
    '',
  );
  console.log(lines.join('\n'));
  if (!readsOk || ratio > 1.5) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
