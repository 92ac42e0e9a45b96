// AppSync's HTTP contract at the local endpoint: methods, paths, body checks, CORS, error shapes.
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_REQUEST_BYTES } from '../../src/local/appsync/graphql-endpoint.js';
import { CREATE_RIDE, createUser, post, rideInput, signInAs, startTestCloud, type SignedIn, type TestCloud } from './helpers.js';

let t: TestCloud;
let alice: SignedIn;

beforeAll(async () => {
  t = await startTestCloud();
  await createUser(t, 'alice');
  alice = await signInAs('alice');
});

afterAll(async () => {
  await t?.stop();
});

const auth = () => ({ authorization: alice.accessToken });

describe('requests refused before execution', () => {
  it('answers a CORS preflight for browsers', async () => {
    const response = await fetch(t.cloud.graphqlEndpoint, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('POST');
    expect(response.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });

  it('refuses other methods with 405', async () => {
    const response = await post(t.cloud, undefined, auth(), { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.body.errors[0].errorType).toBe('MethodNotAllowedException');
  });

  it('has nothing but /graphql', async () => {
    const response = await fetch(t.cloud.graphqlEndpoint.replace('/graphql', '/graphiql'), { method: 'POST', headers: auth(), body: '{}' });
    expect(response.status).toBe(404);
  });

  it('checks the token before the body', async () => {
    const response = await post(t.cloud, undefined, {}, { rawBody: '{not json' });
    expect(response.status).toBe(401);
    expect(response.body.errors[0].errorType).toBe('UnauthorizedException');
  });

  it.each([
    ['malformed JSON', '{"query": '],
    ['a body that is not an object', '[{"query": "{ __typename }"}]'],
    ['no query', '{"variables": {}}'],
    ['variables that are not an object', '{"query": "{ __typename }", "variables": [1]}'],
  ])('answers 400 MalformedHttpRequestException for %s', async (_name, rawBody) => {
    const response = await post(t.cloud, undefined, auth(), { rawBody });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ errorType: 'MalformedHttpRequestException', message: expect.any(String) }] });
  });

  it(`answers 413 for a body over ${MAX_REQUEST_BYTES} bytes`, async () => {
    const response = await post(t.cloud, undefined, auth(), { rawBody: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(MAX_REQUEST_BYTES) } }) });
    expect(response.status).toBe(413);
    expect(response.body.errors[0].errorType).toBe('PayloadTooLargeException');
  });
});

describe('limits: refused with 400 before anything runs', () => {
  it.each([
    // Local protections only, far beyond what AppSync accepts (tests/local/appsync-limits.test.ts has AppSync's own limits).
    ['a query nested deeper than 1,000 levels', { query: `{ ${'listRides { items { unicorn { '.repeat(340)}id${' } } }'.repeat(340)} }` }, /nested more than 1000 levels/],
    ['more than 1,000,000 selections with fragments expanded', { query: `{ ...F6 } ${Array.from({ length: 7 }, (_, i) => `fragment F${i} on Query { ${Array.from({ length: 10 }, () => (i === 0 ? '__typename' : `...F${i - 1}`)).join(' ')} }`).join(' ')}` }, /too many fields/],
    ['an argument literal nested deeper than 64 levels', { query: `{ listRides(filter: ${'{and: ['.repeat(70)}{id: {eq: "x"}}${']}'.repeat(70)}) { items { id } } }` }, /argument is nested/],
    ['variables nested deeper than 64 levels', { query: 'query ($f: ModelRideFilterInput) { listRides(filter: $f) { items { id } } }', variables: { f: JSON.parse(`${'{"and":['.repeat(70)}{"id":{"eq":"x"}}${']}'.repeat(70)}`) } }, /variables are nested/],
  ])('%s', async (_name, body, message) => {
    const response = await post(t.cloud, body, auth());
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ errors: [{ errorType: 'BadRequestException', message: expect.stringMatching(message) }] });
  });
});

describe('GraphQL answers', () => {
  it('sends data with AppSync headers', async () => {
    const response = await post(t.cloud, { query: '{ __typename }' }, auth());
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { __typename: 'Query' } });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('reports a validation error with data null and its location', async () => {
    const response = await post(t.cloud, { query: '{ listRides { items { noSuchField } } }' }, auth());
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(response.body.errors[0]).toEqual({
      path: null,
      locations: [{ line: 1, column: 23, sourceName: null }],
      message: "Validation error of type FieldUndefined: Field 'noSuchField' in type 'Ride' is undefined @ 'listRides/items/noSuchField'",
    });
  });

  it('refuses invalid input (wrong scalar, missing field, bad AWSDateTime) and writes nothing', async () => {
    const inputs = [
      rideInput({ pickup: { latitude: 'north', longitude: 1 } }),
      { requestedAt: new Date().toISOString() },
      rideInput({ requestedAt: 'yesterday' }),
    ];
    for (const input of inputs) {
      const response = await post(t.cloud, { query: CREATE_RIDE, variables: { input } }, auth());
      expect(response.status).toBe(200);
      expect(response.body.data).toBeNull();
      expect(response.body.errors.length).toBeGreaterThan(0);
    }
    const { Count } = await t.cloud.dynamodb.client.send(new ScanCommand({ TableName: t.cloud.dynamodb.tables.Ride, Select: 'COUNT' }));
    expect(Count).toBe(0);
  });

  it('names the operation to run among several', async () => {
    const query = 'query A { __typename } query B { listRides { items { id } } }';
    expect((await post(t.cloud, { query, operationName: 'B' }, auth())).body).toEqual({ data: { listRides: { items: [] } } });
    const missing = await post(t.cloud, { query }, auth());
    expect(missing.body.data).toBeNull();
    expect(missing.body.errors[0].message).toMatch(/operation name/);
  });

  it('sends subscriptions to the realtime endpoint', async () => {
    const response = await post(t.cloud, { query: 'subscription { onCreateRide { id } }' }, auth());
    expect(response.body.data).toBeNull();
    expect(response.body.errors[0].message).toMatch(/WebSocket/);
  });
});
