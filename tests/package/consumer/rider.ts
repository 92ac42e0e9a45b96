// A consumer's Node program, written against the installed package only (tests/package/consumer.test.ts
// copies it into a fresh project): sign in, request a ride, read it back, and see it dispatched live.
// Usage: node rider.js <client-config.json> <ca.pem | "untrusted"> <rider password> <dispatcher password>
import { readFileSync } from 'node:fs';
import {
  createClient,
  getRide,
  myRides,
  onRideUpdated,
  requestRide,
  setRideStatus,
  signIn,
  WildRydesError,
  type Ride,
  type RideDetails,
} from '@wildrydes/client';
import { prepareNodeRuntime, readClientConfig } from '@wildrydes/client/node';

const [configPath, caPath, riderPassword, dispatcherPassword] = process.argv.slice(2);
if (!configPath || !caPath || !riderPassword || !dispatcherPassword) throw new Error('usage: rider.js <config> <ca.pem|untrusted> <password> <password>');

// Node 20 has no WebSocket; this installs one, and trusts the local cloud's CA unless told not to.
await prepareNodeRuntime(caPath === 'untrusted' ? {} : { trustedCaPem: readFileSync(caPath, 'utf8') });
const config = await readClientConfig(configPath);
const rider = createClient(config);
const dispatcher = createClient(config);

try {
  await signIn(rider, { username: 'riley', password: riderPassword });
  await signIn(dispatcher, { username: 'dana', password: dispatcherPassword });

  const requested: RideDetails = await requestRide(rider, { pickup: { latitude: 47.6062, longitude: -122.3321 } });
  const readBack: Ride | null = await getRide(rider, requested.id);
  const mine = await myRides(rider, { limit: 10 });

  // Changes made once the server has acknowledged the subscription are delivered.
  const updates = onRideUpdated(rider, { id: { eq: requested.id } });
  await updates.ready;
  await setRideStatus(dispatcher, { rideId: requested.id, status: 'COMPLETED' });
  const next = await updates.next();
  updates.close();

  console.log(
    JSON.stringify({
      requested: { id: requested.id, status: requested.status, owner: requested.owner },
      readBack: readBack && { id: readBack.id, status: readBack.status },
      mine: mine.items.map((ride) => ride.id),
      update: next.done ? null : { id: next.value.id, status: next.value.status },
    }),
  );
} catch (error) {
  // What a user would see: the SDK's own message, and its kind to branch on.
  if (error instanceof WildRydesError) console.log(JSON.stringify({ error: { name: error.name, kind: error.kind, message: error.message } }));
  else throw error;
}

// Done: Amplify v6 would keep the process alive until 15 s after the subscription's connection
// opened (the connection-init timer of its WebSocket provider is never cleared).
process.exit();
