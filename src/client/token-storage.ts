import type { KeyValueStorageInterface } from 'aws-amplify/utils';

/**
 * Token storage that lives as long as the client: the default, so that two clients in one process
 * (two users) never share a session. Pass Amplify's `defaultStorage` (localStorage) in a browser, or
 * `fileTokenStorage()` in Node, to keep the session across restarts.
 */
export function memoryTokenStorage(): KeyValueStorageInterface {
  const items = new Map<string, string>();
  return {
    setItem: async (key, value) => void items.set(key, value),
    getItem: async (key) => items.get(key) ?? null,
    removeItem: async (key) => void items.delete(key),
    clear: async () => items.clear(),
  };
}
