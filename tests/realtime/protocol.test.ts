// The AppSync real-time protocol at <graphql endpoint>/realtime, frame by frame, with a raw client:
// the handshake and keep-alive, tokens refused on the connection and on each start, AppSync's errors
// for unknown operations, invalid documents and refused subscriptions, the limits, and hostile
// input, after which the connection keeps serving.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMyProfile,
  createUnicorn,
  dispatchRide,
  requestRide,
  setUnicornAvailability,
  updateMyProfile,
  type Unicorn,
  type WildRydesClient,
} from '../../src/client/index.js';
import { RawRealtime, realtimeUrl } from '../support/raw-realtime.js';
import { accessToken, ON_UPDATE_RIDE, ON_UPDATE_UNICORN, startRealtimeTestCloud, type RealtimeTestCloud } from './helpers.js';

let t: RealtimeTestCloud;
let rider: WildRydesClient;
let stranger: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;
const token: Record<string, string> = {};
let unicorn: Unicorn;
const pickup = { latitude: 47.6, longitude: -122.3 };
const KEEP_ALIVE_MS = 300;

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;

beforeAll(async () => {
  t = await startRealtimeTestCloud({ realtime: { limits: { keepAliveIntervalMs: KEEP_ALIVE_MS } } });
  [rider, stranger, dispatcher, admin] = await Promise.all([t.user('riley'), t.user('sam'), t.user('dana', ['Dispatchers']), t.user('ada', ['Admins'])]);
  for (const [name, client] of Object.entries({ riley: rider, sam: stranger, dana: dispatcher, ada: admin })) token[name] = await accessToken(client);
  unicorn = await createUnicorn(admin, { name: 'Buttercup', color: 'pink', available: true });
});

afterAll(async () => {
  await t?.stop();
});

/** A connection authenticated as `user`, acknowledged. */
async function connected(user = 'riley'): Promise<RawRealtime> {
  const raw = await RawRealtime.connect(t.cloud, { token: token[user] });
  expect((await raw.init()).type).toBe('connection_ack');
  return raw;
}

describe('handshake', () => {
  it('selects graphql-ws, acknowledges with connectionTimeoutMs and sends keep-alives', async () => {
    const raw = await RawRealtime.connect(t.cloud, { token: token.riley });
    try {
      expect(raw.protocol).toBe('graphql-ws');
      expect(await raw.init()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300_000 } });
      // One right after the ack, then one per interval.
      await raw.next((f) => f.type === 'ka');
      await raw.next((f) => f.type === 'ka', KEEP_ALIVE_MS * 10);
      await raw.next((f) => f.type === 'ka', KEEP_ALIVE_MS * 10);
    } finally {
      raw.close();
    }
  });

  it('accepts the older ?header=<base64>&payload=<base64> form of the connection auth', async () => {
    const header = Buffer.from(JSON.stringify({ Authorization: token.riley, host: new URL(t.cloud.graphqlEndpoint).host })).toString('base64');
    const url = `${realtimeUrl(t.cloud)}?header=${encodeURIComponent(header)}&payload=e30=`;
    const raw = await RawRealtime.connect(t.cloud, { url, protocols: ['graphql-ws'] });
    try {
      expect((await raw.init()).type).toBe('connection_ack');
    } finally {
      raw.close();
    }
  });

  it('is only at <graphql endpoint>/realtime, and only for graphql-ws', async () => {
    const elsewhere = await RawRealtime.connect(t.cloud, { token: token.riley, url: `${t.cloud.graphqlEndpoint.replace('https:', 'wss:')}/other` }).catch((e) => e);
    expect(elsewhere).toMatchObject({ status: 404 });
    const otherProtocol = await RawRealtime.connect(t.cloud, { protocols: ['graphql-transport-ws'] }).catch((e) => e);
    expect(otherProtocol).toMatchObject({ status: 400 });
    expect(JSON.parse((otherProtocol as { body: string }).body)).toEqual({
      errors: [{ errorType: 'BadRequestException', message: 'The WebSocket subprotocol must include graphql-ws' }],
    });
  });
});

