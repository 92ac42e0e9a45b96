// wildrydes seed: a demo fleet of unicorns and a few rides for demo riders.
//
// The API's only auth mode is the user pool, so seeding signs in: as an Admin account the command
// manages (created if missing, given a fresh password each run), which adds the fleet, and as each
// demo rider, who requests their rides (a ride's owner is whoever creates it). Running it again adds
// nothing that is already there: unicorns have fixed ids, and a demo rider who has rides gets none.
import {
  allItems,
  ConflictError,
  createUnicorn,
  dispatchRide,
  listUnicorns,
  requestRide,
  ridesOfRider,
  setRideStatus,
  setUnicornAvailability,
  type LocationInput,
  type WildRydesClient,
} from '../client/index.js';
import { addToGroup, checkGroups, createAccount, findUser, setPermanentPassword } from './accounts.js';
import { stringOption, type Command } from './command.js';
import type { Connection } from './connect.js';
import { CliError } from './errors.js';
import type { CliIo } from './io.js';
import { generatePassword } from './password.js';

export const SEED_ADMIN = 'wildrydes-seed';

export const FLEET = [
  { id: 'seed-shadowfax', name: 'Shadowfax', color: 'White', breed: 'Mearas' },
  { id: 'seed-rocinante', name: 'Rocinante', color: 'Yellow', breed: 'Andalusian' },
  { id: 'seed-bucephalus', name: 'Bucephalus', color: 'Golden', breed: 'Thessalian' },
  { id: 'seed-stardust', name: 'Stardust', color: 'Lavender', breed: 'Alicorn' },
  { id: 'seed-comet', name: 'Comet', color: 'Silver', breed: 'Pegasus' },
  { id: 'seed-sparkle', name: 'Sparkle', color: 'Pink' },
] as const satisfies ReadonlyArray<{ id: string; name: string; color: string; breed?: string }>;

export const DEMO_RIDERS = ['demo-riley', 'demo-pat', 'demo-sam'] as const;
type DemoRider = (typeof DEMO_RIDERS)[number];

interface DemoRide {
  rider: DemoRider;
  pickup: LocationInput;
  passengers?: DemoRider[];
  /** What the admin does with it after the rider requests it. */
  dispatch?: { unicornId: string; fare: number; note: string; completed?: boolean };
}

// Pike Place Market, Space Needle, Seattle Central Library.
export const DEMO_RIDES: readonly DemoRide[] = [
  {
    rider: 'demo-riley',
    pickup: { latitude: 47.6097, longitude: -122.3422 },
    passengers: ['demo-pat'],
    dispatch: { unicornId: 'seed-shadowfax', fare: 12.5, note: 'north entrance' },
  },
  { rider: 'demo-sam', pickup: { latitude: 47.6205, longitude: -122.3493 } },
  {
    rider: 'demo-pat',
    pickup: { latitude: 47.6067, longitude: -122.3325 },
    dispatch: { unicornId: 'seed-rocinante', fare: 8, note: 'Fourth Avenue door', completed: true },
  },
];

const EMAIL_DOMAIN = 'example.com';

export const seed: Command = {
  words: ['seed'],
  summary: 'add a demo fleet of unicorns and a few rides for demo riders (safe to run again)',
  usage: `wildrydes seed [--admin <name>] [--admin-password <password>] [--rider-password <password>]

Adds ${FLEET.length} unicorns (ids seed-*) as an Admin, the demo riders ${DEMO_RIDERS.join(', ')}, and a ride
for each (one dispatched with a passenger, one waiting, one completed). Running it again adds
nothing that is already there: unicorns have fixed ids, and a demo rider with rides gets none.

  --admin <name>             the Admin account to seed as (default ${SEED_ADMIN}). Without
                             --admin-password the command manages it: creates it in Admins if
                             missing, and sets a new random password every run (not printed)
  --admin-password <pw>      sign in as an existing Admin with this password instead
  --rider-password <pw>      the demo riders' password (set every run); without it new riders get
                             a generated one, printed once, and existing riders keep theirs unless
                             they need signing in to request a ride`,
  options: {
    admin: { type: 'string' },
    'admin-password': { type: 'string' },
    'rider-password': { type: 'string' },
  },
  positionals: { names: [], min: 0 },
  async run({ values }, io, connect) {
    const conn = await connect();
    io.out(`seeding ${conn.local ? 'the local cloud' : 'a deployed backend'}: ${conn.graphqlEndpoint}, user pool ${conn.userPoolId}`);
    await conn.prepareGraphql();

    const admin = await adminClient(conn, io, stringOption(values, 'admin') ?? SEED_ADMIN, stringOption(values, 'admin-password'));
    await seedFleet(admin, io);
    const passwords = await ensureRiders(conn, io, stringOption(values, 'rider-password'));
    await seedRides(conn, io, admin, passwords);
  },
};

