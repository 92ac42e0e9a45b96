// The data folder's record of the schema texts that passed SDL validation (validated-sdl-file.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { validatedSdlFile } from '../../src/local/appsync/validated-sdl-file.js';

const key = (n: number) => n.toString(16).padStart(64, '0');
const dirs: string[] = [];
const tempFile = () => {
  const dir = mkdtempSync(join(tmpdir(), 'validated-sdl-'));
  dirs.push(dir);
  return join(dir, 'appsync', 'validated-sdl.json');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('validatedSdlFile', () => {
  it('knows nothing without a file, and a key added by one start is known to the next', () => {
    const file = tempFile();
    const first = validatedSdlFile(file);
    expect(first.has(key(1))).toBe(false);
    expect(existsSync(file)).toBe(false);
    first.add(key(1));
    expect(first.has(key(1))).toBe(true);
    const next = validatedSdlFile(file);
    expect(next.has(key(1))).toBe(true);
    expect(next.has(key(2))).toBe(false);
  });

  it('keeps the last 8 keys', () => {
    const file = tempFile();
    const record = validatedSdlFile(file);
    for (let i = 1; i <= 10; i++) record.add(key(i));
    const next = validatedSdlFile(file);
    expect([1, 2].map((i) => next.has(key(i)))).toEqual([false, false]);
    expect([3, 10].map((i) => next.has(key(i)))).toEqual([true, true]);
    expect(JSON.parse(readFileSync(file, 'utf8')).keys).toHaveLength(8);
  });

  it('treats a malformed file, or entries that are not keys, as nothing known, and replaces it on the next add', () => {
    const file = tempFile();
    validatedSdlFile(file).add(key(1));
    writeFileSync(file, '{ not json');
    expect(validatedSdlFile(file).has(key(1))).toBe(false);
    writeFileSync(file, JSON.stringify({ keys: [key(0xabc).toUpperCase(), 42, 'x', { key: key(1) }] }));
    const record = validatedSdlFile(file);
    expect(record.has(key(0xabc))).toBe(false);
    expect(record.has(key(1))).toBe(false);
    expect(record.has('x')).toBe(false);
    record.add(key(2));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ keys: [key(2)] });
  });

  it('still answers when the file cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'validated-sdl-'));
    dirs.push(dir);
    // A file where its folder should be: the write fails, the key is known for this start only.
    writeFileSync(join(dir, 'appsync'), '');
    const record = validatedSdlFile(join(dir, 'appsync', 'validated-sdl.json'));
    record.add(key(1));
    expect(record.has(key(1))).toBe(true);
  });
});
