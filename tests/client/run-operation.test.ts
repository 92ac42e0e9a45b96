// runOperation and the typed calls against a scripted AppSync: what is sent, and which typed error
// each kind of failure becomes (through Amplify's real request and error handling).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  ConflictError,
  createClient,
  getRide,
  myRides,
  NetworkError,
  NotAuthorizedError,
  NotSignedInError,
  requestRide,
  UntrustedCertificateError,
  runOperation,
  ValidationError,
  type WildRydesClient,
} from '../../src/client/index.js';
import { prepareNodeRuntime } from '../../src/client/node/index.js';
import { GetRideDocument, OnRideUpdatedDocument } from '../../src/generated/graphql.js';
import { startFakeAppSync, type FakeAppSync } from './fakes/fake-appsync.js';
import { fakeConfig, fakeSignedInClient } from './fakes/fake-session.js';

let fake: FakeAppSync;
let rider: WildRydesClient;
let accessToken: string;

const ride = {
  id: 'r1',
  pickup: { latitude: 47.6, longitude: -122.3 },
  requestedAt: '2026-01-01T10:00:00.000Z',
  status: 'REQUESTED',
  unicornId: null,
  fare: null,
  passengers: ['pat'],
  owner: 'riley',
  createdAt: '2026-01-01T10:00:00.000Z',
  updatedAt: '2026-01-01T10:00:00.000Z',
  unicorn: null,
};

beforeAll(async () => {
  fake = await startFakeAppSync();
  await prepareNodeRuntime({ trustedCaPem: fake.caCertPem });
  ({ client: rider, accessToken } = await fakeSignedInClient(fake.endpoint, { username: 'riley', sub: 'sub-riley' }));
});

afterAll(async () => {
  await fake.close();
});

