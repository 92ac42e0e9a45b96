// The pool's store: an append-only log whose writes cost the records changed, that survives a torn
// last line, compacts itself, migrates the pool.json of earlier versions, and keeps its files private.
import { appendFile, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, readPoolState, type PoolState, type UserRecord } from '../../src/local/cognito/store.js';
import { PoolFileError } from '../../src/local/cognito/pool-log.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'pool-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const newPool = (): PoolState => ({
  version: 1,
  userPoolId: 'us-east-1_TestPool1',
  clientId: 'client0000000000000000000',
  region: 'us-east-1',
  createdAt: 1,
  signingKey: { kid: 'kid-1', privateKeyPem: 'not a real key', publicJwk: { kty: 'RSA' } } as unknown as PoolState['signingKey'],
  users: {},
  groups: {},
  sessions: {},
  codes: {},
});

const user = (username: string): UserRecord => ({
  username,
  sub: `sub-${username}`,
  attributes: { email: `${username}@example.com`, email_verified: 'false' },
  status: 'UNCONFIRMED',
  enabled: true,
  createdAt: 1,
  updatedAt: 1,
  // About the size of a real SRP verifier.
  password: { salt: 'ab'.repeat(64), verifier: 'cd'.repeat(384) } as unknown as UserRecord['password'],
  groups: [],
  failedSignIns: 0,
});

const logFile = () => path.join(dir, 'pool.log');
const size = async () => (await stat(logFile())).size;

