// AppSync's request time limit cuts off resolvers that are still running (resolver-scheduler.ts): a
// request whose DynamoDB call has not come back by the deadline is answered then, each pending field
// null with ExecutionTimeout; nothing of it starts afterwards (not the next function of its
// pipeline: no write follows the read of an update's auth step), and what comes back late is
// dropped. The project's compiled API on the cloud's dynalite, behind a DynamoDB endpoint that holds
// the operations a test names until it lets them go: orderings and answers, no durations.
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import { createGraphQLEngine, type GraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { batchPut } from '../../src/local/dynamodb/tables.js';
import { startHeldDynamoDb, type HeldDynamoDb } from '../support/held-dynamodb.js';
import { compiledApi, startCloudOnFreePorts } from '../support/local-cloud.js';
import { projectRoot } from './helpers.js';

const iss = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x';
const dispatcher = { claims: { sub: 'sub-dana', username: 'dana', 'cognito:groups': ['Dispatchers'], iss, token_use: 'access' }, sourceIp: '127.0.0.1', headers: {} };
const UPDATE = 'mutation ($id: ID!) {\n  updateRide(input: { id: $id, fare: 12.5 }) { id fare }\n}';

let cloud: LocalCloud;
let dynamodb: HeldDynamoDb;
/** Templates rendered, in order (the engines' render hook), and who waits for one. */
const renders: string[] = [];
const renderWaiters: Array<{ match: (template: string) => boolean; resolve: () => void }> = [];
const engines: GraphQLEngine[] = [];

function engine(timeLimitMs?: number): GraphQLEngine {
  const api = defineApi(compiledApi(projectRoot), { apiId: 'wildrydes', env: 'local', region: cloud.dynamodb.region });
  const made = createGraphQLEngine(
    api,
    { endpoint: dynamodb.endpoint, region: cloud.dynamodb.region, credentials: LOCAL_CREDENTIALS },
    {
      execution: timeLimitMs === undefined ? undefined : { timeLimitMs },
      recordRenders: ({ template }) => {
        renders.push(template);
        for (const waiter of renderWaiters.filter((w) => w.match(template))) {
          renderWaiters.splice(renderWaiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      },
    },
  );
  engines.push(made);
  return made;
}

const rendered = (match: (template: string) => boolean) =>
  renders.some(match) ? Promise.resolve() : new Promise<void>((resolve) => renderWaiters.push({ match, resolve }));
/** The rest of the work a settled DynamoDB answer triggers is promise callbacks: done by the next turn. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function seedRide(): Promise<string> {
  const id = randomUUID();
  const at = '2026-01-01T00:00:00.000Z';
  await batchPut(cloud.dynamodb.client, cloud.dynamodb.tables.Ride!, [
    marshall({ id, __typename: 'Ride', owner: 'sub-rider::rider', requestedAt: at, pickup: { latitude: 47.6, longitude: -122.3 }, status: 'REQUESTED', createdAt: at, updatedAt: at }),
  ]);
  return id;
}

async function fareOf(id: string): Promise<unknown> {
  const { Item } = await cloud.dynamodb.client.send(new GetItemCommand({ TableName: cloud.dynamodb.tables.Ride!, Key: marshall({ id }), ConsistentRead: true }));
  return Item && unmarshall(Item).fare;
}

beforeAll(async () => {
  cloud = await startCloudOnFreePorts({ projectRoot });
  dynamodb = await startHeldDynamoDb(cloud.dynamodb.endpoint);
});

afterAll(async () => {
  for (const made of engines) made.close();
  await dynamodb?.close();
  await cloud?.close();
});

beforeEach(() => {
  renders.length = 0;
  dynamodb.received.length = 0;
});

describe('a request whose resolver is still running at the deadline', () => {
  it('(within the limit) the update reads in its auth step, then writes, and every function of its pipeline renders', async () => {
    const id = await seedRide();
    const answer = await engine().execute({ query: UPDATE, variables: { id } }, dispatcher);
    expect(answer).toEqual({ data: { updateRide: { id, fare: 12.5 } } });
    expect(dynamodb.received).toEqual(['GetItem', 'UpdateItem']);
    expect(renders.filter((t) => t.includes('Mutation.updateRide.postAuth'))).not.toHaveLength(0);
    expect(await fareOf(id)).toBe(12.5);
  });

  it('is answered at the deadline with ExecutionTimeout, and no function of its pipeline starts after it: the write is never sent', async () => {
    const id = await seedRide();
    dynamodb.hold('GetItem');
    const answer = await engine(300).execute({ query: UPDATE, variables: { id } }, dispatcher);
    // Answered while the auth step's read is still held.
    expect(dynamodb.received).toEqual(['GetItem']);
    expect(answer).toEqual({
      data: { updateRide: null },
      errors: [
        { path: ['updateRide'], data: null, errorType: 'ExecutionTimeout', errorInfo: null, locations: [{ line: 2, column: 3, sourceName: null }], message: 'Execution timed out.' },
      ],
    });
    const authResponse = (t: string) => t.includes('Mutation.updateRide.auth.1.res');
    expect(renders.some(authResponse)).toBe(false);

    await dynamodb.release();
    await rendered(authResponse);
    await nextTurn();
    // The auth step finished late; the pipeline stopped there.
    expect(renders.slice(renders.findIndex(authResponse) + 1)).toEqual([]);
    expect(dynamodb.received).toEqual(['GetItem']);
    expect(await fareOf(id)).toBeUndefined();
  });

  it('answers the fields that finished in time, and null with ExecutionTimeout for the one still waiting; its late result is dropped', async () => {
    const id = await seedRide();
    dynamodb.hold('Scan');
    const query = `query ($id: ID!) {\n  getRide(id: $id) { id status }\n  listRides { items { id owner } }\n}`;
    const answer = await engine(1_500).execute({ query, variables: { id } }, dispatcher);
    expect(dynamodb.received).toEqual(expect.arrayContaining(['Query', 'Scan']));
    expect(answer).toEqual({
      data: { getRide: { id, status: 'REQUESTED' }, listRides: null },
      errors: [
        { path: ['listRides'], data: null, errorType: 'ExecutionTimeout', errorInfo: null, locations: [{ line: 3, column: 3, sourceName: null }], message: 'Execution timed out.' },
      ],
    });

    await dynamodb.release();
    const listResponse = (t: string) => t.includes('Query.listRides') && t.endsWith('res.vtl');
    await rendered(listResponse);
    await nextTurn();
    // The rides came back, but no field resolver of theirs (Ride.owner) ran.
    expect(renders.filter((t) => t.includes('Ride.owner'))).toEqual([]);
  });
});
