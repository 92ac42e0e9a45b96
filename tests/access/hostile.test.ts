// Hostile input against the running local cloud: forged and misused tokens, malformed requests, huge
// and pathological queries, wrong scalars, filters built to escape the owner rules, alias abuse. Each
// gets a clear error, nothing is written, and the service keeps serving.
import { generateKeyPairSync, sign } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithSrp } from '../support/cognito-users.js';
import { projectApi, projectRoot } from './project.js';
import { PASSWORD, startWorld, type World } from './world.js';

let world: World;
let rideId: string;

const segment = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (token: string) => token.split('.').map((p, i) => (i < 2 ? JSON.parse(Buffer.from(p, 'base64url').toString()) : p));

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(world.cloud.graphqlEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: world.users.otherRider.accessToken, ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as { data?: any; errors?: Array<{ errorType?: string; message: string }> } };
}

async function rideCount(): Promise<number> {
  const { Count } = await world.cloud.dynamodb.client.send(new ScanCommand({ TableName: world.cloud.dynamodb.tables.Ride, Select: 'COUNT' }));
  return Count ?? 0;
}

/** After every hostile request: the service still answers a plain request. */
async function stillServing() {
  const { status, body } = await world.request('owner', `query($id: ID!) { getRide(id: $id) { id } }`, { id: rideId });
  expect(status).toBe(200);
  expect(body.data?.getRide?.id).toBe(rideId);
}

beforeAll(async () => {
  world = await startWorld({ projectRoot, api: projectApi() });
  const created = await world.request('owner', `mutation($input: CreateRideInput!) { createRide(input: $input) { id } }`, {
    input: { pickup: { latitude: 1, longitude: 2 }, requestedAt: '2026-11-26T10:00:00.000Z' },
  });
  rideId = created.body.data!.createRide.id;
});
afterAll(() => world?.close());

const CREATE = JSON.stringify({
  query: `mutation { createRide(input: {pickup: {latitude: 1, longitude: 2}, requestedAt: "2026-11-26T11:00:00.000Z"}) { id } }`,
});

