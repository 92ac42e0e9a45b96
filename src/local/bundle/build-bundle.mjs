// Builds the local cloud (`npm start`, src/local/main.ts) and the operator CLI (src/cli/main.ts) into
// one CommonJS file each with esbuild, so that starting them is loading a file instead of
// transpiling every TypeScript module at run time (tsx). Loaded only when a build is needed.
//
// CommonJS, not ES modules: run-bundle.cjs compiles the file with a V8 code cache, which Node 20
// offers for scripts only (vm.Script), so a start skips most of V8's compiling. What main.ts imports
// lazily (the compiler, the console, live reload) stays lazy: esbuild wraps each module in a
// function that runs at its first import, and V8 compiles a function only when it first runs.
//
// Packages are bundled too: node resolving, reading and compiling the thousand CommonJS files of the
// simulator, graphql, the AWS SDK and dynalite was most of a start. Each package has one copy in the
// bundle, reached by every importer (so graphql's realm check and the patches of dynalite's and the
// simulator's modules see the copy in use). EXTERNAL lists what node still loads from node_modules.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MANIFEST, MANIFEST_VERSION } from './bundle-freshness.cjs';
import { DEFERRED_MODULE_SHAPES, DEFERRED_SIMULATOR_MODULES } from '../appsync/deferred-simulator-modules.mjs';
import { withResultCache } from '../dynamodb/peg-result-cache.mjs';

/**
 * Packages node loads from node_modules, as the bundle's `require`: what loads the native LevelDB
 * binding (the LevelDB stores themselves are bundled: classicLevelBinding() below), and what only
 * compiling or building needs (large, and loaded on a schema change).
 */
export const EXTERNAL = [
  'node-gyp-build',
  'esbuild',
  'tsx',
  'vite',
  '@vitejs/*',
  '@aws-amplify/graphql-transformer',
  '@aws-amplify/graphql-transformer-core',
  '@aws-amplify/graphql-transformer-interfaces',
  'aws-cdk-lib',
  'constructs',
  'folder-hash',
  'node-forge',
];

/** The module of deferredExports, which the stand-ins of the bundle's deferred modules call. */
const DEFERRED_EXPORTS_MODULE = fileURLToPath(new URL('../appsync/deferred-simulator-modules.mjs', import.meta.url));

/** The entry points, by output name (`<name>.cjs` in the build's folder). */
export const ENTRIES = { 'local-cloud': 'src/local/main.ts', cli: 'src/cli/main.ts' };

// File times can be coarser than the clock (a second on some file systems): a source whose time is
// this close to the build's start, or later, may have changed while esbuild read it, and is
// recorded as changed, so that the next start builds again.
const MTIME_MARGIN_MS = 1_000;

