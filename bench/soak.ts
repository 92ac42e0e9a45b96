// `npm run bench:soak`: the local cloud under steady traffic for minutes, to see whether its memory
// stays flat. HTTP clients (riders: create, get, "my rides", list) and WebSocket churners (connect to
// the real-time endpoint, subscribe to ride events, receive some, stop, disconnect, again) run
// together; every 30 s the server's RSS, heap used, external and array-buffer memory, open handles
// and live subscriptions are printed, and at the end the RSS growth after the first minute. The
// cloud runs in a process of its own (tests/support/cloud-process.ts) on a LevelDB folder.
//
// Options (environment): SOAK_MINUTES (10), SOAK_CLIENTS (10), SOAK_CHURNERS (10), SOAK_EVERY
// (seconds between samples, 30), SOAK_ALIASES (every N-th HTTP request of client 0 is one query of 600
// aliased getRide fields; 0 = none, the default), SOAK_KEEP (rides each client keeps, 20: past that,
// it cancels its oldest after each create, so the stored data stays the same size and what grows is
// not the data; 0 = keep every ride, and the store grows with the soak),
// SOAK_IN_MEMORY=1, SOAK_NODE_OPTIONS, SOAK_SERVER_ENV, SOAK_DEFAULT_HEAP=1 (as bench/load.ts's LOAD_ ones).
//
// Each sample also splits the RSS as /proc says (anonymous memory, and file pages mapped, such as
// LevelDB's table files) and gives the size of the LevelDB folder, to tell data growth from a leak.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { print } from 'graphql';
import { CancelRideDocument, GetRideDocument, ListRidesDocument, MyRidesDocument, OnRideRequestedDocument, OnRideUpdatedDocument, RequestRideDocument } from '../src/generated/graphql.js';
import type { LocalCloud } from '../src/local/cloud.js';
import { serverOptionsFromEnv, startCloudChild, type ChildStats } from '../tests/support/cloud-child.js';
import { RawRealtime } from '../tests/support/raw-realtime.js';
import { aliasQuery } from './alias-query.js';
import { benchUsers, jsonPoster, type BenchUser } from './bench-session.js';

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const CLIENTS = Number(process.env.SOAK_CLIENTS ?? 10);
const CHURNERS = Number(process.env.SOAK_CHURNERS ?? 10);
const EVERY = Number(process.env.SOAK_EVERY ?? 30);
const ALIASES = Number(process.env.SOAK_ALIASES ?? 0);
const IN_MEMORY = process.env.SOAK_IN_MEMORY === '1';
const KEEP = Number(process.env.SOAK_KEEP ?? 20);

/** RSS split by kind from /proc/<pid>/status (Linux), MB: anonymous, file-backed, shared memory. */
function rssKinds(pid: number): { anon: number; file: number; shmem: number } | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const mb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
  return { anon: mb('RssAnon'), file: mb('RssFile'), shmem: mb('RssShmem') };
}

/** Bytes of the files in a folder and its subfolders. */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(path) : statSync(path).size;
  }
  return total;
}

