// `npm start` (through start.sh): the local cloud from its prebuilt bundle, run by node alone.
// Rebuilds the bundle first when a source changed. CommonJS, as the modules it loads: node reaches
// a CommonJS entry without setting up its ES module loader, about 15 ms of a start.
'use strict';
const { ensureBundle } = require('./local-bundle.cjs');
const { runBundle } = require('./run-bundle.cjs');

performance.mark('wildrydes:launcher');

// The options that leave parts of a start out have a code cache of their own: a cache made by a
// start without the web app, the console or the watcher (the tests') made a full start compile
// those parts itself, about 130 ms more here.
const STARTS_LESS = ['--no-web', '--no-console', '--no-watch', '--no-compile', '--in-memory'];
const kind = STARTS_LESS.filter((option) => process.argv.includes(option)).join(' ');

async function start() {
  const log = (line) => console.log(line);
  const entry = await ensureBundle('local-cloud', log);
  performance.mark('wildrydes:bundle-checked');
  // main.ts marks wildrydes:ready when it serves: the code cache then holds what a start compiled.
  runBundle(entry, { readyMark: 'wildrydes:ready', log, kind });
}

start().catch((error) => {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
});
