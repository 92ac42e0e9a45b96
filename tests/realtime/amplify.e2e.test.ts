// Subscriptions through the real aws-amplify client (the SDK's onRideUpdated etc.) against the local
// cloud's realtime endpoint: who receives what is decided by the transformer's subscription
// resolvers (owner, passengers, groups), events arrive (how fast is for bench/), client-side filters narrow
// them, unsubscribing stops them, and a subscription the caller may not make is refused.
//
// All the users of this file share one WebSocket: Amplify keeps one per endpoint, and each start
// carries its own user's token.
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelRide,
  createUnicorn,
  dispatchRide,
  NotAuthorizedError,
  onRideCancelled,
  onRideRequested,
  onRideUpdated,
  requestRide,
  setRideStatus,
  subscribe,
  type LiveSubscription,
  type RideDetails,
  type Unicorn,
  type WildRydesClient,
} from '../../src/client/index.js';
import { signInRideCast } from '../support/ride-cast.js';
import { startRealtimeTestCloud, within, type RealtimeTestCloud } from './helpers.js';

let t: RealtimeTestCloud;
let rider: WildRydesClient;
let passenger: WildRydesClient;
let stranger: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;
let unicorn: Unicorn;
const pickup = { latitude: 47.6, longitude: -122.3 };

beforeAll(async () => {
  t = await startRealtimeTestCloud();
  ({ rider, passenger, stranger, dispatcher, admin } = await signInRideCast(t));
  unicorn = await createUnicorn(admin, { name: 'Shadowfax', color: 'white', available: true });
});

afterAll(async () => {
  await t?.stop();
});

async function ready(...subscriptions: Array<LiveSubscription<unknown>>): Promise<void> {
  await within(Promise.all(subscriptions.map((s) => s.ready)), 10_000, 'the start_acks');
}

/** The next event. */
async function nextEvent<T>(subscription: LiveSubscription<T>, what = 'the event'): Promise<{ value: T }> {
  const { value, done } = await within(subscription.next(), 10_000, what);
  if (done) throw new Error(`${what}: the subscription ended`);
  return { value };
}

