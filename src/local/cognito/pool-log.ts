// The pool on disk: an append-only log of JSON lines, so that a write costs the records it changes,
// not the whole pool (rewriting one JSON document made each sign-up slower as the pool grew: 5.9 MB
// per write at 4,500 users).
//
//   line 1     {"format":"wildrydes-pool-log","version":1}
//   each line  a batch: [[collection, key, record], [collection, key], ...]  (set, delete)
//
// collection is "pool" (key "settings": ids, region, signing key, app clients), "users", "groups",
// "sessions" or "codes". Replaying the lines in order gives the state. One commit is one line,
// written with one write() and made durable with fdatasync before the commit resolves: a line is
// all there or, torn by a crash, an unterminated tail that opening drops (it was never
// acknowledged). A failed append is cut off again, so the file never holds garbage before a good line.
//
// When the log has grown to twice what its records take (plus 1 MB), it is compacted: the current
// records are written to a temp file a few hundred per line (yielding between lines, so requests
// keep being answered), then everything changed meanwhile as one last line, then fsync, rename over
// the log and fsync of the folder. A crash before the rename leaves the old log, which has every
// acknowledged commit; the compaction's cost is spread over the writes that grew the log.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { syncDir } from '../shared/atomicJson.js';
import type { Collection } from './change-tracking.js';

export const LOG_FORMAT = { format: 'wildrydes-pool-log', version: 1 } as const;
const HEADER = JSON.stringify(LOG_FORMAT);
export const RECORDS_PER_COMPACTED_LINE = 500;
const COMPACTION_SLACK_BYTES = 1 << 20;

export type LogCollection = Collection | 'pool';
/** A set (with its record) or a delete (without). */
export type LogOp = [LogCollection, string, unknown] | [LogCollection, string];

export class PoolFileError extends Error {
  override name = 'PoolFileError';
}

export interface LoadedLog {
  /** The records, per collection, as the replayed log leaves them. */
  records: Map<LogCollection, Map<string, unknown>>;
  /** Serialized size per record, for the compaction threshold. */
  sizes: Map<string, number>;
  /** Bytes of the log that hold complete lines. */
  bytes: number;
  /** Whether a torn last line was dropped. */
  tornTail: boolean;
}

/** Reads a log; undefined when there is none. Throws PoolFileError for anything but a torn tail. */
export async function readLog(file: string): Promise<LoadedLog | undefined> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const records = new Map<LogCollection, Map<string, unknown>>();
  const sizes = new Map<string, number>();
  let at = 0;
  let line = 0;
  while (at < data.length) {
    const end = data.indexOf(0x0a, at);
    if (end < 0) break; // a torn tail: the commit it began was never acknowledged
    line++;
    const text = data.toString('utf8', at, end);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new PoolFileError(`${file}, line ${line}, is not valid JSON (${(err as Error).message}); the pool cannot be read. Restore the file or move the folder away for a fresh pool`);
    }
    if (line === 1) {
      const header = parsed as Partial<typeof LOG_FORMAT> | null;
      if (header?.format !== LOG_FORMAT.format || header.version !== LOG_FORMAT.version) {
        throw new PoolFileError(`${file} is not a version ${LOG_FORMAT.version} pool log (first line ${text.slice(0, 80)}); move the folder away for a fresh pool`);
      }
    } else {
      if (!Array.isArray(parsed)) throw new PoolFileError(`${file}, line ${line}, is not a batch of records; restore the file or move the folder away for a fresh pool`);
      // Each record's size, for the compaction threshold, is estimated from its line: serializing
      // every record again would double the cost of opening.
      const each = Math.ceil((end - at) / Math.max(1, parsed.length));
      for (const op of parsed as LogOp[]) apply(records, sizes, op, each);
    }
    at = end + 1;
  }
  if (line === 0) throw new PoolFileError(`${file} is empty; move it away for a fresh pool`);
  return { records, sizes, bytes: at, tornTail: at < data.length };
}

