// The people of the ride stories in the client and real-time tests, each signed in with a client of
// their own: riley rides with pat as a passenger, sam is another rider, dana dispatches (Dispatchers)
// and ada runs the fleet (Admins). Tests rely on these usernames (a ride's owner is `riley`).
import type { WildRydesClient } from '../../src/client/index.js';

export interface RideCast {
  rider: WildRydesClient;
  passenger: WildRydesClient;
  stranger: WildRydesClient;
  dispatcher: WildRydesClient;
  admin: WildRydesClient;
}

/** Makes and signs in the five users at once, through the test cloud's `user()`. */
export async function signInRideCast(t: { user(username: string, groups?: string[]): Promise<WildRydesClient> }): Promise<RideCast> {
  const [rider, passenger, stranger, dispatcher, admin] = await Promise.all([
    t.user('riley'),
    t.user('pat'),
    t.user('sam'),
    t.user('dana', ['Dispatchers']),
    t.user('ada', ['Admins']),
  ]);
  return { rider, passenger, stranger, dispatcher, admin };
}