describe('ride updates', () => {
  it('reach the owner, and the passenger, Dispatchers and Admins; never another rider', async () => {
    const forRider = onRideUpdated(rider);
    const forPassenger = onRideUpdated(passenger);
    const forStranger = onRideUpdated(stranger);
    const forDispatcher = onRideUpdated(dispatcher);
    const forAdmin = onRideUpdated(admin);
    const all = [forRider, forPassenger, forStranger, forDispatcher, forAdmin];
    try {
      await ready(...all);
      const ride = await requestRide(rider, { pickup, passengers: ['pat'] });
      await dispatchRide(dispatcher, { rideId: ride.id, unicornId: unicorn.id, fare: 9.5, note: 'not for riders' });

      const expected = { id: ride.id, status: 'DISPATCHED', unicornId: unicorn.id, fare: 9.5, owner: 'riley', passengers: ['pat'] };
      const { value } = await nextEvent(forRider, "the owner's event");
      expect(value).toMatchObject(expected);
      expect(value).not.toHaveProperty('dispatcherNote');
      for (const events of [forPassenger, forDispatcher, forAdmin]) expect((await nextEvent(events)).value).toMatchObject(expected);

      // The stranger's first event is their own ride's, dispatched after riley's: riley's never came.
      const own = await requestRide(stranger, { pickup });
      await setRideStatus(dispatcher, { rideId: own.id, status: 'DISPATCHED' });
      expect((await nextEvent(forStranger, "the stranger's own ride")).value.id).toBe(own.id);
    } finally {
      for (const events of all) events.close();
    }
  });

  it("narrow further with the client's filter argument", async () => {
    const first = await requestRide(rider, { pickup });
    const second = await requestRide(rider, { pickup });
    const onlySecond = onRideUpdated(rider, { id: { eq: second.id } });
    const dispatched = onRideUpdated(rider, { status: { eq: 'DISPATCHED' } });
    try {
      await ready(onlySecond, dispatched);
      await setRideStatus(dispatcher, { rideId: first.id, status: 'DISPATCHED' });
      await setRideStatus(dispatcher, { rideId: second.id, status: 'COMPLETED' });
      expect((await nextEvent(onlySecond)).value).toMatchObject({ id: second.id, status: 'COMPLETED' });
      expect((await nextEvent(dispatched)).value).toMatchObject({ id: first.id, status: 'DISPATCHED' });
      await setRideStatus(dispatcher, { rideId: second.id, status: 'DISPATCHED' });
      expect((await nextEvent(dispatched)).value).toMatchObject({ id: second.id, status: 'DISPATCHED' });
    } finally {
      onlySecond.close();
      dispatched.close();
    }
  });

  it('stop after unsubscribing', async () => {
    const ride = await requestRide(rider, { pickup, passengers: ['pat'] });
    const leaving = onRideUpdated(rider);
    const staying = onRideUpdated(passenger);
    try {
      await ready(leaving, staying);
      await setRideStatus(dispatcher, { rideId: ride.id, status: 'DISPATCHED' });
      expect((await nextEvent(leaving)).value.id).toBe(ride.id);
      expect((await nextEvent(staying)).value.id).toBe(ride.id);

      const before = t.cloud.realtime.stats().subscriptions;
      leaving.close();
      // Amplify sends the stop; the server drops the subscription.
      await within(waitFor(() => t.cloud.realtime.stats().subscriptions === before - 1), 5_000, 'the stop');
      await setRideStatus(dispatcher, { rideId: ride.id, status: 'COMPLETED' });
      expect((await nextEvent(staying)).value).toMatchObject({ id: ride.id, status: 'COMPLETED' });
      expect(await leaving.next()).toEqual({ value: undefined, done: true });
    } finally {
      leaving.close();
      staying.close();
    }
  });
});

describe('requests and cancellations', () => {
  it('tell Dispatchers of every new request, and owners and passengers of their cancelled rides', async () => {
    const requests = onRideRequested(dispatcher);
    const cancellations = onRideCancelled(rider);
    const passengerCancellations = onRideCancelled(passenger);
    const strangerRequests = onRideRequested(stranger);
    try {
      await ready(requests, cancellations, passengerCancellations, strangerRequests);
      const ride = await requestRide(rider, { pickup, passengers: ['pat'] });
      expect((await nextEvent(requests)).value).toMatchObject({ id: ride.id, status: 'REQUESTED', owner: 'riley' });
      await cancelRide(rider, ride.id);
      expect((await nextEvent(cancellations)).value.id).toBe(ride.id);
      expect((await nextEvent(passengerCancellations)).value.id).toBe(ride.id);
      const own = await requestRide(stranger, { pickup });
      expect((await nextEvent(strangerRequests)).value.id).toBe(own.id);
    } finally {
      for (const events of [requests, cancellations, passengerCancellations, strangerRequests]) events.close();
    }
  });
});

describe('a subscription the caller may not make', () => {
  // Amplify answers an Unauthorized start by closing its socket and reconnecting the others; last
  // in this file so that no other subscription is live then.
  it("is refused: an owner argument naming another rider (the auth resolver's Unauthorized)", async () => {
    const document = parse('subscription OnRidesOf($owner: String) { onUpdateRide(owner: $owner) { id } }') as TypedDocumentNode<
      { onUpdateRide: Pick<RideDetails, 'id'> | null },
      { owner?: string }
    >;
    const others = subscribe(stranger, document, { owner: 'riley' }, (data) => data.onUpdateRide);
    const error = await within(others.ready.then(() => undefined, (e: unknown) => e), 10_000, 'the refusal');
    expect(error).toBeInstanceOf(NotAuthorizedError);
    expect((error as NotAuthorizedError).message).toMatch(/not authorized/);
    expect(t.logs.join('\n')).toContain('Not Authorized to access onUpdateRide on type Subscription');
    others.close();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
