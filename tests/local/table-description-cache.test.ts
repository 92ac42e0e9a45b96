// The embedded store answers a table's description from memory (src/local/dynamodb/table-description-
// cache.ts) and must never answer an outdated one: every change of a table (UpdateTable adding an
// index, DeleteTable, CreateTable again with another key) is seen by the next request, and a read that
// raced a write is not kept. The store is dynalite's own, in memory; the requests go over its HTTP API.
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import dynaliteDb from 'dynalite/db/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { cacheTableDescriptions, copyJson, type DynaliteStore } from '../../src/local/dynamodb/table-description-cache.js';

const TABLE = 'Ride-describe-local';
let store: EmbeddedDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  store = await startEmbeddedDynamoDb({ port: 0, log: () => {} });
  client = new DynamoDBClient({ endpoint: store.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});
afterAll(async () => {
  client?.destroy();
  await store?.close();
});

const table = (key: string): CreateTableCommandInput => ({
  TableName: TABLE,
  KeySchema: [{ AttributeName: key, KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: key, AttributeType: 'S' }],
  BillingMode: 'PAY_PER_REQUEST',
});

describe("the store's table descriptions", () => {
  it('follow UpdateTable, DeleteTable and CreateTable at once', async () => {
    await client.send(new CreateTableCommand(table('id')));
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { id: { S: 'r1' }, owner: { S: 'alice' } } }));
    // Read (and so remembered) several times.
    for (let i = 0; i < 3; i++) {
      const found = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'r1' } } }));
      expect(found.Items).toHaveLength(1);
    }
    const describe_ = async () => (await client.send(new DescribeTableCommand({ TableName: TABLE }))).Table!;
    expect((await describe_()).BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');

    // dynalite's UpdateTable changes billing and throughput (not indexes), writing the description twice.
    const updated = await client.send(new UpdateTableCommand({ TableName: TABLE, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 } }));
    expect((await describe_()).BillingModeSummary?.BillingMode).toBe('PROVISIONED');
    expect(updated.TableDescription?.TableStatus).toBe('UPDATING');
    let described = await describe_();
    for (let i = 0; i < 50 && described.TableStatus !== 'ACTIVE'; i++) described = await describe_();
    expect(described.TableStatus).toBe('ACTIVE');
    expect(described.ProvisionedThroughput).toMatchObject({ ReadCapacityUnits: 5, WriteCapacityUnits: 7 });

    await client.send(new DeleteTableCommand({ TableName: TABLE }));
    await expect(client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'r1' } } }))).rejects.toThrow(
      /Requested resource not found/,
    );

    // The same name with another key and an index: the old key is refused, the new one and the index answered.
    await client.send(
      new CreateTableCommand({
        ...table('rideId'),
        AttributeDefinitions: [
          { AttributeName: 'rideId', AttributeType: 'S' },
          { AttributeName: 'owner', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [{ IndexName: 'byOwner', KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } }],
      }),
    );
    await expect(client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'id = :id', ExpressionAttributeValues: { ':id': { S: 'r1' } } }))).rejects.toThrow(
      /Query condition missed key schema element: rideId/,
    );
    await client.send(new PutItemCommand({ TableName: TABLE, Item: { rideId: { S: 'r3' }, owner: { S: 'alice' } } }));
    const again = await client.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'rideId = :id', ExpressionAttributeValues: { ':id': { S: 'r3' } } }));
    expect(again.Items).toEqual([{ rideId: { S: 'r3' }, owner: { S: 'alice' } }]);
    const byOwner = await client.send(
      new QueryCommand({ TableName: TABLE, IndexName: 'byOwner', KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: 'alice' } } }),
    );
    expect(byOwner.Items?.map((item) => item.rideId!.S)).toEqual(['r3']);
  });
});

describe('cacheTableDescriptions on a dynalite store', () => {
  const create = (dynaliteDb as { create(options: object): DynaliteStore & { getTable(name: string, cb: (err: Error | null, table?: any) => void): void } }).create;
  const getTable = (s: ReturnType<typeof create>, name: string) => new Promise<any>((resolve, reject) => s.getTable(name, (err, found) => (err ? reject(err) : resolve(found))));
  const call = (fn: (cb: (err?: Error | null) => void) => void) => new Promise<void>((resolve, reject) => fn((err) => (err ? reject(err) : resolve())));

  it('answers from memory after the first read, each time a fresh object, and forgets at each write', async () => {
    const s = create({});
    const stats = cacheTableDescriptions(s);
    await call((cb) => s.tableDb.put('T1', { TableName: 'T1', TableStatus: 'ACTIVE', n: 1 }, cb));
    const first = await getTable(s, 'T1');
    const second = await getTable(s, 'T1');
    expect(stats.hits()).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    // A caller changing its copy does not change the next answer (LevelDB decodes a new one each time).
    second.TableStatus = 'DELETING';
    expect((await getTable(s, 'T1')).TableStatus).toBe('ACTIVE');
    await call((cb) => s.tableDb.put('T1', { TableName: 'T1', TableStatus: 'ACTIVE', n: 2 }, cb));
    expect((await getTable(s, 'T1')).n).toBe(2);
    await call((cb) => s.tableDb.del('T1', cb));
    await expect(getTable(s, 'T1')).rejects.toThrow();
  });

  it('does not keep a read that raced a write', async () => {
    const s = create({});
    cacheTableDescriptions(s);
    await call((cb) => s.tableDb.put('T2', { TableName: 'T2', TableStatus: 'ACTIVE', n: 1 }, cb));
    for (let round = 2; round < 30; round++) {
      const read = getTable(s, 'T2');
      const write = call((cb) => s.tableDb.put('T2', { TableName: 'T2', TableStatus: 'ACTIVE', n: round }, cb));
      await Promise.all([read, write]);
      expect((await getTable(s, 'T2')).n).toBe(round);
    }
  });

  it('copies JSON data as JSON.parse decodes it again', () => {
    for (const json of ['{"a":[1,{"b":null,"c":"x"}],"d":true,"e":-0,"f":1.5e300}', '{"__proto__":{"polluted":1},"k":{"__proto__":[]}}', '[[],{},"",0]', '"s"', 'null']) {
      const decoded = JSON.parse(json);
      const copy = copyJson(decoded);
      expect(copy).toStrictEqual(JSON.parse(json));
      expect(Object.getPrototypeOf(copy ?? {})).toBe(Object.getPrototypeOf(JSON.parse(json) ?? {}));
      expect(JSON.stringify(copy)).toBe(JSON.stringify(decoded));
      if (copy && typeof copy === 'object') expect(copy).not.toBe(decoded);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
