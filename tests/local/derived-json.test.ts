// The client configuration a start writes (src/local/shared/atomicJson.ts, writeDerivedJson): made
// when missing, left alone when it already says the same, replaced whole when it differs.
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDerivedJson } from '../../src/local/shared/atomicJson.js';
import { tempDir } from './helpers.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('derived-json-');
});
afterAll(async () => {
  await dir?.remove();
});

describe('writeDerivedJson', () => {
  it('writes a missing file, keeps an unchanged one as it is, and replaces a changed one', async () => {
    const file = join(dir.dir, 'nested', 'client-config.json');
    writeDerivedJson(file, { port: 1 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ port: 1 });
    const past = new Date('2020-01-01T00:00:00Z');
    utimesSync(file, past, past);
    writeDerivedJson(file, { port: 1 });
    expect(statSync(file).mtimeMs).toBe(past.getTime());
    writeDerivedJson(file, { port: 2 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ port: 2 });
    expect(statSync(file).mtimeMs).toBeGreaterThan(past.getTime());
    expect(readdirSync(join(dir.dir, 'nested'))).toEqual(['client-config.json']);
  });
});
