// `npm run bench:load`: many clients at once against the local cloud for a minute, as issue 15's load
// run: riders create rides, read them back, load "my rides" and their ride list; Dispatchers load
// the board, dispatch and complete rides. Printed: throughput, p50/p99 per operation, errors by type,
// the server's RSS every 5 s (the cloud runs in a process of its own, tests/support/cloud-process.ts,
// on a LevelDB folder as `npm start` keeps it), and every acknowledged create looked up afterwards
// in the table (present, and written once).
//
// Options (environment): LOAD_SECONDS (60), LOAD_RIDERS (50), LOAD_DISPATCHERS (5),
// LOAD_IN_MEMORY=1 (dynalite in memory instead of a LevelDB folder), LOAD_NODE_OPTIONS (extra node
// options for the server, e.g. --max-old-space-size=192), LOAD_SERVER_ENV (extra environment for the
// server, e.g. UV_THREADPOOL_SIZE=2; comma-separated NAME=value), LOAD_DEFAULT_HEAP=1 (Node's heap
// sizing instead of npm start's, src/local/bundle/heap-settings.cjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { zoneOf } from '../src/client/zones.js';
import { LOCAL_CREDENTIALS } from '../src/local/dynamodb/client.js';
import {
  DispatchBoardDocument,
  DispatchRideDocument,
  GetRideDocument,
  ListRidesDocument,
  MyRidesDocument,
  RequestRideDocument,
  SetRideStatusDocument,
} from '../src/generated/graphql.js';
import { serverOptionsFromEnv, startCloudChild } from '../tests/support/cloud-child.js';
import { benchUsers, jsonPoster, type BenchUser } from './bench-session.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const RIDERS = Number(process.env.LOAD_RIDERS ?? 50);
const DISPATCHERS = Number(process.env.LOAD_DISPATCHERS ?? 5);
const IN_MEMORY = process.env.LOAD_IN_MEMORY === '1';
const CITIES = [
  { latitude: 47.6062, longitude: -122.3321 },
  { latitude: 45.52, longitude: -122.68 },
  { latitude: 37.77, longitude: -122.42 },
  { latitude: 40.71, longitude: -74.01 },
];

/** Per operation: latencies of the answered requests, and failures by type. */
class Tally {
  readonly latencies = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  requests = 0;

  ok(operation: string, ms: number): void {
    this.requests++;
    const list = this.latencies.get(operation) ?? [];
    list.push(ms);
    this.latencies.set(operation, list);
  }

