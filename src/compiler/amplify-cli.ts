import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * The Amplify CLI itself, installed on demand into a cache outside the repository, to check the
 * project's own compile against it. `@aws-amplify/cli` (the npm package) downloads a native binary
 * at install time; its JavaScript distribution `@aws-amplify/cli-internal` installs from the npm
 * registry alone (or from the npm cache, offline) and runs on Node 20. The API category is pinned
 * to the version whose transformer packages the project uses (see src/compiler/transform.ts).
 */
export const AMPLIFY_CLI_VERSION = '14.2.2';
export const AMPLIFY_CATEGORY_API_VERSION = '5.15.3';

export interface AmplifyCli {
  /** The `amplify` executable (a Node script). */
  bin: string;
  /** A scratch HOME for the CLI: it writes ~/.amplify and must not touch the user's own. */
  home: string;
  /** The installation folder. */
  dir: string;
}

/** The CLI could not be installed (no registry and nothing in the npm cache, disk full, ...). */
export class AmplifyCliInstallError extends Error {
  override name = 'AmplifyCliInstallError';
}

/** The CLI ran and failed; `output` is the end of what it printed. */
export class AmplifyCliRunError extends Error {
  override name = 'AmplifyCliRunError';
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/**
 * Where the CLI is installed: $WILDRYDES_AMPLIFY_CLI_CACHE, else $XDG_CACHE_HOME (or ~/.cache)
 * /wildrydes/amplify-cli-<version>. One folder per version, so a pin change installs afresh.
 */
export function amplifyCliDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.WILDRYDES_AMPLIFY_CLI_CACHE) return env.WILDRYDES_AMPLIFY_CLI_CACHE;
  const cacheRoot = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'wildrydes', `amplify-cli-${AMPLIFY_CLI_VERSION}`);
}

const installs = new Map<string, Promise<AmplifyCli>>();

/**
 * The pinned CLI, installed on first use (about 1.4 GB, a few minutes; offline when the npm cache
 * holds it). Safe to call from several processes at once: each installs into its own folder and
 * renames it into place; whoever comes second keeps the first one's.
 */
export function ensureAmplifyCli(options: { dir?: string; log?: (line: string) => void } = {}): Promise<AmplifyCli> {
  const dir = options.dir ?? amplifyCliDir();
  let install = installs.get(dir);
  if (!install) {
    install = installCli(dir, options.log ?? ((line) => console.error(line)));
    installs.set(dir, install);
    install.catch(() => installs.delete(dir));
  }
  return install;
}

function cliAt(dir: string): AmplifyCli {
  return { bin: join(dir, 'node_modules', '.bin', 'amplify'), home: join(dir, 'home'), dir };
}

async function isInstalled(dir: string): Promise<boolean> {
  const cli = cliAt(dir);
  if (!existsSync(cli.bin)) return false;
  try {
    const manifest = JSON.parse(
      await readFile(join(dir, 'node_modules', '@aws-amplify', 'cli-internal', 'package.json'), 'utf8'),
    ) as { version?: string };
    return manifest.version === AMPLIFY_CLI_VERSION;
  } catch {
    return false;
  }
}

async function installCli(dir: string, log: (line: string) => void): Promise<AmplifyCli> {
  if (await isInstalled(dir)) return cliAt(dir);
  await mkdir(dirname(dir), { recursive: true });
  const staging = `${dir}.installing-${process.pid}-${Date.now()}`;
  await mkdir(join(staging, 'home'), { recursive: true });
  const manifest = {
    name: 'wildrydes-amplify-cli',
    version: '1.0.0',
    private: true,
    description: 'The Amplify CLI that `npm run compile -- --against-cli` compares the project with. Safe to delete.',
    dependencies: { '@aws-amplify/cli-internal': AMPLIFY_CLI_VERSION },
    overrides: { '@aws-amplify/amplify-category-api': AMPLIFY_CATEGORY_API_VERSION },
  };
  await writeFile(join(staging, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  log(`installing @aws-amplify/cli-internal@${AMPLIFY_CLI_VERSION} into ${dir} (about 1.4 GB, first use only) ...`);
  try {
    // --ignore-scripts: the install scripts fetch native binaries from outside the npm registry.
    await run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
      cwd: staging,
      env: process.env,
    });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    const output = error instanceof AmplifyCliRunError ? `\n${error.output}` : '';
    throw new AmplifyCliInstallError(
      `npm could not install @aws-amplify/cli-internal@${AMPLIFY_CLI_VERSION} (it needs the npm registry, or an npm cache that holds it)${output}`,
      { cause: error },
    );
  }
  try {
    await rename(staging, dir);
  } catch (error) {
    // Another process finished first: its installation is as good as ours.
    await rm(staging, { recursive: true, force: true });
    if (!(await isInstalled(dir))) {
      throw new AmplifyCliInstallError(`${dir} exists but holds no Amplify CLI ${AMPLIFY_CLI_VERSION}: delete it and run again`, {
        cause: error,
      });
    }
  }
  if (!(await isInstalled(dir))) throw new AmplifyCliInstallError(`npm finished but ${cliAt(dir).bin} is missing`);
  return cliAt(dir);
}

/**
 * Runs `amplify <args>` in `cwd` (an Amplify project folder) with the CLI's scratch HOME. Resolves with
 * its output; rejects with AmplifyCliRunError when it exits non-zero.
 */
export function runAmplifyCli(cli: AmplifyCli, args: readonly string[], options: { cwd: string }): Promise<string> {
  return run(process.execPath, [cli.bin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, HOME: cli.home },
  });
}

function run(command: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      // The end is what explains a failure; the CLI can print a lot before it.
      output = (output + chunk.toString('utf8')).slice(-64_000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (error) => reject(new AmplifyCliRunError(`${command} could not be started: ${error.message}`, output)));
    child.on('close', (code, signal) => {
      if (code === 0) resolve(output);
      else {
        const tail = output.trim().split('\n').slice(-30).join('\n');
        reject(new AmplifyCliRunError(`\`${[command, ...args].join(' ')}\` failed (${signal ?? `exit ${code}`})`, tail));
      }
    });
  });
}
