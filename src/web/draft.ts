// What a person is typing survives a failed request, an expired session and a reload of the tab:
// drafts are kept in sessionStorage, per person, until the request they belong to succeeds.
import { useCallback, useState } from 'react';
import { useSession } from './session.js';

const keyOf = (username: string, name: string) => `wildrydes:draft:${username}:${name}`;

export function useDraft<T>(name: string, initial: T): [T, (value: T) => void, () => void] {
  const { user } = useSession();
  const key = keyOf(user.username, name);
  const [value, setValue] = useState<T>(() => {
    try {
      const stored = sessionStorage.getItem(key);
      return stored === null ? initial : (JSON.parse(stored) as T);
    } catch {
      return initial;
    }
  });
  const update = useCallback(
    (next: T) => {
      setValue(next);
      try {
        sessionStorage.setItem(key, JSON.stringify(next));
      } catch {
        // A full or disabled storage only loses the draft's copy, not the value on screen.
      }
    },
    [key],
  );
  const clear = useCallback(() => {
    setValue(initial);
    sessionStorage.removeItem(key);
    // `initial` is a literal at each call site; a new object each render must not reset the draft.
  }, [key]);
  return [value, update, clear];
}
