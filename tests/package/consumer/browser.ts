// A consumer's browser entry that uses only sign-in and the rider's own rides: a bundle of it must
// leave out the fleet, dispatch and profile code, the Node helpers, and anything of the server.
import { createClient, myRides, requestRide, signIn } from '@wildrydes/client';

export async function requestAndList(config: unknown, username: string, password: string): Promise<string[]> {
  const rider = createClient(config);
  await signIn(rider, { username, password });
  await requestRide(rider, { pickup: { latitude: 47.6, longitude: -122.3 } });
  const page = await myRides(rider);
  return page.items.map((ride) => ride.id);
}
