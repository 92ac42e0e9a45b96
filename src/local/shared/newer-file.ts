// "Is this build older than its sources?" for the Vite builds the local cloud makes on demand (the
// web app and the console's pages): the first source file modified after the build, found by a
// walk that stops at the first hit.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The first file under `paths` (files or folders; missing ones are skipped) modified after
 * `builtAt` (ms since the epoch), or undefined when none is. Folders named in `skip` are not entered.
 */
export function firstFileNewerThan(paths: readonly string[], builtAt: number, skip: ReadonlySet<string> = new Set()): string | undefined {
  for (const path of paths) {
    const found = newerUnder(path, builtAt, skip);
    if (found) return found;
  }
  return undefined;
}

function newerUnder(path: string, builtAt: number, skip: ReadonlySet<string>): string | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined;
  }
  if (!stat.isDirectory()) return stat.mtimeMs > builtAt ? path : undefined;
  for (const entry of readdirSync(path)) {
    if (skip.has(entry)) continue;
    const found = newerUnder(join(path, entry), builtAt, skip);
    if (found) return found;
  }
  return undefined;
}
