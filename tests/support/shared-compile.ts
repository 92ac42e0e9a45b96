// One compile of the project's API per test run, shared by path. The run's global setup compiles
// the repository's API and writes it as JSON; a test file (or a cloud child a test spawns) then
// reads it instead of loading the transformer and aws-cdk-lib and compiling again, which cost
// seconds of import and compile per file on a 2-core machine. The path travels in an environment
// variable so that child processes find it too; outside a test run nothing is shared.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompiledApi } from '../../src/compiler/transform.js';

export const SHARED_COMPILE_ENV = 'WILDRYDES_TEST_SHARED_COMPILE';

interface SharedCompile {
  projectRoot: string;
  api: CompiledApi;
}

export class SharedCompileError extends Error {
  override name = 'SharedCompileError';
}

const canonical = (projectRoot: string) => realpathSync(resolve(projectRoot));

/** Writes the compile of `projectRoot` into `dir`; returns the file to name in SHARED_COMPILE_ENV. */
export function writeSharedCompile(dir: string, projectRoot: string, api: CompiledApi): string {
  const file = join(dir, 'compiled-api.json');
  const shared: SharedCompile = { projectRoot: canonical(projectRoot), api };
  writeFileSync(file, JSON.stringify(shared));
  return file;
}

/** Whether this process runs under a test run that shares a compile. */
export function sharedCompileFile(): string | undefined {
  return process.env[SHARED_COMPILE_ENV] || undefined;
}

/** The run's compile of `projectRoot`, or undefined when the run shares none or compiled another project. */
export function readSharedCompile(projectRoot: string): CompiledApi | undefined {
  const file = sharedCompileFile();
  if (!file) return undefined;
  let shared: SharedCompile;
  try {
    shared = JSON.parse(readFileSync(file, 'utf8')) as SharedCompile;
  } catch (error) {
    throw new SharedCompileError(`${SHARED_COMPILE_ENV} names ${file}, which is not a readable compile (${(error as Error).message}); unset it to compile in each test file`);
  }
  return shared.projectRoot === canonical(projectRoot) ? shared.api : undefined;
}