describe('runOperation', () => {
  it('sends the operation with the raw access token and returns the typed data', async () => {
    fake.respondWith({ body: { data: { getRide: ride } } });
    const data = await runOperation(rider, GetRideDocument, { id: 'r1' });
    expect(data.getRide?.pickup.latitude).toBe(47.6);
    const request = fake.requests.at(-1)!;
    expect(request.headers.authorization).toBe(accessToken);
    expect(request.body.query).toMatch(/^query GetRide\(\$id: ID!\)/);
    expect(request.body.query).not.toContain('dispatcherNote');
    expect(request.body.variables).toEqual({ id: 'r1' });
  });

  it('refuses a subscription document', async () => {
    await expect(runOperation(rider, OnRideUpdatedDocument, {})).rejects.toThrow(/use subscribe\(\)/);
  });

  it('turns an Unauthorized error into a NotAuthorizedError with its path, errorType and the partial data', async () => {
    fake.respondWith({
      body: {
        data: { getRide: null },
        errors: [{ path: ['getRide'], data: null, errorType: 'Unauthorized', errorInfo: null, locations: [{ line: 2, column: 3 }], message: 'Not Authorized to access getRide on type Query' }],
      },
    });
    const error = await getRide(rider, 'r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAuthorizedError);
    const refused = error as NotAuthorizedError;
    expect(refused.kind).toBe('NotAuthorized');
    expect(refused.errorType).toBe('Unauthorized');
    expect(refused.path).toEqual(['getRide']);
    expect(refused.operation).toBe('GetRide');
    expect(refused.data).toEqual({ getRide: null });
    expect(refused.message).toMatch(/GetRide: not authorized \(at getRide\)/);
  });

  it('turns an HTTP 401 into a NotSignedInError that says to sign in again', async () => {
    fake.respondWith({
      status: 401,
      headers: { 'x-amzn-ErrorType': 'UnauthorizedException' },
      body: { errors: [{ errorType: 'UnauthorizedException', message: 'Valid authorization header not provided.' }] },
    });
    const error = await getRide(rider, 'r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSignedInError);
    expect((error as NotSignedInError).errorType).toBe('UnauthorizedException');
    expect((error as Error).message).toMatch(/Sign in again/);
  });

  it('turns schema validation errors into a ValidationError', async () => {
    fake.respondWith({
      body: { data: null, errors: [{ message: 'Variable "$id" got invalid value 5; ID cannot represent value', locations: [{ line: 1, column: 15 }] }] },
    });
    await expect(getRide(rider, 'r1')).rejects.toBeInstanceOf(ValidationError);
    fake.respondWith({
      body: { data: null, errors: [{ errorType: 'ValidationError', message: "Validation error of type WrongType: argument 'id' with value 'IntValue{value=5}' is not a valid 'ID'" }] },
    });
    await expect(getRide(rider, 'r1')).rejects.toBeInstanceOf(ValidationError);
  });

  it('turns a failed DynamoDB condition into a ConflictError', async () => {
    fake.respondWith({
      body: { data: { createRide: null }, errors: [{ path: ['createRide'], errorType: 'DynamoDB:ConditionalCheckFailedException', message: 'The conditional request failed' }] },
    });
    const error = await requestRide(rider, { pickup: { latitude: 1, longitude: 2 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as ConflictError).path).toEqual(['createRide']);
  });

  it('does not blame the caller for a data source\'s own validation failure', async () => {
    fake.respondWith({
      body: { data: { getRide: null }, errors: [{ path: ['getRide'], errorType: 'DynamoDB:ValidationException', message: 'One or more parameter values were invalid' }] },
    });
    const error = await getRide(rider, 'r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).errorType).toBe('DynamoDB:ValidationException');
  });

  it('turns any other error into an ApiError carrying the server message', async () => {
    fake.respondWith({ body: { data: null, errors: [{ errorType: 'MappingTemplate', message: 'Template transformation yielded an empty response.' }] } });
    const error = await getRide(rider, 'r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).message).toContain('Template transformation yielded an empty response.');
  });

  it('refuses a mutation result that is null without an error', async () => {
    fake.respondWith({ body: { data: { createRide: null } } });
    await expect(requestRide(rider, { pickup: { latitude: 1, longitude: 2 } })).rejects.toThrow(/returned no item and no error/);
  });

  it('reports an unreachable API as a NetworkError', async () => {
    const { client } = await fakeSignedInClient('https://localhost:9/graphql', { username: 'riley', sub: 'sub-riley' });
    await expect(getRide(client, 'r1')).rejects.toBeInstanceOf(NetworkError);
  });

  it('says so when the server\'s certificate is not trusted, naming its origin and how to trust it', async () => {
    // A second server with a certificate of its own, which this process was never told to trust.
    const untrusted = await startFakeAppSync();
    try {
      const { client } = await fakeSignedInClient(untrusted.endpoint, { username: 'riley', sub: 'sub-riley' });
      const error = await getRide(client, 'r1').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UntrustedCertificateError);
      expect(error).toBeInstanceOf(NetworkError);
      const origin = new URL(untrusted.endpoint).origin;
      expect((error as Error).message).toContain(`GetRide: the certificate of ${origin} is not trusted: `);
      expect((error as Error).message).toMatch(/NODE_EXTRA_CA_CERTS=/);
      expect((error as Error).message).not.toMatch(/could not be reached|server is running/);
      expect(untrusted.requests).toEqual([]);
    } finally {
      await untrusted.close();
    }
  });

  it('reports a client nobody signed in to as a NotSignedInError without calling the API', async () => {
    const before = fake.requests.length;
    const error = await getRide(createClient(fakeConfig(fake.endpoint)), 'r1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotSignedInError);
    expect((error as Error).message).toMatch(/signIn/);
    expect(fake.requests.length).toBe(before);
  });
});

describe('typed calls', () => {
  it('myRides asks the index for the signed-in user as <sub>::<username>, newest first', async () => {
    fake.respondWith({ body: { data: { myRides: { items: [ride, null], nextToken: 'next' } } } });
    const page = await myRides(rider, { limit: 1 });
    expect(page).toEqual({ items: [ride], nextToken: 'next' });
    const request = fake.requests.at(-1)!;
    expect(request.body.variables).toEqual({ owner: 'sub-riley::riley', limit: 1 });
    expect(request.body.query).toContain('$sortDirection: ModelSortDirection = DESC');
  });

  it('requestRide sends only what a rider may write, with the request time', async () => {
    fake.respondWith({ body: { data: { createRide: ride } } });
    await requestRide(rider, { pickup: { latitude: 47.6, longitude: -122.3 }, passengers: ['pat'], requestedAt: new Date('2026-01-01T10:00:00Z') });
    const { variables, query } = fake.requests.at(-1)!.body;
    expect(variables).toEqual({ pickup: { latitude: 47.6, longitude: -122.3 }, passengers: ['pat'], requestedAt: '2026-01-01T10:00:00.000Z' });
    expect(query).toMatch(/createRide\(\s*input: \{pickup: \$pickup, requestedAt: \$requestedAt, passengers: \$passengers\}\s*\)/);
  });
});
