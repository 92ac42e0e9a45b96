// dynalite answers Query and Scan (db.queryTable) by wrapping the LevelDB iterator in a Node stream,
// then in a `lazy` stream, taking items with its takeWhile and collecting them with join: several
// event-loop turns and a few hundred objects per request, and for a getRide (one item) two trips to
// LevelDB's thread pool (classic-level's first next() asks for one entry, the second finds the end).
// This module gives queryTable the same reading without the streams: the iterator's nextv() in
// batches, the same stop rule (Limit, or 1 MB of items by dynalite's own size), the same filter,
// projection, counts, LastEvaluatedKey and consumed capacity, in the same order, with dynalite's own
// helpers (itemSize, matchesExprFilter, matchesFilter, mapPaths). The range is the one dynalite's
// prefixed sub-database gives its stream (createPrefixedDbWrapper.createValueStream), on the same
// LevelDB with the same JSON decoding. Reads that fetch each item from the table after the index
// (a local index without all attributes, Select ALL_ATTRIBUTES) keep dynalite's own queryTable.
//
// A Query of a table whose key is a hash key alone, by that key (getRide's `id = :id`), reads one
// LevelDB key: dynalite's range for it, [k, k + '~'), holds no other key of the table, since every
// item key is hashPrefix/hex/ and hex holds no '/'. On a store that can (classic-level, on disk) that
// key is read with getSync(), a lookup in LevelDB's memtable and block cache without the iterator
// and the trip to the thread pool; anything else, or any failure of it, reads the iterator as above.
//
// Like the other patches, node_modules stays untouched: queryTable of the module dynalite holds
// (db/index.js, imported statically so that the bundle patches its own copy) is replaced; the Query
// and Scan actions call it through that module.
import dynaliteDb from 'dynalite/db/index.js';

type Item = Record<string, unknown>;
type Callback = (err: Error | null, result?: unknown) => void;

interface ValueIterator {
  nextv(size: number): Promise<Item[]>;
  close(): Promise<void>;
}

interface Store {
  db: {
    values(options: Record<string, unknown>): ValueIterator;
    getSync?(key: string): Item | undefined;
    status?: string;
    supports?: { getSync?: boolean };
  };
}

interface Table {
  TableName: string;
  KeySchema: Array<{ AttributeName: string }>;
}

interface QueryData {
  TableName: string;
  IndexName?: string;
  Limit?: number;
  Select?: string;
  ConsistentRead?: boolean;
  ReturnConsumedCapacity?: string;
  QueryFilter?: unknown;
  ScanFilter?: unknown;
  ConditionalOperator?: string;
  AttributesToGet?: unknown[];
  _filter?: { expression: unknown };
  _projection?: { paths: unknown[] };
}

type QueryTable = (store: Store, table: Table, data: QueryData, opts: Record<string, unknown>, isLocal: boolean, fetchFromItemDb: boolean, startKeyNames: string[], cb: Callback) => void;

interface DynaliteDb {
  queryTable: QueryTable;
  itemSize(item: Item, compress?: boolean, addMetaSize?: boolean, rangeKey?: string): number;
  matchesExprFilter(item: Item, expression: unknown): boolean;
  matchesFilter(item: Item, filter: unknown, conditionalOperator?: string): boolean;
  mapPaths(paths: unknown[], item: Item): Item;
}

export class TableReadPatchError extends Error {
  override name = 'TableReadPatchError';
}

/** dynalite's size limit of one Query or Scan page. */
const PAGE_BYTES = 1024 * 1024;
/** Entries asked of LevelDB at a time (classic-level's own read-ahead after the first entry). */
const BATCH = 1000;

let original: QueryTable | undefined;

/** dynalite's own queryTable, once replaced (the differential test answers with both). */
export function dynaliteQueryTable(): QueryTable | undefined {
  return original;
}

/** Query and Scan read LevelDB's iterator directly (idempotent). */
export function installIteratorTableReads(): void {
  if (original) return;
  const db = dynaliteDb as DynaliteDb;
  for (const name of ['queryTable', 'itemSize', 'matchesExprFilter', 'matchesFilter', 'mapPaths'] as const) {
    if (typeof db[name] !== 'function') throw new TableReadPatchError(`dynalite/db no longer has ${name}(); update src/local/dynamodb/iterator-table-reads.ts`);
  }
  const dynalites = db.queryTable;
  original = dynalites;
  db.queryTable = (store, table, data, opts, isLocal, fetchFromItemDb, startKeyNames, cb) => {
    if (fetchFromItemDb || typeof store?.db?.values !== 'function') return dynalites(store, table, data, opts, isLocal, fetchFromItemDb, startKeyNames, cb);
    const prefix = data.IndexName ? `index-${isLocal ? 'local' : 'global'}~${data.TableName}~${data.IndexName}~` : `item-${data.TableName}~`;
    const point = pointKey(table, data, opts);
    let found: Item[] | undefined;
    if (point !== undefined && store.db.supports?.getSync && store.db.status === 'open') {
      try {
        const item = store.db.getSync!(prefix + point);
        found = item === undefined ? [] : [item];
      } catch {
        // Read through the iterator, which answers (or fails) as dynalite does.
      }
    }
    // Created now, as dynalite's stream creates it: a closed store throws here, as it did there.
    const source = found ? onceSource(found) : iteratorSource(store.db.values(prefixedRange(opts, prefix)));
    readPage(db, source, table, data, isLocal, startKeyNames).then(
      (result) => process.nextTick(cb, null, result),
      (error: Error) => process.nextTick(cb, error),
    );
  };
}

