// The embedded DynamoDB's LevelDB options (src/local/dynamodb/store-options.ts) reach LevelDB: with a
// 1 MB write buffer, 2 MB written through dynalite's own store class leave table files (.ldb) beside
// the log; with LevelDB's default 4 MB buffer the same writes are still all in the memtable and its log.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installStoreOptions, LEVELDB_OPTIONS } from '../../src/local/dynamodb/store-options.js';

const require = createRequire(import.meta.url);
const levelPath = ['level', 'classic-level'].reduce((at, name) => createRequire(at).resolve(name), require.resolve('dynalite'));
const { ClassicLevel } = require(levelPath) as { ClassicLevel: new (dir: string, options?: object) => { open(): Promise<void>; batch(ops: object[]): Promise<void>; close(): Promise<void> } };

const work = mkdtempSync(join(tmpdir(), 'wildrydes-store-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Writes 2 MB in batches as dynalite does, closes, and counts the table files LevelDB made. */
async function tableFilesAfterWrites(dir: string, options: object = {}): Promise<number> {
  const db = new ClassicLevel(dir, { valueEncoding: 'json', ...options });
  await db.open();
  for (let batch = 0; batch < 40; batch++) {
    await db.batch(Array.from({ length: 50 }, (_, i) => ({ type: 'put', key: `ride-${batch}-${i}`, value: { note: `${batch}:${i}:`.padEnd(1000, 'x') } })));
  }
  // LevelDB flushes the memtable in the background; closing waits for a flush under way.
  await db.close();
  return readdirSync(dir).filter((name) => name.endsWith('.ldb')).length;
}

describe('LevelDB options of the embedded DynamoDB', () => {
  it('opens dynalite\'s LevelDB with the small write buffer, and options given still win', async () => {
    expect(LEVELDB_OPTIONS.writeBufferSize).toBe(1 << 20);
    installStoreOptions();
    expect(await tableFilesAfterWrites(join(work, 'ours'))).toBeGreaterThan(0);
    expect(await tableFilesAfterWrites(join(work, 'given'), { writeBufferSize: 4 << 20 })).toBe(0);
    // Installing twice wraps once: still the same options.
    installStoreOptions();
    expect(await tableFilesAfterWrites(join(work, 'again'))).toBeGreaterThan(0);
  });
});
