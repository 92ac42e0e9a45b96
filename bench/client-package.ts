// `npm run bench:client`: the client SDK package's size budgets, measured on the real artifacts.
//
// - the packed tarball (npm pack): at most 150 KB;
// - installed footprint: a fresh project with the package (and its own dependencies) beside one
//   with aws-amplify alone, both installed offline from the npm cache at the repository's versions;
// - a browser bundle (esbuild, minified, ES modules) of a program using signIn, requestRide and
//   myRides from the installed package, Amplify included: at most 120 KB gzip.
//
// Exits 1 when a budget is exceeded. Not a test: the figures go in notes, and budgets are sizes, not times.
import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { installOffline } from '../tests/support/offline-install.js';
import { packClient } from '../tests/support/pack-client.js';

const KB = 1024;
const TARBALL_BUDGET = 150 * KB;
const BUNDLE_GZIP_BUDGET = 120 * KB;

const scratch = await mkdtemp(join(tmpdir(), 'wildrydes-bench-client-'));
try {
  const packed = await packClient(scratch);

  const withClient = join(scratch, 'with-client');
  const amplifyOnly = join(scratch, 'amplify-only');
  for (const dir of [withClient, amplifyOnly]) await mkdir(dir);
  await installOffline(withClient, { local: packed });
  await installOffline(amplifyOnly, { packages: ['aws-amplify'] });
  const clientFootprint = await folderSize(join(withClient, 'node_modules'));
  const amplifyFootprint = await folderSize(join(amplifyOnly, 'node_modules'));
  const ownFootprint = await folderSize(join(withClient, 'node_modules', '@wildrydes', 'client'));

  await writeFile(
    join(withClient, 'app.js'),
    [
      "import { createClient, myRides, requestRide, signIn } from '@wildrydes/client';",
      'export async function run(config, username, password) {',
      '  const rider = createClient(config);',
      '  await signIn(rider, { username, password });',
      '  await requestRide(rider, { pickup: { latitude: 47.6, longitude: -122.3 } });',
      '  return myRides(rider);',
      '}',
    ].join('\n'),
  );
  const bundle = await build({
    absWorkingDir: withClient,
    entryPoints: ['app.js'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  const code = bundle.outputFiles[0]!.contents;
  const gzip = gzipSync(code, { level: 9 }).length;

  const rows: [string, string, string][] = [
    ['packed tarball', kb(packed.size), `<= ${kb(TARBALL_BUDGET)}`],
    ['unpacked package', kb(packed.unpackedSize), ''],
    ['installed: @wildrydes/client + its dependencies', mb(clientFootprint), `(the package itself ${kb(ownFootprint)})`],
    ['installed: aws-amplify alone', mb(amplifyFootprint), ''],
    ['browser bundle signIn + requestRide + myRides, minified', kb(code.length), ''],
    ['  the same, gzip -9', kb(gzip), `<= ${kb(BUNDLE_GZIP_BUDGET)}`],
  ];
  for (const [what, value, note] of rows) console.log(`${what.padEnd(58)} ${value.padStart(10)}  ${note}`);

  const over = [packed.size > TARBALL_BUDGET && 'tarball', gzip > BUNDLE_GZIP_BUDGET && 'browser bundle'].filter(Boolean);
  if (over.length > 0) {
    console.error(`over budget: ${over.join(', ')}`);
    process.exitCode = 1;
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

/** Bytes of the files under `dir` (their sizes, not disk blocks; links counted once as links). */
async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await lstat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

function kb(bytes: number): string {
  return `${(bytes / KB).toFixed(1)} KB`;
}

function mb(bytes: number): string {
  return `${(bytes / KB / KB).toFixed(1)} MB`;
}
