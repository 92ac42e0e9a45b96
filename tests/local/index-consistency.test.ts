// An item and its index entries are written together or not at all. The embedded store's LevelDB
// is stopped at the write of an item, as a kill -9 would stop it, and what it holds at that moment
// is compared with its table, entry for entry. dynalite alone writes the index entries first,
// separately: stopped there, the index holds a ride the table does not have, or a status the ride
// no longer has, and nothing ever repairs it.
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DynamoDBClient,
  DeleteItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb, type EmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';

const TABLE = 'Ride-consistency-local';

// The LevelDB in memory that dynalite uses without a path; its writes get a "crash" switch: once
// armed, the first write that touches an item of TABLE stops (and every write after it), and the
// test reads what the store holds at that moment. Then the writes resume, so the servers close.
const fromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
type Level = {
  iterator(): AsyncIterable<[string, unknown]>;
};
const { MemoryLevel } = fromDynalite('memory-level') as { MemoryLevel: { prototype: Record<string, (this: Level, ...args: unknown[]) => Promise<unknown>> } };
const original = { _put: MemoryLevel.prototype._put!, _batch: MemoryLevel.prototype._batch!, _del: MemoryLevel.prototype._del! };

interface Crash {
  armed: boolean;
  /** Resolves with the stopped store once a write has stopped. */
  stopped: Promise<Level>;
  stop?: (level: Level) => void;
  resume: Promise<void>;
  release?: () => void;
}
let crash: Crash | undefined;

function armCrash(): Crash {
  const c: Crash = { armed: true } as Crash;
  c.stopped = new Promise((resolve) => (c.stop = resolve));
  c.resume = new Promise((resolve) => (c.release = resolve));
  crash = c;
  return c;
}

const keyText = (key: unknown) => (typeof key === 'string' ? key : Buffer.from(key as Uint8Array).toString('utf8'));
const touchesItem = (keys: unknown[]) => keys.some((key) => keyText(key).startsWith(`item-${TABLE}~`));

function guarded(name: keyof typeof original, keysOf: (first: unknown) => unknown[]) {
  return async function (this: Level, first: unknown, ...rest: unknown[]) {
    const c = crash;
    if (c?.armed && touchesItem(keysOf(first))) {
      c.armed = false;
      c.stop!(this);
      await c.resume;
    }
    // Once stopped, nothing more reaches the store until the test has looked.
    else if (c && !c.armed) await c.resume;
    return original[name].call(this, first, ...rest);
  };
}