async function adminClient(conn: Connection, io: CliIo, username: string, givenPassword: string | undefined): Promise<WildRydesClient> {
  await checkGroups(conn, ['Admins']);
  if (givenPassword !== undefined) {
    const client = await conn.signIn(username, givenPassword);
    io.out(`admin   ${username}, signed in`);
    return client;
  }
  const password = generatePassword();
  if (await findUser(conn, username)) {
    await setPermanentPassword(conn, username, password);
    await addToGroup(conn, username, 'Admins');
  } else {
    await createAccount(conn, { username, password, email: `${username}@${EMAIL_DOMAIN}`, groups: ['Admins'] });
  }
  const client = await conn.signIn(username, password);
  io.out(`admin   ${username} (Admins), signed in`);
  return client;
}

async function seedFleet(admin: WildRydesClient, io: CliIo): Promise<void> {
  const before = await allItems((nextToken) => listUnicorns(admin, { nextToken }));
  const present = new Set(before.map((u) => u.id));
  const added: string[] = [];
  for (const unicorn of FLEET) {
    if (present.has(unicorn.id)) continue;
    try {
      await createUnicorn(admin, { ...unicorn, available: true });
      added.push(unicorn.name);
    } catch (error) {
      // Added meanwhile (another seed): its id is taken, which is what we want.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  const total = before.length + added.length;
  io.out(
    `fleet   ${added.length > 0 ? `added ${added.join(', ')}` : 'nothing added'}; ` +
      `${FLEET.length - added.length} of the ${FLEET.length} demo unicorns were there already; ${total} unicorns in all`,
  );
}

/** The demo riders exist afterwards; returns the passwords known to this run. */
async function ensureRiders(conn: Connection, io: CliIo, riderPassword: string | undefined): Promise<Map<string, string>> {
  const passwords = new Map<string, string>();
  for (const username of DEMO_RIDERS) {
    if (await findUser(conn, username)) {
      if (riderPassword !== undefined) {
        await setPermanentPassword(conn, username, riderPassword);
        passwords.set(username, riderPassword);
      }
      io.out(`rider   ${username} was there already${riderPassword !== undefined ? ' (password set)' : ''}`);
      continue;
    }
    const password = riderPassword ?? generatePassword();
    await createAccount(conn, { username, password, email: `${username}@${EMAIL_DOMAIN}`, groups: [] });
    passwords.set(username, password);
    io.out(`rider   ${username} created${riderPassword === undefined ? `, password: ${password}` : ''}`);
  }
  return passwords;
}

async function seedRides(conn: Connection, io: CliIo, admin: WildRydesClient, passwords: Map<string, string>): Promise<void> {
  for (const rider of DEMO_RIDERS) {
    const rides = DEMO_RIDES.filter((ride) => ride.rider === rider);
    if (rides.length === 0) continue;
    const user = await findUser(conn, rider);
    if (!user?.sub) throw new CliError(`the demo rider ${rider} disappeared from the user pool while seeding: run seed again`);
    // The "my rides" index is keyed by <sub>::<username>; Admins may read anyone's.
    const existing = await allItems((nextToken) => ridesOfRider(admin, { storedOwner: `${user.sub}::${rider}`, nextToken }));
    if (existing.length > 0) {
      io.out(`rides   ${rider} has ${existing.length} ride${existing.length === 1 ? '' : 's'} already: none added`);
      continue;
    }
    let password = passwords.get(rider);
    if (password === undefined) {
      // An existing rider without rides: the only way to request a ride as them is to sign in.
      password = generatePassword();
      await setPermanentPassword(conn, rider, password);
      io.out(`rider   ${rider} needed signing in: new password: ${password}`);
    }
    const client = await conn.signIn(rider, password);
    for (const demo of rides) {
      const ride = await requestRide(client, { pickup: demo.pickup, passengers: demo.passengers });
      let status = ride.status ?? 'REQUESTED';
      if (demo.dispatch) {
        await dispatchRide(admin, { rideId: ride.id, unicornId: demo.dispatch.unicornId, fare: demo.dispatch.fare, note: demo.dispatch.note });
        status = 'DISPATCHED';
        if (demo.dispatch.completed) {
          await setRideStatus(admin, { rideId: ride.id, status: 'COMPLETED' });
          status = 'COMPLETED';
        } else {
          await setUnicornAvailability(admin, { id: demo.dispatch.unicornId, available: false });
        }
      }
      const unicorn = demo.dispatch ? `, unicorn ${FLEET.find((u) => u.id === demo.dispatch!.unicornId)?.name ?? demo.dispatch.unicornId}` : '';
      const passengers = demo.passengers?.length ? `, passengers ${demo.passengers.join(', ')}` : '';
      io.out(`rides   ${rider}: ride ${ride.id} ${status}${unicorn}${passengers}`);
    }
  }
}
