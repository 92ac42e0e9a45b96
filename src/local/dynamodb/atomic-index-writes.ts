// dynalite writes an item and its secondary-index entries as separate LevelDB writes: first the
// index deletes, then the index puts, then the item. A crash (kill -9) between them leaves an index
// that disagrees with its table for good: an index entry whose item was never written, or an entry
// that still shows an attribute the item no longer has. "My rides" then lists a ride that does not
// exist, and nothing ever repairs it.
//
// This module makes each write one LevelDB batch: dynalite's `updateIndexes` no longer writes, it
// hands the index operations to the item's own put or delete, which commits them together in a
// single `batch`. LevelDB applies a batch atomically (one record in its write-ahead log), so after
// a crash the item and its index entries are both old or both new. Every item write of dynalite
// (PutItem, UpdateItem, DeleteItem and BatchWriteItem, which runs the first and last) calls
// `updateIndexes` and then the put or delete of the same key, under that key's lock, with nothing
// between; that is what this relies on, and the tests check it end to end.
//
// Like linear-expression-parsers.ts, node_modules stays untouched: the exports of the module
// dynalite already holds are replaced in memory (imported statically, so that in the bundle this
// is the bundled copy dynalite uses).
import dynaliteDb from 'dynalite/db/index.js';

type Callback = (err?: Error | null) => void;
type LevelOp = { type: 'put'; key: string; value: unknown } | { type: 'del'; key: string };

interface SubDb {
  put(key: string, value: unknown, cb: Callback): void;
  del(key: string, cb: Callback): void;
}

interface DynaliteStore {
  db: { batch(ops: LevelOp[], cb: Callback): void; put(key: string, value: unknown, cb: Callback): void; del(key: string, cb: Callback): void };
  getItemDb(tableName: string): SubDb;
}

interface TableDescription {
  TableName: string;
  LocalSecondaryIndexes?: unknown[];
  GlobalSecondaryIndexes?: unknown[];
}

interface IndexAction {
  index: string;
  key: string;
  item?: unknown;
}

interface DynaliteDb {
  updateIndexes(store: DynaliteStore, table: TableDescription, existingItem: unknown, item: unknown, cb: Callback): void;
  getIndexActions(indexes: unknown[], existingItem: unknown, item: unknown, table: TableDescription): { puts: IndexAction[]; deletes: IndexAction[] };
  createKey(item: unknown, table: TableDescription): string;
}

export class IndexWritePatchError extends Error {
  override name = 'IndexWritePatchError';
}

/** The index operations waiting for the put or delete of their item, by item key. */
const PENDING = Symbol('wildrydes.pendingIndexOps');
type PatchedSubDb = SubDb & { [PENDING]?: Map<string, LevelOp[]> };

let installed = false;

/** Makes every dynalite item write one LevelDB batch with its index entries (idempotent). */
export function installAtomicIndexWrites(): void {
  if (installed) return;
  const db = dynaliteDb as DynaliteDb;
  if (typeof db.updateIndexes !== 'function' || typeof db.getIndexActions !== 'function' || typeof db.createKey !== 'function') {
    throw new IndexWritePatchError('dynalite/db no longer has updateIndexes, getIndexActions and createKey; update src/local/dynamodb/atomic-index-writes.ts');
  }
  db.updateIndexes = (store, table, existingItem, item, cb) => {
    const subject = item ?? existingItem;
    if (!subject) return cb();
    const ops: LevelOp[] = [];
    const puts: LevelOp[] = [];
    for (const indexType of ['Local', 'Global'] as const) {
      const indexes = table[`${indexType}SecondaryIndexes`] ?? [];
      const actions = db.getIndexActions(indexes, existingItem, item, table);
      const prefix = (index: string) => indexPrefix(indexType, table.TableName, index);
      // dynalite deletes before it puts; within one batch the later operation on a key wins, as there.
      for (const action of actions.deletes) ops.push({ type: 'del', key: prefix(action.index) + action.key });
      for (const action of actions.puts) puts.push({ type: 'put', key: prefix(action.index) + action.key, value: action.item });
    }
    ops.push(...puts);
    const itemDb = patchItemDb(store, table.TableName);
    // Replaces anything an earlier, abandoned write of this key left: only the latest call counts.
    itemDb[PENDING]!.set(db.createKey(subject, table), ops);
    cb();
  };
  installed = true;
}

// How dynalite 4 names its sub-databases (db/index.js getIndexDb, getItemDb): a prefix on the keys of
// one LevelDB. The test of this module reads the indexes back through Query, which would fail on a
// wrong prefix.
function indexPrefix(indexType: 'Local' | 'Global', tableName: string, indexName: string): string {
  return `index-${indexType.toLowerCase()}~${tableName}~${indexName}~`;
}

function itemPrefix(tableName: string): string {
  return `item-${tableName}~`;
}

/** The item sub-database of a table, its put and delete taught to carry the pending index operations. */
function patchItemDb(store: DynaliteStore, tableName: string): PatchedSubDb {
  const itemDb = store.getItemDb(tableName) as PatchedSubDb;
  if (itemDb[PENDING]) return itemDb;
  const pending = new Map<string, LevelOp[]>();
  itemDb[PENDING] = pending;
  const prefix = itemPrefix(tableName);
  const write = (key: string, op: LevelOp, single: (cb: Callback) => void, cb: Callback) => {
    const ops = pending.get(key);
    pending.delete(key);
    if (!ops || ops.length === 0) return single(cb);
    // store.db is read at each write: dynalite's recreate() swaps it after a failed close.
    store.db.batch([...ops, op], cb);
  };
  const put = itemDb.put.bind(itemDb);
  const del = itemDb.del.bind(itemDb);
  itemDb.put = (key, value, cb) => write(key, { type: 'put', key: prefix + key, value }, (done) => put(key, value, done), cb);
  itemDb.del = (key, cb) => write(key, { type: 'del', key: prefix + key }, (done) => del(key, done), cb);
  return itemDb;
}
