// Work that several test files need and that one test run does once: the test files run in separate
// worker processes, so the first to ask does the work under a lock (a directory in the run's folder,
// which the global setup makes) and writes its result there; the others wait for that file. Outside
// a test run (a bench script) the work is simply done.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export const RUN_DIR_ENV = 'WILDRYDES_TEST_RUN_DIR';

export class OncePerRunError extends Error {
  override name = 'OncePerRunError';
}

type Outcome<T> = { value: T } | { error: string };

function readOutcome<T>(file: string): Outcome<T> | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Outcome<T>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `make()`'s result (JSON), computed by one process of the run; `name` must be a plain file name. */
export async function oncePerRun<T>(name: string, make: () => Promise<T>): Promise<T> {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) return make();
  if (!/^[\w.-]+$/.test(name)) throw new OncePerRunError(`oncePerRun: "${name}" is not a plain file name`);
  const lock = join(runDir, `${name}.lock`);
  const result = join(runDir, `${name}.json`);
  let owner = false;
  try {
    mkdirSync(lock);
    owner = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (owner) {
    writeFileSync(join(lock, 'pid'), String(process.pid));
    let outcome: Outcome<T>;
    try {
      outcome = { value: await make() };
    } catch (error) {
      outcome = { error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
    // Written whole, then renamed: a waiting process never reads half a file.
    writeFileSync(`${result}.tmp`, JSON.stringify(outcome));
    renameSync(`${result}.tmp`, result);
  }
  for (;;) {
    const outcome = readOutcome<T>(result);
    if (outcome) {
      if ('error' in outcome) throw new OncePerRunError(`${name}, done once for the run by another test file, failed: ${outcome.error}`);
      return outcome.value;
    }
    let pid: number | undefined;
    try {
      pid = Number(readFileSync(join(lock, 'pid'), 'utf8')) || undefined;
    } catch {
      // The owner has made the lock and not yet written its pid.
    }
    if (pid !== undefined && !alive(pid) && !readOutcome(result)) {
      throw new OncePerRunError(`${name}: the test process doing it (pid ${pid}) ended without a result; see that file's failure`);
    }
    await sleep(100);
  }
}
