// The dispatch board (issue 16): rides of one status in one pickup zone, oldest first, through the
// SDK against the local cloud. Zones are derived by the API and never taken from a client; the
// board keys follow every status and pickup change, so a ride never lingers on a board it left.
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { fetchAuthSession } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allItems,
  cancelRide,
  ConflictError,
  dispatchBoard,
  dispatchRide,
  getRideForDispatch,
  InvalidLocationError,
  onRideRequested,
  requestRide,
  setRideStatus,
  zoneOf,
  type RideStatus,
  type WildRydesClient,
} from '../../../src/client/index.js';
import { signInRideCast } from '../../support/ride-cast.js';
import { rejectionOf, startClientTestCloud, within, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let rider: WildRydesClient;
let passenger: WildRydesClient;
let stranger: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;

const SEATTLE = { latitude: 47.6062, longitude: -122.3321 };
const TACOMA = { latitude: 47.2529, longitude: -122.4443 };

beforeAll(async () => {
  t = await startClientTestCloud();
  ({ rider, passenger, stranger, dispatcher, admin } = await signInRideCast(t));
});

afterAll(async () => {
  await t?.stop();
});

const board = (client: WildRydesClient, status: RideStatus, zone: string) =>
  allItems((nextToken) => dispatchBoard(client, { status, zone, nextToken, limit: 10 }));
const idsOn = async (client: WildRydesClient, status: RideStatus, zone: string) => (await board(client, status, zone)).map((r) => r.id);

/** A GraphQL request as this user, outside the SDK (for what the SDK would never send). */
async function raw(client: WildRydesClient, query: string, variables: Record<string, unknown>) {
  const token = (await fetchAuthSession(client.amplify)).tokens!.accessToken.toString();
  const response = await fetch(t.cloud.graphqlEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: token },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any> | null; errors?: Array<{ errorType?: string; message: string }> };
}

async function stored(id: string) {
  return (await getRideForDispatch(admin, id)) ?? undefined;
}

describe('pickup zones', () => {
  it('are the geohash of the pickup to 4 characters, computed by the API and by zoneOf alike', async () => {
    // Published geohash of Seattle's centre: c23nb62w2...; Tacoma: c22u...
    expect(zoneOf(SEATTLE)).toBe('c23n');
    expect(zoneOf(TACOMA)).toBe('c22u');
    expect(zoneOf({ latitude: -33.8688, longitude: 151.2093 })).toBe('r3gx'); // Sydney
    for (const pickup of [SEATTLE, TACOMA, { latitude: 90, longitude: 180 }, { latitude: -90, longitude: -180 }, { latitude: 0, longitude: 0 }]) {
      const ride = await requestRide(rider, { pickup });
      expect(ride.zone, JSON.stringify(pickup)).toBe(zoneOf(pickup));
    }
    expect(() => zoneOf({ latitude: 91, longitude: 0 })).toThrow(InvalidLocationError);
  });

  it('a pickup that is not on Earth is refused, and nothing is stored', async () => {
    const refused = await raw(rider, `mutation($input: CreateRideInput!) { createRide(input: $input) { id } }`, {
      input: { id: 'off-planet', pickup: { latitude: 91, longitude: 0 }, requestedAt: new Date().toISOString() },
    });
    expect(refused.data?.createRide).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringMatching(/latitude within -90 and 90/) });
    expect(await stored('off-planet')).toBeUndefined();
  });

  it('a client that sends a zone or a board key is refused (create and update, riders and Dispatchers), and nothing is written', async () => {
    for (const client of [rider, dispatcher, admin]) {
      for (const field of ['zone', 'statusZone']) {
        const id = `sent-${field}-${Math.random().toString(36).slice(2, 8)}`;
        const created = await raw(client, `mutation($input: CreateRideInput!) { createRide(input: $input) { id } }`, {
          input: { id, pickup: SEATTLE, requestedAt: new Date().toISOString(), [field]: field === 'zone' ? 'c22u' : 'REQUESTED#c22u' },
        });
        expect(created.data?.createRide).toBeNull();
        expect(created.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
        expect(await stored(id)).toBeUndefined();
      }
    }
    const ride = await requestRide(rider, { pickup: SEATTLE });
    for (const field of ['zone', 'statusZone']) {
      const updated = await raw(dispatcher, `mutation($input: UpdateRideInput!) { updateRide(input: $input) { id } }`, {
        input: { id: ride.id, [field]: field === 'zone' ? 'c22u' : 'REQUESTED#c22u' },
      });
      expect(updated.data?.updateRide).toBeNull();
      expect(updated.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    }
    expect(await stored(ride.id)).toMatchObject({ zone: 'c23n', status: 'REQUESTED', updatedAt: ride.updatedAt });
  });
});

