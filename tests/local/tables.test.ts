// Tables follow the compiled stacks: created when missing, and when the schema adds an index, the
// embedded store recreates the table and copies its items back (dynalite cannot build an index).
import { PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableDefinition } from '../../src/local/appsync/api-definition.js';
import { dynamoDbClient, LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { ensureTables, TableSchemaError } from '../../src/local/dynamodb/tables.js';

let db: EmbeddedDynamoDb;
let client: ReturnType<typeof dynamoDbClient>;

beforeAll(async () => {
  db = await startEmbeddedDynamoDb({ port: 0 });
  client = dynamoDbClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
});

afterAll(async () => {
  client?.destroy();
  await db?.close();
});

const withoutIndex: TableDefinition = {
  origin: 'Ride.RideTable',
  TableName: 'Ride-test-local',
  KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
  AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
  GlobalSecondaryIndexes: [],
  LocalSecondaryIndexes: [],
};
const withIndex: TableDefinition = {
  ...withoutIndex,
  AttributeDefinitions: [
    { AttributeName: 'id', AttributeType: 'S' },
    { AttributeName: 'owner', AttributeType: 'S' },
    { AttributeName: 'requestedAt', AttributeType: 'S' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: 'byOwner',
      KeySchema: [
        { AttributeName: 'owner', KeyType: 'HASH' },
        { AttributeName: 'requestedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
};

describe('ensureTables', () => {
  it('creates a missing table, then leaves it alone', async () => {
    expect(await ensureTables(client, [withoutIndex], { recreateOnChange: true })).toEqual([{ table: 'Ride-test-local', action: 'created' }]);
    expect(await ensureTables(client, [withoutIndex], { recreateOnChange: true })).toEqual([{ table: 'Ride-test-local', action: 'unchanged' }]);
  });

  it('adds a new index on the embedded store by recreating the table with its items', async () => {
    for (let i = 0; i < 60; i++) {
      await client.send(
        new PutItemCommand({
          TableName: 'Ride-test-local',
          Item: { id: { S: `ride-${i}` }, owner: { S: `rider-${i % 3}` }, requestedAt: { S: `2026-01-01T00:${String(i).padStart(2, '0')}:00Z` } },
        }),
      );
    }
    const logs: string[] = [];
    const [change] = await ensureTables(client, [withIndex], { recreateOnChange: true, log: (line) => logs.push(line) });
    expect(change).toEqual({ table: 'Ride-test-local', action: 'recreated', reason: 'index byOwner added', itemsCopied: 60, itemsDropped: 0 });
    expect(logs.join('\n')).toMatch(/index byOwner added; recreated the table and copied back 60 items/);
    const page = await client.send(
      new QueryCommand({
        TableName: 'Ride-test-local',
        IndexName: 'byOwner',
        KeyConditionExpression: '#o = :o',
        ExpressionAttributeNames: { '#o': 'owner' },
        ExpressionAttributeValues: { ':o': { S: 'rider-1' } },
        ScanIndexForward: false,
      }),
    );
    expect(page.Count).toBe(20);
    expect(page.Items![0]!.id!.S).toBe('ride-58');
    expect((await ensureTables(client, [withIndex], { recreateOnChange: true }))[0]!.action).toBe('unchanged');
  });

  it('refuses to change a primary key in place on an endpoint it may not recreate tables on', async () => {
    const changedKey: TableDefinition = { ...withIndex, KeySchema: [{ AttributeName: 'owner', KeyType: 'HASH' }] };
    await expect(ensureTables(client, [changedKey], { recreateOnChange: false })).rejects.toThrow(TableSchemaError);
    await expect(ensureTables(client, [changedKey], { recreateOnChange: false })).rejects.toThrow(/different primary key .* delete the table/);
  });
});
