import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyValueStorageInterface } from 'aws-amplify/utils';

/**
 * Token storage in a JSON file, so that a Node program stays signed in across runs (Amplify keeps
 * tokens in memory in Node otherwise). The file holds refresh tokens: it is written owner-only.
 * One process per file: the contents are read once and then kept in memory.
 */
export function fileTokenStorage(path: string): KeyValueStorageInterface {
  let items: Map<string, string> | undefined;
  // Every call runs after the calls made before it, in call order, including its write to disk:
  // Amplify fires several removals without awaiting them (sign-out), and a read that follows must
  // see them done (see signOut in auth.ts).
  let queue: Promise<unknown> = Promise.resolve();
  const run = <T>(operation: (map: Map<string, string>) => T | Promise<T>): Promise<T> => {
    const next = queue.then(async () => operation((items ??= await readTokens(path))));
    queue = next.catch(() => undefined);
    return next;
  };

  return {
    setItem: (key, value) =>
      run(async (map) => {
        map.set(key, value);
        await writeTokens(path, map);
      }),
    getItem: (key) => run((map) => map.get(key) ?? null),
    removeItem: (key) =>
      run(async (map) => {
        if (map.delete(key)) await writeTokens(path, map);
      }),
    clear: () =>
      run(async (map) => {
        map.clear();
        await writeTokens(path, map);
      }),
  };
}

async function readTokens(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  // A damaged file only loses the session (the user signs in again); it must not stop the program.
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return new Map();
    return new Map(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return new Map();
  }
}

async function writeTokens(path: string, map: Map<string, string>): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  // Written whole and renamed into place, so a crash never leaves half a file.
  const temporary = `${path}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(Object.fromEntries(map), null, 2), { mode: 0o600 });
  await fs.rename(temporary, path);
}
