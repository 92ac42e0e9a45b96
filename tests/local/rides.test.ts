// The Ride rules of docs/access-rules.md against the local cloud, over HTTPS, as the real Amplify client
// sends them with tokens of the local pool; what was (not) written is read back from DynamoDB.
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zoneOf } from '../../src/client/zones.js';
import { CREATE_RIDE, GET_RIDE, createUser, gql, rideInput, signInAs, startTestCloud, type SignedIn, type TestCloud } from './helpers.js';

let t: TestCloud;
let alice: SignedIn;
let rideId: string;

beforeAll(async () => {
  t = await startTestCloud();
  await createUser(t, 'alice');
  await createUser(t, 'bob');
  await createUser(t, 'dora', ['Dispatchers']);
});

afterAll(async () => {
  await t?.stop();
});

async function storedRide(id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await t.cloud.dynamodb.client.send(new GetItemCommand({ TableName: t.cloud.dynamodb.tables.Ride, Key: { id: { S: id } } }));
  return Item ? unmarshall(Item) : undefined;
}

describe('a rider and their ride', () => {
  it('creates a ride that starts REQUESTED and is owned by the caller', async () => {
    alice = await signInAs('alice');
    const created = await gql(CREATE_RIDE, { input: rideInput({ passengers: ['bob'] }) });
    expect(created.errors).toBeUndefined();
    // `passengers` goes through the multi-owner field resolver (the simulator alone returns null here).
    expect(created.data.createRide).toMatchObject({ owner: 'alice', status: 'REQUESTED', passengers: ['bob'], unicorn: null });
    rideId = created.data.createRide.id;
    // Stored as the transformer stores it with usesubusernamefordefaultidentityclaim.
    expect(await storedRide(rideId)).toMatchObject({ owner: alice.ownerKey, status: 'REQUESTED', passengers: ['bob'], __typename: 'Ride' });
  });

  it('reads it back; dispatcherNote is refused on its own path, the rest returned', async () => {
    const read = await gql(`query ($id: ID!) { getRide(id: $id) { id owner status dispatcherNote unicorn { id name } } }`, { id: rideId });
    // No unicorn yet: the @hasOne field resolver returns null without asking DynamoDB.
    expect(read.data.getRide).toMatchObject({ id: rideId, owner: 'alice', status: 'REQUESTED', dispatcherNote: null, unicorn: null });
    expect(read.errors).toEqual([
      expect.objectContaining({ errorType: 'Unauthorized', path: ['getRide', 'dispatcherNote'], message: 'Not Authorized to access dispatcherNote on type Ride' }),
    ]);
  });

  it('refuses a ride created on behalf of someone else, and writes nothing', async () => {
    const refused = await gql(CREATE_RIDE, { input: rideInput({ id: 'not-mine', owner: 'bob' }) });
    expect(refused.data.createRide).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['createRide'] });
    expect(await storedRide('not-mine')).toBeUndefined();
  });

  it('refuses a rider who sets a dispatcher-only field on create', async () => {
    const refused = await gql(CREATE_RIDE, { input: rideInput({ id: 'with-fare', fare: 12 }) });
    expect(refused.data.createRide).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    expect(await storedRide('with-fare')).toBeUndefined();
  });
});

