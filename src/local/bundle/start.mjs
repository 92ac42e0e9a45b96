// `npm start`: the local cloud from its prebuilt bundle, run by node alone (`exec node`, so that
// Ctrl-C reaches this process directly). Rebuilds the bundle first when a source changed.
import { applyHeapSettings } from './heap-settings.mjs';
import { ensureBundle } from './local-bundle.mjs';
import { runBundle } from './run-bundle.mjs';

applyHeapSettings();

performance.mark('wildrydes:launcher');
try {
  const log = (line) => console.log(line);
  const entry = await ensureBundle('local-cloud', log);
  performance.mark('wildrydes:bundle-checked');
  // main.ts marks wildrydes:ready when it serves: the code cache then holds what a start compiled.
  runBundle(entry, { readyMark: 'wildrydes:ready', log });
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