describe('a connection without a valid token', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<[string, () => string | undefined, string]> = [
    ['no auth header', () => undefined, 'Valid authorization header not provided.'],
    ['garbage', () => 'not-a-token', 'Unable to parse JWT token.'],
    [
      'a forged token (claims edited, signature kept)',
      () => {
        const [header, , signature] = token.riley!.split('.');
        return `${header}.${segment({ ...claimsOf(token.riley!), 'cognito:groups': ['Admins'] })}.${signature}`;
      },
      'You are not authorized to make this call.',
    ],
    [
      'an unsigned token (alg: none)',
      () => `${segment({ alg: 'none' })}.${segment({ ...claimsOf(token.riley!), exp: now() + 3600 })}.`,
      'Unable to parse JWT token.',
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`is refused with connection_error and closed: ${name}`, async () => {
      const value = make();
      const raw = await RawRealtime.connect(t.cloud, { token: value });
      expect(await raw.init()).toEqual({ type: 'connection_error', payload: { errors: [{ errorType: 'UnauthorizedException', message, errorCode: 401 }] } });
      expect(await raw.closed).toEqual({ code: 4401, reason: message });
    });
  }

  it('cannot start a subscription without connection_init either', async () => {
    const raw = await RawRealtime.connect(t.cloud, { token: 'not-a-token' });
    raw.start('s1', token.riley, ON_UPDATE_UNICORN);
    expect((await raw.next()).type).toBe('connection_error');
    expect((await raw.closed).code).toBe(4401);
  });
});

describe('start before connection_init', () => {
  // AppSync's guide makes connection_init optional ("(Optional) ... the client sends a
  // connection_init message"; connection_ack only "if connection_init is sent"): a valid start on an
  // authenticated connection is served without one.
  it('is acknowledged with start_ack and no connection_ack, receives its events, and a later connection_init is still acknowledged', async () => {
    const raw = await RawRealtime.connect(t.cloud, { token: token.dana });
    try {
      expect(await raw.subscribe('first', token.dana, ON_UPDATE_UNICORN)).toEqual({ type: 'start_ack', id: 'first' });
      expect(raw.log.some((f) => f.type === 'connection_ack' || f.type === 'connection_error' || f.type === 'error')).toBe(false);
      // The keep-alive runs as after an acknowledged connection_init.
      await raw.next((f) => f.type === 'ka', KEEP_ALIVE_MS * 10);
      await setUnicornAvailability(dispatcher, { id: unicorn.id, available: false });
      expect((await raw.next((f) => f.id === 'first' && f.type === 'data')).payload.data.onUpdateUnicorn).toEqual({ id: unicorn.id, available: false });
      expect(await raw.init()).toEqual({ type: 'connection_ack', payload: { connectionTimeoutMs: 300_000 } });
      expect(await raw.subscribe('second', token.dana, ON_UPDATE_UNICORN)).toEqual({ type: 'start_ack', id: 'second' });
    } finally {
      await setUnicornAvailability(dispatcher, { id: unicorn.id, available: true });
      raw.close();
    }
  });

  it('is refused, like any start, when its own token is bad, and the connection keeps serving', async () => {
    const raw = await RawRealtime.connect(t.cloud, { token: token.riley });
    try {
      expect(await raw.subscribe('bad', 'not-a-token', ON_UPDATE_UNICORN)).toEqual({
        type: 'error',
        id: 'bad',
        payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Unable to parse JWT token.', errorCode: 401 }] },
      });
      expect(await raw.subscribe('good', token.riley, ON_UPDATE_UNICORN)).toEqual({ type: 'start_ack', id: 'good' });
    } finally {
      raw.close();
    }
  });
});

