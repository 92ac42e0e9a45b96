// `npm run bench:memory`: what the local cloud keeps per request. The cloud runs in a process of its
// own (tests/support/cloud-process.ts); after a warm-up, a heap snapshot is taken, N requests of the
// everyday mix are sent (create, get, "my rides", list), a second snapshot is taken (both after a
// full GC), and the objects each holds are compared by constructor: what grew with N is retained per
// request. Then the memory outside the JS heap: RSS, V8's committed heap, external memory, before and
// after a batch of large queries (600 aliases each), as issue 15 found them to stay.
//
// Options (environment): PROBE_REQUESTS (10000), PROBE_CLIENTS (10), PROBE_ALIAS_REQUESTS (20),
// PROBE_SNAPSHOTS=0 (skip the heap snapshots), PROBE_IN_MEMORY=1, PROBE_NODE_OPTIONS,
// PROBE_SERVER_ENV, PROBE_DEFAULT_HEAP=1 (as bench/load.ts's LOAD_ ones).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { GetRideDocument, ListRidesDocument, MyRidesDocument, RequestRideDocument } from '../src/generated/graphql.js';
import { countByConstructor } from '../tests/support/heap-snapshot.js';
import { serverOptionsFromEnv, startCloudChild, type ChildStats } from '../tests/support/cloud-child.js';
import { benchUsers, jsonPoster, type BenchUser } from './bench-session.js';
import { aliasQuery } from './alias-query.js';

const REQUESTS = Number(process.env.PROBE_REQUESTS ?? 10_000);
const CLIENTS = Number(process.env.PROBE_CLIENTS ?? 10);
const ALIAS_REQUESTS = Number(process.env.PROBE_ALIAS_REQUESTS ?? 20);
const SNAPSHOTS = process.env.PROBE_SNAPSHOTS !== '0';
const IN_MEMORY = process.env.PROBE_IN_MEMORY === '1';

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const line = (label: string, s: ChildStats) =>
  `${label}: RSS ${mb(s.memory.rss)}, V8 heap committed ${mb(s.memory.heapTotal)} (used ${mb(s.memory.heapUsed)}), external ${mb(s.memory.external)} (array buffers ${mb(s.memory.arrayBuffers)})`;

async function main(): Promise<void> {
  const dataDir = IN_MEMORY ? undefined : mkdtempSync(join(tmpdir(), 'wildrydes-probe-'));
  const work = mkdtempSync(join(tmpdir(), 'wildrydes-heap-'));
  const cloud = await startCloudChild({ dataDir, build: true, ...serverOptionsFromEnv('PROBE'), log: (text) => process.stderr.write(text) });
  try {
    const users = await benchUsers(cloud.ready, Array.from({ length: CLIENTS }, (_, i) => ({ username: `probe-rider-${i}` })));
    const post = jsonPoster(cloud.ready.graphqlEndpoint, cloud.ready.caCertPem);
    const documents = { create: print(RequestRideDocument), get: print(GetRideDocument), mine: print(MyRidesDocument), list: print(ListRidesDocument) };
    let failures = 0;
    const send = async (user: BenchUser, query: string, variables: Record<string, unknown>) => {
      const response = await post(user.access, { query, variables });
      if (response.status !== 200 || response.body.errors) failures++;
      return response.body?.data;
    };
    /** Each client's latest ride (getRide of another rider's ride is refused). */
    const lastRide = users.map(() => '');
    /** `count` requests of the mix, spread over the clients. */
    const traffic = async (count: number) => {
      let left = count;
      await Promise.all(
        users.map(async (user, n) => {
          for (let i = 0; left > 0; i++) {
            left--;
            const step = i % 4;
            if (step === 0) {
              const created = await send(user, documents.create, { pickup: { latitude: 47.6 + n / 100, longitude: -122.3 }, requestedAt: new Date().toISOString() });
              lastRide[n] = created?.createRide?.id ?? lastRide[n]!;
            } else if (step === 1) await send(user, documents.get, { id: lastRide[n] });
            else if (step === 2) await send(user, documents.mine, { owner: user.ownerKey, limit: 20 });
            else await send(user, documents.list, { limit: 20 });
          }
        }),
      );
    };

    await traffic(500);
    const before = await cloud.stats({ gc: true });
    console.log(line('after 500 requests of warm-up', before));
    const first = SNAPSHOTS ? await cloud.snapshot(join(work, 'before.heapsnapshot')) : undefined;
    await traffic(REQUESTS);
    const after = await cloud.stats({ gc: true });
    console.log(line(`after ${REQUESTS} more requests`, after));
    console.log(`  request log ${after.requestLog} entries; caches ${JSON.stringify(after.caches)}; failures ${failures}`);
    if (first) console.log('  (this RSS includes what writing the first heap snapshot took outside the JS heap; PROBE_SNAPSHOTS=0 for RSS alone)');
    if (first) {
      const second = await cloud.snapshot(join(work, 'after.heapsnapshot'));
      const a = countByConstructor(first);
      const b = countByConstructor(second);
      const rows = [...new Set([...a.keys(), ...b.keys()])]
        .map((key) => ({ key, count: (b.get(key)?.count ?? 0) - (a.get(key)?.count ?? 0), bytes: (b.get(key)?.bytes ?? 0) - (a.get(key)?.bytes ?? 0) }))
        .sort((x, y) => y.bytes - x.bytes);
      console.log(`\nHeap snapshot diff over ${REQUESTS} requests (after a full GC), largest growth by constructor:`);
      console.log('| constructor | objects added | bytes added | per request |');
      console.log('|---|---|---|---|');
      for (const row of rows.slice(0, 15)) console.log(`| ${row.key} | ${row.count} | ${row.bytes} | ${(row.count / REQUESTS).toFixed(3)} objects |`);
      const total = rows.reduce((sum, row) => sum + row.bytes, 0);
      console.log(`total: ${total} bytes (${(total / REQUESTS).toFixed(1)} bytes per request)`);
    }

    if (ALIAS_REQUESTS > 0) {
      const query = aliasQuery();
      const user = users[0]!;
      // New connections: the kept-alive ones idled through the snapshots, longer than the server's
      // keep-alive timeout, and the server closes them as they are reused (socket hang up).
      const fresh = jsonPoster(cloud.ready.graphqlEndpoint, cloud.ready.caCertPem);
      for (let i = 0; i < ALIAS_REQUESTS; i++) {
        const response = await fresh(user.access, { query, variables: { id: lastRide[0] } });
        if (response.status !== 200 || response.body.errors) failures++;
      }
      const aliased = await cloud.stats({ gc: true });
      console.log(`\n${line(`after ${ALIAS_REQUESTS} queries of 600 aliases (${(query.length / 1024).toFixed(0)} KB each)`, aliased)}`);
      console.log(`  RSS grew ${mb(aliased.memory.rss - after.memory.rss)} (${mb((aliased.memory.rss - after.memory.rss) / ALIAS_REQUESTS)} per query); failures ${failures}`);
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      console.log(line('10 s idle later', await cloud.stats({ gc: true })));
    }
  } finally {
    await cloud.close();
    rmSync(work, { recursive: true, force: true });
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
