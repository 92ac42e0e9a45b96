// Run before the simulator is loaded (simulator-internals.ts imports this module first), when the
// local cloud runs from its sources (tsx, vitest): node then loads the simulator from node_modules.
// The bundle defers the same modules at build time instead (src/local/bundle/build-bundle.mjs).
import { createRequire, Module } from 'node:module';
import { DEFERRED_SIMULATOR_MODULES } from './deferred-simulator-modules.mjs';

const requireFromSimulator = createRequire(createRequire(import.meta.url).resolve('@aws-amplify/amplify-appsync-simulator'));

/**
 * Puts a stand-in for a CommonJS module in the require cache that loads the real module on first
 * use. The simulator requires @aws-amplify/amplify-cli-core (half a second of loading, about half
 * of `npm start`) only to report failures of OpenSearch data sources, which this project has none of;
 * @aws-amplify/amplify-prompts only to print an OpenSearch error; its HTTP server (express and
 * more) only when constructed, which newSimulator() does not do; libphonenumber-js only to validate
 * an AWSPhone value (a tenth of a second to load, for its metadata).
 */
function deferLoading(specifier: string): void {
  const path = requireFromSimulator.resolve(specifier);
  if (requireFromSimulator.cache[path]) return;
  let real: Record<string | symbol, unknown> | undefined;
  const load = () => {
    if (!real) {
      delete requireFromSimulator.cache[path];
      real = requireFromSimulator(path) as Record<string | symbol, unknown>;
    }
    return real;
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  standIn.exports = new Proxy({}, { get: (_target, key) => load()[key], has: (_target, key) => key in load() });
  requireFromSimulator.cache[path] = standIn;
}

for (const specifier of DEFERRED_SIMULATOR_MODULES) deferLoading(specifier);