describe('start', () => {
  it('is authorized by its own token: a forged or missing one is refused, the connection keeps serving', async () => {
    const raw = await connected('riley');
    try {
      const [header, , signature] = token.riley!.split('.');
      const forged = `${header}.${segment({ ...claimsOf(token.riley!), 'cognito:groups': ['Dispatchers'] })}.${signature}`;
      expect(await raw.subscribe('forged', forged, ON_UPDATE_RIDE)).toEqual({
        type: 'error',
        id: 'forged',
        payload: { errors: [{ errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.', errorCode: 401 }] },
      });
      expect(await raw.subscribe('none', undefined, ON_UPDATE_RIDE)).toMatchObject({
        type: 'error',
        payload: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] },
      });
      // Another user's token on the same connection is that user's subscription (Amplify shares sockets).
      expect(await raw.subscribe('dana', token.dana, ON_UPDATE_RIDE)).toEqual({ type: 'start_ack', id: 'dana' });
    } finally {
      raw.close();
    }
  });

  it("refuses an owner argument naming another rider with the auth resolver's Unauthorized", async () => {
    const raw = await connected('riley');
    try {
      expect(await raw.subscribe('other-owner', token.sam, ON_UPDATE_RIDE, { owner: 'riley' })).toEqual({
        type: 'error',
        id: 'other-owner',
        payload: { errors: [{ errorType: 'Unauthorized', message: 'Not Authorized to access onUpdateRide on type Subscription' }] },
      });
      expect((await raw.subscribe('own', token.riley, ON_UPDATE_RIDE, { owner: 'riley' })).type).toBe('start_ack');
    } finally {
      raw.close();
    }
  });

  it('answers a query or mutation with UnsupportedOperation, and invalid documents with validation errors', async () => {
    const raw = await connected('riley');
    try {
      expect(await raw.subscribe('q', token.riley, 'query { listUnicorns { items { id } } }')).toEqual({
        type: 'error',
        id: 'q',
        payload: { errors: [{ errorType: 'UnsupportedOperation', message: 'query not supported through the realtime channel' }] },
      });
      expect(await raw.subscribe('unknown-field', token.riley, 'subscription { onSomething { id } }')).toEqual({
        type: 'error',
        id: 'unknown-field',
        payload: { errors: [{ message: 'Cannot query field "onSomething" on type "Subscription".', errorCode: 400 }] },
      });
      expect((await raw.subscribe('syntax', token.riley, 'subscription {')).payload.errors[0]).toMatchObject({ errorCode: 400, message: expect.stringContaining('Syntax Error') });
      expect(
        (await raw.subscribe('bad-variable', token.riley, ON_UPDATE_RIDE, { filter: { fare: { gt: 'a lot' } } })).payload.errors[0],
      ).toMatchObject({ errorCode: 400, message: expect.stringContaining('$filter') });
      // The HTTP endpoint's request limits apply to starts.
      const tooDeep = `subscription { onUpdateRide(filter: ${'{ and: ['.repeat(70)}{ id: { eq: "x" } }${'] }'.repeat(70)}) { id } }`;
      expect(await raw.subscribe('too-deep', token.riley, tooDeep)).toEqual({
        type: 'error',
        id: 'too-deep',
        payload: { errors: [{ errorType: 'BadRequestException', message: 'An argument is nested more than 64 levels deep (the limit of this endpoint)', errorCode: 400 }] },
      });
      expect(await raw.subscribe('two-fields', token.riley, 'subscription { onUpdateRide { id } onCreateRide { id } }')).toMatchObject({
        type: 'error',
        payload: { errors: [{ errorCode: 400, message: 'Anonymous Subscription must select only one top level field.' }] },
      });
    } finally {
      raw.close();
    }
  });

  it('refuses filters AppSync refuses (too many values for `in`)', async () => {
    const raw = await connected('dana');
    try {
      const filter = { status: { in: ['REQUESTED', 'DISPATCHED', 'COMPLETED', 'CANCELLED', 'a', 'b'] } };
      expect(await raw.subscribe('big-in', token.dana, ON_UPDATE_RIDE, { filter })).toEqual({
        type: 'error',
        id: 'big-in',
        payload: { errors: [{ message: 'subscription exceeds maximum value limit 5 for operator `in`.', errorCode: 400 }] },
      });
    } finally {
      raw.close();
    }
  });

  it('refuses a duplicate id, and the 101st subscription of a connection', async () => {
    const raw = await connected('riley');
    try {
      expect((await raw.subscribe('same', token.riley, ON_UPDATE_UNICORN)).type).toBe('start_ack');
      expect(await raw.subscribe('same', token.riley, ON_UPDATE_UNICORN)).toEqual({
        type: 'error',
        id: 'same',
        payload: { errors: [{ errorType: 'DuplicatedOperationError', message: 'Duplicated operation with id same' }] },
      });
      for (let i = 1; i < 100; i++) raw.start(`s${i}`, token.riley, ON_UPDATE_UNICORN);
      for (let i = 1; i < 100; i++) expect((await raw.next((f) => f.id === `s${i}`)).type).toBe('start_ack');
      expect(await raw.subscribe('s100', token.riley, ON_UPDATE_UNICORN)).toEqual({
        type: 'error',
        id: 's100',
        payload: { errors: [{ errorType: 'MaxSubscriptionsReachedError', message: 'Max number of 100 subscriptions reached' }] },
      });
      // A stop frees a place.
      raw.send({ type: 'stop', id: 's1' });
      expect(await raw.next((f) => f.id === 's1')).toEqual({ type: 'complete', id: 's1' });
      expect((await raw.subscribe('s100', token.riley, ON_UPDATE_UNICORN)).type).toBe('start_ack');
    } finally {
      raw.close();
    }
  });
});

describe('events', () => {
  it('reach the owner, not a stranger; each subscription gets its own selection; stop ends delivery', async () => {
    const owner = await connected('riley');
    const other = await connected('sam');
    try {
      const narrow = 'subscription { onUpdateRide { id status } }';
      expect((await owner.subscribe('mine', token.riley, ON_UPDATE_RIDE)).type).toBe('start_ack');
      expect((await owner.subscribe('narrow', token.riley, narrow)).type).toBe('start_ack');
      expect((await other.subscribe('theirs', token.sam, ON_UPDATE_RIDE)).type).toBe('start_ack');

      const ride = await requestRide(rider, { pickup });
      await dispatchRide(dispatcher, { rideId: ride.id, unicornId: unicorn.id, fare: 12, note: 'for dispatchers only' });
      expect(await owner.next((f) => f.id === 'mine')).toEqual({
        type: 'data',
        id: 'mine',
        // dispatcherNote is null in every mutation result (the transformer's field resolver), so in events.
        payload: { data: { onUpdateRide: { id: ride.id, status: 'DISPATCHED', fare: 12, owner: 'riley', passengers: null, dispatcherNote: null } } },
      });
      expect(await owner.next((f) => f.id === 'narrow')).toEqual({ type: 'data', id: 'narrow', payload: { data: { onUpdateRide: { id: ride.id, status: 'DISPATCHED' } } } });

      // The stranger's first event is their own ride's, dispatched after riley's.
      const own = await requestRide(stranger, { pickup });
      await dispatchRide(dispatcher, { rideId: own.id, unicornId: unicorn.id });
      expect((await other.next((f) => f.id === 'theirs')).payload.data.onUpdateRide.id).toBe(own.id);

      owner.send({ type: 'stop', id: 'mine' });
      expect(await owner.next((f) => f.id === 'mine')).toEqual({ type: 'complete', id: 'mine' });
      await dispatchRide(dispatcher, { rideId: ride.id, unicornId: unicorn.id, fare: 13 });
      // The subscription still running gets the later event; the stopped one got nothing more.
      expect((await owner.next((f) => f.id === 'narrow')).payload.data.onUpdateRide.id).toBe(ride.id);
      expect(owner.pendingData('mine')).toEqual([]);
      expect(owner.log.filter((f) => f.type === 'data' && f.id === 'mine')).toHaveLength(1);
    } finally {
      owner.close();
      other.close();
    }
  });

  it('of rider profiles (one owner rule): the owner, with or without the owner argument, and Dispatchers; not another rider', async () => {
    const riley = await connected('riley');
    const others = await connected('sam');
    const query = 'subscription OnRider($owner: String) { onUpdateRider(owner: $owner) { id name phone owner } }';
    try {
      expect((await riley.subscribe('plain', token.riley, query)).type).toBe('start_ack');
      expect((await riley.subscribe('arg', token.riley, query, { owner: 'riley' })).type).toBe('start_ack');
      expect((await riley.subscribe('dispatcher', token.dana, query)).type).toBe('start_ack');
      expect((await others.subscribe('sam', token.sam, query)).type).toBe('start_ack');
      const profile = await createMyProfile(rider, { name: 'Riley' });
      await updateMyProfile(rider, { phone: '+12065550123' });
      const expected = { onUpdateRider: { id: profile.id, name: 'Riley', phone: '+12065550123', owner: 'riley' } };
      for (const id of ['plain', 'arg', 'dispatcher']) expect((await riley.next((f) => f.id === id)).payload).toEqual({ data: expected });
      const own = await createMyProfile(stranger, { name: 'Sam' });
      await updateMyProfile(stranger, { name: 'Samuel' });
      expect((await others.next((f) => f.id === 'sam')).payload.data.onUpdateRider.id).toBe(own.id);
      expect((await riley.next((f) => f.id === 'dispatcher')).payload.data.onUpdateRider.id).toBe(own.id);
      expect(riley.pendingData('plain')).toEqual([]);
      expect(riley.pendingData('arg')).toEqual([]);
    } finally {
      riley.close();
      others.close();
    }
  });

  it('publish each root field of a mutation request, keyed by field names whatever the aliases', async () => {
    const raw = await connected('riley');
    try {
      expect((await raw.subscribe('mine', token.riley, 'subscription { onUpdateRide { id status fare owner } }')).type).toBe('start_ack');
      const [a, b] = await Promise.all([requestRide(rider, { pickup }), requestRide(rider, { pickup })]);
      const mutation = `mutation Two($a: ID!, $b: ID!, $zone: String) {
        first: updateRide(input: { id: $a, status: DISPATCHED }, condition: { zone: { eq: $zone } }) { rideId: id state: status ...Owner }
        second: updateRide(input: { id: $b, fare: 3.5 }) { id ... on Ride { fare owner } }
      }
      fragment Owner on Ride { who: owner }`;
      const response = await fetch(t.cloud.graphqlEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: token.dana! },
        body: JSON.stringify({ query: mutation, variables: { a: a.id, b: b.id, zone: a.zone } }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      expect((await raw.next((f) => f.id === 'mine')).payload.data.onUpdateRide).toEqual({ id: a.id, status: 'DISPATCHED', fare: null, owner: 'riley' });
      expect((await raw.next((f) => f.id === 'mine')).payload.data.onUpdateRide).toEqual({ id: b.id, status: null, fare: 3.5, owner: 'riley' });
    } finally {
      raw.close();
    }
  });

  it('a field the mutation did not select is null, or an error for a non-null field, as in AppSync', async () => {
    const raw = await connected('dana');
    try {
      const query = 'subscription { onUpdateUnicorn { id name createdAt } }';
      expect((await raw.subscribe('wide', token.dana, query)).type).toBe('start_ack');
      // setUnicornAvailability selects UnicornDetails: id, name, color, breed, available, updatedAt.
      await setUnicornAvailability(dispatcher, { id: unicorn.id, available: false });
      const event = await raw.next((f) => f.id === 'wide');
      expect(event.payload.data).toEqual({ onUpdateUnicorn: null });
      expect(event.payload.errors).toMatchObject([{ message: 'Cannot return null for non-nullable field Unicorn.createdAt.', path: ['onUpdateUnicorn', 'createdAt'] }]);
    } finally {
      raw.close();
    }
  });
});

describe('hostile input', () => {
  it('gets an error frame for each bad message, and the connection keeps serving', async () => {
    const raw = await connected('riley');
    try {
      const badRequest = (message: string | RegExp) => ({
        type: 'error',
        payload: { errors: [{ errorType: 'BadRequestException', message: typeof message === 'string' ? message : expect.stringMatching(message), errorCode: 400 }] },
      });
      raw.send('{"type": "start", ');
      expect(await raw.next()).toEqual(badRequest(/^Unable to parse the message as JSON/));
      raw.send('[1, 2]');
      expect(await raw.next()).toEqual(badRequest('A message must be a JSON object with a "type"'));
      raw.send(Buffer.from([1, 2, 3]));
      expect(await raw.next()).toEqual(badRequest('Binary messages are not supported; send JSON text'));
      raw.send({ type: 'subscribe', id: 'x' });
      expect(await raw.next()).toEqual({ ...badRequest('Unsupported message type: subscribe'), id: 'x' });
      raw.send({ type: 'start', payload: {} });
      expect(await raw.next()).toEqual(badRequest('A start message needs a non-empty string "id"'));
      raw.send({ type: 'start', id: 'no-data', payload: { data: '{not json' } });
      expect(await raw.next()).toMatchObject({ id: 'no-data', payload: { errors: [{ errorType: 'BadRequestException', message: expect.stringMatching(/^Unable to parse payload.data/) }] } });
      raw.send({ type: 'start', id: 'big', payload: { data: JSON.stringify({ query: `subscription { onUpdateUnicorn { id } } # ${'x'.repeat(300 * 1024)}` }) } });
      expect(await raw.next()).toEqual({ ...badRequest(/^Message of \d+ bytes is larger than the limit of 245760 bytes$/), id: 'big' });

      // Still serving: a subscription starts and receives.
      expect((await raw.subscribe('after', token.riley, ON_UPDATE_UNICORN)).type).toBe('start_ack');
      await setUnicornAvailability(dispatcher, { id: unicorn.id, available: true });
      expect((await raw.next((f) => f.id === 'after')).payload.data.onUpdateUnicorn).toEqual({ id: unicorn.id, available: true });
    } finally {
      raw.close();
    }
  });

  it('closes a connection that sends a frame beyond the hard limit (1 MiB), and serves others', async () => {
    const raw = await connected('riley');
    raw.send('x'.repeat(1024 * 1024 + 1));
    expect((await raw.closed).code).toBe(1009);
    const next = await connected('riley');
    next.close();
  });
});
