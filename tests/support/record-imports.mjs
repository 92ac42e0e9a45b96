// `node --import ./tests/support/record-imports.mjs ...`: appends every module specifier the process
// imports (ES module resolution, which is how the bundle reaches its external packages) to the
// file named by WILDRYDES_RECORD_IMPORTS, one a line; and, when the process exits, `cjs:<package>`
// for each package with a CommonJS file loaded (what packages require among themselves) and
// `cjs-file:<path>` for each of this checkout's own CommonJS files. Tests use
// it to see what a start loaded.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { types } from 'node:util';

const file = process.env.WILDRYDES_RECORD_IMPORTS;
if (file) {
  register('./record-imports-hooks.mjs', import.meta.url, { data: file });
  const cache = createRequire(import.meta.url).cache;
  // This checkout's own CommonJS files (the launcher) are recorded by their path in it.
  const root = fileURLToPath(new URL('../../', import.meta.url));
  process.on('exit', () => {
    const packages = new Set();
    for (const path of Object.keys(cache)) {
      // A stand-in that simulator-internals.ts put in the cache (a Proxy) is not the module loaded.
      if (types.isProxy(cache[path]?.exports)) continue;
      const name = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
      if (name) packages.add(`cjs:${name}`);
      else if (path.startsWith(root)) packages.add(`cjs-file:${path.slice(root.length)}`);
    }
    appendFileSync(file, [...packages].map((line) => `${line}\n`).join(''));
  });
}
