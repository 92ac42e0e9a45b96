// `wildrydes seed` against the local cloud: a fleet a rider sees through listUnicorns, demo riders
// with rides (one dispatched with a passenger), and a second run that adds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allItems, createClient, getRide, listUnicorns, myRides, signIn, type WildRydesClient } from '../../src/client/index.js';
import { prepareNodeRuntime } from '../../src/client/node/index.js';
import { DEMO_RIDERS, FLEET, SEED_ADMIN } from '../../src/cli/seed.js';
import { run, runBin, startCliTestCloud, type CliTestCloud } from './helpers.js';

const RIDER_PASSWORD = 'Demo-Rider-1';
let t: CliTestCloud;

beforeAll(async () => {
  t = await startCliTestCloud();
  // This process reads the API as the riders do, over HTTPS: trust the local CA.
  await prepareNodeRuntime({ trustedCaPem: t.cloud.caCertPem });
});

afterAll(async () => {
  await t?.stop();
});

async function signedIn(username: string, password: string): Promise<WildRydesClient> {
  const client = createClient(t.cloud.config);
  await signIn(client, { username, password });
  return client;
}

describe('seed', () => {
  let firstOutput = '';

  it('through the real bin file: the fleet, the demo riders and their rides', async () => {
    // The CA is found as tls/ca.pem next to the configuration, as `npm start` lays them out.
    const ran = await runBin(t.dir, 'seed', '--rider-password', RIDER_PASSWORD, '--config', t.configPath);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    firstOutput = ran.stdout;
    expect(ran.stdout).toMatch(/^seeding the local cloud: https:\/\/127\.0\.0\.1:\d+\/graphql, user pool us-east-1_\w+\n/);
    expect(ran.stdout).toContain(`admin   ${SEED_ADMIN} (Admins), signed in`);
    expect(ran.stdout).toContain(`fleet   added ${FLEET.map((u) => u.name).join(', ')}; 0 of the 6 demo unicorns were there already; 6 unicorns in all`);
    for (const rider of DEMO_RIDERS) expect(ran.stdout).toContain(`rider   ${rider} created\n`);
    expect(ran.stdout).toMatch(/rides   demo-riley: ride \S+ DISPATCHED, unicorn Shadowfax, passengers demo-pat/);
    expect(ran.stdout).toMatch(/rides   demo-sam: ride \S+ REQUESTED/);
    expect(ran.stdout).toMatch(/rides   demo-pat: ride \S+ COMPLETED, unicorn Rocinante/);
  });

  it('a rider who is no demo account sees the fleet through listUnicorns', async () => {
    const added = await run(t.dir, 'users', 'add', 'newcomer', '--password', 'Wild-Rydes-1', '--config', t.configPath);
    expect(added.code).toBe(0);
    const rider = await signedIn('newcomer', 'Wild-Rydes-1');
    const fleet = await allItems((nextToken) => listUnicorns(rider, { nextToken }));
    expect(fleet.map((u) => u.id).sort()).toEqual(FLEET.map((u) => u.id).sort());
    expect(fleet.find((u) => u.id === 'seed-shadowfax')).toMatchObject({ name: 'Shadowfax', color: 'White', breed: 'Mearas', available: false });
    expect(fleet.find((u) => u.id === 'seed-sparkle')).toMatchObject({ name: 'Sparkle', color: 'Pink', breed: null, available: true });
  });

  it('the demo riders can sign in and read their rides; the passenger reads the ride they are on', async () => {
    const riley = await signedIn('demo-riley', RIDER_PASSWORD);
    const rides = (await myRides(riley)).items;
    expect(rides).toHaveLength(1);
    expect(rides[0]).toMatchObject({ status: 'DISPATCHED', unicornId: 'seed-shadowfax', fare: 12.5, passengers: ['demo-pat'], owner: 'demo-riley' });
    expect(rides[0]!.unicorn?.name).toBe('Shadowfax');

    const pat = await signedIn('demo-pat', RIDER_PASSWORD);
    expect((await getRide(pat, rides[0]!.id))?.status).toBe('DISPATCHED');
    expect((await myRides(pat)).items.map((r) => r.status)).toEqual(['COMPLETED']);
  });

  it('run again: nothing duplicated, passwords of existing riders untouched without --rider-password', async () => {
    const ran = await run(t.dir, 'seed', '--config', t.configPath);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('fleet   nothing added; 6 of the 6 demo unicorns were there already; 6 unicorns in all');
    for (const rider of DEMO_RIDERS) {
      expect(ran.stdout).toContain(`rider   ${rider} was there already\n`);
      expect(ran.stdout).toContain(`rides   ${rider} has 1 ride already: none added`);
    }
    expect(ran.stdout).not.toMatch(/password/);
    expect(ran.stdout).not.toBe(firstOutput);

    const rider = await signedIn('demo-sam', RIDER_PASSWORD);
    expect(await allItems((nextToken) => listUnicorns(rider, { nextToken }))).toHaveLength(FLEET.length);
    expect((await myRides(rider)).items).toHaveLength(1);
  });

  it('as an existing Admin with --admin and --admin-password', async () => {
    expect((await run(t.dir, 'users', 'add', 'boss', '--group', 'Admins', '--password', 'Boss-Password-1', '--config', t.configPath)).code).toBe(0);
    const ran = await run(t.dir, 'seed', '--admin', 'boss', '--admin-password', 'Boss-Password-1', '--config', t.configPath);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('admin   boss, signed in');
    expect(ran.stdout).toContain('fleet   nothing added');
  });

  it('a wrong --admin-password is one clear line', async () => {
    const ran = await run(t.dir, 'seed', '--admin', 'boss', '--admin-password', 'Wrong-Password-1', '--config', t.configPath);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^wildrydes: signIn: wrong username or password .*\(NotAuthorizedException\)\n$/);
  });
});