// Earlier builds are kept for a while: a local cloud started from one saves its code cache there
// once it is ready, and its stack traces and source map point there as long as it runs.
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
      format: 'cjs',
      platform: 'node',
      target: 'node20.19',
      outExtension: { '.js': '.cjs' },
      // import() becomes require(): V8 does not keep the dynamic import callback of a script it
      // compiled from a code cache (import() then fails). Node 20.19 requires ES modules (vite).
      supported: { 'dynamic-import': false },
      external: EXTERNAL,
      // Whitespace only: a third smaller (reading the file is part of every start), and the code is
      // the same code, every name and error as before (the source map maps stack traces). Not
      // minifySyntax: it drops the names of class and function expressions, and keepNames, which
      // restores them, sets `name` on some 7,500 functions as a start evaluates them, which cost
      // more than the smaller file saved.
      minifyWhitespace: true,
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
      plugins: [sourceLocation(root), deferredSimulatorModules(), dynaliteActions(), dynaliteLinearParsers(), http2OnFirstUse(), classicLevelBinding()],
    });
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const messages = (error.errors ?? []).map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`);
    throw new BundleBuildError(`esbuild could not bundle the local cloud: ${messages.join('; ') || error.message}`);
  }
  // The build script itself is an input too: changing how the bundle is made rebuilds it. Packages
  // are not checked file by file (a thousand stats at each start): npm rewrites
  // node_modules/.package-lock.json whenever it changes node_modules, and that file is checked.
  const self = relative(root, fileURLToPath(import.meta.url)).split(sep).join('/');
  const lockfile = 'node_modules/.package-lock.json';
  const bundlesPackages = Object.keys(result.metafile.inputs).some((input) => input.startsWith('node_modules/'));
  const packages = bundlesPackages && existsSync(join(root, lockfile)) ? [lockfile] : [];
  const sources = Object.keys(result.metafile.inputs).filter((input) => !input.split('/').includes('node_modules'));
  const inputs = {};
  for (const input of [...new Set([...sources, self, ...packages])].sort()) {
    const modified = statSync(join(root, input)).mtimeMs;
    inputs[input] = modified < settledBefore ? modified : -1;
  }
  for (const entry of Object.keys(ENTRIES)) {
    const file = join(staging, `${entry}.cjs`);
    writeFileSync(file, wrapAsFunction(escapeNonAscii(readFileSync(file, 'utf8'))));
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

/**
 * The text of a built file with the characters beyond ASCII rewritten as \u escapes, so that node
 * reads it as a one-byte string (run-bundle.cjs): decoding five megabytes of UTF-8 into a two-byte
 * string took longer than the rest of reading and compiling it, and held twice the memory. esbuild
 * escapes them in strings already and minifying drops ordinary comments; what is left is in the
 * comments it keeps (legal ones) and regular expression literals, where an escape means the same
 * character (esbuild's source map then points a few columns off on those lines). U+2028 and U+2029
 * end a line even inside a comment, so they are left as they are (the file is then read as UTF-8).
 * @param {string} text
 */
function escapeNonAscii(text) {
  // A character escaped already (`\‘` in a regular expression) loses that backslash: `\u2018` is the escape.
  return text.replace(/(\\*)([^\x00-\x7f\u2028\u2029])/g, (_match, slashes, c) => {
    const kept = slashes.length % 2 === 1 ? slashes.slice(1) : slashes;
    return `${kept}\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/**
 * The text of a built file inside node's CommonJS wrapper, on its first line so that line numbers
 * stay esbuild's, with the source map's comment after it. run-bundle.cjs compiles the file's text
 * as it is: wrapping it at each start made V8 copy its 3.6 MB once more into its heap.
 * @param {string} text
 */
export function wrapAsFunction(text) {
  const comment = /\n\/\/# sourceMappingURL=[^\n]*\n?$/.exec(text);
  const code = comment ? text.slice(0, comment.index) : text;
  return `(function (exports, require, module, __filename, __dirname) {${code}\n})${comment ? comment[0].trimEnd() : ''}\n`;
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

/**
 * Replaces each of DEFERRED_SIMULATOR_MODULES (as src/local/appsync/simulator-deferrals.ts defers
 * them when the sources run directly), where the simulator requires it, by a module whose
 * exports load the real one from node_modules (node's `require`, from the simulator's folder) at
 * their first use, with the plugins DEFERRED_MODULE_SHAPES says go with it.
 */
function deferredSimulatorModules() {
  return {
    name: 'deferred-simulator-modules',
    setup(build) {
      build.onResolve({ filter: /./ }, (args) => {
        if (!DEFERRED_SIMULATOR_MODULES.includes(args.path) || args.kind !== 'require-call') return undefined;
        if (!args.importer.includes(`${sep}node_modules${sep}@aws-amplify${sep}amplify-appsync-simulator${sep}lib${sep}`)) return undefined;
        return { path: `${args.path} from ${args.importer}`, namespace: 'deferred', pluginData: { specifier: args.path, importer: args.importer } };
      });
      build.onLoad({ filter: /./, namespace: 'deferred' }, (args) => {
        const { specifier, importer } = args.pluginData;
        const shape = DEFERRED_MODULE_SHAPES[specifier] ?? {};
        const contents = `const { deferredExports } = require(${JSON.stringify(DEFERRED_EXPORTS_MODULE)});
const requireReal = require('node:module').createRequire(${JSON.stringify(importer)});
let real;
const load = () => {
  if (real === undefined) {
    real = requireReal(${JSON.stringify(specifier)});
    for (const plugin of ${JSON.stringify(shape.loadWith ?? [])}) requireReal(plugin);
  }
  return real;
};
module.exports = deferredExports(load, ${JSON.stringify({ callable: shape.callable === true })});
`;
        return { contents, loader: 'js', resolveDir: dirname(importer) };
      });
    },
  };
}

/**
 * classic-level loads its native LevelDB binding from its own folder (`node-gyp-build(__dirname)`);
 * bundled, `__dirname` would be the bundle's folder, so the binding module is given the package's.
 */
function classicLevelBinding() {
  const call = "require('node-gyp-build')(__dirname)";
  return {
    name: 'classic-level-binding',
    setup(build) {
      build.onLoad({ filter: /[\\/]classic-level[\\/]binding\.js$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes(call)) {
          throw new BundleBuildError(`classic-level's binding.js no longer loads its binding with ${call}; update classicLevelBinding() in ${fileURLToPath(import.meta.url)}`);
        }
        return { contents: text.replace(call, `require('node-gyp-build')(${JSON.stringify(dirname(args.path))})`), loader: 'js' };
      });
    },
  };
}