let db: EmbeddedDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  MemoryLevel.prototype._put = guarded('_put', (key) => [key]);
  MemoryLevel.prototype._del = guarded('_del', (key) => [key]);
  MemoryLevel.prototype._batch = guarded('_batch', (ops) => (ops as Array<{ key: unknown }>).map((op) => op.key));
  db = await startEmbeddedDynamoDb({ port: 0, log: () => {} });
  // One attempt: a retried write would only fail again the same way.
  client = new DynamoDBClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  await client.send(
    new CreateTableCommand({
      TableName: TABLE,
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [
        { AttributeName: 'id', AttributeType: 'S' },
        { AttributeName: 'owner', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byOwner',
          KeySchema: [
            { AttributeName: 'owner', KeyType: 'HASH' },
            { AttributeName: 'status', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
});

afterEach(() => {
  crash?.release!();
  crash = undefined;
});

afterAll(async () => {
  Object.assign(MemoryLevel.prototype, original);
  client?.destroy();
  await db?.close();
});

const ride = (id: string, owner: string, status: string): Record<string, AttributeValue> => ({ id: { S: id }, owner: { S: owner }, status: { S: status } });

/**
 * Starts a write, stops the store at its item write, and returns each index entry of TABLE next to
 * the table's item at that moment: `id:status` from the index, and from the item it points at.
 */
async function crashDuring(write: () => Promise<unknown>): Promise<{ index: string[]; items: string[] }> {
  const c = armCrash();
  const pending = write().catch(() => undefined);
  const level = await c.stopped;
  const index: string[] = [];
  const items: string[] = [];
  for await (const [key, value] of level.iterator()) {
    const text = keyText(key);
    const record = value as Record<string, AttributeValue>;
    if (text.startsWith(`index-global~${TABLE}~byOwner~`)) index.push(`${record.id!.S}:${record.status!.S}`);
    if (text.startsWith(`item-${TABLE}~`) && record.owner) items.push(`${record.id!.S}:${record.status!.S}`);
  }
  c.release!();
  await pending;
  return { index: index.sort(), items: items.sort() };
}

async function indexOf(owner: string) {
  const out = await client.send(
    new QueryCommand({ TableName: TABLE, IndexName: 'byOwner', KeyConditionExpression: '#o = :o', ExpressionAttributeNames: { '#o': 'owner' }, ExpressionAttributeValues: { ':o': { S: owner } } }),
  );
  return (out.Items ?? []).map((item) => `${item.id!.S}:${item.status!.S}`).sort();
}

async function tableOf(owner: string) {
  const out = await client.send(new ScanCommand({ TableName: TABLE }));
  return (out.Items ?? []).filter((item) => item.owner!.S === owner).map((item) => `${item.id!.S}:${item.status!.S}`).sort();
}

describe('an item and its index entries land together or not at all', () => {
  it('a new ride stopped mid-write is in neither the table nor the index', async () => {
    const atCrash = await crashDuring(() => client.send(new PutItemCommand({ TableName: TABLE, Item: ride('r1', 'alice', 'REQUESTED') })));
    expect(atCrash.index.filter((entry) => entry.startsWith('r1:'))).toEqual([]);
    expect(atCrash.index).toEqual(atCrash.items);
  });

  it('a status change stopped mid-write leaves the old status in both', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: ride('r2', 'bob', 'REQUESTED') }));
    const atCrash = await crashDuring(() =>
      client.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: { id: { S: 'r2' } },
          UpdateExpression: 'SET #s = :s',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':s': { S: 'ASSIGNED' } },
        }),
      ),
    );
    expect(atCrash.index.filter((entry) => entry.startsWith('r2:'))).toEqual(['r2:REQUESTED']);
    expect(atCrash.index).toEqual(atCrash.items);
  });

  it('a delete stopped mid-write keeps both; the delete done removes both', async () => {
    await client.send(new PutItemCommand({ TableName: TABLE, Item: ride('r3', 'carol', 'REQUESTED') }));
    const atCrash = await crashDuring(() => client.send(new DeleteItemCommand({ TableName: TABLE, Key: { id: { S: 'r3' } } })));
    expect(atCrash.index.filter((entry) => entry.startsWith('r3:'))).toEqual(['r3:REQUESTED']);
    expect(atCrash.index).toEqual(atCrash.items);
    // Resumed, the delete completes and takes the index entry with it.
    expect(await indexOf('carol')).toEqual([]);
    expect(await tableOf('carol')).toEqual([]);
  });

  it('writes that succeed keep the index equal to the table', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => client.send(new PutItemCommand({ TableName: TABLE, Item: ride(`d${i}`, 'dan', 'REQUESTED') }))),
    );
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 3 === 0
          ? client.send(new DeleteItemCommand({ TableName: TABLE, Key: { id: { S: `d${i}` } } }))
          : client.send(
              new UpdateItemCommand({
                TableName: TABLE,
                Key: { id: { S: `d${i}` } },
                UpdateExpression: 'SET #s = :s',
                ExpressionAttributeNames: { '#s': 'status' },
                ExpressionAttributeValues: { ':s': { S: i % 2 ? 'ASSIGNED' : 'COMPLETED' } },
              }),
            ),
      ),
    );
    const index = await indexOf('dan');
    expect(index).toHaveLength(26);
    expect(index).toEqual(await tableOf('dan'));
  });
});