describe('another rider', () => {
  it('gets null and an Unauthorized error for a ride that is not theirs', async () => {
    await createUser(t, 'carol');
    await signInAs('carol');
    const read = await gql(GET_RIDE, { id: rideId });
    expect(read.data.getRide).toBeNull();
    expect(read.errors).toEqual([expect.objectContaining({ errorType: 'Unauthorized', path: ['getRide'], message: 'Not Authorized to access getRide on type Query' })]);
  });

  it('never sees it in a list', async () => {
    const list = await gql(`query { listRides(limit: 100) { items { id } } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.listRides.items).toEqual([]);
  });

  it('cannot update or delete it, and the item is unchanged', async () => {
    const before = await storedRide(rideId);
    const update = await gql(`mutation ($input: UpdateRideInput!) { updateRide(input: $input) { id } }`, { input: { id: rideId, passengers: ['carol'] } });
    expect(update.data.updateRide).toBeNull();
    expect(update.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['updateRide'] });
    const remove = await gql(`mutation ($input: DeleteRideInput!) { deleteRide(input: $input) { id } }`, { input: { id: rideId } });
    expect(remove.data.deleteRide).toBeNull();
    expect(remove.errors?.[0]).toMatchObject({ errorType: 'Unauthorized', path: ['deleteRide'] });
    expect(await storedRide(rideId)).toEqual(before);
  });
});

describe('a passenger', () => {
  it('reads a ride that lists them', async () => {
    await signInAs('bob');
    const read = await gql(GET_RIDE, { id: rideId });
    expect(read.errors).toBeUndefined();
    expect(read.data.getRide).toMatchObject({ id: rideId, owner: 'alice', passengers: ['bob'] });
  });
});

describe('a dispatcher (group given through the Cognito admin API)', () => {
  it('dispatches the ride: status, unicorn, fare and note are written', async () => {
    await signInAs('dora');
    const update = await gql(
      // A status change names the ride's pickup zone, so that the dispatch board follows it.
      `mutation ($input: UpdateRideInput!, $condition: ModelRideConditionInput) { updateRide(input: $input, condition: $condition) { id status fare unicornId } }`,
      {
        input: { id: rideId, status: 'DISPATCHED', unicornId: 'unicorn-1', fare: 12.5, dispatcherNote: 'bring snacks' },
        condition: { zone: { eq: zoneOf(rideInput().pickup as { latitude: number; longitude: number }) } },
      },
    );
    expect(update.errors).toBeUndefined();
    expect(update.data.updateRide).toMatchObject({ id: rideId, status: 'DISPATCHED', fare: 12.5, unicornId: 'unicorn-1' });
    expect(await storedRide(rideId)).toMatchObject({ status: 'DISPATCHED', fare: 12.5, unicornId: 'unicorn-1', dispatcherNote: 'bring snacks', owner: alice.ownerKey });
    const read = await gql(`query ($id: ID!) { getRide(id: $id) { dispatcherNote owner } }`, { id: rideId });
    expect(read).toEqual({ data: { getRide: { dispatcherNote: 'bring snacks', owner: 'alice' } } });
  });

  it('cannot reassign the owner', async () => {
    const update = await gql(`mutation ($input: UpdateRideInput!) { updateRide(input: $input) { id } }`, { input: { id: rideId, owner: 'dora' } });
    expect(update.data.updateRide).toBeNull();
    expect(update.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    expect(await storedRide(rideId)).toMatchObject({ owner: alice.ownerKey });
  });
});

describe('"my rides"', () => {
  const MY_RIDES = /* GraphQL */ `
    query ($owner: String!, $limit: Int, $nextToken: String) {
      myRides(owner: $owner, sortDirection: DESC, limit: $limit, nextToken: $nextToken) { items { id requestedAt owner } nextToken }
    }`;

  it("returns the caller's rides newest first, in full pages", async () => {
    const erin = await (async () => {
      await createUser(t, 'erin');
      return signInAs('erin');
    })();
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    for (let i = 0; i < 25; i++) {
      const created = await gql(CREATE_RIDE, { input: rideInput({ requestedAt: new Date(base + i * 60_000).toISOString() }) });
      expect(created.errors).toBeUndefined();
    }
    const pages: Array<Array<{ requestedAt: string; owner: string }>> = [];
    let nextToken: string | null = null;
    do {
      const page: any = await gql(MY_RIDES, { owner: erin.ownerKey, limit: 10, nextToken });
      expect(page.errors).toBeUndefined();
      pages.push(page.data.myRides.items);
      nextToken = page.data.myRides.nextToken;
    } while (nextToken);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    const times = pages.flat().map((ride) => ride.requestedAt);
    expect(times).toEqual([...times].sort().reverse());
    expect(times[0]).toBe(new Date(base + 24 * 60_000).toISOString());
    expect(new Set(pages.flat().map((ride) => ride.owner))).toEqual(new Set(['erin']));
  });

  it("refuses another rider's rides", async () => {
    await signInAs('bob');
    const read = await gql(MY_RIDES, { owner: alice.ownerKey, limit: 10 });
    expect(read.data.myRides).toBeNull();
    expect(read.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
  });
});

describe('conditions and filters with values (the simulator alone mishandles both)', () => {
  it('filters with attributeExists, and deletes only when the condition holds', async () => {
    await signInAs('alice');
    const list = await gql(`query { listRides(filter: {id: {attributeExists: true}}, limit: 1000) { items { id } } }`);
    expect(list.errors).toBeUndefined();
    expect(list.data.listRides.items.map((r: { id: string }) => r.id)).toContain(rideId);

    const created = await gql(CREATE_RIDE, { input: rideInput() });
    const id = created.data.createRide.id as string;
    const DELETE = `mutation ($input: DeleteRideInput!, $condition: ModelRideConditionInput) { deleteRide(input: $input, condition: $condition) { id } }`;
    const refused = await gql(DELETE, { input: { id }, condition: { status: { eq: 'COMPLETED' } } });
    expect(refused.data.deleteRide).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({ errorType: 'DynamoDB:ConditionalCheckFailedException', path: ['deleteRide'] });
    expect(await storedRide(id)).toBeDefined();
    const deleted = await gql(DELETE, { input: { id }, condition: { status: { eq: 'REQUESTED' } } });
    expect(deleted).toEqual({ data: { deleteRide: { id } } });
    expect(await storedRide(id)).toBeUndefined();
  });
});

describe('the VTL engine', () => {
  it('ran every template of these requests without an engine failure', () => {
    expect(t.logs.filter((line) => line.includes('the VTL engine failed'))).toEqual([]);
  });
});

describe('a create', () => {
  it('answers the item it wrote without reading it back, as AppSync does', async () => {
    await signInAs('alice');
    const calls: string[] = [];
    // Counted at the clients' send: the embedded store's calls skip the SDK's middleware (in process).
    type Send = (command: object, ...rest: unknown[]) => Promise<unknown>;
    const loaders = (t.cloud.engine.simulator as unknown as { dataSources: Map<string, { client?: { send: Send } }> }).dataSources;
    const restore: Array<() => void> = [];
    for (const loader of loaders.values()) {
      const client = loader.client;
      if (!client) continue;
      const send = client.send;
      client.send = (command, ...rest) => (calls.push(command.constructor.name), send.call(client, command, ...rest));
      restore.push(() => (client.send = send));
    }
    const created = await gql(CREATE_RIDE, { input: rideInput({ passengers: ['bob'] }) });
    for (const undo of restore) undo();
    expect(created.errors).toBeUndefined();
    expect(calls).toEqual(['PutItemCommand']);
    const stored = await storedRide(created.data.createRide.id);
    expect(created.data.createRide).toMatchObject({ id: stored!.id, requestedAt: stored!.requestedAt, status: stored!.status, passengers: stored!.passengers, owner: 'alice' });
  });
});
