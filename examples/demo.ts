// Wild Rydes, start to finish, through the client SDK against a running local cloud (`npm start`):
// a rider signs up and requests a ride with a passenger, a dispatcher assigns a unicorn, the rider
// sees it arrive live, the passenger can read the ride, another rider cannot.
//
//   npm start          # in one terminal: the local cloud writes amplify/mock-data/client-config.json
//   npm run demo       # in another (`npm run demo -- <client-config.json>` for another file)
//
// Staff accounts (a dispatcher, an admin) are made with the Cognito admin API, as an operator would;
// the rider signs up through the SDK and reads the emailed code from the local pool's outbox.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  confirmSignUp,
  createClient,
  createUnicorn,
  dispatchRide,
  getRide,
  getRideForDispatch,
  listUnicorns,
  onRideUpdated,
  requestRide,
  signIn,
  signOut,
  signUp,
  toResourcesConfig,
  WildRydesError,
  type RideDetails,
  type WildRydesClient,
} from '../src/client/index.js';
import { ConsoleLogger } from 'aws-amplify/utils';
import { LOCAL_CLIENT_CONFIG, prepareNodeRuntime, readClientConfig } from '../src/client/node/index.js';

const PASSWORD = 'Wild-Rydes-1';

export interface DemoSetup {
  /** The local cloud's client configuration (client-config.json). */
  config: unknown;
  /** The local cloud's CA certificate, when its endpoints use one Node does not trust already. */
  caCertPem?: string;
  /** How long to wait for the live update before reading the ride instead. */
  liveTimeoutMs?: number;
  print?: (line: string) => void;
}

export async function runDemo({ config, caCertPem, liveTimeoutMs = 10_000, print = console.log }: DemoSetup): Promise<void> {
  await prepareNodeRuntime({ trustedCaPem: caCertPem });
  const cognito = toResourcesConfig(config).Auth!.Cognito;
  const poolEndpoint = cognito.userPoolEndpoint;
  if (!poolEndpoint) throw new Error('the demo needs the local cloud\'s configuration (Auth.Cognito.userPoolEndpoint)');
  // Amplify warns at each sign-in that the pool's endpoint is a custom one: here that is the point.
  if (ConsoleLogger.LOG_LEVEL === null) ConsoleLogger.LOG_LEVEL = 'ERROR';
  const run = randomBytes(3).toString('hex'); // the local cloud keeps its users between runs
  const name = (role: string): string => `${role}-${run}`;
  const step = (text: string): void => print(`\n== ${text}`);
  const say = (text: string): void => print(`   ${text}`);

  step('Staff accounts (Cognito admin API)');
  const admin = new CognitoIdentityProviderClient({
    region: cognito.userPoolId.split('_')[0],
    endpoint: poolEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const staff = async (username: string, group?: string): Promise<WildRydesClient> => {
    await admin.send(
      new AdminCreateUserCommand({
        UserPoolId: cognito.userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: [
          { Name: 'email', Value: `${username}@example.com` },
          { Name: 'email_verified', Value: 'true' },
        ],
      }),
    );
    await admin.send(new AdminSetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: username, Password: PASSWORD, Permanent: true }));
    if (group) await admin.send(new AdminAddUserToGroupCommand({ UserPoolId: cognito.userPoolId, Username: username, GroupName: group }));
    const client = createClient(config);
    await signIn(client, { username, password: PASSWORD });
    say(`${username}${group ? ` (${group})` : ''} is signed in`);
    return client;
  };
  const dispatcher = await staff(name('dispatcher'), 'Dispatchers');
  const operator = await staff(name('admin'), 'Admins');
  const passengerName = name('passenger');
  const passenger = await staff(passengerName);
  const stranger = await staff(name('stranger'));

  const riderName = name('rider');
  step(`${riderName} signs up through the SDK`);
  const rider = createClient(config);
  await signUp(rider, { username: riderName, password: PASSWORD, email: `${riderName}@example.com` });
  const code = await emailedCode(poolEndpoint, riderName);
  say(`the confirmation code in the local outbox is ${code}`);
  await confirmSignUp(rider, { username: riderName, code });
  await signIn(rider, { username: riderName, password: PASSWORD });
  say(`${riderName} is confirmed and signed in`);

  step(`${riderName} requests a ride with ${passengerName}`);
  const ride = await requestRide(rider, { pickup: { latitude: 47.6062, longitude: -122.3321 }, passengers: [passengerName] });
  say(`ride ${ride.id}: ${ride.status}, owner ${ride.owner}, passengers ${ride.passengers?.join(', ')}`);

  step(`${riderName} watches the ride live`);
  const updates = onRideUpdated(rider, { id: { eq: ride.id } });
  const live = await within(updates.ready, liveTimeoutMs).then(
    () => true,
    (error: unknown) => {
      const reason = error instanceof WildRydesError ? describe(error) : `no acknowledgement within ${liveTimeoutMs / 1000} s: does the local cloud serve <endpoint>/realtime yet?`;
      say(`live updates are unavailable (${reason}); the rider will read the ride instead`);
      updates.close();
      return false;
    },
  );
  if (live) say('subscribed: the server will push changes to this ride');

  step(`${name('dispatcher')} assigns a unicorn`);
  let [unicorn] = (await listUnicorns(dispatcher, { availableOnly: true })).items;
  if (!unicorn) {
    unicorn = await createUnicorn(operator, { name: 'Shadowfax', color: 'white', breed: 'Mearas', available: true });
    say(`the fleet had no free unicorn: ${name('admin')} added ${unicorn.name}`);
  }
  await dispatchRide(dispatcher, { rideId: ride.id, unicornId: unicorn.id, fare: 12.5, note: 'meet at the north gate' });
  say(`${unicorn.name} (${unicorn.color}) dispatched, fare 12.50, with a note for dispatchers`);

  step(`${riderName} sees the unicorn arrive`);
  let arrived: RideDetails | undefined;
  if (live) {
    const event = await within(updates.next(), liveTimeoutMs).catch(() => undefined);
    arrived = event && !event.done ? event.value : undefined;
    updates.close();
    say(arrived ? `live update: ride is ${arrived.status}, unicorn ${arrived.unicornId}, fare ${arrived.fare}` : 'no live update arrived in time');
  }
  const seen = await getRide(rider, ride.id);
  say(`the ride as the rider reads it: ${seen?.status}, ${seen?.unicorn?.name} the ${seen?.unicorn?.color} unicorn, fare ${seen?.fare}`);

  step(`${passengerName} (a passenger) reads the ride`);
  const shared = await getRide(passenger, ride.id);
  say(`${shared?.status}, ${shared?.unicorn?.name} is coming for ${shared?.owner} and ${passengerName}`);

  step(`${name('stranger')} (another rider) tries to read it`);
  await getRide(stranger, ride.id).then(
    () => say('UNEXPECTED: the stranger could read the ride'),
    (error: unknown) => say(`refused: ${describe(error)}`),
  );

  step('Only dispatchers read the note');
  say(`dispatcher reads: "${(await getRideForDispatch(dispatcher, ride.id))?.dispatcherNote}"`);

  for (const client of [rider, passenger, stranger, dispatcher, operator]) await signOut(client);
  admin.destroy();
  step('Done: everyone signed out');
}

