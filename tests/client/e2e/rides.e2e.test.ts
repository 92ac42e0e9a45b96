// Riders, passengers and strangers on rides, through the client against the local cloud: request
// with passengers, read, list, "my rides" paging, cancel; and what each of them is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allItems,
  cancelRide,
  currentUser,
  getRide,
  listRides,
  myRides,
  NotAuthorizedError,
  requestRide,
  runOperation,
  type RideDetails,
  type WildRydesClient,
} from '../../../src/client/index.js';
import { MyRidesDocument } from '../../../src/generated/graphql.js';
import { signInRideCast } from '../../support/ride-cast.js';
import { rejectionOf, startClientTestCloud, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let rider: WildRydesClient;
let passenger: WildRydesClient;
let stranger: WildRydesClient;
let admin: WildRydesClient;
let dispatcher: WildRydesClient;
let ride: RideDetails;

const pickup = { latitude: 47.6062, longitude: -122.3321 };

beforeAll(async () => {
  t = await startClientTestCloud();
  ({ rider, passenger, stranger, dispatcher, admin } = await signInRideCast(t));
  ride = await requestRide(rider, { pickup, passengers: ['pat'] });
});

afterAll(async () => {
  await t?.stop();
});

describe('a rider', () => {
  it('requests a ride with a passenger: REQUESTED, owned by them, no unicorn yet', () => {
    expect(ride).toMatchObject({ pickup, status: 'REQUESTED', owner: 'riley', passengers: ['pat'], unicornId: null, fare: null });
    expect(Date.parse(ride.requestedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('reads it, finds it among their rides and in their list', async () => {
    expect(await getRide(rider, ride.id)).toEqual({ ...ride, unicorn: null });
    expect((await myRides(rider)).items.map((r) => r.id)).toContain(ride.id);
    expect((await allItems((nextToken) => listRides(rider, { nextToken }))).map((r) => r.id)).toContain(ride.id);
  });

  it('cannot read "my rides" of another rider', async () => {
    const { storedOwner } = await currentUser(rider);
    const result = await runOperation(stranger, MyRidesDocument, { owner: storedOwner }).then(
      (data) => data.myRides?.items ?? [],
      (error: unknown) => error,
    );
    if (Array.isArray(result)) expect(result).toEqual([]);
    else expect(result).toBeInstanceOf(NotAuthorizedError);
  });
});

describe('a passenger', () => {
  it('reads the ride and lists it, but it is not among their own rides', async () => {
    expect((await getRide(passenger, ride.id))?.owner).toBe('riley');
    expect((await allItems((nextToken) => listRides(passenger, { nextToken }))).map((r) => r.id)).toEqual([ride.id]);
    expect((await myRides(passenger)).items).toEqual([]);
  });

  it('cannot cancel it', async () => {
    const refused = await rejectionOf(cancelRide(passenger, ride.id));
    expect(refused).toBeInstanceOf(NotAuthorizedError);
    expect(await getRide(rider, ride.id)).not.toBeNull();
  });
});

describe('a stranger', () => {
  it('cannot read the ride: null and an Unauthorized error at getRide', async () => {
    const refused = (await rejectionOf(getRide(stranger, ride.id))) as NotAuthorizedError;
    expect(refused).toBeInstanceOf(NotAuthorizedError);
    expect(refused.path).toEqual(['getRide']);
    expect(refused.errorType).toBe('Unauthorized');
    expect(refused.data).toEqual({ getRide: null });
  });

  it('never sees it in a list', async () => {
    expect(await allItems((nextToken) => listRides(stranger, { nextToken }))).toEqual([]);
  });

  it('cannot cancel it', async () => {
    await expect(cancelRide(stranger, ride.id)).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});

describe('cancelling', () => {
  it('the owner cancels their own ride; then it is gone', async () => {
    const own = await requestRide(rider, { pickup });
    expect((await cancelRide(rider, own.id)).id).toBe(own.id);
    expect(await getRide(rider, own.id)).toBeNull();
    // As deployed: the delete's auth step reads the item first, and a missing item has no owner.
    const twice = await rejectionOf(cancelRide(rider, own.id));
    expect(twice).toBeInstanceOf(NotAuthorizedError);
  });

  it('Dispatchers may not cancel a ride; Admins may cancel anyone\'s', async () => {
    const other = await requestRide(stranger, { pickup });
    await expect(cancelRide(dispatcher, other.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await cancelRide(admin, other.id)).owner).toBe('sam');
  });
});

describe('"my rides" paging', () => {
  it('pages through more rides than one page, newest first, each page full, nothing twice', async () => {
    const client = await t.user('frequent');
    const start = Date.parse('2026-03-01T08:00:00.000Z');
    const created: RideDetails[] = [];
    for (let i = 0; i < 7; i++) created.push(await requestRide(client, { pickup, requestedAt: new Date(start + i * 60_000) }));

    const pages: RideDetails[][] = [];
    let nextToken: string | null = null;
    do {
      const page = await myRides(client, { limit: 3, nextToken });
      pages.push(page.items);
      nextToken = page.nextToken;
    } while (nextToken);
    expect(pages.slice(0, 2).map((p) => p.length)).toEqual([3, 3]);
    expect(pages.flat().map((r) => r.id)).toEqual(created.map((r) => r.id).reverse());

    const oldestFirst = await allItems((token) => myRides(client, { limit: 2, nextToken: token, sortDirection: 'ASC' }));
    expect(oldestFirst.map((r) => r.requestedAt)).toEqual(created.map((r) => r.requestedAt));
  });
});
