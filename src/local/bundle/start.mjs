// `npm start`: the local cloud from its prebuilt bundle, run by node alone (`exec node`, so that
// Ctrl-C reaches this process directly). Rebuilds the bundle first when a source changed.
import { applyHeapSettings } from './heap-settings.mjs';
import { ensureBundle } from './local-bundle.mjs';

applyHeapSettings();

performance.mark('wildrydes:launcher');
try {
  const entry = await ensureBundle('local-cloud', (line) => console.log(line));
  performance.mark('wildrydes:bundle-checked');
  await import(entry);
} catch (error) {
  console.error(`${error.name}: ${error.message}`);
  process.exit(1);
}
