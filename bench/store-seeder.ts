// Seeds the embedded DynamoDB straight into its LevelDB store, past the HTTP API: BatchWriteItem
// through dynalite takes about 1.5 ms per item here, so a million rides would take half an hour.
// The items and their index entries are written as dynalite's own PutItem writes them (its key
// functions and index actions), so that Query and Scan then read them like any other item.
//
// Start the local cloud inside withCapturedStore(): dynalite builds its store inside the server it
// returns and keeps no reference to it outside, so the store is taken from its factory.
import { createRequire } from 'node:module';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

type Callback<T = unknown> = (error: Error | null, value?: T) => void;
interface SubDb {
  batch(operations: Array<{ type: 'put'; key: string; value: unknown }>, callback: Callback): void;
}
interface DynaliteTable {
  TableName: string;
  GlobalSecondaryIndexes?: unknown[];
  LocalSecondaryIndexes?: unknown[];
}
interface DynaliteStore {
  getTable(name: string, checkStatus: boolean, callback: Callback<DynaliteTable>): void;
  getItemDb(table: string): SubDb;
  getIndexDb(kind: 'Global' | 'Local', table: string, index: string): SubDb;
}
interface DynaliteDb {
  create(options: unknown): DynaliteStore;
  createKey(item: Record<string, AttributeValue>, table: DynaliteTable): string;
  getIndexActions(indexes: unknown[], existing: null, item: Record<string, AttributeValue>, table: DynaliteTable): { puts: Array<{ index: string; key: string; item: unknown }> };
}

export class StoreNotCapturedError extends Error {
  override name = 'StoreNotCapturedError';
}

const require = createRequire(import.meta.url);

/** The embedded store: what seedTable() writes into. */
export type EmbeddedStore = DynaliteStore;

/** Runs `start` (which starts one local cloud with its embedded DynamoDB) and returns that DynamoDB's store too. */
export async function withCapturedStore<T>(start: () => Promise<T>): Promise<{ started: T; store: EmbeddedStore }> {
  const db = require('dynalite/db') as DynaliteDb;
  const create = db.create;
  let captured: DynaliteStore | undefined;
  db.create = (options) => (captured = create(options));
  try {
    const started = await start();
    if (!captured) throw new StoreNotCapturedError('no embedded DynamoDB was started (was a DynamoDB endpoint given?)');
    return { started, store: captured };
  } finally {
    db.create = create;
  }
}

const promised = <T>(run: (callback: Callback<T>) => void) =>
  new Promise<T>((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value as T))));

/** Writes the items into the table and its indexes, in batches; no conditions, no capacity, no HTTP. */
export async function seedTable(store: EmbeddedStore, tableName: string, items: Array<Record<string, AttributeValue>>): Promise<void> {
  const db = require('dynalite/db') as DynaliteDb;
  const table = await promised<DynaliteTable>((cb) => store.getTable(tableName, false, cb));
  const BATCH = 5_000;
  for (let start = 0; start < items.length; start += BATCH) {
    const itemOps: Array<{ type: 'put'; key: string; value: unknown }> = [];
    const indexOps = new Map<string, { kind: 'Global' | 'Local'; ops: Array<{ type: 'put'; key: string; value: unknown }> }>();
    for (const item of items.slice(start, start + BATCH)) {
      itemOps.push({ type: 'put', key: db.createKey(item, table), value: item });
      for (const kind of ['Global', 'Local'] as const) {
        const indexes = (kind === 'Global' ? table.GlobalSecondaryIndexes : table.LocalSecondaryIndexes) ?? [];
        for (const put of db.getIndexActions(indexes, null, item, table).puts) {
          const entry = indexOps.get(`${kind}:${put.index}`) ?? { kind, ops: [] };
          entry.ops.push({ type: 'put', key: put.key, value: put.item });
          indexOps.set(`${kind}:${put.index}`, entry);
        }
      }
    }
    await promised((cb) => store.getItemDb(tableName).batch(itemOps, cb));
    for (const [name, { kind, ops }] of indexOps) await promised((cb) => store.getIndexDb(kind, tableName, name.split(':')[1]!).batch(ops, cb));
  }
}
