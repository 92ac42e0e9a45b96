// Dispatchers and Admins on rides, and what riders see of their work: the queue, dispatching a
// unicorn with fare and note, status changes, one rider's rides; the note stays theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allItems,
  createUnicorn,
  currentUser,
  dispatchRide,
  getRide,
  getRideForDispatch,
  NotAuthorizedError,
  requestRide,
  ridesForDispatch,
  ridesOfRider,
  runOperation,
  setRideStatus,
  type RideDetails,
  type Unicorn,
  type WildRydesClient,
} from '../../../src/client/index.js';
import { GetRideForDispatchDocument } from '../../../src/generated/graphql.js';
import { rejectionOf, startClientTestCloud, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let rider: WildRydesClient;
let passenger: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;
let unicorn: Unicorn;
let ride: RideDetails;

beforeAll(async () => {
  t = await startClientTestCloud();
  [rider, passenger, dispatcher, admin] = await Promise.all([
    t.user('riley'),
    t.user('pat'),
    t.user('dana', ['Dispatchers']),
    t.user('ada', ['Admins']),
  ]);
  unicorn = await createUnicorn(admin, { name: 'Shadowfax', color: 'white', breed: 'Mearas', available: true });
  ride = await requestRide(rider, { pickup: { latitude: 47.6, longitude: -122.3 }, passengers: ['pat'] });
});

afterAll(async () => {
  await t?.stop();
});

describe('a dispatcher', () => {
  it('finds the request in the queue of REQUESTED rides', async () => {
    const queue = await allItems((nextToken) => ridesForDispatch(dispatcher, { status: 'REQUESTED', nextToken }));
    expect(queue.map((r) => r.id)).toContain(ride.id);
    expect(queue.every((r) => r.status === 'REQUESTED')).toBe(true);
  });

  it('dispatches a unicorn with a fare and a note; the result leaves unicorn and note out, a read has them', async () => {
    const dispatched = await dispatchRide(dispatcher, { rideId: ride.id, unicornId: unicorn.id, fare: 12.5, note: 'meet at the north gate' });
    expect(dispatched).toMatchObject({ id: ride.id, status: 'DISPATCHED', unicornId: unicorn.id, fare: 12.5, owner: 'riley', passengers: ['pat'] });
    const read = await getRideForDispatch(dispatcher, ride.id);
    expect(read).toMatchObject({ status: 'DISPATCHED', dispatcherNote: 'meet at the north gate', unicorn: { id: unicorn.id, name: 'Shadowfax' } });
  });

  it('reads one rider\'s rides by their stored owner value', async () => {
    const { storedOwner } = await currentUser(rider);
    const rides = await ridesOfRider(dispatcher, { storedOwner });
    expect(rides.items.map((r) => [r.id, r.dispatcherNote])).toEqual([[ride.id, 'meet at the north gate']]);
  });

  it('completes the ride', async () => {
    expect((await setRideStatus(dispatcher, { rideId: ride.id, status: 'COMPLETED' })).status).toBe('COMPLETED');
    expect((await getRide(rider, ride.id))?.status).toBe('COMPLETED');
  });
});

describe('the rider and the passenger', () => {
  it('see the unicorn, the fare and the status, not the note', async () => {
    for (const client of [rider, passenger]) {
      const seen = await getRide(client, ride.id);
      expect(seen).toMatchObject({ status: 'COMPLETED', fare: 12.5, unicornId: unicorn.id, unicorn: { name: 'Shadowfax', color: 'white' } });
      expect(seen).not.toHaveProperty('dispatcherNote');
    }
  });

  it('get null and an Unauthorized error for the note if they ask for it anyway (why rider operations never select it)', async () => {
    const refused = (await rejectionOf(runOperation(rider, GetRideForDispatchDocument, { id: ride.id }))) as NotAuthorizedError;
    expect(refused).toBeInstanceOf(NotAuthorizedError);
    expect(refused.path).toEqual(['getRide', 'dispatcherNote']);
    expect(refused.data).toMatchObject({ getRide: { id: ride.id, status: 'COMPLETED', dispatcherNote: null } });
  });

  it('may not dispatch, change the status or read the queue\'s notes', async () => {
    await expect(dispatchRide(rider, { rideId: ride.id, unicornId: unicorn.id })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(setRideStatus(passenger, { rideId: ride.id, status: 'CANCELLED' })).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await getRide(rider, ride.id))?.status).toBe('COMPLETED');
    await expect(ridesForDispatch(rider)).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});

describe('an admin', () => {
  it('dispatches and reads notes like a dispatcher', async () => {
    const another = await requestRide(rider, { pickup: { latitude: 1, longitude: 2 } });
    await dispatchRide(admin, { rideId: another.id, unicornId: unicorn.id, note: 'admin on duty' });
    expect((await getRideForDispatch(admin, another.id))?.dispatcherNote).toBe('admin on duty');
  });
});