describe('the board', () => {
  it('lists the rides of one status and zone, oldest first, in full pages', async () => {
    const base = Date.parse('2026-01-01T08:00:00Z');
    const made = [];
    for (let i = 0; i < 12; i++) {
      // Out of order on purpose: the board sorts by requestedAt, not by arrival.
      const requestedAt = new Date(base + ((i * 7) % 12) * 60_000).toISOString();
      made.push(await requestRide(rider, { pickup: { latitude: 40.7 + i * 0.001, longitude: -74.0 }, requestedAt }));
    }
    await requestRide(rider, { pickup: { latitude: 51.5, longitude: -0.12 } }); // London: another zone
    const zone = zoneOf({ latitude: 40.7, longitude: -74.0 });
    const first = await dispatchBoard(dispatcher, { status: 'REQUESTED', zone, limit: 5 });
    expect(first.items).toHaveLength(5);
    const all = await board(dispatcher, 'REQUESTED', zone);
    expect(all.map((r) => r.id).sort()).toEqual(made.map((r) => r.id).sort());
    expect(all.map((r) => r.requestedAt)).toEqual([...all.map((r) => r.requestedAt)].sort());
    expect(all.every((r) => r.zone === zone && r.status === 'REQUESTED')).toBe(true);
  });

  it('owners see their own rides on it, passengers the rides listing them, other riders none; the groups all', async () => {
    const portland = { latitude: 45.52, longitude: -122.68 }; // a zone no other test uses
    const zone = zoneOf(portland);
    const shared = await requestRide(rider, { pickup: portland, passengers: ['pat'] });
    const own = await requestRide(stranger, { pickup: portland });
    expect(await idsOn(rider, 'REQUESTED', zone)).toEqual([shared.id]);
    expect(await idsOn(passenger, 'REQUESTED', zone)).toEqual([shared.id]);
    expect(await idsOn(stranger, 'REQUESTED', zone)).toEqual([own.id]);
    for (const group of [dispatcher, admin]) expect((await idsOn(group, 'REQUESTED', zone)).sort()).toEqual([shared.id, own.id].sort());
  });
});

