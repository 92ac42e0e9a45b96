// Token storage: per-client memory by default, a file that survives the process in Node.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { allItems, memoryTokenStorage } from '../../src/client/index.js';
import { fileTokenStorage } from '../../src/client/node/index.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'token-storage-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('memoryTokenStorage', () => {
  it('keeps items per instance', async () => {
    const a = memoryTokenStorage();
    const b = memoryTokenStorage();
    await a.setItem('k', 'v');
    expect(await a.getItem('k')).toBe('v');
    expect(await b.getItem('k')).toBeNull();
    await a.clear();
    expect(await a.getItem('k')).toBeNull();
  });
});

describe('fileTokenStorage', () => {
  it('persists to an owner-only file that a later instance reads', async () => {
    const path = join(dir, 'nested', 'tokens.json');
    const first = fileTokenStorage(path);
    await first.setItem('a', '1');
    await first.setItem('b', '2');
    await first.removeItem('a');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const later = fileTokenStorage(path);
    expect(await later.getItem('a')).toBeNull();
    expect(await later.getItem('b')).toBe('2');
  });

  it('runs calls in call order, so a read after un-awaited removals sees them done (as after sign-out)', async () => {
    const path = join(dir, 'tokens.json');
    const storage = fileTokenStorage(path);
    await Promise.all(['a', 'b', 'c'].map((key) => storage.setItem(key, key)));
    void storage.removeItem('a');
    void storage.removeItem('b');
    expect(await storage.getItem('a')).toBeNull();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ c: 'c' });
  });

  it('treats a damaged file as no session', async () => {
    const path = join(dir, 'tokens.json');
    await writeFile(path, '{"half": ');
    const storage = fileTokenStorage(path);
    expect(await storage.getItem('half')).toBeNull();
    await storage.setItem('k', 'v');
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ k: 'v' });
  });
});

describe('allItems', () => {
  it('follows nextToken to the end', async () => {
    const pages: Record<string, { items: number[]; nextToken: string | null }> = {
      start: { items: [1, 2], nextToken: 'p2' },
      p2: { items: [], nextToken: 'p3' },
      p3: { items: [3], nextToken: null },
    };
    expect(await allItems(async (token) => pages[token ?? 'start']!)).toEqual([1, 2, 3]);
  });
});