/** The range dynalite's prefixed sub-database gives LevelDB for `options` (same truthiness tests). */
export function prefixedRange(options: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const range = { ...options };
  if (range.gte) range.gte = prefix + String(range.gte);
  else if (range.gt) range.gt = prefix + String(range.gt);
  else range.gte = prefix;
  if (range.lte) range.lte = prefix + String(range.lte);
  else if (range.lt) range.lt = prefix + String(range.lt);
  else range.lt = `${prefix}\xFF`;
  return range;
}

/** The one key a Query's range can hold: the table's own hash key alone, by equality, from the start. */
function pointKey(table: Table, data: QueryData, opts: Record<string, unknown>): string | undefined {
  if (data.IndexName || table.KeySchema.length !== 1) return undefined;
  const { gte, lt } = opts;
  if (typeof gte !== 'string' || !gte || lt !== `${gte}~` || 'gt' in opts || 'lte' in opts) return undefined;
  return gte;
}

interface Source {
  next(): Promise<Item[]>;
  close(): Promise<void>;
}

function iteratorSource(iterator: ValueIterator): Source {
  return { next: () => iterator.nextv(BATCH), close: () => iterator.close() };
}

function onceSource(items: Item[]): Source {
  let given = false;
  return {
    next: async () => (given ? [] : ((given = true), items)),
    close: async () => {},
  };
}

async function readPage(db: DynaliteDb, source: Source, table: Table, data: QueryData, isLocal: boolean, startKeyNames: string[]): Promise<Record<string, unknown>> {
  const withCapacity = data.ReturnConsumedCapacity === 'TOTAL' || data.ReturnConsumedCapacity === 'INDEXES';
  const rangeKey = table.KeySchema[1]?.AttributeName;
  const limit = data.Limit;
  let items: Item[] = [];
  let count = 0;
  let size = 0;
  let tableBytes = 0;
  let indexBytes = 0;
  // dynalite's takeWhile: an item is taken while fewer than Limit were taken and under 1 MB was read.
  const full = () => (limit !== undefined && count >= limit) || size >= PAGE_BYTES;
  try {
    reading: for (;;) {
      const batch = await source.next();
      if (batch.length === 0) break;
      for (const item of batch) {
        if (full()) break reading;
        if (withCapacity) {
          if (data.IndexName) indexBytes += db.itemSize(item);
          else tableBytes += db.itemSize(item);
        }
        count++;
        size += db.itemSize(item, true, true, rangeKey);
        items.push(item);
      }
    }
  } finally {
    // As dynalite's stream released it: a failing close does not change the answer.
    await source.close().catch(() => {});
  }

  const lastItem = items[items.length - 1];
  const filter = data.QueryFilter ?? data.ScanFilter;
  if (data._filter) items = items.filter((item) => db.matchesExprFilter(item, data._filter!.expression));
  else if (filter) items = items.filter((item) => db.matchesFilter(item, filter, data.ConditionalOperator));

  const result: Record<string, unknown> = { ScannedCount: count };
  if (full()) {
    if (limit) items.splice(limit);
    if (lastItem) {
      const key: Item = {};
      for (const name of startKeyNames) key[name] = lastItem[name];
      result.LastEvaluatedKey = key;
    }
  }
  const paths = data._projection ? data._projection.paths : data.AttributesToGet;
  if (paths) items = items.map((item) => db.mapPaths(paths, item));
  result.Count = items.length;
  if (data.Select !== 'COUNT') result.Items = items;
  if (withCapacity) {
    const units = (bytes: number) => Math.ceil(bytes / 1024 / 4) * (data.ConsistentRead ? 1 : 0.5);
    const tableUnits = units(tableBytes);
    const indexUnits = units(indexBytes);
    const consumed: Record<string, unknown> = { CapacityUnits: tableUnits + indexUnits, TableName: data.TableName };
    if (data.ReturnConsumedCapacity === 'INDEXES') {
      consumed.Table = { CapacityUnits: tableUnits };
      if (data.IndexName) consumed[isLocal ? 'LocalSecondaryIndexes' : 'GlobalSecondaryIndexes'] = { [data.IndexName]: { CapacityUnits: indexUnits } };
    }
    result.ConsumedCapacity = consumed;
  }
  return result;
}
