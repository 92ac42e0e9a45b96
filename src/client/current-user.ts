import { fetchAuthSession } from 'aws-amplify/auth';
import type { WildRydesClient } from './create-client.js';
import { NotSignedInError } from './errors.js';

export type Group = 'Dispatchers' | 'Admins';

export interface SignedInUser {
  username: string;
  /** The Cognito `sub`. */
  userId: string;
  email: string | undefined;
  /** Cognito groups from the id token's `cognito:groups` (the API grants by these). */
  groups: string[];
  /**
   * The value the API stores in `owner` fields, `<sub>::<username>` (the project's
   * `usesubusernamefordefaultidentityclaim` flag). The API returns owners as the bare username,
   * but the "my rides" index is keyed by this value.
   */
  storedOwner: string;
}

/** The signed-in user, read from the id token (refreshed by Amplify when it has expired). */
export async function currentUser(client: WildRydesClient): Promise<SignedInUser> {
  let payload: Record<string, unknown> | undefined;
  try {
    payload = (await fetchAuthSession(client.amplify)).tokens?.idToken?.payload;
  } catch (error) {
    throw new NotSignedInError('currentUser: the session could not be refreshed: sign in again', { operation: 'currentUser', cause: error });
  }
  if (!payload) throw new NotSignedInError('currentUser: no user is signed in: call signIn first', { operation: 'currentUser' });
  const userId = String(payload.sub);
  const username = String(payload['cognito:username']);
  const groups = payload['cognito:groups'];
  return {
    username,
    userId,
    email: typeof payload.email === 'string' ? payload.email : undefined,
    groups: Array.isArray(groups) ? groups.map(String) : [],
    storedOwner: `${userId}::${username}`,
  };
}

export function isInGroup(user: SignedInUser, group: Group): boolean {
  return user.groups.includes(group);
}
