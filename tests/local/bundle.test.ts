// The prebuilt bundle `npm start` and `npx wildrydes` run (src/local/bundle/): built by esbuild from a
// small source tree laid out as this repository's, it records every source it read, is current until
// one of them changes, and keeps import.meta pointing at the source files.
import { isAscii } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBundle, BundleBuildError } from '../../src/local/bundle/build-bundle.mjs';
import { bundleStaleReason, readManifest } from '../../src/local/bundle/bundle-freshness.cjs';
import { runBundle } from '../../src/local/bundle/run-bundle.cjs';
import { loadParser } from '../../src/local/dynamodb/linear-expression-parsers.js';
import { hasResultCache } from '../../src/local/dynamodb/peg-result-cache.mjs';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A source tree with the two entries of the bundle; the local entry imports a helper and its lazy part. */
async function sourceTree(): Promise<{ root: string; buildDir: string; write(path: string, text: string): string }> {
  const root = await mkdtemp(join(tmpdir(), 'bundle-test-'));
  roots.push(root);
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
    return join(root, path);
  };
  write('src/local/helper.ts', `export const where: string = import.meta.dirname;\nexport const url: string = import.meta.url;\n`);
  write('src/local/lazy.ts', `(globalThis as Record<string, unknown>).lazyRan = true;\nexport const lazy = 'loaded when asked';\n`);
  write('src/local/main.ts', `import { where, url } from './helper.js';\nexport { where, url };\nexport const later = () => import('./lazy.js');\nexport const builtin = () => import('node:os');\n`);
  write('src/cli/main.ts', `export function main(argv: string[]): number { return argv.length; }\n`);
  // Written a while ago: an edit within the last second before a build makes the build stale
  // (file times may be coarser than the clock), which is not what these tests are about.
  for (const path of ['src/local/helper.ts', 'src/local/lazy.ts', 'src/local/main.ts', 'src/cli/main.ts']) touch(join(root, path), -10);
  return { root, buildDir: join(root, '.wildrydes', 'build'), write };
}

/** Sets a file's modification time `seconds` from now. */
function touch(path: string, seconds: number): void {
  const at = new Date(Date.now() + seconds * 1000);
  utimesSync(path, at, at);
}

