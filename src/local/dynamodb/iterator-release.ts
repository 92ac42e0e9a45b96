// dynalite reads a Query or Scan through a stream over an abstract-level iterator, and releases the
// iterator when the stream ends or is destroyed by calling `iterator.return()`, which abstract-level
// 3's iterators do not have (they have `close()`). So no iterator was ever closed: each Query and
// Scan left one open, attached to the database (which keeps every open resource to close it at the
// end), with its native LevelDB iterator. A LevelDB iterator pins the memtable and table files of the
// version it started on, so the process grew by megabytes a second under read traffic, outside the
// JS heap; in memory, memory-level's iterator pins that version of the whole tree. Giving the
// iterators the `return()` dynalite calls, as `close()`, releases each one when its stream ends.
// node_modules stays untouched: the method is added to the abstract-level classes dynalite loads.
// Imported statically, so that the bundle of the local cloud (src/local/bundle/) patches the copy it
// bundles, which is the one its LevelDB stores use.
import * as abstractLevel from 'abstract-level';
import { dynaliteCopyOf } from './dependency-copies.js';

export class IteratorReleaseError extends Error {
  override name = 'IteratorReleaseError';
}

interface Closable {
  close(): Promise<void>;
  return?: () => Promise<void>;
}

/** Every abstract-level iterator class dynalite's stores use: `return()` closes it (idempotent). */
export function installIteratorRelease(): void {
  // The copies of abstract-level that dynalite's stores load (on disk level → classic-level, in
  // memory memory-level) must be the one imported above: a nested copy would go unpatched.
  const onDisk = dynaliteCopyOf(['level', 'classic-level', 'abstract-level']);
  const inMemory = dynaliteCopyOf(['memory-level', 'abstract-level']);
  const imported = onDisk.imported;
  for (const path of [onDisk.dynalites, inMemory.dynalites]) {
    if (path !== imported) throw new IteratorReleaseError(`dynalite's stores load abstract-level from ${path}, not ${imported}; update src/local/dynamodb/iterator-release.ts`);
  }
  const abstract = abstractLevel as unknown as Record<string, { prototype: Closable } | undefined>;
  for (const name of ['AbstractIterator', 'AbstractKeyIterator', 'AbstractValueIterator']) {
    const prototype = abstract[name]?.prototype;
    if (!prototype || typeof prototype.close !== 'function') {
      throw new IteratorReleaseError(`abstract-level at ${imported} has no ${name}.close(); update src/local/dynamodb/iterator-release.ts`);
    }
    if (prototype.return) continue;
    Object.defineProperty(prototype, 'return', {
      configurable: true,
      writable: true,
      value(this: Closable) {
        return this.close();
      },
    });
  }
}
