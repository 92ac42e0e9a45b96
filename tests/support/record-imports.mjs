// `node --import ./tests/support/record-imports.mjs ...`: appends every module specifier the process
// imports (ES module resolution, which is how the bundle reaches its external packages) to the
// file named by WILDRYDES_RECORD_IMPORTS, one a line. Tests use it to see what a start loaded.
import { register } from 'node:module';

if (process.env.WILDRYDES_RECORD_IMPORTS) {
  register('./record-imports-hooks.mjs', import.meta.url, { data: process.env.WILDRYDES_RECORD_IMPORTS });
}