describe('the pool store', () => {
  it('writes the changed record, not the pool: one change costs the same at 10 and at 2,000 users', async () => {
    const { store } = await openStore(dir, newPool);
    const growth = async () => {
      const before = await size();
      store.state.users['probe']!.status = 'CONFIRMED';
      await store.persist();
      return (await size()) - before;
    };
    for (let i = 0; i < 10; i++) store.state.users[`u${i}`] = user(`u${i}`);
    store.state.users['probe'] = user('probe');
    await store.persist();
    const small = await growth();
    for (let i = 10; i < 2000; i++) store.state.users[`u${i}`] = user(`u${i}`);
    await store.persist();
    const large = await growth();
    expect(large).toBe(small);
    expect(large).toBeLessThan(2 * JSON.stringify(user('probe')).length);
  });

  it('keeps changes made deep inside records, and deletions, across a reopen', async () => {
    const first = await openStore(dir, newPool);
    expect(first.created).toBe(true);
    const s = first.store.state;
    s.users['alice'] = user('alice');
    s.users['__proto__'] = user('__proto__');
    s.sessions['jti-1'] = { originJti: 'jti-1', userKey: 'alice', clientId: 'c', refreshTokenHash: 'h', authTime: 1, eventId: 'e', expiresAt: 9 };
    s.codes['code-1'] = { username: 'alice', purpose: 'signUp', code: '123456', createdAt: 1, expiresAt: 2 };
    await first.store.persist();

    const alice = s.users['alice']!;
    alice.groups.push('Dispatchers');
    alice.attributes.email = 'new@example.com';
    delete alice.attributes.email_verified;
    s.sessions['jti-1']!.revokedAt = 5;
    delete s.codes['code-1'];
    s.appClients = Object.assign(Object.create(null), { Web: { clientId: 'web', createdAt: 2 } });
    await first.store.persist();

    const again = await openStore(dir, () => {
      throw new Error('must not create a pool that exists');
    });
    expect(again.created).toBe(false);
    const t = again.store.state;
    expect(t.users['alice']).toMatchObject({ groups: ['Dispatchers'], attributes: { email: 'new@example.com' } });
    expect(t.users['alice']!.attributes.email_verified).toBeUndefined();
    expect(t.users['__proto__']!.username).toBe('__proto__');
    expect(Object.getPrototypeOf(t.users)).toBeNull();
    expect(t.sessions['jti-1']!.revokedAt).toBe(5);
    expect(Object.keys(t.codes)).toEqual([]);
    expect(t.appClients!['Web']!.clientId).toBe('web');
    expect(JSON.parse(await readFile(path.join(dir, 'codes.json'), 'utf8'))).toEqual([]);
  });

  it('drops a torn last line (a commit a crash cut short) and appends after what came before', async () => {
    const { store } = await openStore(dir, newPool);
    store.state.users['kept'] = user('kept');
    await store.persist();
    const good = await size();
    await appendFile(logFile(), '[["users","torn",{"username":"to');

    const reopened = await openStore(dir, newPool);
    expect(Object.keys(reopened.store.state.users)).toEqual(['kept']);
    expect(await size()).toBe(good);
    reopened.store.state.users['after'] = user('after');
    await reopened.store.persist();
    expect(Object.keys((await readPoolState(dir))!.users).sort()).toEqual(['after', 'kept']);
  });

  it('refuses a log damaged before its last line, with the file and line named', async () => {
    const { store } = await openStore(dir, newPool);
    store.state.users['a'] = user('a');
    await store.persist();
    const lines = (await readFile(logFile(), 'utf8')).split('\n');
    lines.splice(1, 0, '[["users","x"');
    await writeFile(logFile(), lines.join('\n'));
    const opening = openStore(dir, newPool);
    await expect(opening).rejects.toThrow(PoolFileError);
    await expect(opening).rejects.toThrow(/pool\.log, line 2, is not valid JSON/);
  });

  it('compacts a log that outgrew its records, keeping changes made while it compacts', async () => {
    const { store } = await openStore(dir, newPool);
    for (let i = 0; i < 1200; i++) store.state.users[`u${i}`] = user(`u${i}`);
    await store.persist();
    const compacted = await size();
    // Rewrite every user a few times: the log passes twice its records plus the slack, and compacts.
    let sawSmaller = false;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 1200; i++) {
        store.state.users[`u${i}`]!.updatedAt = round + 2;
        if (i % 100 === 0) {
          const before = await size();
          const writing = store.persist();
          // Changed while the commit (maybe a compaction) is under way: must be in the next one.
          store.state.users[`late${round}-${i}`] = user(`late${round}-${i}`);
          await writing;
          if ((await size()) < before) sawSmaller = true;
        }
      }
      await store.persist();
    }
    expect(sawSmaller).toBe(true);
    expect(await size()).toBeLessThan(4 * compacted);
    const state = (await readPoolState(dir))!;
    expect(Object.keys(state.users)).toHaveLength(1200 + 4 * 12);
    expect(Object.values(state.users).filter((u) => u.username.startsWith('u')).every((u) => u.updatedAt === 5)).toBe(true);
    expect((await readdir(dir)).sort()).toEqual(['codes.json', 'pool.log']);
  });

  it('migrates the pool.json of earlier versions on first open, then removes it', async () => {
    const legacy = { ...newPool(), users: { old: { ...user('old'), status: 'CONFIRMED' } } };
    await writeFile(path.join(dir, 'pool.json'), JSON.stringify(legacy), { mode: 0o600 });
    const { store, created } = await openStore(dir, newPool);
    expect(created).toBe(false);
    expect(store.state.users['old']!.status).toBe('CONFIRMED');
    expect(store.state.userPoolId).toBe('us-east-1_TestPool1');
    expect((await readdir(dir)).sort()).toEqual(['codes.json', 'pool.log']);
    expect((await readPoolState(dir))!.users['old']!.username).toBe('old');
  });

  it('keeps its folder 0700 and its files 0600', async () => {
    const data = path.join(dir, 'cognito');
    const { store } = await openStore(data, newPool);
    store.state.codes['c'] = { username: 'a', purpose: 'signUp', code: '1', createdAt: 1, expiresAt: 2 };
    await store.persist();
    expect((await stat(data)).mode & 0o777).toBe(0o700);
    for (const name of await readdir(data)) expect([name, (await stat(path.join(data, name))).mode & 0o777]).toEqual([name, 0o600]);
  });
});
