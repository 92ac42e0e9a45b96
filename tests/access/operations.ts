// Every operation the access matrix exercises, by model: what request it sends for an actor, on
// which record, and what it observes (the response, the stored item before and after, whether a
// record appears in a list). Fixtures are made through the API by the roles that may make them.
import { randomUUID } from 'node:crypto';
import { zoneOf } from '../../src/client/zones.js';
import { RawRealtime } from '../support/raw-realtime.js';
import type { Actor, Response, World } from './world.js';

export type Model = 'Ride' | 'Unicorn' | 'Rider';

export interface Observation {
  response: Response;
  /** The top-level field of the request (`createRide`, `getRide`, ...). */
  field: string;
  /** The stored record targeted or created, before and after the request (writes only). */
  before?: Record<string, any>;
  after?: Record<string, any>;
  /** Lists: whether the fixture record was among the items. */
  listed?: boolean;
}

export interface Operation {
  model: Model;
  name: string;
  /** Whether the operation writes; a refused write must leave the stored record as it was. */
  writes: boolean;
  run(world: World, actor: Actor): Promise<Observation>;
  /** What an allowed request must have done, beyond answering without errors. */
  effect?(observation: Observation, world: World, actor: Actor): void;
  /** For field rules: the field that is redacted for some readers. */
  deniedField?: string;
}

const pickup = { latitude: 47.61, longitude: -122.33 };
/** The pickup zone the API derives for `pickup`; a status change names it as its condition. */
const zone = zoneOf(pickup);
const RIDE_FIELDS = 'id owner passengers status unicornId fare requestedAt pickup { latitude longitude }';

async function expectData(world: World, actor: Actor, query: string, variables: Record<string, unknown>, field: string) {
  const { status, body } = await world.request(actor, query, variables);
  const value = body.data?.[field];
  if (status !== 200 || body.errors?.length || !value) {
    throw new Error(`fixture: ${field} as ${actor} failed: ${status} ${JSON.stringify(body)}`);
  }
  return value;
}

/** A ride of the `owner` actor listing the `passenger` actor, dispatched with a note by an Admin. */
async function newRide(world: World): Promise<string> {
  const ride = await expectData(
    world,
    'owner',
    `mutation($input: CreateRideInput!) { createRide(input: $input) { id } }`,
    { input: { pickup, requestedAt: new Date().toISOString(), passengers: [world.users.passenger.username] } },
    'createRide',
  );
  await expectData(
    world,
    'admin',
    `mutation($input: UpdateRideInput!, $condition: ModelRideConditionInput) { updateRide(input: $input, condition: $condition) { id } }`,
    {
      input: { id: ride.id, status: 'DISPATCHED', fare: 12.5, unicornId: await sharedUnicorn(world), dispatcherNote: 'gate 4' },
      condition: { zone: { eq: zone } },
    },
    'updateRide',
  );
  return ride.id;
}

async function newUnicorn(world: World): Promise<string> {
  const input = { name: `Shadowfax ${randomUUID().slice(0, 4)}`, color: 'white', breed: 'Mearas', available: true };
  return (await expectData(world, 'admin', `mutation($input: CreateUnicornInput!) { createUnicorn(input: $input) { id } }`, { input }, 'createUnicorn')).id;
}

/** The `owner` actor's profile. */
async function newProfile(world: World): Promise<string> {
  const input = { name: 'Rowan Rider', phone: '+12065550123' };
  return (await expectData(world, 'owner', `mutation($input: CreateRiderInput!) { createRider(input: $input) { id } }`, { input }, 'createRider')).id;
}

// Read-only operations share one fixture per model; writes get a fresh one each.
const shared = new WeakMap<World, Partial<Record<Model | 'unicornOfRides', Promise<string>>>>();
function sharedFixture(world: World, key: Model | 'unicornOfRides', make: (w: World) => Promise<string>): Promise<string> {
  const fixtures = shared.get(world) ?? {};
  shared.set(world, fixtures);
  return (fixtures[key] ??= make(world));
}
const sharedUnicorn = (world: World) => sharedFixture(world, 'unicornOfRides', newUnicorn);
const FIXTURES: Record<Model, (world: World) => Promise<string>> = { Ride: newRide, Unicorn: newUnicorn, Rider: newProfile };