describe('the bundle of the local cloud and the CLI', () => {
  it('is missing until built, then current, and stale once a source it read changes or goes', async () => {
    const { root, buildDir, write } = await sourceTree();
    expect(bundleStaleReason(root, buildDir)).toBe('no bundle built yet');

    const built = await buildBundle(root, buildDir);
    // Every module it read, found by esbuild itself (no list of sources to keep), and the build script.
    expect(built.inputs).toEqual(expect.arrayContaining(['src/local/main.ts', 'src/local/helper.ts', 'src/local/lazy.ts', 'src/cli/main.ts']));
    expect(built.inputs.some((input) => input.endsWith('src/local/bundle/build-bundle.mjs'))).toBe(true);
    expect(bundleStaleReason(root, buildDir)).toBeUndefined();

    // A file it did not read changes nothing.
    write('src/local/unused.ts', 'export const unused = 1;\n');
    expect(bundleStaleReason(root, buildDir)).toBeUndefined();

    // The lazily imported module counts like any other; any other time is a change (a copy that kept an older time too).
    touch(join(root, 'src/local/lazy.ts'), -3);
    expect(bundleStaleReason(root, buildDir)).toBe('src/local/lazy.ts changed since the bundle was built');

    await buildBundle(root, buildDir);
    expect(bundleStaleReason(root, buildDir)).toBeUndefined();
    // Edited while (or just before) the build read it: the next start builds again.
    write('src/local/helper.ts', `export const where: string = 'edited';\nexport const url = '';\n`);
    await buildBundle(root, buildDir);
    expect(bundleStaleReason(root, buildDir)).toBe('src/local/helper.ts changed since the bundle was built');
    rmSync(join(root, 'src/local/helper.ts'));
    expect(bundleStaleReason(root, buildDir)).toBe('src/local/helper.ts is gone');
  });

  it('is rebuilt for another checkout and when its build folder is gone', async () => {
    const { root, buildDir } = await sourceTree();
    await buildBundle(root, buildDir);
    const other = await mkdtemp(join(tmpdir(), 'bundle-test-other-'));
    roots.push(other);
    expect(bundleStaleReason(other, buildDir)).toMatch(/^the bundle was built from /);
    rmSync(join(buildDir, readManifest(buildDir)!.dir), { recursive: true });
    expect(bundleStaleReason(root, buildDir)).toMatch(/ is gone$/);
  });

  it('runs with import.meta of the source files, and runs a lazily imported module only when asked', async () => {
    const { root, buildDir } = await sourceTree();
    const { dir } = await buildBundle(root, buildDir);
    const local = runBundle(join(dir, 'local-cloud.cjs')).exports;
    expect(local.where).toBe(join(root, 'src', 'local'));
    expect(local.url).toBe(pathToFileURL(join(root, 'src', 'local', 'helper.ts')).href);
    expect((globalThis as Record<string, unknown>).lazyRan).toBeUndefined();
    expect((await local.later()).lazy).toBe('loaded when asked');
    expect((globalThis as Record<string, unknown>).lazyRan).toBe(true);
    // No import() is left (a script compiled from a code cache cannot run one): a package is required.
    expect(typeof (await local.builtin()).cpus).toBe('function');
    expect(readFileSync(join(dir, 'local-cloud.cjs'), 'utf8')).not.toMatch(/\bimport\(/);
    const cli = runBundle(join(dir, 'cli.cjs')).exports;
    expect(cli.main(['a', 'b'])).toBe(2);
  });

  it('is ASCII only, with what was beyond it escaped where it means the same', async () => {
    const { root, buildDir, write } = await sourceTree();
    // A comment, a regular expression literal (also with the character escaped), and a string.
    write(
      'src/local/main.ts',
      `// 处理代码库\nexport const quote = /[‘“]/;\nexport const escapedQuote = /[\\‘]/;\nexport const word = 'café ‘x’';\nexport const slash = /\\\\‘/;\n`,
    );
    const { dir } = await buildBundle(root, buildDir);
    const text = readFileSync(join(dir, 'local-cloud.cjs'));
    expect(isAscii(text)).toBe(true);
    const local = runBundle(join(dir, 'local-cloud.cjs')).exports;
    expect(local.quote.test('“')).toBe(true);
    expect(local.quote.test('"')).toBe(false);
    expect(local.escapedQuote.test('‘')).toBe(true);
    expect(local.word).toBe('café ‘x’');
    // An escaped backslash before the character stays a backslash.
    expect(local.slash.test('\\‘')).toBe(true);
    expect(local.slash.test('‘')).toBe(false);
  });

  it('is minified without renaming: names and errors as in the sources, and a source map beside it', async () => {
    const { root, buildDir, write } = await sourceTree();
    write(
      'src/local/main.ts',
      `// Why this module exists, at some length.\nexport class Failure extends Error {}\nexport const errors = [class Refused extends Error {}];\nexport function fail(): never {\n  throw new Failure('a message a user reads');\n}\n`,
    );
    const { dir } = await buildBundle(root, buildDir);
    const text = readFileSync(join(dir, 'local-cloud.cjs'), 'utf8');
    expect(text).not.toContain('Why this module exists');
    expect(text).toMatch(/\n\/\/# sourceMappingURL=local-cloud\.cjs\.map\n?$/);
    expect(JSON.parse(readFileSync(join(dir, 'local-cloud.cjs.map'), 'utf8')).sources).toContain('../../../src/local/main.ts');
    const local = runBundle(join(dir, 'local-cloud.cjs')).exports;
    expect(local.Failure.name).toBe('Failure');
    // A class expression's own name (nothing to infer it from), which minifying syntax would drop.
    expect(local.errors[0].name).toBe('Refused');
    expect(local.fail.name).toBe('fail');
    expect(local.fail).toThrow(/^a message a user reads$/);
  });

  it("holds dynalite's expression parsers with the result cache, marked so that the start leaves them", async () => {
    const { root, buildDir, write } = await sourceTree();
    symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(root, 'node_modules'));
    write(
      'src/local/main.ts',
      `import condition from 'dynalite/db/conditionParser.js';\nimport update from 'dynalite/db/updateParser.js';\nimport projection from 'dynalite/db/projectionParser.js';\nexport const parsers = { condition, update, projection };\n`,
    );
    const { dir } = await buildBundle(root, buildDir);
    const { parsers } = runBundle(join(dir, 'local-cloud.cjs')).exports;
    for (const parser of Object.values(parsers) as Array<{ parse: unknown }>) expect(hasResultCache(parser.parse)).toBe(true);
    // They parse as dynalite's own parser does.
    const context = { attrNames: { '#a': 'a' }, attrVals: { ':v': { S: 'x' } }, isReserved: () => false, compare: () => true };
    const expression = '(NOT (NOT (#a = :v)))';
    const original = loadParser('dynalite/db/conditionParser', { cached: false });
    expect(parsers.condition.parse(expression, { context })).toEqual(original.parse(expression, { context }));
  });

  it("loads node:http2 for the AWS SDK's HTTP/2 handler at its first use, not when the SDK loads", async () => {
    const { root, buildDir, write } = await sourceTree();
    symlinkSync(join(import.meta.dirname, '..', '..', 'node_modules'), join(root, 'node_modules'));
    write('src/local/main.ts', `export { NodeHttp2Handler } from '@smithy/node-http-handler';\n`);
    const { dir } = await buildBundle(root, buildDir);
    // A process of its own: this one has loaded node:http2 already. The handler then sends a request
    // over HTTP/2 (its headers are named with http2.constants) to a server on loopback.
    const script = `
      import { runBundle } from ${JSON.stringify(pathToFileURL(join(import.meta.dirname, '..', '..', 'src', 'local', 'bundle', 'run-bundle.cjs')).href)};
      const loaded = () => process.moduleLoadList.includes('NativeModule http2');
      const { NodeHttp2Handler } = runBundle(${JSON.stringify(join(dir, 'local-cloud.cjs'))}).exports;
      const atLoad = loaded();
      const http2 = await import('node:http2');
      const server = http2.createServer((request, response) => response.end(request.method + ' ' + request.url));
      await new Promise((listening) => server.listen(0, '127.0.0.1', listening));
      const handler = new NodeHttp2Handler();
      const request = { protocol: 'http:', hostname: '127.0.0.1', port: server.address().port, method: 'GET', path: '/rides', query: {}, headers: {} };
      const { response } = await handler.handle(request);
      let body = '';
      for await (const chunk of response.body) body += chunk;
      handler.destroy();
      server.close();
      console.log(JSON.stringify({ atLoad, status: response.statusCode, body }));
    `;
    const answer = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
    expect(answer, 'http2OnFirstUse() in build-bundle.mjs no longer applies to this @smithy/node-http-handler').toEqual({ atLoad: false, status: 200, body: 'GET /rides' });
  });

  // The launcher (start.cjs) runs the current build, and builds again first when a source changed.
  it('is run by the launcher when current, and built again first when a source changed', async () => {
    const { root, write } = await sourceTree();
    const repo = join(import.meta.dirname, '..', '..');
    for (const file of ['bundle/start.cjs', 'bundle/local-bundle.cjs', 'bundle/run-bundle.cjs', 'bundle/bundle-freshness.cjs', 'bundle/build-bundle.mjs', 'appsync/deferred-simulator-modules.mjs', 'dynamodb/peg-result-cache.mjs']) {
      touch(write(`src/local/${file}`, readFileSync(join(repo, 'src', 'local', file), 'utf8')), -10);
    }
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
    const main = (version: string) =>
      write('src/local/main.ts', `import { where } from './helper.js';\nconsole.log('serving ${version} from ' + where);\nperformance.mark('wildrydes:ready');\n`);
    main('v1');
    touch(join(root, 'src/local/main.ts'), -10);
    const start = () => execFileSync(process.execPath, [join(root, 'src/local/bundle/start.cjs')], { cwd: root, encoding: 'utf8' });
    const first = start();
    expect(first).toMatch(/^\[bundle\] no bundle built yet: bundling/m);
    expect(first).toContain(`serving v1 from ${join(root, 'src/local')}`);
    const again = start();
    expect(again).not.toContain('[bundle]');
    expect(again).toContain('serving v1');
    main('v2');
    touch(join(root, 'src/local/main.ts'), -5);
    const changed = start();
    expect(changed).toMatch(/^\[bundle\] src\/local\/main\.ts changed since the bundle was built: bundling/m);
    expect(changed).toContain('serving v2');
    expect(changed).not.toContain('serving v1');
  });

  it('reports a source that does not compile as a BundleBuildError naming the file, and keeps the last build', async () => {
    const { root, buildDir, write } = await sourceTree();
    await buildBundle(root, buildDir);
    const before = readManifest(buildDir)!.dir;
    write('src/local/helper.ts', 'export const where: string = ;\n');
    const failure = await buildBundle(root, buildDir).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BundleBuildError);
    expect((failure as Error).message).toMatch(/src\/local\/helper\.ts:1: /);
    expect(readManifest(buildDir)!.dir).toBe(before);
  });
});