function apply(records: Map<LogCollection, Map<string, unknown>>, sizes: Map<string, number>, op: LogOp, size: number): void {
  const [collection, key] = op;
  let map = records.get(collection);
  if (!map) records.set(collection, (map = new Map()));
  if (op.length === 3) {
    map.set(key, op[2]);
    sizes.set(sizeKey(collection, key), size);
  } else {
    map.delete(key);
    sizes.delete(sizeKey(collection, key));
  }
}

const sizeKey = (collection: LogCollection, key: string) => `${collection}\u0000${key}`;

export interface LogWriter {
  /** Appends one batch as one line and makes it durable. */
  append(ops: LogOp[]): Promise<void>;
  /**
   * Rewrites the log from `records` (read lazily, a line at a time), then `last()`'s batch (the
   * changes made meanwhile), and swaps it in.
   */
  compact(records: () => Iterable<LogOp>, last: () => LogOp[]): Promise<void>;
  /** Whether the log has outgrown its records enough to compact. */
  shouldCompact(): boolean;
}

/** One line of ops, and each op's serialized length (one JSON.stringify per op). */
function encode(ops: LogOp[]): { line: Buffer; sizes: number[] } {
  const parts = ops.map((op) => JSON.stringify(op));
  return { line: Buffer.from(`[${parts.join(',')}]\n`, 'utf8'), sizes: parts.map((part) => part.length) };
}

export function logWriter(file: string, loaded: Pick<LoadedLog, 'bytes' | 'sizes'>): LogWriter {
  let bytes = loaded.bytes;
  let sizes = loaded.sizes;
  let live = 0;
  for (const size of sizes.values()) live += size + 1;
  const account = (target: Map<string, number>, ops: LogOp[], opSizes: number[]) => {
    let delta = 0;
    ops.forEach((op, i) => {
      const key = sizeKey(op[0], op[1]);
      const old = target.get(key);
      if (old !== undefined) delta -= old + 1;
      if (op.length === 3) {
        target.set(key, opSizes[i]!);
        delta += opSizes[i]! + 1;
      } else target.delete(key);
    });
    return delta;
  };
  let broken: Error | undefined;

  return {
    async append(ops) {
      if (broken) throw broken;
      if (ops.length === 0) return;
      const { line, sizes: opSizes } = encode(ops);
      const handle = await fs.open(file, 'a', 0o600);
      try {
        await handle.write(line);
        await handle.datasync();
      } catch (err) {
        // Cut a partial line off again, or the next good line would follow garbage.
        try {
          await handle.truncate(bytes);
        } catch {
          broken = new PoolFileError(`${file} could not be written (${(err as Error).message}) nor cut back to its last complete line; restart the local cloud`);
        }
        throw err;
      } finally {
        await handle.close();
      }
      bytes += line.length;
      live += account(sizes, ops, opSizes);
    },
    shouldCompact() {
      return bytes > 2 * live + COMPACTION_SLACK_BYTES;
    },
    async compact(records, last) {
      if (broken) throw broken;
      const dir = path.dirname(file);
      const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
      const handle = await fs.open(tmp, 'w', 0o600);
      let written = 0;
      let newLive = 0;
      const newSizes = new Map<string, number>();
      const write = async (ops: LogOp[]) => {
        const { line, sizes: opSizes } = encode(ops);
        await handle.write(line);
        written += line.length;
        newLive += account(newSizes, ops, opSizes);
      };
      try {
        const header = Buffer.from(HEADER + '\n');
        await handle.write(header);
        written += header.length;
        let batch: LogOp[] = [];
        // The records are serialized a line at a time, between which requests go on.
        for (const op of records()) {
          batch.push(op);
          if (batch.length >= RECORDS_PER_COMPACTED_LINE) {
            await write(batch);
            batch = [];
          }
        }
        // From here to the end nothing else runs: the last batch holds every change made meanwhile.
        await write([...batch, ...last()]);
        await handle.sync();
      } catch (err) {
        await handle.close();
        await fs.rm(tmp, { force: true });
        throw err;
      }
      await handle.close();
      await fs.rename(tmp, file);
      await syncDir(dir);
      bytes = written;
      sizes = newSizes;
      live = newLive;
    },
  };
}