describe('the board follows the ride', () => {
  const zone = zoneOf(SEATTLE);

  it('dispatch moves it from REQUESTED to DISPATCHED, a status change on, a cancel off every board', async () => {
    const ride = await requestRide(rider, { pickup: SEATTLE });
    expect(await idsOn(dispatcher, 'REQUESTED', zone)).toContain(ride.id);

    await dispatchRide(dispatcher, { rideId: ride.id, unicornId: 'u-1', fare: 10 }); // reads the zone first
    expect(await idsOn(dispatcher, 'REQUESTED', zone)).not.toContain(ride.id);
    expect(await idsOn(dispatcher, 'DISPATCHED', zone)).toContain(ride.id);

    await setRideStatus(dispatcher, { rideId: ride.id, status: 'COMPLETED', zone }); // the caller knows the zone
    expect(await idsOn(dispatcher, 'DISPATCHED', zone)).not.toContain(ride.id);
    expect(await idsOn(dispatcher, 'COMPLETED', zone)).toContain(ride.id);

    const cancelled = await requestRide(rider, { pickup: SEATTLE });
    await setRideStatus(admin, { rideId: cancelled.id, status: 'CANCELLED' });
    expect(await idsOn(dispatcher, 'REQUESTED', zone)).not.toContain(cancelled.id);
    expect(await idsOn(dispatcher, 'CANCELLED', zone)).toContain(cancelled.id);

    const deleted = await requestRide(rider, { pickup: SEATTLE });
    await cancelRide(rider, deleted.id);
    for (const status of ['REQUESTED', 'DISPATCHED', 'COMPLETED', 'CANCELLED'] as const) {
      expect(await idsOn(admin, status, zone)).not.toContain(deleted.id);
    }
  });

  it('a pickup change moves it to the board of its new zone', async () => {
    const ride = await requestRide(rider, { pickup: SEATTLE });
    const moved = await raw(dispatcher, `mutation($input: UpdateRideInput!, $condition: ModelRideConditionInput) { updateRide(input: $input, condition: $condition) { id zone } }`, {
      input: { id: ride.id, pickup: TACOMA },
      condition: { status: { eq: 'REQUESTED' } },
    });
    expect(moved.errors).toBeUndefined();
    expect(moved.data?.updateRide.zone).toBe(zoneOf(TACOMA));
    expect(await idsOn(dispatcher, 'REQUESTED', zone)).not.toContain(ride.id);
    expect(await idsOn(dispatcher, 'REQUESTED', zoneOf(TACOMA))).toContain(ride.id);
  });

  it('a status change that does not name the ride\'s zone, or names another, is refused and writes nothing', async () => {
    const ride = await requestRide(rider, { pickup: SEATTLE });
    const before = await stored(ride.id);
    const update = `mutation($input: UpdateRideInput!, $condition: ModelRideConditionInput) { updateRide(input: $input, condition: $condition) { id } }`;
    const bare = await raw(dispatcher, update, { input: { id: ride.id, status: 'DISPATCHED' } });
    expect(bare.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringMatching(/condition: \{zone: \{eq/) });
    const pickupOnly = await raw(dispatcher, update, { input: { id: ride.id, pickup: TACOMA } });
    expect(pickupOnly.errors?.[0]).toMatchObject({ errorType: 'ValidationError', message: expect.stringMatching(/condition: \{status: \{eq/) });
    const elsewhere = await raw(dispatcher, update, { input: { id: ride.id, status: 'DISPATCHED' }, condition: { zone: { eq: 'c22u' } } });
    expect(elsewhere.errors?.[0]?.errorType).toMatch(/ConditionalCheckFailed/);
    expect(await stored(ride.id)).toEqual(before);
    expect(await idsOn(dispatcher, 'REQUESTED', zone)).toContain(ride.id);
    // Through the SDK a stale zone is a ConflictError the caller can act on.
    expect(await rejectionOf(setRideStatus(dispatcher, { rideId: ride.id, status: 'DISPATCHED', zone: 'c22u' }))).toBeInstanceOf(ConflictError);
    expect(await rejectionOf(setRideStatus(dispatcher, { rideId: 'no-such-ride', status: 'DISPATCHED' }))).toBeInstanceOf(ConflictError);
  });

  it('a ride stored before zones existed gets its zone from its pickup on its next status change', async () => {
    const now = new Date().toISOString();
    await t.cloud.dynamodb.client.send(
      new PutItemCommand({
        TableName: t.cloud.dynamodb.tables.Ride,
        Item: marshall({ id: 'legacy-ride', __typename: 'Ride', pickup: SEATTLE, requestedAt: now, status: 'REQUESTED', owner: 'x::legacy', createdAt: now, updatedAt: now }),
      }),
    );
    await dispatchRide(dispatcher, { rideId: 'legacy-ride', unicornId: 'u-2' });
    expect(await stored('legacy-ride')).toMatchObject({ zone, status: 'DISPATCHED' });
    expect(await idsOn(dispatcher, 'DISPATCHED', zone)).toContain('legacy-ride');
  });
});

describe('new requests, live', () => {
  it('a dispatcher subscribed to one zone gets the requests of that zone, with their zone', async () => {
    const zone = zoneOf({ latitude: 35.68, longitude: 139.69 }); // Tokyo
    const events = onRideRequested(dispatcher, { zone: { eq: zone } });
    try {
      await events.ready;
      await requestRide(rider, { pickup: { latitude: 48.85, longitude: 2.35 } }); // Paris: not this zone
      const ride = await requestRide(rider, { pickup: { latitude: 35.68, longitude: 139.69 } });
      const first = await within(events[Symbol.asyncIterator]().next());
      expect(first.value).toMatchObject({ id: ride.id, zone, status: 'REQUESTED' });
    } finally {
      events.close();
    }
  });
});