/** The code the local pool "emailed" (its outbox route; a real pool sends an email). */
async function emailedCode(poolEndpoint: string, username: string): Promise<string> {
  const response = await fetch(`${poolEndpoint.replace(/\/$/, '')}/_local/codes?username=${encodeURIComponent(username)}`);
  const { code } = (await response.json()) as { code: string | null };
  if (!code) throw new Error(`the local pool has no code for ${username}`);
  return code;
}

function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`nothing within ${ms} ms`)), ms))),
  ]);
}

function describe(error: unknown): string {
  if (error instanceof WildRydesError) return `${error.name}${error.errorType ? ` (${error.errorType})` : ''}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

const DEMO_USAGE = `npm run demo [-- <client-config.json>] [--ca <ca.pem>]

Runs the Wild Rydes story against a running local cloud (npm start in another terminal).

  <client-config.json>  the local cloud's client configuration (default amplify/mock-data/client-config.json,
                        or under WILDRYDES_DATA_DIR; an in-memory run prints where it wrote its own)
  --ca <ca.pem>         the local cloud's CA (default tls/ca.pem under the data folder, or WILDRYDES_CA)
  --help`;

async function main(): Promise<void> {
  const root = process.cwd();
  let args;
  try {
    args = parseArgs({ options: { ca: { type: 'string' }, help: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${DEMO_USAGE}`);
    process.exit(2);
  }
  if (args.values.help) {
    console.log(DEMO_USAGE);
    return;
  }
  if (args.positionals.length > 1) {
    console.error(`one configuration file at most, not ${args.positionals.length}\n\n${DEMO_USAGE}`);
    process.exit(2);
  }
  // Where `npm start` keeps its data (its --data-dir / WILDRYDES_DATA_DIR): the client configuration
  // and, under tls/, the local CA (NODE_EXTRA_CA_CERTS works as well).
  const dataDir = process.env.WILDRYDES_DATA_DIR ? resolve(root, process.env.WILDRYDES_DATA_DIR) : undefined;
  const configPath = args.positionals[0] ?? (dataDir ? join(dataDir, 'client-config.json') : join(root, LOCAL_CLIENT_CONFIG));
  const config = await readClientConfig(configPath);
  const caPath = args.values.ca ?? process.env.WILDRYDES_CA ?? join(dataDir ?? join(root, 'amplify', 'mock-data'), 'tls', 'ca.pem');
  const caCertPem = existsSync(caPath) ? readFileSync(caPath, 'utf8') : undefined;
  await runDemo({ config, caCertPem });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`\ndemo failed: ${describe(error)}`);
      process.exit(1);
    },
  );
}
