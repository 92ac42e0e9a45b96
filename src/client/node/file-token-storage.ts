import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { KeyValueStorageInterface } from 'aws-amplify/utils';

/**
 * Token storage in a JSON file, so that a Node program stays signed in across runs (Amplify keeps
 * tokens in memory in Node otherwise). The file holds refresh tokens: it is written owner-only.
 * One process per file: the contents are read once and then kept in memory.
 */
export function fileTokenStorage(path: string): KeyValueStorageInterface {
  let items: Promise<Map<string, string>> | undefined;
  // Amplify writes several keys without awaiting each other; writes go out one at a time, in order.
  let writes: Promise<void> = Promise.resolve();

  const load = (): Promise<Map<string, string>> =>
    (items ??= fs.readFile(path, 'utf8').then(
      (text) => new Map(Object.entries(parseTokens(text))),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return new Map<string, string>();
        throw error;
      },
    ));

  const persist = async (map: Map<string, string>): Promise<void> => {
    const text = JSON.stringify(Object.fromEntries(map), null, 2);
    const write = writes.then(async () => {
      await fs.mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await fs.writeFile(temporary, text, { mode: 0o600 });
      await fs.rename(temporary, path);
    });
    writes = write.catch(() => undefined);
    return write;
  };

  return {
    async setItem(key, value) {
      const map = await load();
      map.set(key, value);
      await persist(map);
    },
    async getItem(key) {
      return (await load()).get(key) ?? null;
    },
    async removeItem(key) {
      const map = await load();
      if (map.delete(key)) await persist(map);
    },
    async clear() {
      const map = await load();
      map.clear();
      await persist(map);
    },
  };
}

// A damaged file only loses the session (the user signs in again); it must not stop the program.
function parseTokens(text: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}
