// Runs an entry of the prebuilt bundle (a CommonJS module, which the build wrapped in node's module
// function) as node's `require` would, but compiled with a V8 code cache kept beside it: most of a
// start was V8 compiling the bundle's functions (the simulator, graphql, the AWS SDK, dynalite),
// and the cache holds them compiled. Node 20 has no compile cache for modules (22.1's
// module.enableCompileCache); a vm.Script takes one.
// Plain JavaScript: `npm start` runs it before anything is built.
'use strict';
const { isAscii } = require('node:buffer');
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname } = require('node:path');
const { PerformanceObserver } = require('node:perf_hooks');
const vm = require('node:vm');

/**
 * The code cache of `file` for this node: V8 accepts a cache made by the same V8 with the same
 * flags only, so each node version and set of options has a file of its own (a test's child with
 * other flags does not replace `npm start`'s). `kind` separates runs that compile different parts
 * of the file: a cache holds what the run that made it compiled. A new build is a new folder, so a
 * cache never outlives the file it was made from.
 * @param {string} file
 * @param {string} [kind]
 */
function codeCachePath(file, kind = '') {
  const flags = JSON.stringify([process.version, process.arch, process.execArgv, process.env.NODE_OPTIONS ?? '', kind]);
  return `${file}.${createHash('sha256').update(flags).digest('hex').slice(0, 16)}.v8-cache`;
}

/**
 * Runs the wrapped CommonJS file `file` (build-bundle.mjs's wrapAsFunction) and returns its
 * exports, and whether V8 used the code cache (`used`), had none (`absent`) or refused it
 * (`rejected`: another V8 or flags, or a damaged file). Without a usable cache, one is made once
 * the process marks `readyMark` (performance.mark), so that it holds every function the start
 * ran; without `readyMark`, when the process exits.
 * @param {string} file
 * @param {{ readyMark?: string, log?: (line: string) => void, kind?: string }} [options]
 * @returns {{ exports: any, codeCache: 'used' | 'absent' | 'rejected' }}
 */
function runBundle(file, { readyMark, log = () => {}, kind } = {}) {
  const cachePath = codeCachePath(file, kind);
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    // None yet: made below.
  }
  // The build escapes what is beyond ASCII: read as Latin-1, the file is a one-byte string at once,
  // and node keeps a string this long outside V8's heap. The build also wrapped the file in node's
  // CommonJS function, so V8 compiles this string as it is, without copying it into one of its own.
  const bytes = readFileSync(file);
  const source = bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
  // No import() in it (build-bundle.mjs makes them require()): a script compiled from a code cache
  // has no dynamic import callback.
  const script = new vm.Script(source, { filename: file, cachedData });
  const codeCache = cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'used';
  if (codeCache !== 'used') saveCodeCacheLater(script, cachePath, readyMark, log);
  const module = { exports: {}, filename: file, id: file, loaded: false };
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  module.loaded = true;
  return { exports: module.exports, codeCache };
}

/** Writes the script's code cache at `readyMark` (or exit), atomically: a start meanwhile reads the old file or the new one. */
function saveCodeCacheLater(script, cachePath, readyMark, log) {
  let saved = false;
  const save = () => {
    if (saved) return;
    saved = true;
    observer?.disconnect();
    process.off('exit', save);
    const temporary = `${cachePath}.${process.pid}`;
    try {
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cachePath);
    } catch (error) {
      rmSync(temporary, { force: true });
      log(`[bundle] the V8 code cache could not be saved (${error.message}); starts compile the bundle until it is`);
    }
  };
  // After the ready line is out: serializing takes a few tens of milliseconds.
  const observer = readyMark
    ? new PerformanceObserver((marks) => {
        if (marks.getEntriesByName(readyMark).length > 0) setImmediate(save);
      })
    : undefined;
  if (observer) observer.observe({ entryTypes: ['mark'] });
  else process.on('exit', save);
}

module.exports = { codeCachePath, runBundle };