/** A request on an existing record: a fresh one for writes, the shared one for reads. */
function onRecord(
  model: Model,
  name: string,
  field: string,
  request: (id: string, world: World, actor: Actor) => { query: string; variables: Record<string, unknown> },
  extra: Partial<Operation> = {},
): Operation {
  const writes = extra.writes ?? true;
  return {
    model,
    name,
    writes,
    async run(world, actor) {
      const id = writes ? await FIXTURES[model](world) : await sharedFixture(world, model, FIXTURES[model]);
      const before = await world.stored(model, id);
      const { query, variables } = request(id, world, actor);
      const response = await world.request(actor, query, variables);
      return { response, field, before, after: await world.stored(model, id) };
    },
    ...extra,
  };
}

/** A create with a client-chosen id, so that a refused create can be shown to have stored nothing. */
function create(model: Model, name: string, input: (world: World, actor: Actor) => Record<string, unknown>, extra: Partial<Operation> = {}): Operation {
  return {
    model,
    name,
    writes: true,
    async run(world, actor) {
      const id = randomUUID();
      const response = await world.request(
        actor,
        `mutation($input: Create${model}Input!) { create${model}(input: $input) { id } }`,
        { input: { id, ...input(world, actor) } },
      );
      return { response, field: `create${model}`, before: undefined, after: await world.stored(model, id) };
    },
    ...extra,
  };
}

/** A list (or index query) and whether the fixture record is among its items, following every page. */
function listing(model: Model, name: string, field: string, query: (world: World) => { query: string; variables: Record<string, unknown> }): Operation {
  return {
    model,
    name,
    writes: false,
    async run(world, actor) {
      const id = await sharedFixture(world, model, FIXTURES[model]);
      const { query: text, variables } = query(world);
      let response: Response;
      let listed = false;
      let nextToken: string | null = null;
      do {
        response = await world.request(actor, text, { ...variables, nextToken });
        const page = response.body.data?.[field];
        listed ||= Boolean(page?.items?.some((item: { id: string } | null) => item?.id === id));
        nextToken = page?.nextToken ?? null;
      } while (nextToken && !response.body.errors?.length);
      return { response, field, listed };
    },
  };
}

/** The caller's own stored owner value (anonymous has none: another user's stands in). */
const ownerKeyOf = (world: World, actor: Actor) => world.users[actor === 'anonymous' ? 'owner' : actor].ownerKey;

const callerOwns = (stored: Record<string, any> | undefined, world: World, actor: Actor) => {
  if (actor === 'anonymous') throw new Error('anonymous cannot own');
  if (stored?.owner !== world.users[actor].ownerKey) throw new Error(`stored owner ${stored?.owner} is not the caller ${world.users[actor].ownerKey}`);
};

const updateRide = (
  name: string,
  input: (world: World) => Record<string, unknown>,
  check?: (after: Record<string, any>) => boolean,
  condition?: Record<string, unknown>,
) =>
  onRecord(
    'Ride',
    name,
    'updateRide',
    (id, world) => ({
      query: `mutation($input: UpdateRideInput!, $condition: ModelRideConditionInput) { updateRide(input: $input, condition: $condition) { id } }`,
      variables: { input: { id, ...input(world) }, condition },
    }),
    {
      effect: (o) => {
        if (check && !check(o.after!)) throw new Error(`stored ride not updated: ${JSON.stringify(o.after)}`);
      },
    },
  );

