// Builds the local cloud (`npm start`, src/local/main.ts) and the operator CLI (src/cli/main.ts) into
// plain ES modules with esbuild, so that starting them is loading a few files instead of
// transpiling every TypeScript module at run time (tsx). Loaded only when a build is needed.
//
// Code split (esbuild `splitting`): what main.ts imports lazily (the compiler, the console, live
// reload) is a chunk of its own, loaded only when used, with the packages it imports.
//
// Packages stay external, loaded by node from node_modules as before: several are reached both from
// here and from other packages, and a second, bundled copy would not be the same module (graphql's
// "another module or realm" check, the simulator and dynalite, whose require cache
// src/local/appsync/simulator-internals.ts and src/local/dynamodb/linear-expression-parsers.ts
// patch), others read files beside themselves or are native (leveldown), and the transformer and
// Vite are only needed to compile and build.
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST, MANIFEST_VERSION } from './bundle-freshness.mjs';

/** The entry points, by output name (`<name>.mjs` in the build's folder). */
export const ENTRIES = { 'local-cloud': 'src/local/main.ts', cli: 'src/cli/main.ts' };

// File times can be coarser than the clock (a second on some file systems): a source whose time is
// this close to the build's start, or later, may have changed while esbuild read it, and is
// recorded as changed, so that the next start builds again.
const MTIME_MARGIN_MS = 1_000;

// Earlier builds are kept for a while: a running local cloud loads its lazy chunks (the compiler,
// on a schema change) from its own build's folder long after it started.
const BUILDS_KEPT = 4;

export class BundleBuildError extends Error {
  name = 'BundleBuildError';
}

/**
 * Builds the entries from the sources in `root` into a new folder under `buildDir` and then makes it
 * current (manifest.json, replaced atomically), so that a process starting meanwhile sees either
 * the old build or the new one, never half of one. Returns the new build's folder.
 * @param {string} root
 * @param {string} buildDir
 * @returns {Promise<{ dir: string, inputs: string[], ms: number }>} the build's folder, the files it read, its duration
 */
export async function buildBundle(root, buildDir) {
  const started = performance.now();
  const settledBefore = Date.now() - MTIME_MARGIN_MS;
  const { build, version } = await import('esbuild');
  const staging = join(buildDir, `.staging-${process.pid}-${Date.now()}`);
  mkdirSync(buildDir, { recursive: true });
  let result;
  try {
    result = await build({
      absWorkingDir: root,
      entryPoints: ENTRIES,
      outdir: staging,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20.19',
      outExtension: { '.js': '.mjs' },
      packages: 'external',
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [sourceLocation(root)],
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const messages = (error.errors ?? []).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
    throw new BundleBuildError(`esbuild could not bundle the local cloud: ${messages.join('; ') || error.message}`);
  }
  // The build script itself is an input too: changing how the bundle is made rebuilds it.
  const self = relative(root, fileURLToPath(import.meta.url)).split(sep).join('/');
  const inputs = {};
  for (const input of [...new Set([...Object.keys(result.metafile.inputs), self])].sort()) {
    const modified = statSync(join(root, input)).mtimeMs;
    inputs[input] = modified < settledBefore ? modified : -1;
  }
  const name = `build-${createHash('sha256').update(JSON.stringify(result.metafile.outputs)).update(String(Date.now())).digest('hex').slice(0, 12)}`;
  renameSync(staging, join(buildDir, name));
  const manifest = { version: MANIFEST_VERSION, esbuild: version, root, dir: name, inputs };
  const next = join(buildDir, `${MANIFEST}.${process.pid}`);
  writeFileSync(next, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(next, join(buildDir, MANIFEST));
  removeOldBuilds(buildDir, name);
  return { dir: join(buildDir, name), inputs: Object.keys(inputs), ms: performance.now() - started };
}

/** Removes all but the newest BUILDS_KEPT build folders, and staging folders a crashed build left. */
function removeOldBuilds(buildDir, current) {
  const entries = readdirSync(buildDir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== current);
  const byAge = entries
    .map((e) => ({ name: e.name, at: statSync(join(buildDir, e.name)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  const hour = Date.now() - 3_600_000;
  byAge.forEach((entry, i) => {
    const stale = entry.name.startsWith('.staging-') ? entry.at < hour : i >= BUILDS_KEPT - 1;
    if (stale) rmSync(join(buildDir, entry.name), { recursive: true, force: true });
  });
}

/**
 * Keeps `import.meta.url`, `import.meta.dirname` and `import.meta.filename` of each source file
 * what they are when the file runs from src/ (they locate files beside the sources, such as the
 * console's pages), instead of the bundle's own location.
 * @param {string} root
 */
function sourceLocation(root) {
  return {
    name: 'source-location',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, async (args) => {
        if (!args.path.startsWith(root) || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const text = await readFile(args.path, 'utf8');
        if (!text.includes('import.meta.')) return { contents: text, loader: 'ts' };
        const contents = text
          .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
          .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader: 'ts' };
      });
    },
  };
}
