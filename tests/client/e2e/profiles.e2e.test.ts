// Rider profiles through the client: the owner manages their own; Dispatchers read all; Admins
// manage all; other riders see nothing; the phone must be a phone number.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allItems,
  ConflictError,
  createMyProfile,
  currentUser,
  deleteMyProfile,
  deleteRiderProfile,
  getMyProfile,
  getRiderProfile,
  listRiderProfiles,
  NotAuthorizedError,
  updateMyProfile,
  updateRiderProfile,
  ValidationError,
  type WildRydesClient,
} from '../../../src/client/index.js';
import { rejectionOf, startClientTestCloud, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let rider: WildRydesClient;
let stranger: WildRydesClient;
let dispatcher: WildRydesClient;
let admin: WildRydesClient;
let riderId: string;

beforeAll(async () => {
  t = await startClientTestCloud();
  [rider, stranger, dispatcher, admin] = await Promise.all([t.user('riley'), t.user('sam'), t.user('dana', ['Dispatchers']), t.user('ada', ['Admins'])]);
  riderId = (await currentUser(rider)).userId;
});

afterAll(async () => {
  await t?.stop();
});

describe('a rider\'s own profile', () => {
  it('is created once, read and changed by its owner', async () => {
    expect(await getMyProfile(rider)).toBeNull();
    const created = await createMyProfile(rider, { name: 'Riley Rider', phone: '+12065550123' });
    expect(created).toMatchObject({ id: riderId, name: 'Riley Rider', phone: '+12065550123', owner: 'riley' });
    await expect(createMyProfile(rider, { name: 'Again' })).rejects.toBeInstanceOf(ConflictError);
    expect(await updateMyProfile(rider, { phone: '+12065550199' })).toMatchObject({ name: 'Riley Rider', phone: '+12065550199' });
    expect((await getMyProfile(rider))?.phone).toBe('+12065550199');
  });

  it('refuses a phone that is not a phone number, and keeps the old one', async () => {
    const refused = await rejectionOf(updateMyProfile(rider, { phone: 'call me maybe' }));
    expect(refused).toBeInstanceOf(ValidationError);
    expect((await getMyProfile(rider))?.phone).toBe('+12065550199');
  });

  it('is invisible and untouchable for other riders', async () => {
    await expect(getRiderProfile(stranger, riderId)).rejects.toBeInstanceOf(NotAuthorizedError);
    expect((await allItems((nextToken) => listRiderProfiles(stranger, { nextToken }))).map((p) => p.id)).not.toContain(riderId);
    await expect(updateRiderProfile(stranger, { id: riderId, name: 'Hijacked' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(deleteRiderProfile(stranger, riderId)).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});

describe('Dispatchers and Admins', () => {
  it('Dispatchers read every profile, phone included, and change none', async () => {
    expect((await getRiderProfile(dispatcher, riderId))?.phone).toBe('+12065550199');
    const all = await allItems((nextToken) => listRiderProfiles(dispatcher, { nextToken }));
    expect(all.map((p) => p.id)).toContain(riderId);
    await expect(updateRiderProfile(dispatcher, { id: riderId, name: 'Changed' })).rejects.toBeInstanceOf(NotAuthorizedError);
    await expect(deleteRiderProfile(dispatcher, riderId)).rejects.toBeInstanceOf(NotAuthorizedError);
  });

  it('Admins change and delete anyone\'s profile', async () => {
    expect((await updateRiderProfile(admin, { id: riderId, name: 'Riley R.' })).name).toBe('Riley R.');
    await createMyProfile(stranger, { name: 'Sam' });
    expect((await deleteRiderProfile(admin, (await currentUser(stranger)).userId)).name).toBe('Sam');
  });

  it('the owner deletes their own profile', async () => {
    expect((await deleteMyProfile(rider)).id).toBe(riderId);
    expect(await getMyProfile(rider)).toBeNull();
  });
});
