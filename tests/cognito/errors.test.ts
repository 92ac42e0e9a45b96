// Every error a client can get, with Cognito's __type and a 400, and a server
// that keeps answering after bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { rawCall, srpSignIn, startTestPool, type TestPool } from './helpers.js';

let t: TestPool;

beforeAll(async () => {
  t = await startTestPool();
});
afterAll(() => t.stop());

async function createConfirmed(username: string, password = 'good-password') {
  await t.sdk.send(new SignUpCommand({
    ClientId: t.pool.clientId, Username: username, Password: password,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  }));
  await t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: username, ConfirmationCode: t.pool.lastCode(username)! }));
}

function passwordAuth(username: string, password: string) {
  return t.sdk.send(new InitiateAuthCommand({
    ClientId: t.pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password },
  }));
}

describe.sequential('client errors', () => {
  it('wrong password: NotAuthorizedException in both flows', async () => {
    await createConfirmed('bob');
    await expect(passwordAuth('bob', 'bad-password')).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Incorrect username or password.', $metadata: { httpStatusCode: 400 },
    });
    await expect(srpSignIn(t, 'bob', 'bad-password')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    // The right password resets the count.
    expect((await srpSignIn(t, 'bob', 'good-password')).result.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('a PASSWORD_VERIFIER claim cannot be replayed or tampered with', async () => {
    const { replay } = await srpSignIn(t, 'bob', 'good-password');
    await expect(replay()).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.' });
    await expect(srpSignIn(t, 'bob', 'good-password', { signature: Buffer.alloc(32).toString('base64') })).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(srpSignIn(t, 'bob', 'good-password', { timestamp: 'yesterday' })).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('unknown user: UserNotFoundException', async () => {
    await expect(passwordAuth('ghost', 'whatever-123')).rejects.toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
    await expect(srpSignIn(t, 'ghost', 'whatever-123')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(t.sdk.send(new ForgotPasswordCommand({ ClientId: t.pool.clientId, Username: 'ghost' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: 'ghost', ConfirmationCode: '123456' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('unconfirmed user: UserNotConfirmedException, only with the right password', async () => {
    await t.sdk.send(new SignUpCommand({
      ClientId: t.pool.clientId, Username: 'carol', Password: 'carols-password', UserAttributes: [{ Name: 'email', Value: 'carol@example.com' }],
    }));
    await expect(passwordAuth('carol', 'carols-password')).rejects.toMatchObject({ name: 'UserNotConfirmedException', message: 'User is not confirmed.' });
    await expect(srpSignIn(t, 'carol', 'carols-password')).rejects.toMatchObject({ name: 'UserNotConfirmedException' });
    await expect(passwordAuth('carol', 'not-carols')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('bad code: CodeMismatchException, and the right code still works after', async () => {
    const code = t.pool.lastCode('carol', 'signUp')!;
    const wrong = code === '000000' ? '000001' : '000000';
    await expect(t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: 'carol', ConfirmationCode: wrong })))
      .rejects.toMatchObject({ name: 'CodeMismatchException', message: 'Invalid verification code provided, please try again.' });
    await t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: 'carol', ConfirmationCode: code }));
    await expect(t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: 'carol', ConfirmationCode: code })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User cannot be confirmed. Current status is CONFIRMED' });
    await expect(t.sdk.send(new ResendConfirmationCodeCommand({ ClientId: t.pool.clientId, Username: 'carol' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('expired code: ExpiredCodeException (24 h for sign-up, 1 h for password reset)', async () => {
    await t.sdk.send(new SignUpCommand({
      ClientId: t.pool.clientId, Username: 'dan', Password: 'dans-password', UserAttributes: [{ Name: 'email', Value: 'dan@example.com' }],
    }));
    const signUpCode = t.pool.lastCode('dan')!;
    t.clock.advance(23 * 3600 * 1000);
    await t.sdk.send(new ResendConfirmationCodeCommand({ ClientId: t.pool.clientId, Username: 'dan' }));
    const resent = t.pool.lastCode('dan')!;
    // A resend replaces the code; the old one no longer matches.
    if (resent !== signUpCode) {
      await expect(t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: 'dan', ConfirmationCode: signUpCode })))
        .rejects.toMatchObject({ name: 'CodeMismatchException' });
    }
    t.clock.advance(24 * 3600 * 1000 + 1000);
    await expect(t.sdk.send(new ConfirmSignUpCommand({ ClientId: t.pool.clientId, Username: 'dan', ConfirmationCode: resent })))
      .rejects.toMatchObject({ name: 'ExpiredCodeException', message: 'Invalid code provided, please request a code again.' });

    await t.sdk.send(new ForgotPasswordCommand({ ClientId: t.pool.clientId, Username: 'bob' }));
    const resetCode = t.pool.lastCode('bob', 'forgotPassword')!;
    t.clock.advance(59 * 60 * 1000);
    expect(t.pool.lastCode('bob', 'forgotPassword')).toBe(resetCode);
    t.clock.advance(2 * 60 * 1000);
    await expect(t.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: t.pool.clientId, Username: 'bob', ConfirmationCode: resetCode, Password: 'another-pass' })))
      .rejects.toMatchObject({ name: 'ExpiredCodeException' });
  });

  it('weak password: InvalidPasswordException', async () => {
    await expect(t.sdk.send(new SignUpCommand({
      ClientId: t.pool.clientId, Username: 'weak', Password: 'short', UserAttributes: [{ Name: 'email', Value: 'w@example.com' }],
    }))).rejects.toMatchObject({ name: 'InvalidPasswordException', message: 'Password did not conform with policy: Password not long enough' });
  });

  it('duplicate username: UsernameExistsException, also in another case', async () => {
    for (const username of ['bob', 'BOB']) {
      await expect(t.sdk.send(new SignUpCommand({
        ClientId: t.pool.clientId, Username: username, Password: 'good-password', UserAttributes: [{ Name: 'email', Value: 'b2@example.com' }],
      }))).rejects.toMatchObject({ name: 'UsernameExistsException', message: 'User already exists' });
    }
    await expect(t.sdk.send(new AdminCreateUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'Bob', UserAttributes: [{ Name: 'email', Value: 'b@example.com' }] })))
      .rejects.toMatchObject({ name: 'UsernameExistsException' });
  });

  it('missing required attribute and bad attributes: InvalidParameterException', async () => {
    await expect(t.sdk.send(new SignUpCommand({ ClientId: t.pool.clientId, Username: 'noemail', Password: 'good-password' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Attributes did not conform to the schema: email: The attribute email is required' });
    await expect(t.sdk.send(new SignUpCommand({
      ClientId: t.pool.clientId, Username: 'x1', Password: 'good-password', UserAttributes: [{ Name: 'email', Value: 'not-an-email' }],
    }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Invalid email address format.' });
    await expect(t.sdk.send(new SignUpCommand({
      ClientId: t.pool.clientId, Username: 'x2', Password: 'good-password',
      UserAttributes: [{ Name: 'email', Value: 'x2@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('wrong client id or pool id: ResourceNotFoundException', async () => {
    await expect(t.sdk.send(new InitiateAuthCommand({ ClientId: 'abcdefghijklmnopqrstuvwxyz', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob', PASSWORD: 'x' } })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool client abcdefghijklmnopqrstuvwxyz does not exist.' });
    await expect(t.sdk.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_000000000', Username: 'bob' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool us-east-1_000000000 does not exist.' });
  });

  it('disabled user: NotAuthorizedException "User is disabled."', async () => {
    const auth = await passwordAuth('bob', 'good-password');
    await t.sdk.send(new AdminDisableUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'bob' }));
    await expect(passwordAuth('bob', 'good-password')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    await expect(t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: auth.AuthenticationResult!.RefreshToken! })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'User is disabled.' });
    await t.sdk.send(new AdminEnableUserCommand({ UserPoolId: t.pool.userPoolId, Username: 'bob' }));
    expect((await passwordAuth('bob', 'good-password')).AuthenticationResult).toBeTruthy();
  });

  it('revoked and unknown refresh tokens: NotAuthorizedException', async () => {
    const auth = await passwordAuth('bob', 'good-password');
    const refreshToken = auth.AuthenticationResult!.RefreshToken!;
    await t.sdk.send(new RevokeTokenCommand({ ClientId: t.pool.clientId, Token: refreshToken }));
    await expect(t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: refreshToken })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    await expect(t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: 'not-a-token' })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token' });
  });

  it('brute force: the fifth wrong password in a row locks the user for a while', async () => {
    await createConfirmed('mallory', 'mallorys-password');
    for (let i = 0; i < 4; i++) {
      await expect(passwordAuth('mallory', `guess-${i}-xx`)).rejects.toMatchObject({ message: 'Incorrect username or password.' });
    }
    await expect(srpSignIn(t, 'mallory', 'guess-4-xx')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    // Even the right password is refused while locked, in both flows.
    await expect(passwordAuth('mallory', 'mallorys-password')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Password attempts exceeded' });
    await expect(srpSignIn(t, 'mallory', 'mallorys-password')).rejects.toMatchObject({ message: 'Password attempts exceeded' });
    t.clock.advance(5 * 60 * 1000 + 1000);
    expect((await passwordAuth('mallory', 'mallorys-password')).AuthenticationResult).toBeTruthy();
  });
});

describe.sequential('malformed requests get a 400 with __type, and the server stays up', () => {
  const cases: Array<[string, () => ReturnType<typeof rawCall>, string]> = [
    ['unknown action', () => rawCall(t.pool, 'DescribeNothing', '{}'), 'UnknownOperationException'],
    ['no X-Amz-Target', () => rawCall(t.pool, undefined, '{}'), 'UnknownOperationException'],
    ['inherited property name as action', () => rawCall(t.pool, 'constructor', '{}'), 'UnknownOperationException'],
    ['malformed JSON', () => rawCall(t.pool, 'SignUp', '{"ClientId": '), 'SerializationException'],
    ['a JSON array body', () => rawCall(t.pool, 'SignUp', '[1,2]'), 'SerializationException'],
    ['a JSON null body', () => rawCall(t.pool, 'GetUser', 'null'), 'SerializationException'],
    ['missing fields', () => rawCall(t.pool, 'SignUp', '{}'), 'InvalidParameterException'],
    ['wrong type', () => rawCall(t.pool, 'SignUp', JSON.stringify({ ClientId: 42 })), 'SerializationException'],
    ['wrong attribute list type', () => rawCall(t.pool, 'SignUp', JSON.stringify({ ClientId: t.pool.clientId, Username: 'u', Password: 'good-password', UserAttributes: 'email' })), 'SerializationException'],
    ['wrong attribute entry', () => rawCall(t.pool, 'SignUp', JSON.stringify({ ClientId: t.pool.clientId, Username: 'u', Password: 'good-password', UserAttributes: [null] })), 'SerializationException'],
    ['AuthParameters of the wrong type', () => rawCall(t.pool, 'InitiateAuth', JSON.stringify({ ClientId: t.pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: ['x'] } })), 'SerializationException'],
    ['unknown AuthFlow', () => rawCall(t.pool, 'InitiateAuth', JSON.stringify({ ClientId: t.pool.clientId, AuthFlow: 'MAGIC' })), 'InvalidParameterException'],
    ['SRP_A of zero', () => rawCall(t.pool, 'InitiateAuth', JSON.stringify({ ClientId: t.pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bob', SRP_A: '0' } })), 'InvalidParameterException'],
    ['SRP_A not hex', () => rawCall(t.pool, 'InitiateAuth', JSON.stringify({ ClientId: t.pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'bob', SRP_A: 'zz' } })), 'InvalidParameterException'],
    ['garbage access token', () => rawCall(t.pool, 'GetUser', JSON.stringify({ AccessToken: 'a.b.c' })), 'NotAuthorizedException'],
    ['bad pagination token', () => rawCall(t.pool, 'ListUsers', JSON.stringify({ UserPoolId: t.pool.userPoolId, PaginationToken: '!!!' })), 'InvalidParameterException'],
    ['bad filter', () => rawCall(t.pool, 'ListUsers', JSON.stringify({ UserPoolId: t.pool.userPoolId, Filter: 'email ~ x' })), 'InvalidParameterException'],
    ['Limit out of range', () => rawCall(t.pool, 'ListUsers', JSON.stringify({ UserPoolId: t.pool.userPoolId, Limit: 1000 })), 'InvalidParameterException'],
    ['deeply nested, unterminated JSON', () => rawCall(t.pool, 'SignUp', '['.repeat(500_000)), 'SerializationException'],
    ['deeply nested valid JSON', () => rawCall(t.pool, 'SignUp', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)), 'InvalidParameterException'],
    ['oversized body', () => rawCall(t.pool, 'SignUp', JSON.stringify({ ClientId: 'x'.repeat(2 * 1024 * 1024) })), 'InvalidParameterException'],
    ['wrong method', () => rawCall(t.pool, 'SignUp', '{}', { method: 'PUT' }), 'UnknownOperationException'],
    ['GET on the API path', () => rawCall(t.pool, 'SignUp', '', { method: 'GET' }), 'UnknownOperationException'],
  ];
  for (const [name, call, type] of cases) {
    it(name, async () => {
      const res = await call();
      expect(res.status).toBe(400);
      expect(res.body.__type).toBe(type);
      expect(typeof res.body.message).toBe('string');
      expect(res.headers.get('x-amzn-errortype')).toBe(type);
      // Still up and answering.
      const ok = await rawCall(t.pool, 'ListGroups', JSON.stringify({ UserPoolId: t.pool.userPoolId }));
      expect(ok.status).toBe(200);
    });
  }

  it('answers CORS preflight for browser apps', async () => {
    const res = await fetch(t.pool.endpoint + '/', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent,cache-control' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const allowed = res.headers.get('access-control-allow-headers')!;
    for (const h of ['content-type', 'x-amz-target', 'x-amz-user-agent', 'cache-control']) expect(allowed).toContain(h);
    // A public action answers any origin, its errors too; admin actions refuse other origins
    // (tests/security/foreign-requests.test.ts).
    const post = await rawCall(t.pool, 'GetUser', JSON.stringify({ AccessToken: 'not-a-token' }), { headers: { origin: 'http://localhost:3000' } });
    expect(post.status).toBe(400);
    expect(post.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('the local code route explains what it needs', async () => {
    expect((await fetch(`${t.pool.endpoint}/_local/codes`)).status).toBe(400);
    expect((await fetch(`${t.pool.endpoint}/_local/codes?username=ghost`)).status).toBe(404);
    const body = await (await fetch(`${t.pool.endpoint}/_local/codes?username=bob`)).json();
    expect(body).toMatchObject({ username: 'bob' });
  });

  it('a port in use is reported plainly', async () => {
    const port = Number(new URL(t.pool.endpoint).port);
    await expect(startTestPool({ port })).rejects.toThrow(new RegExp(`Port ${port} .* is in use`));
  });

  it('usernames that are Object.prototype names are ordinary users', async () => {
    for (const username of ['__proto__', 'constructor', 'hasOwnProperty', 'toString']) {
      await expect(passwordAuth(username, 'whatever-123')).rejects.toMatchObject({ name: 'UserNotFoundException' });
      await createConfirmed(username, 'proto-password');
      expect((await passwordAuth(username, 'proto-password')).AuthenticationResult).toBeTruthy();
      expect((await t.sdk.send(new AdminGetUserCommand({ UserPoolId: t.pool.userPoolId, Username: username }))).Username).toBe(username);
    }
    expect(({} as Record<string, unknown>).enabled).toBeUndefined();
  });

  it('admin confirm of a confirmed user is refused', async () => {
    await expect(t.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: t.pool.userPoolId, Username: 'bob' })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });
});
