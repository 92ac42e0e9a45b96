// Issue 15's Cognito findings: SRP_A is bounded by the size of N, disabling a user revokes its
// sessions for good, and code confirmations stop after a handful of wrong codes (LimitExceededException)
// so that a 6-digit code cannot be brute-forced with the public client id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODE_LOCKOUT_MS, MAX_CODE_FAILURES } from '../../src/local/cognito/codes.js';
import { MAX_SRP_A_HEX } from '../../src/local/cognito/srp.js';
import { decodeJwt, rawCall, srpSignIn, startTestPool, type TestPool } from '../cognito/helpers.js';

const PASSWORD = 'Wild-Rydes-1';
let t: TestPool;

const call = async (action: string, input: Record<string, unknown>) => rawCall(t.pool, action, JSON.stringify(input));
const createUser = async (username: string) => {
  const pool = t.pool.userPoolId;
  expect((await call('AdminCreateUser', { UserPoolId: pool, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] })).status).toBe(200);
  expect((await call('AdminSetUserPassword', { UserPoolId: pool, Username: username, Password: PASSWORD, Permanent: true })).status).toBe(200);
};
// SRP, as the CLI's app clients require; the answer as {status, body} like `call`'s.
const passwordSignIn = async (username: string, password = PASSWORD) => {
  try {
    return { status: 200, body: (await srpSignIn(t, username, password)).result as any };
  } catch (error) {
    return { status: 400, body: { __type: (error as Error).name } as any };
  }
};

beforeAll(async () => {
  t = await startTestPool();
});
afterAll(async () => {
  await t?.stop();
});

describe('SRP_A', () => {
  it('is refused when longer than N (plus sign padding), before anything is kept', async () => {
    await createUser('srpuser');
    const tooLong = await call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: t.pool.clientId, AuthParameters: { USERNAME: 'srpuser', SRP_A: 'a'.repeat(MAX_SRP_A_HEX + 1) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.__type).toBe('InvalidParameterException');
    expect(tooLong.body.message).toMatch(new RegExp(`at most ${MAX_SRP_A_HEX} hex digits`));
    const huge = await call('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: t.pool.clientId, AuthParameters: { USERNAME: 'srpuser', SRP_A: 'f'.repeat(512 * 1024) } });
    expect(huge.body.__type).toBe('InvalidParameterException');
    expect(MAX_SRP_A_HEX).toBe(770);
    // A client-sized A (what Amplify sends) still signs in.
    const done = await srpSignIn(t, 'srpuser', PASSWORD);
    expect(done.result.AuthenticationResult?.IdToken).toBeTruthy();
  });
});

describe('AdminDisableUser', () => {
  it('revokes the refresh, id and access tokens for good: AdminEnableUser does not revive them', async () => {
    await createUser('disabled');
    const before = (await passwordSignIn('disabled')).body.AuthenticationResult;
    const pool = t.pool.userPoolId;
    expect((await call('AdminDisableUser', { UserPoolId: pool, Username: 'disabled' })).status).toBe(200);
    expect((await call('AdminEnableUser', { UserPoolId: pool, Username: 'disabled' })).status).toBe(200);

    const refresh = await call('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: t.pool.clientId, AuthParameters: { REFRESH_TOKEN: before.RefreshToken } });
    expect(refresh.status).toBe(400);
    expect(refresh.body.__type).toBe('NotAuthorizedException');
    expect((await call('GetUser', { AccessToken: before.AccessToken })).body.__type).toBe('NotAuthorizedException');
    expect(t.pool.isRevoked(decodeJwt(before.IdToken).payload)).toBe(true);
    expect(t.pool.isRevoked(decodeJwt(before.AccessToken).payload)).toBe(true);
    // Signing in again gives tokens that work.
    const after = (await passwordSignIn('disabled')).body.AuthenticationResult;
    expect(t.pool.isRevoked(decodeJwt(after.IdToken).payload)).toBe(false);
  });
});

describe('code confirmations', () => {
  it(`ConfirmForgotPassword: after ${MAX_CODE_FAILURES} wrong codes even the right one is refused until the lockout ends`, async () => {
    await createUser('victim');
    expect((await call('ForgotPassword', { ClientId: t.pool.clientId, Username: 'victim' })).status).toBe(200);
    const code = t.pool.lastCode('victim', 'forgotPassword')!;
    const wrong = code === '000000' ? '000001' : '000000';
    const confirm = (c: string) => call('ConfirmForgotPassword', { ClientId: t.pool.clientId, Username: 'victim', ConfirmationCode: c, Password: 'Taken-Over-1' });

    for (let i = 1; i < MAX_CODE_FAILURES; i++) expect((await confirm(wrong)).body.__type).toBe('CodeMismatchException');
    const limited = await confirm(wrong);
    expect(limited.body.__type).toBe('LimitExceededException');
    expect(limited.body.message).toBe('Attempt limit exceeded, please try after some time.');
    expect((await confirm(code)).body.__type).toBe('LimitExceededException');
    // Nothing changed: the old password still signs in, the new one does not.
    expect((await passwordSignIn('victim')).status).toBe(200);
    expect((await passwordSignIn('victim', 'Taken-Over-1')).status).toBe(400);

    t.clock.advance(CODE_LOCKOUT_MS + 1000);
    expect((await confirm(code)).status).toBe(200);
    expect((await passwordSignIn('victim', 'Taken-Over-1')).status).toBe(200);
  });

  it('ConfirmSignUp is limited the same way', async () => {
    const signUp = await call('SignUp', { ClientId: t.pool.clientId, Username: 'newcomer', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'newcomer@example.com' }] });
    expect(signUp.status).toBe(200);
    const code = t.pool.lastCode('newcomer', 'signUp')!;
    const wrong = code === '000000' ? '000001' : '000000';
    const confirm = (c: string) => call('ConfirmSignUp', { ClientId: t.pool.clientId, Username: 'newcomer', ConfirmationCode: c });
    for (let i = 1; i < MAX_CODE_FAILURES; i++) expect((await confirm(wrong)).body.__type).toBe('CodeMismatchException');
    expect((await confirm(wrong)).body.__type).toBe('LimitExceededException');
    expect((await confirm(code)).body.__type).toBe('LimitExceededException');
    t.clock.advance(CODE_LOCKOUT_MS + 1000);
    expect((await confirm(code)).status).toBe(200);
  });
});

describe('attribute values', () => {
  it('are bounded at 2048 characters, as Cognito bounds AttributeType.Value', async () => {
    const answer = await call('SignUp', { ClientId: t.pool.clientId, Username: 'longname', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `${'x'.repeat(2050)}@example.com` }] });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/2048/);
  });
});
