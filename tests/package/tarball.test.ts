// What the client SDK's tarball holds: the built SDK and its declarations, and nothing of the
// server, the compiler, the tests, the benchmarks or the Amplify project. Also that the build
// exports what src/client exports (no list of functions to keep in step) and that the package is
// versioned with the API.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, expect, it } from 'vitest';
import { clientPackageDir, sharedPackedClient, type PackedClient } from '../support/pack-client.js';

const root = join(import.meta.dirname, '..', '..');
let packed: PackedClient;

// Packed once for the run (tests/package/consumer.test.ts installs the same tarball).
beforeAll(async () => {
  packed = await sharedPackedClient();
}, 300_000);

it('holds only the built SDK, its declarations, package.json and README', () => {
  const unexpected = packed.files.filter(
    (path) => !/^dist\/(client|generated)\/[\w/-]+\.(js|d\.ts)$/.test(path) && path !== 'package.json' && path !== 'README.md',
  );
  expect(unexpected).toEqual([]);
  const forbidden = packed.files.filter((path) => /test|bench|amplify|\/local\/|compiler|\/cli\/|\.ts$(?<!\.d\.ts)|\.map$/.test(path));
  expect(forbidden).toEqual([]);
  expect(packed.files).toContain('dist/client/index.js');
  expect(packed.files).toContain('dist/client/node/index.js');
  expect(packed.files).toContain('dist/generated/graphql.js');
});

it('has a file for every target of its exports map', () => {
  const targets = JSON.stringify(packed.manifest).match(/"\.\/dist\/[^"]+"/g) ?? [];
  expect(targets.length).toBeGreaterThan(0);
  for (const target of targets) expect(packed.files).toContain(JSON.parse(target).slice(2));
});

it('exports from its build every function and value that src/client exports', async () => {
  const built = (await import(pathToFileURL(join(clientPackageDir, 'dist', 'client', 'index.js')).href)) as Record<string, unknown>;
  const source = (await import('../../src/client/index.js')) as Record<string, unknown>;
  expect(Object.keys(built).sort()).toEqual(Object.keys(source).sort());
  const builtNode = (await import(pathToFileURL(join(clientPackageDir, 'dist', 'client', 'node', 'index.js')).href)) as Record<string, unknown>;
  expect(Object.keys(builtNode).sort()).toEqual(Object.keys(await import('../../src/client/node/index.js')).sort());
});

it('depends on the client stack only, and carries the API version', () => {
  const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  expect(packed.manifest.version).toBe(rootManifest.version);
  expect(Object.keys(packed.manifest.dependencies ?? {}).sort()).toEqual(['@graphql-typed-document-node/core', 'aws-amplify', 'ws']);
});
