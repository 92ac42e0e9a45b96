// What a live reload follows in the API's folder (src/local/api-source-watch.ts): the schema (file or
// folder, also one made after the watch began), the resolver slots, custom stacks and JSON settings;
// never the compiler's output under build/.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiSource, watchApiSources, type ApiSourceWatch } from '../../src/local/api-source-watch.js';

let dir: string;
let watching: ApiSourceWatch | undefined;
let seen: string[];

function apiFolder(): string {
  dir = mkdtempSync(join(tmpdir(), 'api-source-watch-'));
  for (const folder of ['resolvers', 'stacks', 'build', join('build', 'resolvers')]) mkdirSync(join(dir, folder));
  writeFileSync(join(dir, 'schema.graphql'), 'type Query { a: String }\n');
  writeFileSync(join(dir, 'build', 'schema.graphql'), 'type Query { a: String }\n');
  seen = [];
  watching = watchApiSources(dir, (file) => seen.push(file));
  return dir;
}

afterEach(() => {
  watching?.close();
  watching = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const until = (file: string) => expect.poll(() => seen, { timeout: 5_000, interval: 20 }).toContain(file);

describe('the API source watch', () => {
  it('reports the schema, the resolver slots, stacks and settings, and nothing under build/', async () => {
    apiFolder();
    // The compiler's output first: were build/ watched, these would be reported before the schema.
    writeFileSync(join(dir, 'build', 'schema.graphql'), 'type Query { b: String }\n');
    writeFileSync(join(dir, 'build', 'resolvers', 'Query.a.req.vtl'), '{}');
    writeFileSync(join(dir, 'build', 'parameters.json'), '{}');
    writeFileSync(join(dir, 'schema.graphql'), 'type Query { b: String }\n');
    await until('schema.graphql');
    writeFileSync(join(dir, 'resolvers', 'Query.a.postAuth.1.req.vtl'), '$util.qr(1)');
    await until('resolvers/Query.a.postAuth.1.req.vtl');
    writeFileSync(join(dir, 'stacks', 'CustomResources.json'), '{}');
    await until('stacks/CustomResources.json');
    writeFileSync(join(dir, 'cli-inputs.json'), '{}');
    await until('cli-inputs.json');
    writeFileSync(join(dir, 'notes.txt'), 'not a source');
    writeFileSync(join(dir, 'transform.conf.json'), '{}');
    await until('transform.conf.json');
    expect(seen.filter((file) => file.startsWith('build') || file === 'notes.txt')).toEqual([]);
  });

  it('follows a schema folder made after the watch began, and the files then written in it', async () => {
    apiFolder();
    mkdirSync(join(dir, 'schema'));
    await until('schema/');
    // The folder is watched once its appearance is reported.
    await expect.poll(async () => {
      writeFileSync(join(dir, 'schema', 'ride.graphql'), `type Ride { id: ID! } # ${seen.length}\n`);
      return seen;
    }, { timeout: 5_000, interval: 50 }).toContain('schema/ride.graphql');
  });

  it('follows a resolver folder that is replaced (removed and made again)', async () => {
    apiFolder();
    renameSync(join(dir, 'resolvers'), join(dir, 'resolvers-old'));
    mkdirSync(join(dir, 'resolvers'));
    await until('resolvers/');
    await expect.poll(async () => {
      writeFileSync(join(dir, 'resolvers', 'Mutation.createRide.postAuth.1.req.vtl'), `$util.qr(${seen.length})`);
      return seen;
    }, { timeout: 5_000, interval: 50 }).toContain('resolvers/Mutation.createRide.postAuth.1.req.vtl');
  });

  it('names what a reload follows', () => {
    expect(['schema.graphql', 'schema/a.graphql', 'resolvers/Query.a.req.vtl', 'cli-inputs.json', 'stacks/CustomResources.json'].every(isApiSource)).toBe(true);
    expect(['build/schema.graphql', 'build/parameters.json', 'notes.txt', 'resolvers-old'].some(isApiSource)).toBe(false);
  });
});
