// 100 concurrent subscriptions through the real Amplify client (AppSync's limit per connection; the
// client keeps them all on one WebSocket) from five users with a right to the ride: one dispatch
// reaches every one of them, once. The 101st is refused with MaxSubscriptionsReachedError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUnicorn, dispatchRide, onRideUpdated, requestRide, type LiveSubscription, type RideDetails, type WildRydesClient } from '../../src/client/index.js';
import { signInRideCast } from '../support/ride-cast.js';
import { startRealtimeTestCloud, within, type RealtimeTestCloud } from './helpers.js';

let t: RealtimeTestCloud;
let users: WildRydesClient[];

beforeAll(async () => {
  t = await startRealtimeTestCloud();
  const { rider, passenger, stranger, dispatcher, admin } = await signInRideCast(t);
  users = [rider, passenger, stranger, dispatcher, admin];
});

afterAll(async () => {
  await t?.stop();
});

describe('fan-out', () => {
  it('delivers one dispatch to 100 concurrent subscribers, once each', async () => {
    const [riley, , , dana, ada] = users as [WildRydesClient, WildRydesClient, WildRydesClient, WildRydesClient, WildRydesClient];
    const unicorn = await createUnicorn(ada, { name: 'Pegasus', color: 'grey', available: true });
    const ride = await requestRide(riley, { pickup: { latitude: 1, longitude: 2 }, passengers: ['pat', 'sam'] });
    const subscriptions: Array<LiveSubscription<RideDetails>> = [];
    try {
      for (let i = 0; i < 100; i++) subscriptions.push(onRideUpdated(users[i % users.length]!));
      await within(Promise.all(subscriptions.map((s) => s.ready)), 30_000, '100 start_acks');
      expect(t.cloud.realtime.stats()).toEqual({ connections: 1, subscriptions: 100 });

      const extra = onRideUpdated(riley);
      const refusal = await within(extra.ready.then(() => undefined, (e: unknown) => e), 10_000, 'the refusal of the 101st');
      expect((refusal as Error).message).toBe('OnRideUpdated: Max number of 100 subscriptions reached');
      expect((refusal as { errors?: unknown }).errors).toMatchObject([{ errorType: 'MaxSubscriptionsReachedError' }]);
      extra.close();

      // The ride's zone is passed, as a board item gives it.
      await dispatchRide(dana, { rideId: ride.id, unicornId: unicorn.id, fare: 20, zone: ride.zone! });
      const arrivals = await within(
        Promise.all(subscriptions.map(async (s) => ({ event: (await s.next()).value }))),
        10_000,
        'the 100 events',
      );
      for (const { event } of arrivals) expect(event).toMatchObject({ id: ride.id, status: 'DISPATCHED', fare: 20 });

      // Once each: a later dispatch is the next event of every subscription.
      await dispatchRide(dana, { rideId: ride.id, unicornId: unicorn.id, fare: 21, zone: ride.zone! });
      const second = await within(Promise.all(subscriptions.map((s) => s.next())), 10_000, 'the second events');
      for (const { value } of second) expect(value).toMatchObject({ id: ride.id, fare: 21 });
    } finally {
      for (const s of subscriptions) s.close();
    }
  });
});
