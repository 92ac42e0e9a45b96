// A local cloud started as a child process (`npm start`, or the launcher it runs): its output
// collected, and its "Ready in" line awaited. The tests that start the real command share this.
import type { ChildProcess } from 'node:child_process';

export interface ReadyChild {
  /** Everything it has printed so far, stdout and stderr together. */
  output(): string;
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/** Resolves once `child` prints "Ready in …"; rejects, with what it printed, if it exits first. */
export async function untilReady(child: ChildProcess): Promise<ReadyChild> {
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (/Ready in [\d.]+ s/.test(output)) {
        clearInterval(timer);
        resolve();
      } else if (child.exitCode !== null || child.signalCode !== null) {
        clearInterval(timer);
        reject(new Error(`npm start exited (${child.exitCode ?? child.signalCode}):\n${output}`));
      }
    }, 25);
  });
  return { output: () => output, exited };
}
