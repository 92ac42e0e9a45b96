// The LevelDB options of the embedded DynamoDB's folder. dynalite opens LevelDB with the defaults of
// classic-level, sized for a database server: an 8 MB block cache and a 4 MB write buffer (a second
// one while the full one is written out). In a local cloud those are resident memory outside the JS
// heap that fills up within minutes of traffic and is never given back. dynalite passes no options
// of its own, so the defaults below are put under whatever options the store is opened with
// (node_modules stays untouched: classic-level's open is wrapped in memory, as iterator-release.ts
// does). Imported statically, so that the local cloud's bundle wraps the copy it bundles.
import { ClassicLevel } from 'classic-level';
import { dynaliteCopyOf } from './dependency-copies.js';

export class StoreOptionsError extends Error {
  override name = 'StoreOptionsError';
}

/**
 * What the local cloud's LevelDB is opened with unless told otherwise (1 MB each; LevelDB's own floor
 * is 64 kB for the write buffer). Measured on LevelDB alone, 60,000 ride-sized items written and read
 * (19 MB of tables): 32.7 MB of anonymous memory against 40.1 MB with the defaults; no CPU cost that
 * stood out of the machine's noise, there or in `npm run bench`.
 * - cacheSize: the block cache of uncompressed blocks read. LevelDB maps its table files into memory
 *   anyway (read-only, file-backed pages the kernel can drop), so a miss costs a block decompression,
 *   not a disk read.
 * - writeBufferSize: the memtable, kept twice while the full one is written to a table file; smaller
 *   means more, smaller table files, which compaction merges.
 */
export const LEVELDB_OPTIONS = { cacheSize: 1 << 20, writeBufferSize: 1 << 20 };

type Open = (this: unknown, options: Record<string, unknown>) => Promise<void>;
const WRAPPED = Symbol.for('wildrydes.store-options');

/** classic-level (the one dynalite loads) opens every database with LEVELDB_OPTIONS under the options given. */
export function installStoreOptions(options: Record<string, number> = LEVELDB_OPTIONS): void {
  const { dynalites, imported } = dynaliteCopyOf(['level', 'classic-level']);
  if (dynalites !== imported) throw new StoreOptionsError(`dynalite loads classic-level from ${dynalites}, not ${imported}; update src/local/dynamodb/store-options.ts`);
  const prototype = (ClassicLevel as unknown as { prototype?: { _open?: Open & { [WRAPPED]?: Open } } } | undefined)?.prototype;
  if (!prototype || typeof prototype._open !== 'function') {
    throw new StoreOptionsError(`classic-level at ${imported} has no ClassicLevel.prototype._open; update src/local/dynamodb/store-options.ts`);
  }
  const original = prototype._open[WRAPPED] ?? prototype._open;
  const open: Open & { [WRAPPED]?: Open } = function (this: unknown, given) {
    return original.call(this, { ...options, ...given });
  };
  open[WRAPPED] = original;
  prototype._open = open;
}