export const OPERATIONS: Operation[] = [
  // ---- Ride
  create('Ride', 'create for oneself', () => ({ pickup, requestedAt: new Date().toISOString() }), {
    effect: (o, world, actor) => {
      callerOwns(o.after, world, actor);
      if (o.after!.status !== 'REQUESTED') throw new Error(`a new ride starts REQUESTED, got ${o.after!.status}`);
    },
  }),
  create('Ride', 'create naming oneself as owner', (world, actor) => ({ pickup, requestedAt: new Date().toISOString(), owner: ownerKeyOf(world, actor) }), {
    effect: (o, world, actor) => callerOwns(o.after, world, actor),
  }),
  create('Ride', 'create on behalf of someone else', (world, actor) => ({
    pickup,
    requestedAt: new Date().toISOString(),
    owner: world.users[actor === 'otherRider' ? 'owner' : 'otherRider'].ownerKey,
  })),
  create('Ride', 'create with status', () => ({ pickup, requestedAt: new Date().toISOString(), status: 'DISPATCHED' }), {
    effect: (o) => {
      if (o.after!.status !== 'DISPATCHED') throw new Error('status not stored');
    },
  }),
  create('Ride', 'create with unicornId', () => ({ pickup, requestedAt: new Date().toISOString(), unicornId: randomUUID() })),
  create('Ride', 'create with fare', () => ({ pickup, requestedAt: new Date().toISOString(), fare: 9.5 })),
  create('Ride', 'create with zone', () => ({ pickup, requestedAt: new Date().toISOString(), zone: 'c22u' })),
  create('Ride', 'create with board key', () => ({ pickup, requestedAt: new Date().toISOString(), statusZone: 'REQUESTED#c22u' })),
  create('Ride', 'create with dispatcherNote', () => ({ pickup, requestedAt: new Date().toISOString(), dispatcherNote: 'vip' })),
  onRecord('Ride', 'get', 'getRide', (id) => ({ query: `query($id: ID!) { getRide(id: $id) { ${RIDE_FIELDS} } }`, variables: { id } }), {
    writes: false,
    effect: (o, world) => {
      const ride = o.response.body.data!.getRide;
      // Readers of a ride see its owner as the username, its passengers and the dispatch fields.
      if (ride.owner !== world.users.owner.username) throw new Error(`owner read as ${ride.owner}`);
      if (ride.status !== 'DISPATCHED' || ride.fare !== 12.5 || !ride.unicornId) throw new Error(`dispatch fields not readable: ${JSON.stringify(ride)}`);
      if (!ride.passengers?.includes(world.users.passenger.username)) throw new Error('passengers not readable');
    },
  }),
  onRecord('Ride', 'read dispatcherNote', 'getRide', (id) => ({ query: `query($id: ID!) { getRide(id: $id) { id status dispatcherNote } }`, variables: { id } }), {
    writes: false,
    deniedField: 'dispatcherNote',
    effect: (o) => {
      if (o.response.body.data!.getRide.dispatcherNote !== 'gate 4') throw new Error('note not readable');
    },
  }),
  listing('Ride', 'list', 'listRides', () => ({ query: `query($nextToken: String) { listRides(limit: 100, nextToken: $nextToken) { items { id } nextToken } }`, variables: {} })),
  listing('Ride', '"my rides" of the owner', 'myRides', (world) => ({
    query: `query($owner: String!, $nextToken: String) { myRides(owner: $owner, sortDirection: DESC, limit: 100, nextToken: $nextToken) { items { id } nextToken } }`,
    variables: { owner: world.users.owner.ownerKey },
  })),
  // A status change names the ride's zone, a pickup change its status: the dispatch board's keys
  // follow both (resolvers/Mutation.updateRide.postAuth.3.req.vtl).
  updateRide('update status', () => ({ status: 'COMPLETED' }), (after) => after.status === 'COMPLETED' && after.statusZone === `COMPLETED#${zone}`, {
    zone: { eq: zone },
  }),
  listing('Ride', 'dispatch board of the ride\'s status and zone', 'dispatchBoard', () => ({
    query: `query($statusZone: String!, $nextToken: String) { dispatchBoard(statusZone: $statusZone, sortDirection: ASC, limit: 100, nextToken: $nextToken) { items { id } nextToken } }`,
    variables: { statusZone: `DISPATCHED#${zone}` },
  })),
  updateRide('update unicornId', () => ({ unicornId: 'another-unicorn' }), (after) => after.unicornId === 'another-unicorn'),
  updateRide('update fare', () => ({ fare: 99 }), (after) => after.fare === 99),
  updateRide('update dispatcherNote', () => ({ dispatcherNote: 'changed' }), (after) => after.dispatcherNote === 'changed'),
  updateRide(
    'update pickup',
    () => ({ pickup: { latitude: 1, longitude: 2 } }),
    (after) => after.pickup.latitude === 1 && after.zone === zoneOf({ latitude: 1, longitude: 2 }) && after.statusZone === `DISPATCHED#${after.zone}`,
    { status: { eq: 'DISPATCHED' } },
  ),
  updateRide('update zone', () => ({ zone: 'c22u' })),
  updateRide('update board key', () => ({ statusZone: 'REQUESTED#c22u' })),
  updateRide('update with no fields but id', () => ({})),
  updateRide('reassign owner', (world) => ({ owner: world.users.otherRider.ownerKey })),
  updateRide('change passengers', (world) => ({ passengers: [world.users.otherRider.username] })),
  onRecord('Ride', 'delete (cancel)', 'deleteRide', (id) => ({ query: `mutation($input: DeleteRideInput!) { deleteRide(input: $input) { id } }`, variables: { input: { id } } }), {
    effect: (o) => {
      if (o.after) throw new Error('ride still stored');
    },
  }),

  // ---- Unicorn
  onRecord('Unicorn', 'get', 'getUnicorn', (id) => ({ query: `query($id: ID!) { getUnicorn(id: $id) { id name color breed available } }`, variables: { id } }), { writes: false }),
  listing('Unicorn', 'list', 'listUnicorns', () => ({ query: `query($nextToken: String) { listUnicorns(limit: 100, nextToken: $nextToken) { items { id } nextToken } }`, variables: {} })),
  create('Unicorn', 'create', () => ({ name: 'Nimbus', color: 'grey' })),
  onRecord('Unicorn', 'update available', 'updateUnicorn', (id) => ({ query: `mutation($input: UpdateUnicornInput!) { updateUnicorn(input: $input) { id available } }`, variables: { input: { id, available: false } } }), {
    effect: (o) => {
      if (o.after!.available !== false) throw new Error('available not updated');
    },
  }),
  ...(['name', 'color', 'breed'] as const).map((field) =>
    onRecord('Unicorn', `update ${field}`, 'updateUnicorn', (id) => ({ query: `mutation($input: UpdateUnicornInput!) { updateUnicorn(input: $input) { id } }`, variables: { input: { id, [field]: 'changed' } } }), {
      effect: (o) => {
        if (o.after![field] !== 'changed') throw new Error(`${field} not updated`);
      },
    }),
  ),
  onRecord('Unicorn', 'delete', 'deleteUnicorn', (id) => ({ query: `mutation($input: DeleteUnicornInput!) { deleteUnicorn(input: $input) { id } }`, variables: { input: { id } } }), {
    effect: (o) => {
      if (o.after) throw new Error('unicorn still stored');
    },
  }),

  // ---- Rider
  create('Rider', 'create for oneself', () => ({ name: 'Ada' }), { effect: (o, world, actor) => callerOwns(o.after, world, actor) }),
  create('Rider', 'create naming oneself as owner', (world, actor) => ({ name: 'Ada', owner: ownerKeyOf(world, actor) }), {
    effect: (o, world, actor) => callerOwns(o.after, world, actor),
  }),
  create('Rider', 'create on behalf of someone else', (world, actor) => ({ name: 'Mallory', owner: world.users[actor === 'otherRider' ? 'owner' : 'otherRider'].ownerKey })),
  onRecord('Rider', 'get (with phone)', 'getRider', (id) => ({ query: `query($id: ID!) { getRider(id: $id) { id name phone owner } }`, variables: { id } }), {
    writes: false,
    effect: (o) => {
      if (o.response.body.data!.getRider.phone !== '+12065550123') throw new Error('phone not readable');
    },
  }),
  listing('Rider', 'list', 'listRiders', () => ({ query: `query($nextToken: String) { listRiders(limit: 100, nextToken: $nextToken) { items { id } nextToken } }`, variables: {} })),
  onRecord('Rider', 'update', 'updateRider', (id) => ({ query: `mutation($input: UpdateRiderInput!) { updateRider(input: $input) { id } }`, variables: { input: { id, name: 'Renamed' } } }), {
    effect: (o) => {
      if (o.after!.name !== 'Renamed') throw new Error('name not updated');
    },
  }),
  onRecord('Rider', 'reassign owner', 'updateRider', (id, world) => ({
    query: `mutation($input: UpdateRiderInput!) { updateRider(input: $input) { id } }`,
    variables: { input: { id, owner: world.users.otherRider.ownerKey } },
  })),
  onRecord('Rider', 'delete', 'deleteRider', (id) => ({ query: `mutation($input: DeleteRiderInput!) { deleteRider(input: $input) { id } }`, variables: { input: { id } } }), {
    effect: (o) => {
      if (o.after) throw new Error('profile still stored');
    },
  }),
];

