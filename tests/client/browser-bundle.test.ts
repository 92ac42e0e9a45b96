// The SDK's entry point bundles for a browser: nothing from Node (node: modules, ws, the Node
// helpers under src/client/node) and no HTTP stack but Amplify's own.
import { join } from 'node:path';
import { build } from 'esbuild';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

it('src/client/index.ts bundles for the browser without Node modules', async () => {
  const result = await build({
    entryPoints: [join(root, 'src', 'client', 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(result.metafile.inputs);
  expect(inputs.some((path) => path.includes('src/client/rides.ts'))).toBe(true);
  expect(inputs.filter((path) => /^node:|node_modules\/(ws|undici|axios|node-fetch|cross-fetch)\/|src\/client\/node\//.test(path))).toEqual([]);
});
