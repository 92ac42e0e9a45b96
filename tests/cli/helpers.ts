// Shared setup of the CLI tests: the local cloud on free ports with in-memory data, its client
// configuration and CA written to a temporary folder (as `npm start` lays them out), and two ways
// to run the CLI: main() in-process, or the real bin file in a child process.
import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { projectRoot, tempDir } from '../local/helpers.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'wildrydes.mjs');

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliTestCloud {
  cloud: LocalCloud;
  /** A temporary folder: the working folder of every run, holding client-config.json and tls/ca.pem. */
  dir: string;
  configPath: string;
  stop(): Promise<void>;
}

export async function startCliTestCloud(): Promise<CliTestCloud> {
  // Its CA is not trusted here: the CLI finds and trusts it itself (--ca, WILDRYDES_CA, tls/ca.pem).
  const cloud = await startCloudOnFreePorts({ projectRoot });
  const temp = await tempDir('cli-test-');
  // As `npm start --data-dir <dir>` leaves it: the configuration, and the CA under tls/.
  const configPath = join(temp.dir, 'client-config.json');
  await writeFile(configPath, JSON.stringify(cloud.config, null, 2));
  await mkdir(join(temp.dir, 'tls'));
  await writeFile(join(temp.dir, 'tls', 'ca.pem'), cloud.caCertPem);
  return {
    cloud,
    dir: temp.dir,
    configPath,
    async stop() {
      await cloud.close();
      await temp.remove();
    },
  };
}

/** An environment without the variables the CLI reads, so that only the arguments decide. */
function cleanEnv(): Record<string, string | undefined> {
  const env = { ...process.env };
  for (const name of ['WILDRYDES_DATA_DIR', 'WILDRYDES_CA', 'NODE_EXTRA_CA_CERTS']) delete env[name];
  return env;
}

/** The CLI in this process: main(argv, io) with its output recorded. */
export function run(cwd: string, ...argv: string[]): Promise<Ran> {
  return runWith({ cwd }, ...argv);
}

/** main(argv, io) in a working folder with these environment variables added to a clean environment. */
export async function runWith(where: { cwd: string; env?: Record<string, string> }, ...argv: string[]): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (line) => void (stdout += `${line}\n`),
    err: (line) => void (stderr += `${line}\n`),
    env: { ...cleanEnv(), ...where.env },
    cwd: where.cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** The real bin file, as `npx wildrydes` runs it: `node bin/wildrydes.mjs ...` in a child process. */
export function runBin(cwd: string, ...argv: string[]): Promise<Ran> {
  return runBinWith({ cwd }, ...argv);
}

/** The real bin file in a working folder with these environment variables added to a clean environment. */
export function runBinWith(where: { cwd: string; env?: Record<string, string> }, ...argv: string[]): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd: where.cwd, env: { ...cleanEnv(), ...where.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 50_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

/** A TCP port nothing listens on (taken from the OS, then released). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The claims of a JWT (not verified: the test reads what the pool put in it). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}
