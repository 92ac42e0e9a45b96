// The local cloud keeps nothing per request: after many requests and a forced full GC, its bounded
// structures are within their bounds, and a heap snapshot holds no more objects of any kind than
// one taken many requests earlier, beyond a small allowance for what warms up (compiled code,
// inline caches). The cloud runs in a process of its own with --expose-gc (tests/support/cloud-process.ts),
// on a LevelDB folder as `npm start` keeps it (so stored rides are on disk, not in the heap). The API
// is compiled here and handed over, so the child's heap holds no compiler: its snapshots are less than
// half the work they were.
// No timings: only counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetRideDocument, ListRidesDocument, MyRidesDocument, RequestRideDocument } from '../../src/generated/graphql.js';
import { DEFAULT_REQUEST_LOG_SIZE } from '../../src/local/console/request-log.js';
import { benchUsers, jsonPoster, type BenchUser } from '../../bench/bench-session.js';
import { startCloudChild, type CloudChild } from '../support/cloud-child.js';
import { countByConstructor, growthByConstructor } from '../support/heap-snapshot.js';

/** Past the request log's bound, so that the bounded structures are full before the first snapshot. */
const WARM_UP = DEFAULT_REQUEST_LOG_SIZE + 100;
const MEASURED = 1000;
/**
 * Objects of one kind that may stay per request. Before the LevelDB iterators were closed, each
 * Query or Scan left an open iterator with its buffers and arrays (about 10 arrays per request);
 * before finished #foreach scopes were dropped (src/local/appsync/vtl/runtime.ts), each loop run
 * left a plain object in its template's scopes (about 1.25 per request). Neither grows now.
 */
const OBJECTS_PER_REQUEST = 0.2;

let work: string;
let cloud: CloudChild;
let users: BenchUser[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'wildrydes-memory-'));
  cloud = await startCloudChild({ dataDir: join(work, 'data') });
  users = await benchUsers(cloud.ready, [0, 1, 2, 3].map((i) => ({ username: `memory-rider-${i}` })));
}, 180_000);

afterAll(async () => {
  await cloud?.close();
  rmSync(work, { recursive: true, force: true });
});

/** `count` requests of the everyday mix (create, get, "my rides", list), over the users; failures are counted. */
async function traffic(count: number): Promise<number> {
  const post = jsonPoster(cloud.ready.graphqlEndpoint, cloud.ready.caCertPem);
  const documents = [print(RequestRideDocument), print(GetRideDocument), print(MyRidesDocument), print(ListRidesDocument)];
  let left = count;
  let failures = 0;
  await Promise.all(
    users.map(async (user) => {
      let ride = '';
      for (let i = 0; left > 0; i++) {
        left--;
        const step = i % 4;
        const variables =
          step === 0
            ? { pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: new Date().toISOString() }
            : step === 1
              ? { id: ride }
              : step === 2
                ? { owner: user.ownerKey, limit: 20 }
                : { limit: 20 };
        const response = await post(user.access, { query: documents[step], variables });
        if (response.status !== 200 || response.body.errors) failures++;
        if (step === 0) ride = response.body?.data?.createRide?.id ?? ride;
      }
    }),
  );
  return failures;
}

describe('memory of the local cloud under requests', () => {
  it('keeps its caches and request log within their bounds, and no objects per request', async () => {
    expect(await traffic(WARM_UP)).toBe(0);
    const before = countByConstructor(await cloud.snapshot(join(work, 'before.heapsnapshot')));
    expect(await traffic(MEASURED)).toBe(0);
    const after = countByConstructor(await cloud.snapshot(join(work, 'after.heapsnapshot')));
    const stats = await cloud.stats({ gc: true });

    expect(stats.requestLog).toBeLessThanOrEqual(DEFAULT_REQUEST_LOG_SIZE);
    expect(stats.caches.documents).toBeLessThanOrEqual(4);
    expect(stats.realtime).toEqual({ connections: 0, subscriptions: 0 });

    // V8's own structures (code, maps, feedback) settle as the code warms up; what the program made is counted.
    const growth = growthByConstructor(before, after).filter((row) => /^(object|closure) /.test(row.key) && !row.key.includes('system /'));
    const top = growth.slice(0, 5).map((row) => `${row.key} +${row.count} (${row.bytes} bytes)`);
    expect(growth[0]!.count / MEASURED, `objects of one kind retained per request; most grown: ${top.join(', ')}`).toBeLessThan(OBJECTS_PER_REQUEST);
  }, 300_000);
});