describe('tokens that are not an access or id token of this pool', () => {
  it('a refresh token sent as the bearer token', async () => {
    const cognito = new CognitoIdentityProviderClient({
      region: world.cloud.cognito.region,
      endpoint: world.cloud.cognito.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const AuthenticationResult = await signInWithSrp(cognito, world.cloud.cognito, world.users.otherRider.username, PASSWORD);
    cognito.destroy();
    const before = await rideCount();
    const response = await post(CREATE, { authorization: AuthenticationResult!.RefreshToken! });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]?.errorType).toBe('UnauthorizedException');
    expect(await rideCount()).toBe(before);
    await stillServing();
  });

  it('the right claims and key id, signed by another RSA key', async () => {
    const [header, payload] = parts(world.users.otherRider.accessToken);
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const body = `${segment(header)}.${segment(payload)}`;
    const forged = `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
    const before = await rideCount();
    const response = await post(CREATE, { authorization: forged });
    expect(response.status).toBe(401);
    expect(response.body.errors?.[0]).toMatchObject({ errorType: 'UnauthorizedException' });
    expect(await rideCount()).toBe(before);
    await stillServing();
  });
});

describe('malformed requests', () => {
  it.each([
    ['not JSON', '{"query": "mutation { createRide'],
    ['a JSON array (batching)', JSON.stringify([JSON.parse(CREATE), JSON.parse(CREATE)])],
    ['a JSON string', JSON.stringify('mutation { createRide }')],
    ['no query', JSON.stringify({ variables: {} })],
    ['variables that are not an object', JSON.stringify({ query: JSON.parse(CREATE).query, variables: [1, 2] })],
    ['a body that is not UTF-8 JSON', Buffer.from([0xff, 0xfe, 0x00, 0x7b]).toString('latin1')],
  ])('%s: 400 MalformedHttpRequestException, nothing written', async (_name, body) => {
    const before = await rideCount();
    const response = await post(body);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.errorType).toBe('MalformedHttpRequestException');
    expect(await rideCount()).toBe(before);
    await stillServing();
  });

  it('a syntax error in the query: a GraphQL error with its location, nothing written', async () => {
    const before = await rideCount();
    const response = await post(JSON.stringify({ query: 'mutation { createRide(input: {pickup: ) { id } }' }));
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.message).toMatch(/Syntax Error/);
    expect(response.body.errors?.[0]).toMatchObject({ locations: [{ line: 1, column: 39 }] });
    expect(await rideCount()).toBe(before);
  });
});

describe('wrong scalar values are GraphQL validation errors and write nothing', () => {
  const input = (extra: Record<string, unknown>) => ({ pickup: { latitude: 1, longitude: 2 }, requestedAt: '2026-11-26T11:00:00.000Z', ...extra });
  it.each([
    ['AWSDateTime', input({ requestedAt: 'yesterday at noon' })],
    ['AWSDateTime without a zone', input({ requestedAt: '2026-11-26T11:00:00' })],
    ['Float given as a string', input({ pickup: { latitude: 'north', longitude: 2 } })],
    ['Float out of range (1e400 is Infinity)', input({ pickup: { latitude: 1e400, longitude: 2 } })],
    ['ID given as an object', input({ id: { $ne: null } })],
    ['a list where a scalar is expected', input({ requestedAt: ['2026-11-26T11:00:00.000Z'] })],
    ['an unknown input field', input({ owner_: 'x' })],
    ['a missing required field', { pickup: { latitude: 1, longitude: 2 } }],
  ])('%s', async (_name, value) => {
    const before = await rideCount();
    const response = await world.request('otherRider', `mutation($input: CreateRideInput!) { createRide(input: $input) { id } }`, { input: value });
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.length).toBeGreaterThan(0);
    expect(await rideCount()).toBe(before);
  });

  it('AWSPhone that is not a phone number', async () => {
    const response = await world.request('otherRider', `mutation { createRider(input: {name: "Eve", phone: "call me maybe"}) { id } }`);
    expect(response.body.data ?? null).toBeNull();
    expect(response.body.errors?.[0]?.message).toMatch(/AWSPhone|phone/i);
  });
});

describe('filters built to escape the owner rules', () => {
  const escapes = [
    { or: [{ owner: { ne: 'nobody' } }, { id: { attributeExists: true } }] },
    { not: { owner: { eq: 'nobody' } } },
    { id: { attributeExists: true } },
  ];
  it.each(escapes.map((filter) => [JSON.stringify(filter), filter]))('listRides(filter: %s) by another rider returns none of the rides', async (_name, filter) => {
    const response = await world.request('otherRider', `query($filter: ModelRideFilterInput) { listRides(filter: $filter, limit: 1000) { items { id owner } } }`, { filter });
    expect(response.status).toBe(200);
    expect(response.body.data?.listRides.items).toEqual([]);
  });

  it('"my rides" of another rider with an escaping filter is refused', async () => {
    const response = await world.request('otherRider', `query($owner: String!, $filter: ModelRideFilterInput) { myRides(owner: $owner, filter: $filter) { items { id } } }`, {
      owner: world.users.owner.ownerKey,
      filter: escapes[0],
    });
    expect(response.body.data?.myRides ?? null).toBeNull();
    expect(response.body.errors?.[0]?.errorType).toBe('Unauthorized');
  });

  it('a condition on a refused delete does not change the answer, and the ride stays', async () => {
    const response = await world.request('otherRider', `mutation($input: DeleteRideInput!, $condition: ModelRideConditionInput) { deleteRide(input: $input, condition: $condition) { id } }`, {
      input: { id: rideId },
      condition: { or: [{ fare: { ge: 0 } }, { fare: { lt: 0 } }, { owner: { ne: 'nobody' } }] },
    });
    expect(response.body.errors?.[0]?.errorType).toBe('Unauthorized');
    expect(await world.stored('Ride', rideId)).toBeDefined();
  });
});

describe('pathological queries: the server answers within its limits and stays up', () => {
  it('many aliases of a refused mutation: every one refused, the ride unchanged', async () => {
    const before = await world.stored('Ride', rideId);
    const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: updateRide(input: {id: "${rideId}", status: COMPLETED}) { id }`).join('\n');
    const response = await post(JSON.stringify({ query: `mutation { ${aliases} }` }));
    expect(response.status).toBe(200);
    expect(Object.values(response.body.data ?? {}).every((v) => v === null)).toBe(true);
    expect(await world.stored('Ride', rideId)).toEqual(before);
    await stillServing();
  });

  it('a query wider than AppSync\'s resolver count limit (10,000) is refused before it runs', async () => {
    const aliases = Array.from({ length: 10_001 }, (_, i) => `a${i}: listUnicorns { items { id } }`).join(' ');
    const response = await post(JSON.stringify({ query: `{ ${aliases} }` }));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: null, errors: [{ path: null, locations: null, message: expect.stringMatching(/Resolver count limit of 10000 exceeded/) }] });
    await stillServing();
  });

  it('a query deeper than the local protection (1,000 levels; AppSync sets none here) is refused before it runs', async () => {
    const nested = `query { ${'__schema { types { fields { type { '.repeat(260)}name${' } } } }'.repeat(260)} }`;
    const response = await post(JSON.stringify({ query: nested }));
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/nested more than 1000 levels/i);
    await stillServing();
  });

  it('a deeply nested filter input is refused with a clear error', async () => {
    // Written as text: JSON.stringify itself cannot go this deep.
    const depth = 5000;
    const filter = `${'{"and":['.repeat(depth)}{"id":{"eq":"x"}}${']}'.repeat(depth)}`;
    const query = JSON.stringify(`query($f: ModelRideFilterInput) { listRides(filter: $f) { items { id } } }`);
    const response = await post(`{"query":${query},"variables":{"f":${filter}}}`);
    expect(response.status).toBe(400);
    expect(response.body.errors?.[0]?.message).toMatch(/nested|depth|limit/i);
    await stillServing();
  });
});
