// The subscriptions to unicorns and rider profiles being added and removed, which the other suites
// do not start: an Admin's start is acknowledged and hears of each change once, as a raw
// real-time client sees it. (Their templates are also part of the VTL differential test's recordings.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMyProfile, createUnicorn, deleteMyProfile, deleteUnicorn, type WildRydesClient } from '../../src/client/index.js';
import { RawRealtime } from '../support/raw-realtime.js';
import { accessToken, startRealtimeTestCloud, type RealtimeTestCloud } from './helpers.js';

let t: RealtimeTestCloud;
let admin: WildRydesClient;
let rider: WildRydesClient;
let adminToken: string;

beforeAll(async () => {
  t = await startRealtimeTestCloud();
  [admin, rider] = await Promise.all([t.user('ada', ['Admins']), t.user('riley')]);
  adminToken = await accessToken(admin);
});

afterAll(async () => {
  await t?.stop();
});

const subscription = (field: string, selection: string) => `subscription { ${field} { ${selection} } }`;

describe('added and removed', () => {
  it('tells an Admin of a unicorn added and removed, and of a rider profile added and removed', async () => {
    const raw = await RawRealtime.connect(t.cloud, { token: adminToken });
    try {
      expect((await raw.init()).type).toBe('connection_ack');
      for (const [id, field, selection] of [
        ['unicornAdded', 'onCreateUnicorn', 'id name'],
        ['unicornRemoved', 'onDeleteUnicorn', 'id name'],
        ['riderAdded', 'onCreateRider', 'id name'],
        ['riderRemoved', 'onDeleteRider', 'id name'],
      ] as const) {
        expect(await raw.subscribe(id, adminToken, subscription(field, selection))).toEqual({ type: 'start_ack', id });
      }
      const unicorn = await createUnicorn(admin, { name: 'Sparkle', color: 'white', available: true });
      expect((await raw.next((f) => f.id === 'unicornAdded' && f.type === 'data')).payload).toEqual({ data: { onCreateUnicorn: { id: unicorn.id, name: 'Sparkle' } } });
      await deleteUnicorn(admin, unicorn.id);
      expect((await raw.next((f) => f.id === 'unicornRemoved' && f.type === 'data')).payload).toEqual({ data: { onDeleteUnicorn: { id: unicorn.id, name: 'Sparkle' } } });
      const profile = await createMyProfile(rider, { name: 'Riley' });
      expect((await raw.next((f) => f.id === 'riderAdded' && f.type === 'data')).payload).toEqual({ data: { onCreateRider: { id: profile.id, name: 'Riley' } } });
      await deleteMyProfile(rider);
      expect((await raw.next((f) => f.id === 'riderRemoved' && f.type === 'data')).payload).toEqual({ data: { onDeleteRider: { id: profile.id, name: 'Riley' } } });
    } finally {
      raw.close();
    }
  });
});
