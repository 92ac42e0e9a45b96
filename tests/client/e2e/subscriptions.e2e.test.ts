// Live events through the client against the local cloud's real-time endpoint: a rider sees their
// ride dispatched as it happens, a passenger too, another rider never; the fleet's changes reach
// everyone. Skipped, with the reason shown, while the local cloud has no real-time endpoint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelRide,
  createUnicorn,
  dispatchRide,
  getRide,
  onRideCancelled,
  onRideRequested,
  onRideUpdated,
  onUnicornUpdated,
  requestRide,
  setUnicornAvailability,
  type Unicorn,
  type WildRydesClient,
} from '../../../src/client/index.js';
import { signInRideCast } from '../../support/ride-cast.js';
import { startClientTestCloud, within, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let rider: WildRydesClient;
let passenger: WildRydesClient;
let stranger: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;
let unicorn: Unicorn;

const pickup = { latitude: 47.6, longitude: -122.3 };

beforeAll(async () => {
  t = await startClientTestCloud();
  ({ rider, passenger, stranger, dispatcher, admin } = await signInRideCast(t));
  unicorn = await createUnicorn(admin, { name: 'Shadowfax', color: 'white', available: true });
});

afterAll(async () => {
  await t?.stop();
});

describe('ride events', () => {
  it('reach the owner and the passenger of a dispatched ride, and no other rider', async () => {
    const forRider = onRideUpdated(rider);
    const forPassenger = onRideUpdated(passenger);
    const forStranger = onRideUpdated(stranger);
    try {
      await within(Promise.all([forRider.ready, forPassenger.ready, forStranger.ready]), 10_000, 'the subscriptions\' acknowledgements');
      const ride = await requestRide(rider, { pickup, passengers: ['pat'] });
      await dispatchRide(dispatcher, { rideId: ride.id, unicornId: unicorn.id, fare: 9.5, note: 'not for riders' });

      for (const events of [forRider, forPassenger]) {
        const { value } = await within(events.next(), 10_000, 'the dispatch');
        expect(value).toMatchObject({ id: ride.id, status: 'DISPATCHED', unicornId: unicorn.id, fare: 9.5, owner: 'riley' });
        expect(value).not.toHaveProperty('dispatcherNote');
      }
      // The stranger's first event must be about their own ride, dispatched after the other one.
      const own = await requestRide(stranger, { pickup });
      await dispatchRide(dispatcher, { rideId: own.id, unicornId: unicorn.id });
      expect((await within(forStranger.next(), 10_000, "the stranger's own dispatch")).value?.id).toBe(own.id);

      // The event has no unicorn (it is the mutation's result); one read has it.
      expect((await getRide(rider, ride.id))?.unicorn?.name).toBe('Shadowfax');
    } finally {
      for (const events of [forRider, forPassenger, forStranger]) events.close();
    }
  });

  it('tell Dispatchers of every new request, and owners of their cancelled rides', async () => {
    const requests = onRideRequested(dispatcher);
    const cancellations = onRideCancelled(rider);
    try {
      await within(Promise.all([requests.ready, cancellations.ready]));
      const ride = await requestRide(rider, { pickup });
      expect((await within(requests.next())).value).toMatchObject({ id: ride.id, status: 'REQUESTED', owner: 'riley' });
      await cancelRide(rider, ride.id);
      expect((await within(cancellations.next())).value?.id).toBe(ride.id);
    } finally {
      requests.close();
      cancellations.close();
    }
  });
});

describe('fleet events', () => {
  it('reach every signed-in user', async () => {
    const changes = onUnicornUpdated(rider, { id: { eq: unicorn.id } });
    try {
      await within(changes.ready);
      await setUnicornAvailability(dispatcher, { id: unicorn.id, available: false });
      expect((await within(changes.next())).value).toMatchObject({ id: unicorn.id, name: 'Shadowfax', available: false });
    } finally {
      changes.close();
    }
  });
});
