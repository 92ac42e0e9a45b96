// The embedded store called in process (src/local/dynamodb/in-process.ts, in-process-client.ts)
// answers what the same store answers over HTTP through the AWS SDK: the same outputs, the same
// error classes, names, messages and fields, for valid and malformed commands alike. Two embedded
// stores with the same tables get the same commands, one over HTTP, one in process. Then the
// project's compiled API: an engine whose DynamoDB endpoint is unreachable answers from the
// in-process store, as an engine over HTTP does.
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineApi } from '../../src/local/appsync/api-definition.js';
import { createGraphQLEngine, type Caller, type GraphQLEngine } from '../../src/local/appsync/graphql-engine.js';
import { dynamoDbClient, LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { inProcessClient } from '../../src/local/dynamodb/in-process-client.js';
import { ensureTables } from '../../src/local/dynamodb/tables.js';
import { compiledApi } from '../support/local-cloud.js';
import { projectRoot } from './helpers.js';

const REGION = 'us-east-1';
const stores: EmbeddedDynamoDb[] = [];
const clients: DynamoDBClient[] = [];

async function store(): Promise<{ db: EmbeddedDynamoDb; client: DynamoDBClient }> {
  const db = await startEmbeddedDynamoDb({ port: 0, log: () => {} });
  stores.push(db);
  const client = dynamoDbClient({ endpoint: db.endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  clients.push(client);
  return { db, client };
}

afterAll(async () => {
  for (const client of clients) client.destroy();
  for (const db of stores) await db.close();
});

/** dynalite makes a new table ACTIVE on its next turn. */
async function active(client: DynamoDBClient, table: string): Promise<void> {
  while ((await client.send(new DescribeTableCommand({ TableName: table }))).Table?.TableStatus !== 'ACTIVE');
}

/** An answer or a failure, comparable across the two paths (the random request id left out). */
async function outcome(send: () => Promise<unknown>): Promise<unknown> {
  const withoutRequestId = (value: unknown) => {
    const copy = { ...(value as Record<string, unknown>) };
    if (copy.$metadata) copy.$metadata = { ...(copy.$metadata as object), requestId: 'id' };
    // BatchGetItem's items come in no set order (dynalite reads them in parallel, as DynamoDB may).
    const responses = copy.Responses as Record<string, unknown[]> | undefined;
    if (responses) copy.Responses = Object.fromEntries(Object.entries(responses).map(([table, items]) => [table, items.map((item) => JSON.stringify(item)).sort()]));
    return copy;
  };
  try {
    return { ok: withoutRequestId(await send()) };
  } catch (error) {
    const e = error as Error;
    return { failed: { class: e.constructor, name: e.name, message: e.message, keys: Object.keys(e), fields: withoutRequestId(e) } };
  }
}

describe('the SDK against the embedded store, over HTTP and in process', () => {
  const TABLE = 'Thing-test-local';
  // Malformed values are what a resolver template can produce; the SDK's serializer and dynalite's checks decide.
  const anything = <T>(value: unknown) => value as T;
  const commands = [
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'a' }, owner: { S: 'x::y' }, n: { N: '1.50' }, at: { S: '2026-01-01' }, nul: { NULL: true }, l: { L: [{ S: 'x' }, { N: '2' }] }, m: { M: { k: { BOOL: true } } } } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'b' }, owner: { S: 'x::y' }, at: { S: '2026-01-02' }, bin: { B: anything('aGVsbG8=') }, bs: { BS: [anything('aGk=')] }, ss: { SS: ['p', 'q'] } } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'c' }, owner: { S: 'z::w' }, at: { S: '2026-01-03' } } }),
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'a' } }, ConsistentRead: false }),
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'b' } }, ConsistentRead: true }),
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'missing' } } }),
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'a' } }, ProjectionExpression: '#n, l[1]', ExpressionAttributeNames: { '#n': 'n' } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(id)' }),
    new UpdateItemCommand({
      TableName: TABLE,
      Key: { id: { S: 'a' } },
      UpdateExpression: 'SET #s = :s, #c = if_not_exists(#c, :zero) + :one',
      ConditionExpression: 'attribute_exists(id)',
      ExpressionAttributeNames: { '#s': 'status', '#c': 'count' },
      ExpressionAttributeValues: { ':s': { S: 'DONE' }, ':zero': { N: '0' }, ':one': { N: '1' } },
      ReturnValues: 'ALL_NEW',
    }),
    new UpdateItemCommand({
      TableName: TABLE,
      Key: { id: { S: 'b' } },
      UpdateExpression: 'SET #s = :s',
      ConditionExpression: '#o = :other',
      ExpressionAttributeNames: { '#s': 'status', '#o': 'owner' },
      ExpressionAttributeValues: { ':s': { S: 'NO' }, ':other': { S: 'someone else' } },
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    }),
    new QueryCommand({ TableName: TABLE, IndexName: 'byOwner', KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'x::y' } }, ScanIndexForward: false, Limit: 1 }),
    new QueryCommand({ TableName: TABLE, KeyConditionExpression: '#id = :id', FilterExpression: anything(null), ExclusiveStartKey: anything(null), ExpressionAttributeNames: { '#id': 'id' }, ExpressionAttributeValues: { ':id': { S: 'b' } }, Select: 'ALL_ATTRIBUTES' }),
    new ScanCommand({ TableName: TABLE, Limit: 2 }),
    new ScanCommand({ TableName: TABLE, Limit: 2, ExclusiveStartKey: { id: { S: 'a' } }, FilterExpression: 'begins_with(#o, :p)', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':p': { S: 'x' } } }),
    new ScanCommand({ TableName: TABLE, ExpressionAttributeValues: {}, FilterExpression: anything(null) }),
    new ScanCommand({ TableName: TABLE, FilterExpression: 'a = ' }),
    new ScanCommand({ TableName: TABLE, FilterExpression: '#a = :a', ExpressionAttributeNames: { '#a': 'a' } }),
    new ScanCommand({ TableName: TABLE, Limit: anything('5') }),
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: anything(5) } } }),
    new GetItemCommand({ TableName: TABLE, Key: { id: { S: anything(null) } } }),
    new GetItemCommand({ TableName: TABLE, Key: anything('abc') }),
    new GetItemCommand({ TableName: TABLE, Key: { id: anything({ S: 'b', N: '1' }) } }),
    new GetItemCommand({ TableName: TABLE, Key: { id: anything({ Q: 'b' }) } }),
    new GetItemCommand({ TableName: TABLE, Key: anything(undefined) }),
    new GetItemCommand({ TableName: 'Missing-test-local', Key: { id: { S: 'b' } } }),
    new GetItemCommand({ TableName: 'x', Key: { id: { S: 'b' } } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'd' }, m: { M: anything([{ S: 'x' }]) } } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'e' }, n: { N: anything(5) } } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'f' }, n: { BOOL: anything('true') } } }),
    new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'g' }, big: { S: 'x'.repeat(410_000) } } }),
    new BatchWriteItemCommand({ RequestItems: { [TABLE]: [{ PutRequest: { Item: { id: { S: 'h' }, owner: { S: 'x::y' } } } }, { DeleteRequest: { Key: { id: { S: 'c' } } } }] } }),
    new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: [{ id: { S: 'a' } }, { id: { S: 'h' } }, { id: { S: 'c' } }] } } }),
    new DeleteItemCommand({ TableName: TABLE, Key: { id: { S: 'b' } }, ReturnValues: 'ALL_OLD', ConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'nobody' } } }),
    new DeleteItemCommand({ TableName: TABLE, Key: { id: { S: 'b' } }, ReturnValues: 'ALL_OLD' }),
    new ScanCommand({ TableName: TABLE }),
  ];

  it('answers every command the same, malformed ones included', async () => {
    const overHttp = await store();
    const inProcess = await store();
    for (const { client } of [overHttp, inProcess]) {
      await client.send(
        new CreateTableCommand({
          TableName: TABLE,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          AttributeDefinitions: [
            { AttributeName: 'id', AttributeType: 'S' },
            { AttributeName: 'owner', AttributeType: 'S' },
            { AttributeName: 'at', AttributeType: 'S' },
          ],
          GlobalSecondaryIndexes: [{ IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }, { AttributeName: 'at', KeyType: 'RANGE' }], Projection: { ProjectionType: 'ALL' } }],
        }),
      );
    }
    for (const { client } of [overHttp, inProcess]) await active(client, TABLE);
    const direct = inProcessClient(inProcess.client, inProcess.db.inProcess);
    expect(direct).not.toBe(inProcess.client);
    let failures = 0;
    for (const command of commands) {
      const expected = await outcome(() => overHttp.client.send(command as never));
      const actual = await outcome(() => direct.send(command as never));
      if ('failed' in (expected as object)) failures++;
      expect(actual, `${command.constructor.name} ${JSON.stringify(command.input).slice(0, 200)}`).toEqual(expected);
    }
    // The list holds both kinds: answers and refusals.
    expect(failures).toBeGreaterThan(10);
    expect(failures).toBeLessThan(commands.length - 10);
  });

  // A table's description holds its creation time and id: compared on one store, over HTTP and in process.
  it('describes a table as over HTTP, and refuses a missing or malformed name alike', async () => {
    const one = await store();
    await one.client.send(new CreateTableCommand({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }));
    await active(one.client, TABLE);
    const direct = inProcessClient(one.client, one.db.inProcess);
    expect(one.db.inProcess.answers('DescribeTable')).toBe(true);
    for (const command of [
      new DescribeTableCommand({ TableName: TABLE }),
      new DescribeTableCommand({ TableName: 'Missing-test-local' }),
      new DescribeTableCommand({ TableName: anything('x') }),
    ]) {
      expect(await outcome(() => direct.send(command)), JSON.stringify(command.input)).toEqual(await outcome(() => one.client.send(command)));
    }
    expect(((await direct.send(new DescribeTableCommand({ TableName: TABLE }))).Table?.TableName)).toBe(TABLE);
  });

  it('sends what it does not answer in process over HTTP, to the same store', async () => {
    const { db, client } = await store();
    const direct = inProcessClient(client, db.inProcess);
    const created = await direct.send(
      new CreateTableCommand({ TableName: TABLE, BillingMode: 'PAY_PER_REQUEST', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }),
    );
    expect(created.TableDescription?.TableName).toBe(TABLE);
    await active(direct, TABLE);
    await direct.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'a' } } }));
    expect((await client.send(new GetItemCommand({ TableName: TABLE, Key: { id: { S: 'a' } } }))).Item).toEqual({ id: { S: 'a' } });
  });
});