async function main(): Promise<void> {
  const dataDir = IN_MEMORY ? undefined : mkdtempSync(join(tmpdir(), 'wildrydes-soak-'));
  const cloud = await startCloudChild({ dataDir, build: true, ...serverOptionsFromEnv('SOAK'), log: (text) => process.stderr.write(text) });
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  try {
    const riders = await benchUsers(cloud.ready, Array.from({ length: CLIENTS }, (_, i) => ({ username: `soak-rider-${i}` })));
    const watchers = await benchUsers(cloud.ready, Array.from({ length: CHURNERS }, (_, i) => ({ username: `soak-watcher-${i}`, groups: i % 2 === 0 ? ['Dispatchers'] : [] })));
    const post = jsonPoster(cloud.ready.graphqlEndpoint, cloud.ready.caCertPem);
    const deadline = performance.now() + MINUTES * 60_000;
    const counts = { requests: 0, errors: 0, connections: 0, events: 0, churnErrors: 0 };
    const errorKinds = new Map<string, number>();
    const fail = (kind: string) => {
      counts.errors++;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    };
    const call = async (user: BenchUser, query: string, variables: Record<string, unknown>) => {
      counts.requests++;
      try {
        const response = await post(user.access, { query, variables });
        if (response.status !== 200) return fail(`HTTP ${response.status}`);
        if (response.body.errors?.length) return fail(`GraphQL ${response.body.errors[0].errorType ?? response.body.errors[0].message}`);
        return response.body.data;
      } catch (error) {
        return fail(`network ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
    };
    const documents = { create: print(RequestRideDocument), get: print(GetRideDocument), mine: print(MyRidesDocument), list: print(ListRidesDocument), cancel: print(CancelRideDocument), aliases: aliasQuery() };
    const client = async (user: BenchUser, n: number) => {
      const kept: string[] = [];
      for (let i = 0; performance.now() < deadline; i++) {
        const created = await call(user, documents.create, { pickup: { latitude: 47.6 + n / 100, longitude: -122.3 }, requestedAt: new Date().toISOString() });
        const id = created?.createRide?.id;
        if (id) await call(user, documents.get, { id });
        if (id && KEEP > 0) {
          kept.push(id);
          if (kept.length > KEEP) await call(user, documents.cancel, { id: kept.shift() });
        }
        if (id && ALIASES > 0 && n === 0 && i % ALIASES === 0) await call(user, documents.aliases, { id });
        await call(user, documents.mine, { owner: user.ownerKey, limit: 20 });
        if (i % 4 === 0) await call(user, documents.list, { limit: 20 });
      }
    };
    const asCloud = { graphqlEndpoint: cloud.ready.graphqlEndpoint, caCertPem: cloud.ready.caCertPem } as LocalCloud;
    const churner = async (user: BenchUser, n: number) => {
      for (let i = 0; performance.now() < deadline; i++) {
        let socket: RawRealtime | undefined;
        try {
          socket = await RawRealtime.connect(asCloud, { token: user.access });
          counts.connections++;
          await socket.init();
          await socket.subscribe('requested', user.access, print(OnRideRequestedDocument));
          await socket.subscribe('updated', user.access, print(OnRideUpdatedDocument));
          await new Promise((resolve) => setTimeout(resolve, 500 + ((n * 97 + i * 31) % 1500)));
          counts.events += socket.log.filter((frame) => frame.type === 'data').length;
          socket.send({ type: 'stop', id: 'requested' });
          socket.send({ type: 'stop', id: 'updated' });
          socket.close();
          await socket.closed;
        } catch (error) {
          counts.churnErrors++;
          errorKinds.set(`churn ${(error as Error).message.slice(0, 60)}`, (errorKinds.get(`churn ${(error as Error).message.slice(0, 60)}`) ?? 0) + 1);
          socket?.socket.terminate();
        }
      }
    };

    const samples: Array<{ at: number; stats: ChildStats }> = [];
    const handles = (stats: ChildStats) => Object.entries(stats.handles).map(([kind, count]) => `${kind} ${count}`).join(', ');
    const started = performance.now();
    const sample = async () => {
      const stats = await cloud.stats();
      const at = Math.round((performance.now() - started) / 1000);
      samples.push({ at, stats });
      const m = stats.memory;
      const kinds = rssKinds(cloud.pid);
      const split = kinds ? ` (anon ${kinds.anon.toFixed(0)}, file ${kinds.file.toFixed(0)}, shmem ${kinds.shmem.toFixed(0)})` : '';
      const store = dataDir ? `  LevelDB ${mb(folderBytes(dataDir))} MB` : '';
      console.log(
        `${String(at).padStart(4)} s  RSS ${mb(m.rss).padStart(5)} MB${split}${store}  heap ${mb(m.heapUsed).padStart(4)}/${mb(m.heapTotal).padStart(4)} MB  external ${mb(m.external).padStart(4)} MB  ` +
          `arrayBuffers ${mb(m.arrayBuffers).padStart(4)} MB  requests ${counts.requests}  connections ${counts.connections}  ` +
          `live ws ${stats.realtime.connections}/${stats.realtime.subscriptions} subs  request log ${stats.requestLog}  caches ${JSON.stringify(stats.caches)}  handles: ${handles(stats)}`,
      );
    };
    const data = KEEP > 0 ? `each client keeps its last ${KEEP} rides` : 'every ride kept';
    console.log(`bench/soak: ${CLIENTS} HTTP clients + ${CHURNERS} WebSocket churners for ${MINUTES} min, ${data}${ALIASES ? `, a 600-alias query every ${ALIASES} requests of client 0` : ''} (${IN_MEMORY ? 'dynalite in memory' : 'LevelDB folder'})`);
    await sample();
    const sampler = setInterval(() => void sample(), EVERY * 1000);
    await Promise.all([...riders.map((user, n) => client(user, n)), ...watchers.map((user, n) => churner(user, n))]);
    clearInterval(sampler);
    await sample();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const idle = await cloud.stats({ gc: true });

    const afterMinute = samples.find((s) => s.at >= 60) ?? samples[0]!;
    const last = samples[samples.length - 1]!;
    const growth = (100 * (last.stats.memory.rss - afterMinute.stats.memory.rss)) / afterMinute.stats.memory.rss;
    console.log(
      [
        '',
        `## bench/soak: ${CLIENTS} HTTP clients + ${CHURNERS} churners, ${MINUTES} min, ${data}`,
        `${counts.requests} requests (${counts.errors} errors), ${counts.connections} WebSocket connections (${counts.churnErrors} failed), ${counts.events} events received`,
        ...[...errorKinds].map(([kind, count]) => `- ${kind}: ${count}`),
        `RSS: ${mb(samples[0]!.stats.memory.rss)} MB at start, ${mb(afterMinute.stats.memory.rss)} MB after the first minute (${afterMinute.at} s), ${mb(last.stats.memory.rss)} MB at the end: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)}% after the first minute`,
        `Idle 5 s and a full GC: RSS ${mb(idle.memory.rss)} MB, heap used ${mb(idle.memory.heapUsed)} MB, external ${mb(idle.memory.external)} MB; live ws ${idle.realtime.connections}/${idle.realtime.subscriptions}; handles: ${handles(idle)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await cloud.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
