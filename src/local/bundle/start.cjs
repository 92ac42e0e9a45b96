// `npm start` (through start.sh): the local cloud from its prebuilt bundle, run by node alone.
// Rebuilds the bundle first when a source changed. CommonJS, as the modules it loads: node reaches
// a CommonJS entry without setting up its ES module loader, about 15 ms of a start.
'use strict';
const { currentBundle, ensureBundle } = require('./local-bundle.cjs');
const { compileBundle, runBundle } = require('./run-bundle.cjs');

performance.mark('wildrydes:launcher');

// main.ts marks wildrydes:ready when it serves: the code cache then holds what a start compiled.
const options = { readyMark: 'wildrydes:ready', log: (line) => console.log(line) };

async function start() {
  // The current build is compiled while its sources are checked on libuv's threads: when none
  // changed (the usual start) it runs at once; otherwise it is built again first.
  const { file, stale } = currentBundle('local-cloud');
  if (file) {
    const compiled = compileBundle(file, options);
    if ((await stale) === undefined) {
      performance.mark('wildrydes:bundle-checked');
      compiled.run();
      return;
    }
  }
  const entry = await ensureBundle('local-cloud', options.log);
  performance.mark('wildrydes:bundle-checked');
  runBundle(entry, options);
}

start().catch((error) => {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
});
