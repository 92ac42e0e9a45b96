// Whether the prebuilt bundle of the local cloud and the CLI still matches its sources. Plain
// JavaScript, so that `npm start` can run it with node alone before anything is built. The build
// records every file esbuild read (its metafile), so there is no list of sources to keep: a file
// the bundle includes is checked, one it does not include cannot change it (a new module matters
// only once an included file imports it, and that file is then newer).
'use strict';
const { readFileSync, statSync } = require('node:fs');
const { join, resolve } = require('node:path');

/** The manifest beside the bundles: which build is current and what it was made from. */
const MANIFEST = 'manifest.json';

// Raised when the manifest format changes, so that a build by an older launcher is replaced.
const MANIFEST_VERSION = 5;

/**
 * @typedef {object} BundleManifest
 * @property {number} version MANIFEST_VERSION of the build that wrote it
 * @property {string} root the source root the build read (absolute); a moved checkout rebuilds
 * @property {string} dir the folder under the build folder holding this build's entry files and chunks
 * @property {Record<string, number>} inputs every file the build read, relative to root, with its
 *   modification time then (-1 when it may have changed while the build read it)
 */

/**
 * Why the bundle in `buildDir` must be rebuilt from the sources in `root` (a sentence), or
 * undefined when it is current: no manifest, another root or format, a missing entry file, or an
 * input whose modification time is not the one it had when built (or that is gone).
 * @param {string} root
 * @param {string} buildDir
 * @returns {string | undefined}
 */
function bundleStaleReason(root, buildDir) {
  const manifest = readManifest(buildDir);
  if (!manifest) return 'no bundle built yet';
  if (manifest.version !== MANIFEST_VERSION) return 'the bundle was built by another version of the build script';
  if (resolve(manifest.root) !== resolve(root)) return `the bundle was built from ${manifest.root}`;
  try {
    statSync(join(buildDir, manifest.dir, 'local-cloud.cjs'));
  } catch {
    return `${join(buildDir, manifest.dir)} is gone`;
  }
  // The inputs are relative paths with `/` that the build wrote normalized: joined by hand, since
  // path.join normalizing the whole path again for each of some 180 inputs was 5 ms of a start.
  const base = `${resolve(root)}/`;
  for (const [input, builtAt] of Object.entries(manifest.inputs)) {
    const modified = statSync(base + input, { throwIfNoEntry: false })?.mtimeMs;
    if (modified === undefined) return `${input} is gone`;
    if (modified !== builtAt) return `${input} changed since the bundle was built`;
  }
  return undefined;
}

/**
 * The manifest of the current build, or undefined when there is none or it is unreadable (a
 * half-written file is never seen: the build renames it into place).
 * @param {string} buildDir
 * @returns {BundleManifest | undefined}
 */
function readManifest(buildDir) {
  try {
    const manifest = JSON.parse(readFileSync(join(buildDir, MANIFEST), 'utf8'));
    return manifest && typeof manifest.inputs === 'object' && typeof manifest.dir === 'string' ? manifest : undefined;
  } catch {
    return undefined;
  }
}

module.exports = { MANIFEST, MANIFEST_VERSION, bundleStaleReason, readManifest };
