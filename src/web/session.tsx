// What every page needs: the SDK client, the signed-in person (with their groups from the id token),
// and the way back to the sign-in form when the session has expired.
import { createContext, useContext } from 'react';
import type { SignedInUser, WildRydesClient } from '../client/index.js';

export interface Session {
  client: WildRydesClient;
  user: SignedInUser;
  /** Back to the sign-in form; drafts stay in this tab's storage. */
  signInAgain(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export const isDispatcher = (user: SignedInUser) => user.groups.includes('Dispatchers') || user.groups.includes('Admins');
export const isAdmin = (user: SignedInUser) => user.groups.includes('Admins');