describe('the compiled API on the in-process store', () => {
  const iss = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x';
  const caller = (sub: string, username: string, groups: string[] = []): Caller => ({
    claims: { sub, username, 'cognito:groups': groups, iss, token_use: 'access' } as Caller['claims'],
    sourceIp: '127.0.0.1',
    headers: {},
  });
  const rider = caller('sub-rider', 'rider');
  const other = caller('sub-other', 'other');
  const dispatcher = caller('sub-dana', 'dana', ['Dispatchers']);
  let overHttp: GraphQLEngine;
  let inProcess: GraphQLEngine;

  beforeAll(async () => {
    const api = defineApi(compiledApi(projectRoot), { apiId: 'wildrydes', env: 'local', region: REGION });
    const [first, second] = [await store(), await store()];
    for (const { client } of [first, second]) await ensureTables(client, api.tables, { recreateOnChange: true, applyStackSettings: false, log: () => {} });
    overHttp = createGraphQLEngine(api, { endpoint: first.db.endpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
    // Nothing listens on port 9: every answer of this engine comes from the store in process.
    inProcess = createGraphQLEngine(api, { endpoint: 'http://127.0.0.1:9', region: REGION, credentials: LOCAL_CREDENTIALS, inProcess: second.db.inProcess });
  });

  afterAll(() => {
    overHttp?.close();
    inProcess?.close();
  });

  const RIDE = 'id owner status fare pickup { latitude longitude } passengers';
  // Each step runs on one engine and its store, then on the other: [query, variables, who].
  const steps: Array<[string, (id: string) => Record<string, unknown>, Caller]> = [
    [`mutation ($input: CreateRideInput!) { createRide(input: $input) { ${RIDE} } }`, (id) => ({ input: { id, pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: '2026-01-01T00:00:00.000Z' } }), rider],
    [`mutation ($input: CreateRideInput!) { createRide(input: $input) { ${RIDE} } }`, (id) => ({ input: { id, pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: '2026-01-01T00:00:00.000Z' } }), rider],
    [`query ($id: ID!) { getRide(id: $id) { ${RIDE} } }`, (id) => ({ id }), rider],
    [`query ($id: ID!) { getRide(id: $id) { ${RIDE} } }`, (id) => ({ id }), other],
    [`query ($id: ID!) { getRide(id: $id) { ${RIDE} } }`, (id) => ({ id: `${id}-none` }), dispatcher],
    [`mutation ($id: ID!) { updateRide(input: { id: $id, fare: 12.5, dispatcherNote: "soon" }) { ${RIDE} } }`, (id) => ({ id }), dispatcher],
    [`mutation ($id: ID!) { updateRide(input: { id: $id, fare: 1 }) { ${RIDE} } }`, (id) => ({ id }), rider],
    [`mutation ($id: ID!) { updateRide(input: { id: $id, fare: 1 }) { ${RIDE} } }`, (id) => ({ id: `${id}-none` }), dispatcher],
    [`query ($owner: String!) { myRides(owner: $owner, sortDirection: DESC, limit: 5) { items { ${RIDE} } } }`, () => ({ owner: 'sub-rider::rider' }), rider],
    [`mutation ($id: ID!) { deleteRide(input: { id: $id }) { id } }`, (id) => ({ id }), other],
    [`mutation ($id: ID!) { deleteRide(input: { id: $id }) { id owner } }`, (id) => ({ id }), rider],
    [`query ($id: ID!) { getRide(id: $id) { ${RIDE} } }`, (id) => ({ id }), dispatcher],
  ];

  it('answers as the same API over HTTP', async () => {
    const answers: Array<[unknown, unknown]> = [];
    for (const [query, variables, who] of steps) {
      const viaHttp = await overHttp.execute({ query, variables: variables('ride-1') }, who);
      const viaInProcess = await inProcess.execute({ query, variables: variables('ride-1') }, who);
      answers.push([viaHttp, viaInProcess]);
    }
    for (const [expected, actual] of answers) expect(actual).toEqual(expected);
    // Both kinds of answer are in there: data, and DynamoDB's refusals as the resolvers report them.
    expect(JSON.stringify(answers)).toContain('"fare":12.5');
    expect(JSON.stringify(answers)).toContain('DynamoDB:ConditionalCheckFailedException');
  });
});
