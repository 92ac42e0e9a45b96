// The unmodified aws-amplify v6 client against the local pool. Amplify is a
// process-wide singleton, so these tests run in order and sign out between users.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Amplify } from 'aws-amplify';
import {
  confirmResetPassword,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  fetchUserAttributes,
  getCurrentUser,
  resetPassword,
  signIn,
  signOut,
  signUp,
  updatePassword,
} from 'aws-amplify/auth';
import { cognitoUserPoolsTokenProvider } from 'aws-amplify/auth/cognito';
import { AdminAddUserToGroupCommand, AdminCreateUserCommand, GetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, startTestPool, type TestPool } from './helpers.js';

let t: TestPool;
let storeFile: string;
let storage: ReturnType<typeof fileStorage>;

// A file-backed token store: what a Node app needs to keep a session across runs.
// Amplify clears several keys at once, so updates are serialised.
function fileStorage(file: string) {
  let queue: Promise<unknown> = Promise.resolve();
  const load = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const update = (change: (data: Record<string, string>) => void): Promise<void> => {
    const next = queue.then(async () => {
      const data = await load();
      change(data);
      await writeFile(file, JSON.stringify(data));
    });
    queue = next.catch(() => undefined);
    return next;
  };
  return {
    setItem: (key: string, value: string) => update((data) => { data[key] = value; }),
    getItem: async (key: string) => { await queue; return (await load())[key] ?? null; },
    removeItem: (key: string) => update((data) => { delete data[key]; }),
    clear: () => update((data) => { for (const key of Object.keys(data)) delete data[key]; }),
    // Amplify's signOut does not await its token removal. It queues every removal at once, so once the
    // access token is gone from the file, the rest are queued too, and the queue's end is the last write.
    idle: async () => {
      for (let tries = 0; tries < 1000 && Object.keys(await load()).some((key) => key.endsWith('.accessToken')); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await queue;
    },
  };
}

beforeAll(async () => {
  t = await startTestPool();
  storeFile = path.join(t.root, 'amplify-tokens.json');
  Amplify.configure({
    Auth: { Cognito: { userPoolId: t.pool.userPoolId, userPoolClientId: t.pool.clientId, userPoolEndpoint: t.pool.endpoint } },
  });
  storage = fileStorage(storeFile);
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
});

afterAll(async () => {
  await signOutAndSettle().catch(() => undefined);
  await t.stop();
});

async function tokens() {
  const session = await fetchAuthSession();
  return { access: session.tokens!.accessToken.toString(), id: session.tokens!.idToken!.toString() };
}

// Amplify's signOut calls clearTokens without awaiting it, so a read right after signOut can find the access
// token still stored and the ID token already removed (getCurrentUser then resolved with no username, once in
// CI). A Node app with an asynchronous store has to wait for the removal, and so do these tests.
async function signOutAndSettle(input?: Parameters<typeof signOut>[0]) {
  await signOut(input);
  await storage.idle();
}

describe.sequential('aws-amplify v6 against the local pool', () => {
  it('signs up, delivers a code, confirms', async () => {
    const result = await signUp({ username: 'alice', password: 'correct-horse', options: { userAttributes: { email: 'alice@example.com' } } });
    expect(result.isSignUpComplete).toBe(false);
    expect(result.nextStep.signUpStep).toBe('CONFIRM_SIGN_UP');
    expect(result.userId).toMatch(/^[0-9a-f-]{36}$/);
    if (result.nextStep.signUpStep === 'CONFIRM_SIGN_UP') {
      expect(result.nextStep.codeDeliveryDetails).toEqual({ deliveryMedium: 'EMAIL', destination: 'a***@e***', attributeName: 'email' });
    }

    // The code is readable three ways: the API, the local route and the log.
    const code = t.pool.lastCode('alice', 'signUp');
    expect(code).toMatch(/^\d{6}$/);
    const viaRoute = await (await fetch(`${t.pool.endpoint}/_local/codes?username=alice`)).json();
    expect(viaRoute.code).toBe(code);
    expect(t.logs.some((line) => line.includes(code!))).toBe(true);

    const confirmed = await confirmSignUp({ username: 'alice', confirmationCode: code! });
    expect(confirmed.isSignUpComplete).toBe(true);
  });

  it('signs in with the default SRP flow', async () => {
    const result = await signIn({ username: 'alice', password: 'correct-horse' });
    expect(result).toEqual({ isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    const user = await getCurrentUser();
    expect(user.username).toBe('alice');
    const attributes = await fetchUserAttributes();
    expect(attributes.email).toBe('alice@example.com');
    expect(attributes.email_verified).toBe('true');
    expect(attributes.sub).toBe(user.userId);

    const { id, access } = await tokens();
    const idClaims = decodeJwt(id).payload;
    expect(idClaims).toMatchObject({
      sub: user.userId, 'cognito:username': 'alice', email: 'alice@example.com', email_verified: true,
      aud: t.pool.clientId, token_use: 'id', iss: t.pool.issuer,
    });
    expect(idClaims['cognito:groups']).toBeUndefined();
    const accessClaims = decodeJwt(access).payload;
    expect(accessClaims).toMatchObject({
      sub: user.userId, username: 'alice', client_id: t.pool.clientId, token_use: 'access', scope: 'aws.cognito.signin.user.admin',
    });
    for (const claims of [idClaims, accessClaims]) {
      for (const name of ['auth_time', 'exp', 'iat', 'jti', 'origin_jti', 'event_id']) expect(claims[name]).toBeDefined();
    }
    // The session was kept in the file-backed store.
    expect(await readFile(storeFile, 'utf8')).toContain('refreshToken');
  });

  it('refreshes tokens with fetchAuthSession({ forceRefresh: true })', async () => {
    const before = await tokens();
    const session = await fetchAuthSession({ forceRefresh: true });
    const after = { access: session.tokens!.accessToken.toString(), id: session.tokens!.idToken!.toString() };
    expect(after.access).not.toBe(before.access);
    expect(after.id).not.toBe(before.id);
    const a = decodeJwt(before.access).payload;
    const b = decodeJwt(after.access).payload;
    expect(b.origin_jti).toBe(a.origin_jti);
    expect(b.auth_time).toBe(a.auth_time);
    expect(b.jti).not.toBe(a.jti);
  });

  it('changes the password while signed in', async () => {
    await updatePassword({ oldPassword: 'correct-horse', newPassword: 'battery-staple' });
    await signOutAndSettle();
    await expect(signIn({ username: 'alice', password: 'correct-horse' })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect((await signIn({ username: 'alice', password: 'battery-staple' })).isSignedIn).toBe(true);
  });

  it('signOut revokes the refresh token, so its access token stops working', async () => {
    const { access } = await tokens();
    await signOutAndSettle();
    await expect(getCurrentUser()).rejects.toMatchObject({ name: 'UserUnAuthenticatedException' });
    await expect(t.sdk.send(new GetUserCommand({ AccessToken: access }))).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Access Token has been revoked',
    });
  });

  it('USER_PASSWORD_AUTH is refused, as the app client of the CLI\'s auth stack refuses it; SRP with another case works', async () => {
    await expect(signIn({ username: 'ALICE', password: 'battery-staple', options: { authFlowType: 'USER_PASSWORD_AUTH' } }))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' });
    const result = await signIn({ username: 'ALICE', password: 'battery-staple' });
    expect(result.isSignedIn).toBe(true);
    // Case-insensitive pool: the stored username comes back, not the typed one.
    expect((await getCurrentUser()).username).toBe('alice');
  });

  it('signOut({ global: true }) revokes every session; the old access token is refused', async () => {
    const { access } = await tokens();
    expect((await t.sdk.send(new GetUserCommand({ AccessToken: access }))).Username).toBe('alice');
    await signOutAndSettle({ global: true });
    await expect(t.sdk.send(new GetUserCommand({ AccessToken: access }))).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Access Token has been revoked',
    });
    expect(t.pool.isRevoked(decodeJwt(access).payload)).toBe(true);
  });

  it('resets a forgotten password', async () => {
    const result = await resetPassword({ username: 'alice' });
    expect(result.nextStep.resetPasswordStep).toBe('CONFIRM_RESET_PASSWORD_WITH_CODE');
    const code = t.pool.lastCode('alice', 'forgotPassword')!;
    await confirmResetPassword({ username: 'alice', confirmationCode: code, newPassword: 'new-secret-1' });
    expect((await signIn({ username: 'alice', password: 'new-secret-1' })).isSignedIn).toBe(true);
    await signOutAndSettle();
  });

  it('an admin-created user completes NEW_PASSWORD_REQUIRED with confirmSignIn and gets group claims', async () => {
    await t.sdk.send(new AdminCreateUserCommand({
      UserPoolId: t.pool.userPoolId,
      Username: 'dave',
      UserAttributes: [{ Name: 'email', Value: 'dave@example.com' }, { Name: 'email_verified', Value: 'true' }],
      DesiredDeliveryMediums: ['EMAIL'],
    }));
    await t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: t.pool.userPoolId, Username: 'dave', GroupName: 'Dispatchers' }));
    await t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: t.pool.userPoolId, Username: 'dave', GroupName: 'Admins' }));
    const temporary = t.pool.lastCode('dave', 'temporaryPassword')!;
    expect(temporary.length).toBeGreaterThanOrEqual(12);

    const first = await signIn({ username: 'dave', password: temporary });
    expect(first.isSignedIn).toBe(false);
    expect(first.nextStep.signInStep).toBe('CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED');
    const done = await confirmSignIn({ challengeResponse: 'daves-own-password' });
    expect(done.isSignedIn).toBe(true);

    const { id, access } = await tokens();
    // Precedence order: Admins (1) before Dispatchers (2).
    expect(decodeJwt(id).payload['cognito:groups']).toEqual(['Admins', 'Dispatchers']);
    expect(decodeJwt(access).payload['cognito:groups']).toEqual(['Admins', 'Dispatchers']);
    await signOutAndSettle();
    expect((await signIn({ username: 'dave', password: 'daves-own-password' })).isSignedIn).toBe(true);
    await signOutAndSettle();
  });

  it('handles non-ASCII usernames and passwords in the SRP hash', async () => {
    await signUp({ username: 'José', password: 'pässwörd-ß-密码', options: { userAttributes: { email: 'jose@example.com' } } });
    await confirmSignUp({ username: 'josé', confirmationCode: t.pool.lastCode('José')! });
    expect((await signIn({ username: 'JOSÉ', password: 'pässwörd-ß-密码' })).isSignedIn).toBe(true);
    expect((await getCurrentUser()).username).toBe('José');
    await signOutAndSettle();
  });

  it('reports an unconfirmed user as the CONFIRM_SIGN_UP step', async () => {
    await signUp({ username: 'erin', password: 'erins-password', options: { userAttributes: { email: 'erin@example.com' } } });
    const result = await signIn({ username: 'erin', password: 'erins-password' });
    expect(result).toMatchObject({ isSignedIn: false, nextStep: { signInStep: 'CONFIRM_SIGN_UP' } });
  });

  it('surfaces Cognito error names to Amplify callers', async () => {
    await expect(signIn({ username: 'nobody', password: 'whatever-1' })).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(signIn({ username: 'alice', password: 'wrong-password' })).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Incorrect username or password.',
    });
    await expect(signUp({ username: 'alice', password: 'whatever-12', options: { userAttributes: { email: 'a@example.com' } } }))
      .rejects.toMatchObject({ name: 'UsernameExistsException' });
    await expect(signUp({ username: 'frank', password: 'short', options: { userAttributes: { email: 'f@example.com' } } }))
      .rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
    await expect(confirmSignUp({ username: 'erin', confirmationCode: '000000' === t.pool.lastCode('erin') ? '111111' : '000000' }))
      .rejects.toMatchObject({ name: 'CodeMismatchException' });
  });
});
