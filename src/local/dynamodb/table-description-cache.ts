// dynalite reads a table's description from LevelDB at the start of every request (getTable: a get
// and a JSON decode of a couple of kilobytes, handed to LevelDB's thread pool and back), although it
// changes only on CreateTable, UpdateTable and DeleteTable. Here the description read is answered
// from memory once it has been read, and forgotten at every write to the table descriptions:
//   - each answer is a fresh deep copy of the description as LevelDB's JSON decoding gave it (the
//     actions that change a description change their own copy, then write it); a copy of plain JSON
//     data costs a sixth of decoding it again (5 against 30 us for the Ride table's 1.7 kB);
//   - a read that raced a write is not kept (a version counted at each write's start and end, and no
//     read kept while a write is under way), so no description older than the last write is served;
//   - answers stay asynchronous (setImmediate, as dynalite's callback wrapper answers), and a store
//     that is closing or closed reads LevelDB as before (and fails as before).
// Only the descriptions are cached; items and index entries are read from LevelDB as always.
//
// Like the other patches, node_modules stays untouched: `create` of the module dynalite holds
// (db/index.js, imported statically so that the bundle patches its own copy) is wrapped, so each store
// dynalite creates gets the cache on its `tableDb`.
import dynaliteDb from 'dynalite/db/index.js';

type Callback = (err?: Error | null, value?: unknown) => void;

export interface TableDb {
  get(key: string, cb: Callback): void;
  put(key: string, value: unknown, cb: Callback): void;
  del(key: string, cb: Callback): void;
  batch(ops: unknown[], cb: Callback): void;
}

export interface DynaliteStore {
  tableDb: TableDb;
  lifecycleManager?: { getState(): string };
}

export class TableCachePatchError extends Error {
  override name = 'TableCachePatchError';
}

const CACHED = Symbol('wildrydes.tableDescriptionCache');

/** Wraps one store's table-description sub-database with the cache. Returns how many reads it answered. */
export function cacheTableDescriptions(store: DynaliteStore): { hits(): number } {
  const tableDb = store.tableDb as TableDb & { [CACHED]?: { hits(): number } };
  if (tableDb[CACHED]) return tableDb[CACHED];
  const kept = new Map<string, unknown>();
  let version = 0;
  let writing = 0;
  let hits = 0;
  // A write without a callback cannot be followed to its end: caching stops for good.
  let untracked = false;
  const open = () => (store.lifecycleManager ? store.lifecycleManager.getState() === 'open' : true);

  const get = tableDb.get.bind(tableDb);
  tableDb.get = (key, cb) => {
    const description = kept.get(key);
    if (description !== undefined && open()) {
      hits++;
      setImmediate(cb, null, copyJson(description));
      return;
    }
    const started = version;
    get(key, (err, value) => {
      // A missing table is not kept: it is read again, as before.
      if (!err && value != null && writing === 0 && version === started && !untracked && open()) kept.set(key, copyJson(value));
      cb(err, value);
    });
  };

  const writer = <A extends unknown[]>(write: (...args: [...A, Callback]) => void) =>
    (...args: [...A, Callback]) => {
      version++;
      kept.clear();
      const cb = args[args.length - 1];
      if (typeof cb !== 'function') {
        untracked = true;
        return (write as (...a: unknown[]) => void)(...args);
      }
      writing++;
      const done: Callback = (...result) => {
        writing--;
        version++;
        kept.clear();
        (cb as Callback)(...result);
      };
      write(...([...args.slice(0, -1), done] as [...A, Callback]));
    };
  tableDb.put = writer<[string, unknown]>(tableDb.put.bind(tableDb));
  tableDb.del = writer<[string]>(tableDb.del.bind(tableDb));
  tableDb.batch = writer<[unknown[]]>(tableDb.batch.bind(tableDb));
  const stats = { hits: () => hits };
  tableDb[CACHED] = stats;
  return stats;
}

/** A deep copy of JSON data (objects, arrays, strings, numbers, booleans, null), as JSON.parse would build it again. */
export function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copyJson((value as Record<string, unknown>)[key]);
    // JSON.parse makes "__proto__" an own property; an assignment would set the prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true, configurable: true });
    else copy[key] = item;
  }
  return copy;
}

let installed = false;

/** Every store dynalite creates from now on caches its table descriptions (idempotent). */
export function installTableDescriptionCache(): void {
  if (installed) return;
  const db = dynaliteDb as { create?: (options: unknown) => DynaliteStore };
  const create = db.create;
  if (typeof create !== 'function') throw new TableCachePatchError('dynalite/db no longer has create(); update src/local/dynamodb/table-description-cache.ts');
  db.create = (options: unknown) => {
    const store = create(options);
    if (!store?.tableDb || typeof store.tableDb.get !== 'function') {
      throw new TableCachePatchError("dynalite's store has no tableDb.get(); update src/local/dynamodb/table-description-cache.ts");
    }
    cacheTableDescriptions(store);
    return store;
  };
  installed = true;
}
