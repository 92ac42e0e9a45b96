// Query and Scan in the embedded store read LevelDB's iterator directly (src/local/dynamodb/iterator-
// table-reads.ts) instead of through dynalite's streams. Every request here is sent twice over the
// store's HTTP API, once answered by dynalite's own queryTable and once by the direct reads, and the
// two answers must be the same bytes: items and their order, counts, LastEvaluatedKey, consumed
// capacity, errors; over a table with a hash and range key, a global and a local index (one local
// index keeps only keys, which dynalite's own path still answers), limits, both directions, pages,
// filters, projections, segments, and a page cut by the 1 MB size limit. The store is on disk
// (classic-level), where a Query by the hash key of a hash-only table reads its one key with getSync().
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import dynaliteDb from 'dynalite/db/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { dynaliteQueryTable } from '../../src/local/dynamodb/iterator-table-reads.js';

const TABLE = 'Ride-reads-local';
const POINT = 'Ride-point-local';
let store: EmbeddedDynamoDb;
let client: DynamoDBClient;
let dataDir: string;

// Counts LevelDB's synchronous reads (classic-level as dynalite loads it).
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { ClassicLevel } = fromDynalite('classic-level') as { ClassicLevel: { prototype: { _getSync: (...args: unknown[]) => unknown } } };
let syncReads = 0;
const getSync = ClassicLevel.prototype._getSync;
ClassicLevel.prototype._getSync = function (this: unknown, ...args: unknown[]) {
  syncReads++;
  return getSync.apply(this, args);
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'table-reads-'));
  store = await startEmbeddedDynamoDb({ dataDir, port: 0, log: () => {} });
  client = new DynamoDBClient({ endpoint: store.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'at', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'N' },
        { AttributeName: 'status', AttributeType: 'S' },
        { AttributeName: 'price', AttributeType: 'N' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [
            { AttributeName: 'status', KeyType: 'HASH' },
            { AttributeName: 'at', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byPrice',
          KeySchema: [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'price', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const items: Array<Record<string, AttributeValue>> = [];
  for (let i = 0; i < 240; i++) {
    items.push({
      owner: { S: `rider-${i % 4}` },
      at: { N: String(1000 + i * 7 - (i % 3) * 0.5) },
      status: { S: ['REQUESTED', 'ASSIGNED', 'DONE'][i % 3]! },
      price: { N: String((i * 37) % 101) },
      note: { S: 'x'.repeat(i % 5 === 0 ? 30_000 : 1 + ((i * 131) % 4000)) },
      tags: { SS: [`t${i % 2}`, 'all'] },
      pickup: { M: { lat: { N: String(i) }, stops: { L: [{ S: 'a' }, { N: String(i % 9) }] } } },
    });
  }
  for (let at = 0; at < items.length; at += 25) await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: items.slice(at, at + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  for (const [name, type] of [[POINT, 'S'], [`${POINT}-n`, 'N']] as const) {
    await client.send(new CreateTableCommand({ TableName: name, KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: type }], BillingMode: 'PAY_PER_REQUEST' }));
    const ids = type === 'S' ? ['r1', 'r2', 'r10', 'r1/x', 'é'] : ['1', '2', '10', '-3.5', '100'];
    await client.send(
      new BatchWriteItemCommand({ RequestItems: { [name]: ids.map((id, i) => ({ PutRequest: { Item: { id: { [type]: id } as unknown as AttributeValue, owner: { S: `rider-${i % 2}` }, note: { S: 'n'.repeat(i * 1000) } } } })) } }),
    );
  }
});

afterAll(async () => {
  ClassicLevel.prototype._getSync = getSync;
  client?.destroy();
  await store?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** One raw request to the store, its status and body as text. */
async function send(operation: string, body: unknown): Promise<string> {
  const response = await fetch(store.endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `DynamoDB_20120810.${operation}`,
      authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
      'x-amz-date': '20260101T000000Z',
    },
    body: JSON.stringify(body),
  });
  return `${response.status} ${await response.text()}`;
}

const db = dynaliteDb as { queryTable: unknown };
async function bothWays(operation: string, body: Record<string, unknown>): Promise<{ direct: string; dynalite: string }> {
  const direct = await send(operation, body);
  const patched = db.queryTable;
  db.queryTable = dynaliteQueryTable();
  try {
    return { direct, dynalite: await send(operation, body) };
  } finally {
    db.queryTable = patched;
  }
}

const owner = (n: number) => ({ ':o': { S: `rider-${n}` } });
const QUERIES: Array<Record<string, unknown>> = [
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(1) },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(2), Limit: 7 },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(2), Limit: 7, ScanIndexForward: false },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(3), Limit: 60 },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(3), Limit: 5, ExclusiveStartKey: { owner: { S: 'rider-3' }, at: { N: '1097' } } },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(3), ScanIndexForward: false, ExclusiveStartKey: { owner: { S: 'rider-3' }, at: { N: '1097' } } },
  { KeyConditionExpression: '#o = :o AND #at BETWEEN :a AND :b', ExpressionAttributeNames: { '#o': 'owner', '#at': 'at' }, ExpressionAttributeValues: { ...owner(0), ':a': { N: '1100' }, ':b': { N: '1500.5' } } },
  { KeyConditionExpression: '#o = :o AND #at > :a', ExpressionAttributeNames: { '#o': 'owner', '#at': 'at' }, ExpressionAttributeValues: { ...owner(0), ':a': { N: '2000' } }, Limit: 3 },
  { KeyConditionExpression: '#o = :o AND #at = :a', ExpressionAttributeNames: { '#o': 'owner', '#at': 'at' }, ExpressionAttributeValues: { ...owner(0), ':a': { N: '1000' } } },
  { KeyConditionExpression: '#o = :o', FilterExpression: '#s = :s OR contains(tags, :t)', ExpressionAttributeNames: { '#o': 'owner', '#s': 'status' }, ExpressionAttributeValues: { ...owner(1), ':s': { S: 'DONE' }, ':t': { S: 't1' } }, Limit: 20 },
  { KeyConditionExpression: '#o = :o', ProjectionExpression: 'pickup.stops[1], #s, at', ExpressionAttributeNames: { '#o': 'owner', '#s': 'status' }, ExpressionAttributeValues: owner(1), Limit: 9 },
  { KeyConditionExpression: '#o = :o', Select: 'COUNT', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(2), ReturnConsumedCapacity: 'TOTAL' },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(2), Limit: 11, ReturnConsumedCapacity: 'INDEXES', ConsistentRead: true },
  { KeyConditionExpression: 'owner = :o', AttributesToGet: ['at'], ExpressionAttributeValues: owner(1) },
  { KeyConditions: { owner: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'rider-1' }] } }, QueryFilter: { price: { ComparisonOperator: 'GT', AttributeValueList: [{ N: '50' }] } }, Limit: 30 },
  { IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'ASSIGNED' } }, Limit: 13, ScanIndexForward: false, ReturnConsumedCapacity: 'INDEXES' },
  { IndexName: 'byStatus', KeyConditionExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': { S: 'DONE' } } },
  { IndexName: 'byPrice', KeyConditionExpression: '#o = :o AND price < :p', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ...owner(0), ':p': { N: '40' } }, ReturnConsumedCapacity: 'INDEXES' },
  { IndexName: 'byPrice', KeyConditionExpression: '#o = :o', Select: 'ALL_ATTRIBUTES', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(0), Limit: 4 },
  { IndexName: 'nope', KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(0) },
  { KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(9) },
];
const byId = (id: AttributeValue, more: Record<string, unknown> = {}) => ({ KeyConditionExpression: 'id = :id', ...more, ExpressionAttributeValues: { ':id': id, ...((more.ExpressionAttributeValues as object) ?? {}) } });
const POINT_QUERIES: Array<[string, Record<string, unknown>]> = [
  [POINT, byId({ S: 'r1' })],
  [POINT, byId({ S: 'r10' })],
  [POINT, byId({ S: 'r1/x' })],
  [POINT, byId({ S: 'é' })],
  [POINT, byId({ S: 'missing' })],
  [POINT, byId({ S: 'r2' }, { Limit: 1 })],
  [POINT, byId({ S: 'r2' }, { FilterExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(1) })],
  [POINT, byId({ S: 'r2' }, { FilterExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(0) })],
  [POINT, byId({ S: 'r2' }, { ProjectionExpression: 'note', ReturnConsumedCapacity: 'INDEXES', ConsistentRead: true })],
  [POINT, byId({ S: 'r2' }, { Select: 'COUNT', ScanIndexForward: false })],
  [POINT, byId({ S: 'r1' }, { ExclusiveStartKey: { id: { S: 'r1' } } })],
  [POINT, byId({ N: '1' })],
  [POINT, { KeyConditionExpression: 'id = :id AND #o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':id': { S: 'r1' }, ...owner(0) } }],
  [`${POINT}-n`, byId({ N: '10' })],
  [`${POINT}-n`, byId({ N: '-3.5' })],
  [`${POINT}-n`, byId({ N: '10.0' })],
  [`${POINT}-n`, byId({ N: '3' })],
];

const SCANS: Array<Record<string, unknown>> = [
  {},
  { Limit: 50 },
  { Limit: 50, ExclusiveStartKey: { owner: { S: 'rider-1' }, at: { N: '1105' } } },
  { Limit: 100, FilterExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: owner(2), ReturnConsumedCapacity: 'TOTAL' },
  { Segment: 1, TotalSegments: 3, Limit: 40 },
  { Segment: 2, TotalSegments: 3 },
  { IndexName: 'byStatus', Limit: 25, ProjectionExpression: '#s, at', ExpressionAttributeNames: { '#s': 'status' } },
  { Select: 'COUNT', FilterExpression: 'price BETWEEN :a AND :b', ExpressionAttributeValues: { ':a': { N: '10' }, ':b': { N: '20' } } },
  { ScanFilter: { status: { ComparisonOperator: 'EQ', AttributeValueList: [{ S: 'DONE' }] } }, ConditionalOperator: 'OR', Limit: 77 },
];

describe('Query and Scan without streams', () => {
  it.each(QUERIES.map((q, i) => [i, q] as const))('Query %i answers the same bytes as dynalite', async (_, query) => {
    const { direct, dynalite } = await bothWays('Query', { TableName: TABLE, ...query });
    expect(direct).toBe(dynalite);
  });

  it.each(POINT_QUERIES.map(([table, q], i) => [i, table, q] as const))('Query %i by the hash key of %s answers the same bytes as dynalite', async (i, table, query) => {
    const before = syncReads;
    const { direct, dynalite } = await bothWays('Query', { TableName: table, ...query });
    expect(direct).toBe(dynalite);
    // Valid requests of one key were read with one synchronous read (dynalite's own path reads none).
    if (direct.startsWith('200') && !('ExclusiveStartKey' in query)) expect(syncReads - before).toBe(1);
    // The first ones find their ride.
    if (i < 4) expect(JSON.parse(direct.slice(4)).Count).toBe(1);
  });

  it.each(SCANS.map((s, i) => [i, s] as const))('Scan %i answers the same bytes as dynalite', async (_, scan) => {
    const { direct, dynalite } = await bothWays('Scan', { TableName: TABLE, ...scan });
    expect(direct).toBe(dynalite);
  });

  it('cuts a page at 1 MB of items as dynalite does, and every page of a paginated scan matches', async () => {
    const full = await bothWays('Scan', { TableName: TABLE });
    expect(full.direct).toBe(full.dynalite);
    // Items of 30 kB every fifth one: the whole table is over 1 MB, so the first page stops early.
    expect(JSON.parse(full.direct.slice(4)).LastEvaluatedKey).toBeDefined();
    // The 1 MB cut, from many starting points: it falls on many different items.
    const keys = (JSON.parse((await send('Scan', { TableName: TABLE, ProjectionExpression: '#o, #a', ExpressionAttributeNames: { '#o': 'owner', '#a': 'at' } })).slice(4)).Items as unknown[]).slice(0, 40);
    for (const key of keys) {
      const cut = await bothWays('Scan', { TableName: TABLE, ExclusiveStartKey: key });
      expect(cut.direct).toBe(cut.dynalite);
    }
    let start: unknown;
    let pages = 0;
    do {
      const page = await bothWays('Scan', { TableName: TABLE, Limit: 33, ...(start ? { ExclusiveStartKey: start } : {}) });
      expect(page.direct).toBe(page.dynalite);
      start = JSON.parse(page.direct.slice(4)).LastEvaluatedKey;
      pages++;
    } while (start);
    expect(pages).toBeGreaterThan(5);
  });

  it('answers the store\'s requests the same while they run concurrently', async () => {
    const bodies = QUERIES.slice(0, 12).map((q) => ({ TableName: TABLE, ...q }));
    const direct = await Promise.all(bodies.map((body) => send('Query', body)));
    const patched = db.queryTable;
    db.queryTable = dynaliteQueryTable();
    try {
      expect(direct).toEqual(await Promise.all(bodies.map((body) => send('Query', body))));
    } finally {
      db.queryTable = patched;
    }
  });
});
