// `wildrydes users ...` against the local cloud: a user added to a group signs in with a token that
// carries the group; list and groups show them; unknown groups, duplicates and weak passwords are
// refused with one clear line and nothing created.
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { fetchAuthSession } from 'aws-amplify/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, currentUser, signIn } from '../../src/client/index.js';
import { signInWithSrp } from '../support/cognito-users.js';
import { claimsOf, run, runBin, startCliTestCloud, type CliTestCloud } from './helpers.js';

let t: CliTestCloud;
let cognito: CognitoIdentityProviderClient;

beforeAll(async () => {
  t = await startCliTestCloud();
  cognito = new CognitoIdentityProviderClient({
    region: t.cloud.cognito.region,
    endpoint: t.cloud.cognito.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  cognito?.destroy();
  await t?.stop();
});

/** Signs in with SRP (as the app client allows) and returns the claims of both tokens. */
async function tokens(username: string, password: string): Promise<{ access: Record<string, unknown>; id: Record<string, unknown> }> {
  const AuthenticationResult = await signInWithSrp(cognito, t.cloud.cognito, username, password);
  return { access: claimsOf(AuthenticationResult!.AccessToken!), id: claimsOf(AuthenticationResult!.IdToken!) };
}

/** The one line of an error, without the usage text that may follow. */
function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('users add', () => {
  it('through the real bin file: a user in Dispatchers with a generated password, whose token carries the group', async () => {
    const ran = await runBin(t.dir, 'users', 'add', 'dana', '--group', 'Dispatchers', '--config', t.configPath);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^created dana in Dispatchers, email dana@example\.com\n/);
    const password = /^password: (\S+) /m.exec(ran.stdout)?.[1];
    expect(password).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[-_.+=@%^])[a-zA-Z].{19}$/);

    const { access, id } = await tokens('dana', password!);
    expect(access['cognito:groups']).toEqual(['Dispatchers']);
    expect(id['cognito:groups']).toEqual(['Dispatchers']);
    expect(id.email).toBe('dana@example.com');
    expect(id.email_verified).toBe(true);

    // And through the SDK, as the app signs in (SRP).
    const client = createClient(t.cloud.config);
    await signIn(client, { username: 'dana', password: password! });
    expect((await currentUser(client)).groups).toEqual(['Dispatchers']);
    expect((await fetchAuthSession(client.amplify)).tokens?.accessToken.payload['cognito:groups']).toEqual(['Dispatchers']);
  });

  it('with a given password, email and two groups; --json prints no password it did not make', async () => {
    const ran = await run(t.dir, 'users', 'add', 'ari', '--group', 'Admins', '--group', 'Dispatchers', '--password', 'Wild-Rydes-1', '--email', 'ari@wildrydes.test', '--json', '--config', t.configPath);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toEqual({ username: 'ari', groups: ['Admins', 'Dispatchers'], email: 'ari@wildrydes.test' });
    const { id } = await tokens('ari', 'Wild-Rydes-1');
    expect(id['cognito:groups']).toEqual(['Admins', 'Dispatchers']);
    expect(id.email).toBe('ari@wildrydes.test');
  });

  it('a rider: no group, and the configuration found in the working folder (no --config)', async () => {
    const ran = await run(t.dir, 'users', 'add', 'riley', '--password', 'Wild-Rydes-1', '--config', 'client-config.json');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe('created riley (a rider: no group), email riley@example.com\n');
    expect((await tokens('riley', 'Wild-Rydes-1')).access['cognito:groups']).toBeUndefined();
  });

  it('an unknown group: refused before anything is created, naming the groups there are', async () => {
    const ran = await run(t.dir, 'users', 'add', 'gil', '--group', 'Riders', '--config', t.configPath);
    expect(ran.code).toBe(1);
    expect(oneLine(ran.stderr)).toBe('wildrydes: unknown group "Riders": the user pool has Admins, Dispatchers');
    expect(ran.stdout).toBe('');
    const check = await run(t.dir, 'users', 'groups', 'gil', '--config', t.configPath);
    expect(check.code).toBe(1);
    expect(oneLine(check.stderr)).toMatch(/there is no user gil in the user pool/);
  });

  it('a duplicate user: refused, the existing user unchanged', async () => {
    const ran = await run(t.dir, 'users', 'add', 'dana', '--group', 'Admins', '--password', 'Other-Password-2', '--config', t.configPath);
    expect(ran.code).toBe(1);
    expect(oneLine(ran.stderr)).toMatch(/^wildrydes: the user dana already exists: choose another name/);
    const groups = await run(t.dir, 'users', 'groups', 'dana', '--config', t.configPath);
    expect(groups.stdout).toBe('Dispatchers\n');
  });

  it("a weak password: Cognito's message relayed, and no user left behind", async () => {
    const ran = await run(t.dir, 'users', 'add', 'wes', '--password', 'short', '--config', t.configPath);
    expect(ran.code).toBe(1);
    expect(oneLine(ran.stderr)).toMatch(/^wildrydes: the user pool refused the password: Password did not conform with policy: Password not long enough/);
    const list = await run(t.dir, 'users', 'list', '--json', '--config', t.configPath);
    expect((JSON.parse(list.stdout) as Array<{ username: string }>).map((u) => u.username)).not.toContain('wes');
  });
});

describe('users list and users groups', () => {
  it('list shows every user with status, groups and email', async () => {
    const ran = await run(t.dir, 'users', 'list', '--config', t.configPath);
    expect(ran.code).toBe(0);
    const lines = ran.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^USERNAME\s+STATUS\s+GROUPS\s+EMAIL$/);
    expect(lines).toContainEqual(expect.stringMatching(/^dana\s+CONFIRMED\s+Dispatchers\s+dana@example\.com$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ari\s+CONFIRMED\s+Admins,Dispatchers\s+ari@wildrydes\.test$/));
    expect(lines).toContainEqual(expect.stringMatching(/^riley\s+CONFIRMED\s+-\s+riley@example\.com$/));

    const json = JSON.parse((await run(t.dir, 'users', 'list', '--json', '--config', t.configPath)).stdout);
    expect(json).toContainEqual({ username: 'dana', status: 'CONFIRMED', enabled: true, email: 'dana@example.com', groups: ['Dispatchers'] });
  });

  it('groups prints the groups one a line; nothing for a rider', async () => {
    expect(await run(t.dir, 'users', 'groups', 'dana', '--config', t.configPath)).toEqual({ code: 0, stdout: 'Dispatchers\n', stderr: '' });
    expect(await run(t.dir, 'users', 'groups', 'ari', '--config', t.configPath)).toEqual({ code: 0, stdout: 'Admins\nDispatchers\n', stderr: '' });
    expect(await run(t.dir, 'users', 'groups', 'riley', '--config', t.configPath)).toEqual({ code: 0, stdout: '', stderr: 'riley is in no group (a rider)\n' });
    expect((await run(t.dir, 'users', 'groups', 'ari', '--json', '--config', t.configPath)).stdout).toBe('["Admins","Dispatchers"]\n');
  });

  it('groups through the real bin file', async () => {
    expect(await runBin(t.dir, 'users', 'groups', 'dana', '--config', t.configPath)).toEqual({ code: 0, stdout: 'Dispatchers\n', stderr: '' });
  });
});
