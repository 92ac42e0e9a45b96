// `npm run bench:load-model`: a scaled-down day of the traffic model (bench/traffic-model.ts) replayed
// against the local cloud, with the SDK's own operation documents, so that the items read and
// written per request that docs/scale.md states are measured, not assumed.
//
// Scale: riders / SCALE_DOWN of the model, so a day has riders x ridesPerRiderPerDay rides; the
// table first holds HISTORY_DAYS of such days (seeded straight into the store). Each ride then
// runs its life as the model says: requested (30% with a passenger), the zone's board loaded by a
// Dispatcher as often as the model's Dispatchers load it per ride, read by its owner (getRide,
// "my rides"), dispatched from the board, its passenger's "rides I'm on", completed (or cancelled
// by its owner). Counted on the engine's DynamoDB client: items read (ScannedCount, or 1 per
// GetItem that found its item) and base-table items written per request, per operation.
//
// Options (environment): LOAD_SCALE_DOWN (5000), LOAD_HISTORY_DAYS (30).
import { randomUUID } from 'node:crypto';
import { print, type DocumentNode } from 'graphql';
import { marshall } from '@aws-sdk/util-dynamodb';
import { zoneOf } from '../src/client/zones.js';
import { findAppSyncApi } from '../src/compiler/amplify-project.js';
import { staleBuildReasons } from '../src/compiler/build-freshness.js';
import {
  CancelRideDocument,
  DispatchBoardDocument,
  DispatchRideDocument,
  GetRideDocument,
  ListRidesDocument,
  MyRidesDocument,
  RequestRideDocument,
  SetRideStatusDocument,
} from '../src/generated/graphql.js';
import { readBuildFolder } from '../src/local/appsync/api-definition.js';
import { apiBuildDir, startLocalCloud } from '../src/local/cloud.js';
import { benchUsers, graphqlPoster, type BenchUser } from './bench-session.js';
import { countDynamoDbReads } from './dynamodb-reads.js';
import { seedTable, withCapturedStore } from './store-seeder.js';
import { MODEL, peakRates } from './traffic-model.js';

const SCALE_DOWN = Number(process.env.LOAD_SCALE_DOWN ?? 5000);
const HISTORY_DAYS = Number(process.env.LOAD_HISTORY_DAYS ?? 30);
const ROOT = process.cwd();
const ACTIVE_RIDERS = 20;
const CITIES = [
  { latitude: 47.6062, longitude: -122.3321 },
  { latitude: 45.52, longitude: -122.68 },
  { latitude: 37.77, longitude: -122.42 },
  { latitude: 40.71, longitude: -74.01 },
];

interface Tally {
  requests: number;
  itemsRead: number;
  maxRead: number;
  written: number;
}

async function main(): Promise<void> {
  const apiName = findAppSyncApi(ROOT);
  if (staleBuildReasons(ROOT, apiName).length > 0) throw new Error('the API build is stale: run npm run compile first');
  const { started: cloud, store } = await withCapturedStore(() =>
    startLocalCloud({ projectRoot: ROOT, api: readBuildFolder(apiBuildDir(ROOT, apiName)), ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} }),
  );
  try {
    const riders = await benchUsers(cloud, Array.from({ length: ACTIVE_RIDERS }, (_, i) => ({ username: `load-rider-${i}` })));
    const [dispatcher] = await benchUsers(cloud, [{ username: 'load-dispatcher', groups: ['Dispatchers'] }]);
    const ridesPerDay = Math.round((MODEL.riders / SCALE_DOWN) * MODEL.ridesPerRiderPerDay);
    const history = ridesPerDay * HISTORY_DAYS;
    await seedHistory(store, cloud.dynamodb.tables.Ride!, history, riders);
    console.log(`table: ${history.toLocaleString('en-US')} rides of history (${HISTORY_DAYS} days of ${ridesPerDay}); replaying one day of ${ridesPerDay} rides…`);

    const post = graphqlPoster(cloud);
    const reads = countDynamoDbReads(cloud.engine.simulator);
    const tallies = new Map<string, Tally>();
    const call = async (operation: string, user: BenchUser, document: DocumentNode, variables: Record<string, unknown>) => {
      reads.reset();
      const response = await post(user.access, print(document), variables);
      if (response.status !== 200 || response.body.errors) throw new Error(`${operation}: ${JSON.stringify(response.body).slice(0, 400)}`);
      const { itemsRead, calls } = reads.read();
      const written = (calls.PutItem ?? 0) + (calls.UpdateItem ?? 0) + (calls.DeleteItem ?? 0);
      const tally = tallies.get(operation) ?? { requests: 0, itemsRead: 0, maxRead: 0, written: 0 };
      tally.requests++;
      tally.itemsRead += itemsRead;
      tally.maxRead = Math.max(tally.maxRead, itemsRead);
      tally.written += written;
      tallies.set(operation, tally);
      return response.body.data;
    };

    const { rates, ridesPerSecond } = peakRates();
    const boardPagesPerRide = rates.dispatchBoard! / ridesPerSecond;
    let boardDebt = 0;
    const started = performance.now();
    for (let r = 0; r < ridesPerDay; r++) {
      const owner = riders[r % riders.length]!;
      const passenger = r % 10 < MODEL.sharedRideShare * 10 ? riders[(r + 1) % riders.length]! : undefined;
      const pickup = CITIES[r % CITIES.length]!;
      const zone = zoneOf(pickup);
      const created = await call('createRide', owner, RequestRideDocument, { pickup, requestedAt: new Date().toISOString(), passengers: passenger ? [passenger.username] : undefined });
      const rideId = created.createRide.id as string;
      for (boardDebt += boardPagesPerRide; boardDebt >= 1; boardDebt--) {
        await call('dispatchBoard', dispatcher!, DispatchBoardDocument, { statusZone: `REQUESTED#${zone}`, limit: 50 });
      }
      for (let i = 0; i < MODEL.getRidePerRide; i++) await call('getRide', owner, GetRideDocument, { id: rideId });
      await call('myRides', owner, MyRidesDocument, { owner: owner.ownerKey, limit: 20 });
      const cancelled = r % 100 < MODEL.cancelledShare * 100;
      if (cancelled) {
        await call('cancelRide', owner, CancelRideDocument, { id: rideId });
      } else {
        await call('dispatchRide', dispatcher!, DispatchRideDocument, { id: rideId, unicornId: 'u-1', fare: 12, condition: { zone: { eq: zone } } });
      }
      if (passenger) {
        // "Rides I'm on": listRides as the passenger, every page (what allItems(listRides) does).
        const perPage = 'ridesImOn (listRides, per page)';
        const readBefore = tallies.get(perPage)?.itemsRead ?? 0;
        let nextToken: string | null = null;
        do {
          const data = await call(perPage, passenger, ListRidesDocument, { limit: 100, nextToken });
          nextToken = data.listRides.nextToken;
        } while (nextToken);
        const read = tallies.get(perPage)!.itemsRead - readBefore;
        const perCall = tallies.get('ridesImOn (all pages)') ?? { requests: 0, itemsRead: 0, maxRead: 0, written: 0 };
        perCall.requests++;
        perCall.itemsRead += read;
        perCall.maxRead = Math.max(perCall.maxRead, read);
        tallies.set('ridesImOn (all pages)', perCall);
      }
      if (!cancelled) await call('setRideStatus', dispatcher!, SetRideStatusDocument, { id: rideId, status: 'COMPLETED', condition: { zone: { eq: zone } } });
    }
    report(tallies, { history, ridesPerDay, seconds: (performance.now() - started) / 1000 });
  } finally {
    await cloud.close();
  }
}

