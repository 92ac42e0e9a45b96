// Run before the simulator is loaded (simulator-internals.ts imports this module first), when the
// local cloud runs from its sources (tsx, vitest): node then loads the simulator from node_modules.
// The bundle defers the same modules at build time instead (src/local/bundle/build-bundle.mjs).
import { createRequire, Module } from 'node:module';
import { DEFERRED_MODULE_SHAPES, DEFERRED_SIMULATOR_MODULES, deferredExports } from './deferred-simulator-modules.mjs';

const requireFromSimulator = createRequire(createRequire(import.meta.url).resolve('@aws-amplify/amplify-appsync-simulator'));

/** Each stand-in's loader, by specifier: a module loads the deferred plugins that patch it. */
const loaders = new Map<string, () => unknown>();

/**
 * Puts a stand-in for a CommonJS module in the require cache that loads the real module on first
 * use. The simulator requires @aws-amplify/amplify-cli-core (half a second of loading, about half
 * of `npm start`) only to report failures of OpenSearch data sources, which this project has none of;
 * @aws-amplify/amplify-prompts only to print an OpenSearch error; its HTTP server (express and
 * more) only when constructed, which newSimulator() does not do; libphonenumber-js only to validate
 * an AWSPhone value (a tenth of a second to load, for its metadata); moment and its plugins only
 * for $util.time (the timezone data, another tenth of a second).
 */
function deferLoading(specifier: string): boolean {
  const path = requireFromSimulator.resolve(specifier);
  if (requireFromSimulator.cache[path]) return false;
  const shape = DEFERRED_MODULE_SHAPES[specifier] ?? {};
  let real: Record<string | symbol, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete requireFromSimulator.cache[path];
      real = requireFromSimulator(path) as Record<string | symbol, unknown>;
      // A plugin requires the module it patches: the real one is in the cache by now.
      for (const plugin of shape.loadWith ?? []) loaders.get(plugin)?.();
    }
    return real;
  };
  loaders.set(specifier, load);
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = deferredExports(load, shape);
  requireFromSimulator.cache[path] = standIn;
  return true;
}

// When a module is loaded already (another package of this process required it), its plugins are
// not deferred either: nothing would load them then, and the simulator's own require of each
// applies it at once, as without deferral.
const loadedAlready = new Set<string>();
for (const specifier of DEFERRED_SIMULATOR_MODULES) {
  if (loadedAlready.has(specifier)) continue;
  if (!deferLoading(specifier)) for (const plugin of DEFERRED_MODULE_SHAPES[specifier]?.loadWith ?? []) loadedAlready.add(plugin);
}
