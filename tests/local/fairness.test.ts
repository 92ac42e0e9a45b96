// No request stalls the others (resolver-scheduler.ts): a request's resolvers run a few at a time,
// giving the event loop back every slice of starts, so a getRide sent after a request of many aliased
// listRides started is answered while that one is still running; and a request past its time limit
// answers AppSync's ExecutionTimeout. Orderings and answers only: durations are for bench/fairness.ts.
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiDefinition } from '../../src/local/appsync/api-definition.js';
import { createGraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { EXECUTION_LIMITS, resolverLane } from '../../src/local/appsync/resolver-scheduler.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { batchPut } from '../../src/local/dynamodb/tables.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';
import { projectRoot } from './helpers.js';

const iss = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x';
const rider = { claims: { sub: 'sub-rider', username: 'rider', iss, token_use: 'access' }, sourceIp: '127.0.0.1', headers: {} };
const dispatcher = { claims: { sub: 'sub-dana', username: 'dana', 'cognito:groups': ['Dispatchers'], iss, token_use: 'access' }, sourceIp: '127.0.0.1', headers: {} };

describe('one heavy request and the others', () => {
  let cloud: LocalCloud;
  const rideId = randomUUID();

  beforeAll(async () => {
    cloud = await startCloudOnFreePorts({ projectRoot });
    const at = '2026-01-01T00:00:00.000Z';
    const ride = (id: string, owner: string) =>
      marshall({ id, __typename: 'Ride', owner, requestedAt: at, pickup: { latitude: 47.6, longitude: -122.3 }, status: 'REQUESTED', createdAt: at, updatedAt: at });
    await batchPut(cloud.dynamodb.client, cloud.dynamodb.tables.Ride!, [
      ride(rideId, 'sub-rider::rider'),
      ...Array.from({ length: 30 }, () => ride(randomUUID(), 'sub-other::other')),
    ]);
  });

  afterAll(async () => {
    await cloud?.close();
  });

  it('answers a getRide sent after a 200-alias listRides started while that one has most of its resolvers still to run', async () => {
    const aliases = 200;
    const heavyTrace: string[] = [];
    const heavyQuery = `query { ${Array.from({ length: aliases }, (_, i) => `r${i}: listRides(limit: 100) { items { id } }`).join(' ')} }`;
    let heavyDone = false;
    const heavy = cloud.engine.execute({ query: heavyQuery }, { ...dispatcher, trace: heavyTrace }).then((result) => {
      heavyDone = true;
      return result;
    });
    const light = await cloud.engine.execute({ query: 'query ($id: ID!) { getRide(id: $id) { id owner } }', variables: { id: rideId } }, rider);
    const tracedWhenLightAnswered = heavyTrace.length;

    expect(light).toEqual({ data: { getRide: { id: rideId, owner: 'rider' } } });
    expect(heavyDone).toBe(false);
    const heavyResult = (await heavy) as { data: Record<string, { items: unknown[] }>; errors?: unknown };
    expect(heavyResult.errors).toBeUndefined();
    expect(Object.keys(heavyResult.data)).toHaveLength(aliases);
    expect(heavyResult.data.r199!.items).toHaveLength(31);
    // Each listRides renders the same templates; when getRide was answered, most had not started yet.
    expect(tracedWhenLightAnswered).toBeLessThan(heavyTrace.length / 2);
  });
});

describe("AppSync's request time limit", () => {
  const api: ApiDefinition = {
    apiId: 'timed',
    schema: 'type Query { first: String second: String }',
    templates: new Map([
      ['inline/request.vtl', '$util.toJson({"version": "2018-05-29", "payload": "ok"})'],
      ['inline/response.vtl', '$util.toJson($ctx.result)'],
    ]),
    tables: [],
    dataSources: [{ name: 'NONE_DS', type: 'NONE' }],
    functions: [],
    resolvers: ['first', 'second'].map((fieldName) => ({
      kind: 'UNIT' as const,
      typeName: 'Query',
      fieldName,
      dataSourceName: 'NONE_DS',
      requestTemplate: 'inline/request.vtl',
      responseTemplate: 'inline/response.vtl',
    })),
  };
  const target = { endpoint: 'http://127.0.0.1:9', region: 'us-east-1' };

  it('is 30 seconds, as AppSync has it', () => {
    expect(EXECUTION_LIMITS.timeLimitMs).toBe(30_000);
  });

  it('answers each field that would start past it with ExecutionTimeout "Execution timed out." and data null', async () => {
    const engine = createGraphQLEngine(api, target, { execution: { timeLimitMs: 0 } });
    const result = await engine.execute({ query: '{\n  first\n  again: second\n}' }, rider);
    expect(result).toEqual({
      data: { first: null, again: null },
      errors: [
        { path: ['first'], data: null, errorType: 'ExecutionTimeout', errorInfo: null, locations: [{ line: 2, column: 3, sourceName: null }], message: 'Execution timed out.' },
        { path: ['again'], data: null, errorType: 'ExecutionTimeout', errorInfo: null, locations: [{ line: 3, column: 3, sourceName: null }], message: 'Execution timed out.' },
      ],
    });
  });

  it('runs the same request in full within it', async () => {
    const engine = createGraphQLEngine(api, target);
    expect(await engine.execute({ query: '{ first second }' }, rider)).toEqual({ data: { first: 'ok', second: 'ok' } });
  });

  it('starts no more resolvers once the time is up, and keeps at most resolversInFlight running', async () => {
    let clock = 0;
    const lane = resolverLane({ resolversInFlight: 2, timeLimitMs: 10 }, () => clock);
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (i: number) => async () => {
      started.push(i);
      most = Math.max(most, ++running);
      await new Promise((r) => setImmediate(r));
      running--;
      // The time is up as the first of the second pair returns: the slot it frees starts nothing.
      if (i === 2) clock = 10;
      return i;
    };
    const outcomes = await Promise.allSettled([0, 1, 2, 3, 4, 5].map((i) => lane.run(work(i))));
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([0, 1, 2, 3, 'Execution timed out.', 'Execution timed out.']);
  });
});