/**
 * A subscription over the real-time endpoint as this actor, then an Admin's update of the fixture
 * record and, after it, of a sentinel record the actor surely hears of (one they own). The first
 * event received tells: the fixture's means delivered, the sentinel's means the fixture's was
 * withheld, without waiting on a clock.
 */
function subscription(
  model: Model,
  name: string,
  field: string,
  selection: string,
  sentinel: (world: World, actor: Exclude<Actor, 'anonymous'>) => Promise<string>,
  variables: (world: World) => Record<string, unknown> = () => ({}),
): Operation {
  // An event carries what the mutation selected: the fields the subscriptions and their owner
  // filters read must be among them, as with AppSync.
  const update = (world: World, id: string) =>
    expectData(world, 'admin', `mutation($input: Update${model}Input!) { update${model}(input: $input) { ${EVENT_FIELDS[model]} } }`, { input: { id, ...UPDATES[model]() } }, `update${model}`);
  return {
    model,
    name,
    writes: false,
    async run(world, actor) {
      const id = await FIXTURES[model](world);
      const token = actor === 'anonymous' ? undefined : world.users[actor].accessToken;
      const realtime = await RawRealtime.connect(world.cloud, { token });
      try {
        const ack = await realtime.init();
        if (ack.type !== 'connection_ack') {
          return { response: { status: ack.payload?.errors?.[0]?.errorCode ?? 401, body: { errors: ack.payload?.errors ?? [] } }, field };
        }
        const args = Object.keys(variables(world)).length > 0 ? `(owner: $owner)` : '';
        const started = await realtime.subscribe('s', token, `subscription${args ? '($owner: String)' : ''} { ${field}${args} { ${selection} } }`, variables(world));
        if (started.type === 'error') return { response: { status: 200, body: { data: { [field]: null }, errors: started.payload?.errors ?? [] } }, field };
        const sentinelId = await sentinel(world, actor as Exclude<Actor, 'anonymous'>);
        await update(world, id);
        await update(world, sentinelId);
        const event = await realtime.next((f) => f.type === 'data' && f.id === 's');
        const payload = event.payload?.data?.[field];
        if (payload?.id !== id && payload?.id !== sentinelId) throw new Error(`unexpected event ${JSON.stringify(event)}`);
        return { response: { status: 200, body: { data: { [field]: payload }, errors: event.payload?.errors } }, field, listed: payload.id === id };
      } finally {
        realtime.close();
      }
    },
  };
}

