// Sign-up, confirmation, sign-in and sign-out through the client against the local user pool, and
// a session kept in a token file across clients.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthError,
  confirmSignUp,
  createClient,
  currentUser,
  myRides,
  NotSignedInError,
  signIn,
  signOut,
  signUp,
} from '../../../src/client/index.js';
import { fileTokenStorage } from '../../../src/client/node/index.js';
import { fakeSignedInClient } from '../fakes/fake-session.js';
import { PASSWORD, rejectionOf, startClientTestCloud, type ClientTestCloud } from './local-cloud.js';

let t: ClientTestCloud;
let dir: string;

beforeAll(async () => {
  t = await startClientTestCloud();
  dir = await mkdtemp(join(tmpdir(), 'client-auth-'));
});

afterAll(async () => {
  await t?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('auth helpers', () => {
  it('sign up, confirm with the emailed code, sign in, read the user, sign out', async () => {
    const client = createClient(t.cloud.config);
    const { confirmed } = await signUp(client, { username: 'riley', password: PASSWORD, email: 'riley@example.com' });
    expect(confirmed).toBe(false);

    const notYet = await rejectionOf(signIn(client, { username: 'riley', password: PASSWORD }));
    expect(notYet).toBeInstanceOf(AuthError);
    expect((notYet as AuthError).code).toBe('UserNotConfirmedException');

    const wrongCode = await rejectionOf(confirmSignUp(client, { username: 'riley', code: '000000' }));
    expect((wrongCode as AuthError).code).toBe('CodeMismatchException');
    await confirmSignUp(client, { username: 'riley', code: t.cloud.cognito.lastCode('riley')! });

    await signIn(client, { username: 'riley', password: PASSWORD });
    const user = await currentUser(client);
    expect(user).toMatchObject({ username: 'riley', email: 'riley@example.com', groups: [] });
    expect(user.storedOwner).toBe(`${user.userId}::riley`);

    const again = await rejectionOf(signIn(client, { username: 'riley', password: PASSWORD }));
    expect((again as AuthError).code).toBe('UserAlreadyAuthenticatedException');
    expect((again as Error).message).toMatch(/signOut first/);

    await signOut(client);
    await expect(currentUser(client)).rejects.toBeInstanceOf(NotSignedInError);
    await expect(myRides(client)).rejects.toBeInstanceOf(NotSignedInError);
  });

  it('explain refusals: wrong password, taken username, weak password', async () => {
    const client = createClient(t.cloud.config);
    const wrong = await rejectionOf(signIn(client, { username: 'riley', password: 'not-the-password' }));
    expect(wrong).toMatchObject({ kind: 'Auth', code: 'NotAuthorizedException' });
    expect((wrong as Error).message).toMatch(/wrong username or password/);

    const taken = await rejectionOf(signUp(client, { username: 'riley', password: PASSWORD, email: 'other@example.com' }));
    expect(taken).toMatchObject({ code: 'UsernameExistsException' });

    const weak = await rejectionOf(signUp(client, { username: 'wes', password: 'short', email: 'wes@example.com' }));
    expect((weak as AuthError).code).toMatch(/InvalidPasswordException|InvalidParameterException/);
  });

  it('groups come from the id token', async () => {
    const dispatcher = await t.user('dana', ['Dispatchers']);
    expect((await currentUser(dispatcher)).groups).toEqual(['Dispatchers']);
  });

  it('a file token storage keeps the session for the next client (the next run of a program)', async () => {
    const file = join(dir, 'tokens.json');
    const first = createClient(t.cloud.config, { tokenStorage: fileTokenStorage(file) });
    await signIn(first, { username: 'riley', password: PASSWORD });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readFile(file, 'utf8')).toContain('riley.refreshToken');

    const later = createClient(t.cloud.config, { tokenStorage: fileTokenStorage(file) });
    expect((await currentUser(later)).username).toBe('riley');
    expect((await myRides(later)).items).toEqual([]);

    await signOut(later);
    const afterSignOut = createClient(t.cloud.config, { tokenStorage: fileTokenStorage(file) });
    await expect(currentUser(afterSignOut)).rejects.toBeInstanceOf(NotSignedInError);
  });

  it('a token the API does not accept is a NotSignedInError (sign in again)', async () => {
    // Unsigned tokens, as a forged or foreign session would present: refused with HTTP 401.
    const { client } = await fakeSignedInClient(t.cloud.graphqlEndpoint, { username: 'mallory', sub: 'sub-mallory' });
    const refused = await rejectionOf(myRides(client));
    expect(refused).toBeInstanceOf(NotSignedInError);
    expect((refused as NotSignedInError).errorType).toBe('UnauthorizedException');
  });
});
