// The prebuilt bundle that `npm start` and `npx wildrydes` run: checked against its sources with one
// stat per source file, and rebuilt (esbuild, loaded only then) when a source changed, so that an
// edit shows up on the next start without anyone running a build step.
'use strict';
const nodeModule = require('node:module');
const { join } = require('node:path');
const { bundleStaleReason, readManifest } = require('./bundle-freshness.cjs');

/** This checkout: the sources are bundled from here. */
const SOURCE_ROOT = join(__dirname, '..', '..', '..');

/** Where the builds go (ignored by git). */
const BUILD_DIR = join(SOURCE_ROOT, '.wildrydes', 'build');

/**
 * The file of one entry of the bundle ('local-cloud' or 'cli'; CommonJS, for run-bundle.cjs),
 * built first when the bundle is missing or older than a source.
 * @param {'local-cloud' | 'cli'} entry
 * @param {(line: string) => void} log
 * @returns {Promise<string>} a path
 */
async function ensureBundle(entry, log) {
  const reason = bundleStaleReason(SOURCE_ROOT, BUILD_DIR);
  let dir;
  if (reason) {
    log(`[bundle] ${reason}: bundling the local cloud and the CLI (esbuild)`);
    const { buildBundle } = await import('./build-bundle.mjs');
    ({ dir } = await buildBundle(SOURCE_ROOT, BUILD_DIR));
  } else {
    dir = join(BUILD_DIR, readManifest(BUILD_DIR).dir);
  }
  // The bundle has a code cache of its own (run-bundle.cjs); Node 22.1 and later also keep V8's
  // compiled code of the packages it leaves in node_modules (module.enableCompileCache).
  nodeModule.enableCompileCache?.(join(BUILD_DIR, '..', 'compile-cache'));
  return join(dir, `${entry}.cjs`);
}

module.exports = { SOURCE_ROOT, BUILD_DIR, ensureBundle };
