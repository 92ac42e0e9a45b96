// Subscriptions against a scripted AppSync real-time endpoint: Amplify's own WebSocket client, the
// ws package as Node's WebSocket, and the client's async-iterator wrapper around it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotAuthorizedError, onRideUpdated, onUnicornUpdated, type LiveSubscription, type WildRydesClient } from '../../src/client/index.js';
import { prepareNodeRuntime } from '../../src/client/node/index.js';
import { startFakeAppSync, type FakeAppSync } from './fakes/fake-appsync.js';
import { fakeSignedInClient } from './fakes/fake-session.js';

let fake: FakeAppSync;
let rider: WildRydesClient;
let riderToken: string;
let passenger: WildRydesClient;

const unicorn = { id: 'u1', name: 'Shadowfax', color: 'white', breed: null, available: false, updatedAt: '2026-01-01T10:00:00.000Z' };
const ride = {
  id: 'r1',
  pickup: { latitude: 47.6, longitude: -122.3 },
  requestedAt: '2026-01-01T10:00:00.000Z',
  status: 'DISPATCHED',
  unicornId: 'u1',
  fare: 12.5,
  passengers: ['pat'],
  owner: 'riley',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:01:00.000Z',
};

function within<T>(promise: Promise<T>, ms = 5_000): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms))]);
}

beforeAll(async () => {
  fake = await startFakeAppSync();
  await prepareNodeRuntime({ trustedCaPem: fake.caCertPem });
  ({ client: rider, accessToken: riderToken } = await fakeSignedInClient(fake.endpoint, { username: 'riley', sub: 'sub-riley' }));
  ({ client: passenger } = await fakeSignedInClient(fake.endpoint, { username: 'pat', sub: 'sub-pat' }));
});

afterAll(async () => {
  await fake.close();
});

describe('subscriptions', () => {
  it('are ready once the server acknowledges them, deliver typed events, and stop on close()', async () => {
    const updates = onRideUpdated(rider, { id: { eq: 'r1' } });
    await within(updates.ready);
    const [started] = fake.active();
    expect(started!.query).toMatch(/^subscription OnRideUpdated\(\$filter: ModelSubscriptionRideFilterInput\)/);
    expect(started!.query).not.toContain('dispatcherNote');
    expect(started!.variables).toEqual({ filter: { id: { eq: 'r1' } } });
    // Each start carries its own user's token, so users sharing Amplify's one socket stay apart.
    expect(started!.authorization).toMatchObject({ Authorization: riderToken, host: expect.stringMatching(/^localhost:\d+$/) });

    fake.publish(started!.id, { onUpdateRide: ride });
    const event = await within(updates.next());
    expect(event).toEqual({ value: ride, done: false });
    if (!event.done) expect(event.value.unicornId).toBe('u1');

    updates.close();
    await expect(updates.next()).resolves.toEqual({ value: undefined, done: true });
    await within(waitFor(() => fake.stopped.includes(started!.id)));
  });

  it('tell apart two users subscribed to the same operation, and end a for-await loop cleanly', async () => {
    const mine = onUnicornUpdated(rider);
    const theirs = onUnicornUpdated(passenger);
    await within(Promise.all([mine.ready, theirs.ready]));
    const started = await within(fake.waitForActive(2));
    expect(started.map((s) => (s.authorization as { Authorization: string }).Authorization)).toContain(riderToken);

    for (const subscription of started) fake.publish(subscription.id, { onUpdateUnicorn: { ...unicorn, available: true } });
    const seen: boolean[] = [];
    for await (const changed of mine) {
      seen.push(changed.available === true);
      break; // leaving the loop closes the subscription
    }
    expect(seen).toEqual([true]);
    await expect(within(theirs.next())).resolves.toMatchObject({ value: { id: 'u1', available: true } });
    theirs.close();
    await within(waitFor(() => fake.active().length === 0));
  });

  it('report a refused start as a typed error on ready and on the iterator', async () => {
    fake.refuseNextStart([{ errorType: 'Unauthorized', message: 'Not Authorized to access onUpdateRide on type Subscription' }]);
    const refused: LiveSubscription<unknown> = onRideUpdated(rider);
    const error = await refused.ready.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NotAuthorizedError);
    await expect(refused.next()).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(refused.next()).resolves.toEqual({ value: undefined, done: true });
    refused.close();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
