// The client SDK package as a consumer receives it: built and packed by npm (its prepack script
// builds dist/), into a folder of the caller's choosing.
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { LocalPackage } from './offline-install.js';
import { oncePerRun, RUN_DIR_ENV } from './once-per-run.js';

export const clientPackageDir = join(import.meta.dirname, '..', '..', 'packages', 'client');

export interface PackedClient extends LocalPackage {
  /** The paths inside the tarball, relative to the package root (`package/` stripped). */
  files: string[];
  /** The tarball's size in bytes. */
  size: number;
  unpackedSize: number;
}

export async function packClient(destination: string): Promise<PackedClient> {
  const { stdout } = await promisify(execFile)('npm', ['pack', '--json', '--pack-destination', destination, clientPackageDir], {
    maxBuffer: 16 * 1024 * 1024,
  });
  // The prepack script's output comes first; npm's JSON report is the last thing printed.
  const report = JSON.parse(stdout.slice(stdout.lastIndexOf('\n[') + 1)) as {
    filename: string;
    size: number;
    unpackedSize: number;
    files: { path: string }[];
  }[];
  const [packed] = report;
  if (!packed) throw new Error(`npm pack reported nothing: ${stdout}`);
  return {
    tarball: join(destination, packed.filename),
    manifest: JSON.parse(readFileSync(join(clientPackageDir, 'package.json'), 'utf8')) as PackedClient['manifest'],
    files: packed.files.map((file) => file.path),
    size: packed.size,
    unpackedSize: packed.unpackedSize,
  };
}

/**
 * The package packed once per test run, in the run's folder: packing rebuilds packages/client/dist,
 * so two test files packing at once would also empty each other's build (and it is seconds of tsc).
 */
export function sharedPackedClient(): Promise<PackedClient> {
  return oncePerRun('packed-client', async () => {
    const runDir = process.env[RUN_DIR_ENV];
    if (!runDir) throw new Error(`sharedPackedClient needs ${RUN_DIR_ENV} (set by the tests' global setup)`);
    const destination = join(runDir, 'packed-client');
    mkdirSync(destination, { recursive: true });
    return packClient(destination);
  });
}
