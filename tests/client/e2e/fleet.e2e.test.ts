// The fleet through the client: Admins manage it, Dispatchers set availability, riders read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allItems,
  createUnicorn,
  deleteUnicorn,
  getUnicorn,
  listUnicorns,
  NotAuthorizedError,
  setUnicornAvailability,
  updateUnicorn,
  type WildRydesClient,
} from '../../../src/client/index.js';
import { startClientTestCloud, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let rider: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;

beforeAll(async () => {
  t = await startClientTestCloud();
  [rider, dispatcher, admin] = await Promise.all([t.user('riley'), t.user('dana', ['Dispatchers']), t.user('ada', ['Admins'])]);
});

afterAll(async () => {
  await t?.stop();
});

describe('the fleet', () => {
  it('Admins add, rename and remove unicorns', async () => {
    const added = await createUnicorn(admin, { name: 'Rocinante', color: 'grey', available: false });
    expect(added).toMatchObject({ name: 'Rocinante', color: 'grey', breed: null, available: false });
    expect(await updateUnicorn(admin, { id: added.id, name: 'Rocinante II', breed: 'Andalusian' })).toMatchObject({ name: 'Rocinante II', breed: 'Andalusian' });
    expect((await deleteUnicorn(admin, added.id)).id).toBe(added.id);
    expect(await getUnicorn(admin, added.id)).toBeNull();
  });

  it('everyone signed in reads it; availableOnly keeps the free ones', async () => {
    const free = await createUnicorn(admin, { name: 'Bucephalus', color: 'black', available: true });
    const busy = await createUnicorn(admin, { name: 'Shadowfax', color: 'white', available: false });
    expect(await getUnicorn(rider, free.id)).toEqual(free);
    const all = await allItems((nextToken) => listUnicorns(rider, { nextToken }));
    expect(all.map((u) => u.id)).toEqual(expect.arrayContaining([free.id, busy.id]));
    const available = await allItems((nextToken) => listUnicorns(dispatcher, { availableOnly: true, nextToken }));
    expect(available.map((u) => u.id)).toContain(free.id);
    expect(available.map((u) => u.id)).not.toContain(busy.id);
  });

  it('Dispatchers set availability, and nothing else', async () => {
    const unicorn = await createUnicorn(admin, { name: 'Pegasus', color: 'white', available: true });
    expect((await setUnicornAvailability(dispatcher, { id: unicorn.id, available: false })).available).toBe(false);
    await expect(updateUnicorn(dispatcher, { id: unicorn.id, name: 'Renamed' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(createUnicorn(dispatcher, { name: 'Extra', color: 'blue' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(deleteUnicorn(dispatcher, unicorn.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect(await getUnicorn(rider, unicorn.id)).toMatchObject({ name: 'Pegasus', available: false });
  });

  it('riders may not change it', async () => {
    const unicorn = await createUnicorn(admin, { name: 'Epona', color: 'chestnut', available: true });
    await expect(setUnicornAvailability(rider, { id: unicorn.id, available: false })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(createUnicorn(rider, { name: 'Mine', color: 'pink' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(deleteUnicorn(rider, unicorn.id)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await getUnicorn(rider, unicorn.id))?.available).toBe(true);
  });
});