async function seedHistory(store: Parameters<typeof seedTable>[0], table: string, count: number, riders: BenchUser[]): Promise<void> {
  const items = [];
  for (let i = 0; i < count; i++) {
    const pickup = CITIES[i % CITIES.length]!;
    const zone = zoneOf(pickup);
    const at = new Date(Date.parse('2026-01-01T00:00:00Z') + i * 60_000).toISOString();
    const status = i % 20 === 0 ? 'CANCELLED' : 'COMPLETED';
    const owner = i % 4 === 0 ? riders[i % riders.length]!.ownerKey : `00000000-0000-4000-8000-${String(i % 5000).padStart(12, '0')}::rider-${i % 5000}`;
    const passengers = i % 10 < 3 ? [riders[(i + 3) % riders.length]!.username] : undefined;
    items.push(marshall({ id: randomUUID(), __typename: 'Ride', owner, passengers, requestedAt: at, pickup, zone, status, statusZone: `${status}#${zone}`, fare: 10, createdAt: at, updatedAt: at }, { removeUndefinedValues: true }));
  }
  await seedTable(store, table, items);
}

function report(tallies: Map<string, Tally>, run: { history: number; ridesPerDay: number; seconds: number }): void {
  const { rates, ridesPerSecond, cognitoUserAuthentication, realtimeConnections, realtimeMessagesPerSecond } = peakRates();
  const modelTable = MODEL.riders * MODEL.ridesPerRiderPerDay * MODEL.retentionDays;
  const localTable = run.history + run.ridesPerDay;
  const modelRate: Record<string, number | undefined> = {
    createRide: rates.createRide,
    dispatchBoard: rates.dispatchBoard,
    getRide: rates.getRide,
    myRides: rates.myRides,
    dispatchRide: rates.dispatchRide,
    setRideStatus: rates.setRideStatus,
    cancelRide: rates.cancelRide,
    'ridesImOn (all pages)': rates.ridesImOn,
  };
  const f = (x: number, digits = 1) => x.toLocaleString('en-US', { maximumFractionDigits: digits });
  const lines = [
    '',
    `## Load model: one day of the traffic model at 1/${f(SCALE_DOWN, 0)} scale (${run.ridesPerDay} rides over ${f(run.history, 0)} rides of history; ${f(run.seconds)} s)`,
    '',
    `Model (bench/traffic-model.ts): ${f(MODEL.riders, 0)} riders, ${MODEL.ridesPerRiderPerDay} rides per rider per day, peak factor ${MODEL.peakFactor}: ${f(ridesPerSecond)} rides/s at peak.`,
    '',
    '| operation | requests here | items read per request, mean / max | base-table items written per request | model peak req/s | items read per request at the model\'s table (365 days) |',
    '|---|---|---|---|---|---|',
  ];
  for (const [operation, t] of tallies) {
    const mean = t.itemsRead / t.requests;
    // A Scan reads the table: its cost grows with the table; a Query or GetItem does not.
    const scans = operation.startsWith('ridesImOn');
    const atModel = scans ? `~${f((mean * modelTable) / localTable, 0)} (grows with the table)` : `${f(mean)} (the same)`;
    lines.push(`| ${operation} | ${t.requests} | ${f(mean)} / ${t.maxRead} | ${f(t.written / t.requests, 2)} | ${modelRate[operation] === undefined ? '' : f(modelRate[operation]!)} | ${atModel} |`);
  }
  lines.push(
    '',
    `Also at the model's peak: Cognito UserAuthentication ${f(cognitoUserAuthentication)} req/s; ${f(realtimeConnections, 0)} real-time connections; ${f(realtimeMessagesPerSecond)} real-time messages/s.`,
    '',
  );
  console.log(lines.join('\n'));
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
