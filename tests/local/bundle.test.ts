// The prebuilt bundle `npm start` and `npx wildrydes` run (src/local/bundle/): built by esbuild from a
// small source tree laid out as this repository's, it records every source it read, is current until
// one of them changes, and keeps import.meta pointing at the source files.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBundle, BundleBuildError } from '../../src/local/bundle/build-bundle.mjs';
import { bundleStaleReason, readManifest } from '../../src/local/bundle/bundle-freshness.mjs';

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
  write('src/local/lazy.ts', `export const lazy = 'loaded when asked';\n`);
  write('src/local/main.ts', `import { where, url } from './helper.js';\nexport { where, url };\nexport const later = () => import('./lazy.js');\n`);
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

  it('runs with import.meta of the source files, and splits lazy imports into chunks', async () => {
    const { root, buildDir } = await sourceTree();
    const { dir } = await buildBundle(root, buildDir);
    const local = await import(pathToFileURL(join(dir, 'local-cloud.mjs')).href);
    expect(local.where).toBe(join(root, 'src', 'local'));
    expect(local.url).toBe(pathToFileURL(join(root, 'src', 'local', 'helper.ts')).href);
    expect((await local.later()).lazy).toBe('loaded when asked');
    const cli = await import(pathToFileURL(join(dir, 'cli.mjs')).href);
    expect(cli.main(['a', 'b'])).toBe(2);
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