const EVENT_FIELDS: Record<Model, string> = {
  Ride: 'id status fare owner passengers',
  Unicorn: 'id name available',
  Rider: 'id name phone owner',
};

const UPDATES: Record<Model, () => Record<string, unknown>> = {
  Ride: () => ({ fare: Math.round(Math.random() * 1000) / 10 }),
  Unicorn: () => ({ available: Math.random() < 0.5 }),
  Rider: () => ({ name: `Renamed ${randomUUID().slice(0, 4)}` }),
};

/** A record of the actor's own, which their subscription always hears of. */
const SENTINELS: Record<Model, (world: World, actor: Exclude<Actor, 'anonymous'>) => Promise<string>> = {
  Ride: async (world, actor) =>
    (
      await expectData(world, actor, `mutation($input: CreateRideInput!) { createRide(input: $input) { id } }`, { input: { pickup, requestedAt: new Date().toISOString() } }, 'createRide')
    ).id,
  Unicorn: newUnicorn,
  Rider: async (world, actor) => (await expectData(world, actor, `mutation { createRider(input: {name: "Sentinel"}) { id } }`, {}, 'createRider')).id,
};

OPERATIONS.push(
  subscription('Ride', 'subscribe to updates', 'onUpdateRide', 'id status fare owner passengers', SENTINELS.Ride),
  subscription('Ride', 'subscribe naming the owner', 'onUpdateRide', 'id status owner', SENTINELS.Ride, (world) => ({ owner: world.users.owner.username })),
  subscription('Unicorn', 'subscribe to updates', 'onUpdateUnicorn', 'id name available', SENTINELS.Unicorn),
  subscription('Rider', 'subscribe to updates', 'onUpdateRider', 'id name phone', SENTINELS.Rider),
);

export function findOperation(model: Model, name: string): Operation {
  const operation = OPERATIONS.find((o) => o.model === model && o.name === name);
  if (!operation) throw new Error(`the access matrix names an unknown operation: ${model} ${name}`);
  return operation;
}