  failed(operation: string, kind: string): void {
    this.requests++;
    const key = `${operation}: ${kind}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main(): Promise<void> {
  const dataDir = IN_MEMORY ? undefined : mkdtempSync(join(tmpdir(), 'wildrydes-load-'));
  const server = serverOptionsFromEnv('LOAD');
  const cloud = await startCloudChild({ dataDir, build: true, ...server, log: (text) => process.stderr.write(text) });
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  try {
    const riders = await benchUsers(cloud.ready, Array.from({ length: RIDERS }, (_, i) => ({ username: `load-rider-${i}` })));
    const dispatchers = await benchUsers(cloud.ready, Array.from({ length: DISPATCHERS }, (_, i) => ({ username: `load-dispatcher-${i}`, groups: ['Dispatchers'] })));
    const post = jsonPoster(cloud.ready.graphqlEndpoint, cloud.ready.caCertPem);
    const tally = new Tally();
    const acknowledged: string[] = [];
    let attemptedCreates = 0;

    const call = async (operation: string, user: BenchUser, query: string, variables: Record<string, unknown>): Promise<any> => {
      try {
        const response = await post(user.access, { query, variables });
        if (response.status !== 200) {
          tally.failed(operation, `HTTP ${response.status} ${response.body?.errors?.[0]?.errorType ?? ''}`.trim());
          return undefined;
        }
        if (response.body.errors?.length) {
          tally.failed(operation, `GraphQL ${response.body.errors[0].errorType ?? 'error'}: ${String(response.body.errors[0].message).slice(0, 80)}`);
          return undefined;
        }
        tally.ok(operation, response.ms);
        return response.body.data;
      } catch (error) {
        tally.failed(operation, `network ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        return undefined;
      }
    };

    const documents = {
      create: print(RequestRideDocument),
      get: print(GetRideDocument),
      mine: print(MyRidesDocument),
      list: print(ListRidesDocument),
      board: print(DispatchBoardDocument),
      dispatch: print(DispatchRideDocument),
      complete: print(SetRideStatusDocument),
    };
    const deadline = performance.now() + SECONDS * 1000;
    const rider = async (user: BenchUser, n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const pickup = CITIES[(n + i) % CITIES.length]!;
        attemptedCreates++;
        const created = await call('createRide', user, documents.create, { pickup, requestedAt: new Date().toISOString() });
        const id = created?.createRide?.id as string | undefined;
        if (id) acknowledged.push(id);
        if (id) await call('getRide', user, documents.get, { id });
        await call('myRides', user, documents.mine, { owner: user.ownerKey, limit: 20 });
        if (i % 4 === 0) await call('listRides', user, documents.list, { limit: 20 });
      }
    };
    const dispatcher = async (user: BenchUser, n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        const zone = zoneOf(CITIES[(n + i) % CITIES.length]!);
        const board = await call('dispatchBoard', user, documents.board, { statusZone: `REQUESTED#${zone}`, limit: 20 });
        const ride = board?.dispatchBoard?.items?.[n % Math.max(1, board.dispatchBoard.items.length)];
        if (!ride) continue;
        const dispatched = await call('updateRide (dispatch)', user, documents.dispatch, { id: ride.id, unicornId: `u-${n}`, fare: 12, condition: { zone: { eq: zone } } });
        if (dispatched) await call('updateRide (complete)', user, documents.complete, { id: ride.id, status: 'COMPLETED', condition: { zone: { eq: zone } } });
      }
    };

    const rss: Array<{ at: number; rss: number; heapUsed: number; external: number }> = [];
    const sample = async (at: number) => {
      const stats = await cloud.stats();
      rss.push({ at, rss: stats.memory.rss, heapUsed: stats.memory.heapUsed, external: stats.memory.external });
    };
    await sample(0);
    const started = performance.now();
    const sampler = setInterval(() => void sample(Math.round((performance.now() - started) / 1000)), 5000);
    await Promise.all([...riders.map((user, n) => rider(user, n)), ...dispatchers.map((user, n) => dispatcher(user, n))]);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    await sample(Math.round(seconds));
    const settled = await cloud.stats({ gc: true });

    // Every acknowledged create in the table, once; nothing beyond what was attempted.
    const ddb = new DynamoDBClient({ endpoint: cloud.ready.dynamodb.endpoint, region: cloud.ready.cognito.region, credentials: LOCAL_CREDENTIALS });
    const stored = new Map<string, number>();
    let ExclusiveStartKey: Record<string, any> | undefined;
    do {
      const page = await ddb.send(new ScanCommand({ TableName: cloud.ready.dynamodb.tables.Ride!, ProjectionExpression: 'id', ExclusiveStartKey }));
      for (const item of page.Items ?? []) stored.set(item.id!.S!, (stored.get(item.id!.S!) ?? 0) + 1);
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    ddb.destroy();
    const missing = acknowledged.filter((id) => !stored.has(id));
    const twice = [...stored.values()].filter((count) => count > 1).length;

    const f = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
    const all = [...tally.latencies.values()].flat().sort((a, b) => a - b);
    const errorCount = [...tally.errors.values()].reduce((a, b) => a + b, 0);
    const lines = [
      '',
      `## bench/load: ${RIDERS} riders + ${DISPATCHERS} Dispatchers for ${f(seconds, 1)} s (${IN_MEMORY ? 'dynalite in memory' : 'LevelDB folder'})`,
      '',
      `${f(tally.requests)} requests, ${f(tally.requests / seconds, 1)} req/s; p50 ${f(percentile(all, 50), 1)} ms, p99 ${f(percentile(all, 99), 1)} ms; errors: ${f(errorCount)}`,
      '',
      '| operation | answered | p50 ms | p99 ms |',
      '|---|---|---|---|',
    ];
    for (const [operation, list] of tally.latencies) {
      list.sort((a, b) => a - b);
      lines.push(`| ${operation} | ${f(list.length)} | ${f(percentile(list, 50), 1)} | ${f(percentile(list, 99), 1)} |`);
    }
    lines.push('', errorCount === 0 ? 'Errors by type: none' : 'Errors by type:');
    for (const [kind, count] of tally.errors) lines.push(`- ${kind}: ${count}`);
    lines.push(
      '',
      `Creates: ${f(attemptedCreates)} sent, ${f(acknowledged.length)} acknowledged; ${missing.length} acknowledged missing from the table, ${twice} written twice; ${f(stored.size)} rides stored.`,
      '',
      `Server RSS every 5 s (MB): ${rss.map((s) => `${s.at}s ${mb(s.rss)}`).join(', ')}`,
      `Server heap used every 5 s (MB): ${rss.map((s) => mb(s.heapUsed)).join(', ')}; external: ${rss.map((s) => mb(s.external)).join(', ')}`,
      `After the load and a full GC: RSS ${mb(settled.memory.rss)} MB, heap used ${mb(settled.memory.heapUsed)} MB, external ${mb(settled.memory.external)} MB (array buffers ${mb(settled.memory.arrayBuffers)} MB); request log ${settled.requestLog} entries; caches ${JSON.stringify(settled.caches)}`,
      '',
    );
    console.log(lines.join('\n'));
    if (missing.length > 0 || twice > 0) process.exitCode = 1;
  } finally {
    await cloud.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
