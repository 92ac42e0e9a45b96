// `npm run bench:fairness`: does one heavy request stall everyone else? getRide latency (p50, p99) from
// several clients, first alone, then while one client sends a request of many aliased `listRides`
// back to back, in one run on the same tables. Prints both and the ratio (the goal: p99 within 3x).
//
// The heavy request is as large as the modelled limits let it be at the chosen alias count: each alias
// is one resolver invocation, so up to 10,000 aliases pass the API's ResolverCountLimit; the default
// 1,000 is the figure of the reliability issue. Not a test: numbers depend on the machine.
//
// Options (environment): FAIR_RIDES (1000 rides in the table), FAIR_ALIASES (1000), FAIR_CLIENTS (8),
// FAIR_SECONDS (10 per phase), BENCH_PROJECT (the Amplify project; default the current folder).
import { resolve } from 'node:path';
import { findAppSyncApi } from '../src/compiler/amplify-project.js';
import { readBuildFolder } from '../src/local/appsync/api-definition.js';
import { apiBuildDir, startLocalCloud } from '../src/local/cloud.js';
import { benchUsers, jsonPoster, type JsonPost } from './bench-session.js';
import { putRides, seededRides } from './seeded-rides.js';

const RIDES = Number(process.env.FAIR_RIDES ?? 1_000);
const ALIASES = Number(process.env.FAIR_ALIASES ?? 1_000);
const CLIENTS = Number(process.env.FAIR_CLIENTS ?? 8);
const SECONDS = Number(process.env.FAIR_SECONDS ?? 10);
const ROOT = resolve(process.env.BENCH_PROJECT ?? process.cwd());

const GET_RIDE = 'query ($id: ID!) { getRide(id: $id) { id requestedAt status owner pickup { latitude longitude } } }';
const heavyQuery = (aliases: number) =>
  `query Heavy { ${Array.from({ length: aliases }, (_, i) => `r${i}: listRides(limit: 100) { items { id status requestedAt } }`).join(' ')} }`;

interface Phase {
  samples: number[];
  errors: number;
  heavy: { count: number; ms: number[]; statuses: Map<string, number> };
}

async function main(): Promise<void> {
  const apiName = findAppSyncApi(ROOT);
  const cloud = await startLocalCloud({ projectRoot: ROOT, api: readBuildFolder(apiBuildDir(ROOT, apiName)), ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} });
  try {
    const [rider, dispatcher] = await benchUsers(cloud, [{ username: 'fair-rider' }, { username: 'fair-dispatcher', groups: ['Dispatchers'] }]);
    const rideId = await seed(cloud, rider!.ownerKey);
    const posts = Array.from({ length: CLIENTS }, () => jsonPoster(cloud.graphqlEndpoint, cloud.caCertPem));
    const heavyPost = jsonPoster(cloud.graphqlEndpoint, cloud.caCertPem);
    const heavy = heavyQuery(ALIASES);
    console.log(`${RIDES} rides; ${CLIENTS} clients calling getRide for ${SECONDS} s per phase; the heavy request: ${ALIASES} aliases of listRides(limit: 100), ${Buffer.byteLength(heavy)} bytes`);

    // Warm up: documents parsed and cached, sockets open, the JIT settled.
    await runPhase(posts, rider!.access, rideId, 2, undefined);
    const alone = await runPhase(posts, rider!.access, rideId, SECONDS, undefined);
    const contended = await runPhase(posts, rider!.access, rideId, SECONDS, { post: heavyPost, token: dispatcher!.access, query: heavy });

    const row = (name: string, phase: Phase) =>
      `${name.padEnd(28)} n=${String(phase.samples.length).padStart(6)}  p50 ${pct(phase.samples, 50).toFixed(1).padStart(7)} ms  p99 ${pct(phase.samples, 99).toFixed(1).padStart(7)} ms  errors ${phase.errors}`;
    console.log('\ngetRide latency');
    console.log(row('alone', alone));
    console.log(row(`with ${ALIASES}-alias listRides`, contended));
    console.log(`ratio  p50 ${(pct(contended.samples, 50) / pct(alone.samples, 50)).toFixed(2)}x   p99 ${(pct(contended.samples, 99) / pct(alone.samples, 99)).toFixed(2)}x   (goal: p99 <= 3x)`);
    const h = contended.heavy;
    console.log(
      `heavy requests completed: ${h.count}, each ${h.ms.map((ms) => (ms / 1000).toFixed(1)).join(', ')} s; answers: ${[...h.statuses].map(([k, v]) => `${k} x${v}`).join(', ')}`,
    );
  } finally {
    await cloud.close();
  }
}

/** CLIENTS loops of getRide for `seconds`; with `heavy`, one more client sends it back to back meanwhile. */
async function runPhase(posts: JsonPost[], token: string, rideId: string, seconds: number, heavy: { post: JsonPost; token: string; query: string } | undefined): Promise<Phase> {
  const phase: Phase = { samples: [], errors: 0, heavy: { count: 0, ms: [], statuses: new Map() } };
  const until = performance.now() + seconds * 1000;
  let heavyInFlight: Promise<void> = Promise.resolve();
  if (heavy) {
    heavyInFlight = (async () => {
      while (performance.now() < until) {
        const { status, body, ms } = await heavy.post(heavy.token, { query: heavy.query });
        phase.heavy.count++;
        phase.heavy.ms.push(ms);
        const kind = status !== 200 ? `HTTP ${status}` : body.errors ? `errors (${body.errors[0].errorType ?? body.errors[0].message})` : 'data';
        phase.heavy.statuses.set(kind, (phase.heavy.statuses.get(kind) ?? 0) + 1);
      }
    })();
    // The heavy request is in flight before the first measured getRide.
    await new Promise((r) => setTimeout(r, 200));
  }
  await Promise.all(
    posts.map(async (post) => {
      while (performance.now() < until) {
        const { status, body, ms } = await post(token, { query: GET_RIDE, variables: { id: rideId } });
        if (status !== 200 || body.data?.getRide?.id !== rideId) phase.errors++;
        else phase.samples.push(ms);
      }
    }),
  );
  await heavyInFlight;
  return phase;
}

function pct(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** RIDES rides of 10 riders; returns the id of one of the bench rider's. */
async function seed(cloud: Awaited<ReturnType<typeof startLocalCloud>>, riderOwnerKey: string): Promise<string> {
  const rides = seededRides({ count: RIDES, riders: 10, riderOwnerKey });
  await putRides(cloud.dynamodb, cloud.dynamodb.tables.Ride!, rides);
  return rides.riderRides.at(-1)!;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