/**
 * dynalite's condition, update and projection parsers, bundled with the result cache that
 * src/local/dynamodb/linear-expression-parsers.ts otherwise adds at each start (reading the three
 * files from node_modules and compiling them outside the bundle's code cache). Same rewrite
 * (peg-result-cache.mjs); the mark it sets tells linear-expression-parsers.ts to leave them.
 */
function dynaliteLinearParsers() {
  return {
    name: 'dynalite-linear-parsers',
    setup(build) {
      build.onLoad({ filter: /[\\/]dynalite[\\/]db[\\/](condition|update|projection)Parser\.js$/ }, async (args) => {
        const id = `dynalite/db/${/(\w+Parser)\.js$/.exec(args.path)[1]}`;
        return { contents: withResultCache(await readFile(args.path, 'utf8'), id), loader: 'js' };
      });
    },
  };
}

/**
 * The AWS SDK's HTTP handlers (@smithy/node-http-handler) require node:http2 when they load, for
 * NodeHttp2Handler, which nothing here uses (DynamoDB goes over HTTP/1.1 or in process): about 7 ms
 * of every start. The bundled copy gets a stand-in (deferredExports, as for the simulator's deferred
 * modules) that requires it at its first use, and reads `constants` through one too.
 */
function http2OnFirstUse() {
  const lines = { module: 'const http2 = require("node:http2");', constants: 'const { constants } = http2;' };
  return {
    name: 'http2-on-first-use',
    setup(build) {
      build.onLoad({ filter: /[\\/]@smithy[\\/]node-http-handler[\\/]dist-cjs[\\/]index\.js$/ }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        // Another version that loads it otherwise is bundled as it is: it works, and loads http2 at
        // start again (tests/local/bundle.test.ts then fails, naming this plugin).
        if (!Object.values(lines).every((line) => text.split(line).length === 2)) return undefined;
        const deferred = `require(${JSON.stringify(DEFERRED_EXPORTS_MODULE)}).deferredExports`;
        const contents = text
          .replace(lines.module, `const http2 = ${deferred}(() => require("node:http2"));`)
          .replace(lines.constants, `const constants = ${deferred}(() => http2.constants);`);
        return { contents, loader: 'js' };
      });
    },
  };
}

/**
 * dynalite requires each action and its validation by name (`require('./actions/' + action)`).
 * esbuild bundles every file such a pattern can match, keyed by path with its extension, so the
 * pattern is given the `.js` the files have; the source in node_modules is left as it is.
 */
function dynaliteActions() {
  const index = `${sep}node_modules${sep}dynalite${sep}index.js`;
  return {
    name: 'dynalite-actions',
    setup(build) {
      build.onLoad({ filter: /[\\/]dynalite[\\/]index\.js$/ }, async (args) => {
        if (!args.path.endsWith(index)) return undefined;
        const text = await readFile(args.path, 'utf8');
        const patterns = ["require('./actions/' + action)", "require('./validations/' + action)"];
        if (!patterns.every((pattern) => text.includes(pattern))) {
          throw new BundleBuildError(`dynalite's index.js no longer loads its actions by name; update dynaliteActions() in ${fileURLToPath(import.meta.url)}`);
        }
        let contents = text;
        for (const pattern of patterns) contents = contents.replace(pattern, pattern.replace(' + action)', " + action + '.js')"));
        return { contents, loader: 'js' };
      });
    },
  };
}
