// The app clients as the CLI's auth stack defines them: two clients, no ExplicitAuthFlows (so SRP,
// refresh and custom auth only), a secret on the native client when cli-inputs asks for one, and
// read/write attributes when cli-inputs sets them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  DescribeUserPoolClientCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListUserPoolClientsCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { secretHashOf } from '../../src/local/cognito/appClients.js';
import { clientClaimSignature, clientEphemeral, poolNameOf } from '../../src/local/cognito/srp.js';
import { createConfirmedUser } from '../support/cognito-users.js';
import { passwordSignIn, startTestPool, type TestPool } from './helpers.js';

describe('the default clients (no secret, no ExplicitAuthFlows)', () => {
  let t: TestPool;
  beforeAll(async () => {
    t = await startTestPool();
    await createConfirmedUser(t.sdk, t.pool.userPoolId, 'rita', 'rita-password');
  });
  afterAll(() => t.stop());

  it('two clients, the web one first: it is the one the client configuration names', async () => {
    expect(t.pool.appClients.map((c) => [c.logicalId, c.clientName])).toEqual([
      ['UserPoolClientWeb', 'wildryauth_app_clientWeb'],
      ['UserPoolClient', 'wildryauth_app_client'],
    ]);
    expect(t.pool.clientId).toBe(t.pool.appClients[0]!.clientId);
    expect(new Set(t.pool.appClients.map((c) => c.clientId)).size).toBe(2);
    const listed = await t.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: t.pool.userPoolId }));
    expect(listed.UserPoolClients!.map((c) => c.ClientName).sort()).toEqual(['wildryauth_app_client', 'wildryauth_app_clientWeb']);
    const web = await t.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: t.pool.userPoolId, ClientId: t.pool.clientId }));
    expect(web.UserPoolClient).toMatchObject({
      ClientName: 'wildryauth_app_clientWeb', RefreshTokenValidity: 30, TokenValidityUnits: { RefreshToken: 'days' },
      ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
    });
    expect(web.UserPoolClient!.ClientSecret).toBeUndefined();
    expect(web.UserPoolClient!.ReadAttributes).toBeUndefined();
  });

  it('USER_PASSWORD_AUTH is refused on both clients with Cognito\'s exception and message', async () => {
    for (const { clientId } of t.pool.appClients) {
      await expect(t.sdk.send(new InitiateAuthCommand({
        ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rita', PASSWORD: 'rita-password' },
      }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_PASSWORD_AUTH flow not enabled for this client' });
    }
    // Refused before the password is looked at: no wrong-password count, no user enumeration.
    await expect(t.sdk.send(new InitiateAuthCommand({
      ClientId: t.pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD: 'x' },
    }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('ADMIN_USER_PASSWORD_AUTH and USER_AUTH are refused too; CUSTOM_AUTH is allowed but the pool has no trigger', async () => {
    await expect(t.sdk.send(new AdminInitiateAuthCommand({
      UserPoolId: t.pool.userPoolId, ClientId: t.pool.clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rita', PASSWORD: 'rita-password' },
    }))).rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Auth flow not enabled for this client' });
    await expect(t.sdk.send(new InitiateAuthCommand({ ClientId: t.pool.clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'rita' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'USER_AUTH flow not enabled for this client' });
    await expect(t.sdk.send(new InitiateAuthCommand({ ClientId: t.pool.clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'rita' } })))
      .rejects.toMatchObject({ name: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.' });
  });

  it('SRP works on the native client as on the web one; refresh tokens belong to their client', async () => {
    const native = t.pool.appClients[1]!.clientId;
    const auth = await passwordSignIn({ sdk: t.sdk, pool: { ...t.pool, clientId: native } }, 'rita', 'rita-password');
    expect(auth.AuthenticationResult?.AccessToken).toBeTruthy();
    const claims = JSON.parse(Buffer.from(auth.AuthenticationResult!.AccessToken!.split('.')[1]!, 'base64url').toString());
    expect(claims.client_id).toBe(native);
    await expect(t.sdk.send(new InitiateAuthCommand({
      ClientId: t.pool.clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: auth.AuthenticationResult!.RefreshToken! },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const refreshed = await t.sdk.send(new InitiateAuthCommand({
      ClientId: native, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: auth.AuthenticationResult!.RefreshToken! },
    }));
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it('AdminInitiateAuth with USER_SRP_AUTH, answered with AdminRespondToAuthChallenge', async () => {
    const { a, A } = clientEphemeral();
    const start = await t.sdk.send(new AdminInitiateAuthCommand({
      UserPoolId: t.pool.userPoolId, ClientId: t.pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'rita', SRP_A: A },
    }));
    expect(start.ChallengeName).toBe('PASSWORD_VERIFIER');
    const p = start.ChallengeParameters!;
    const timestamp = 'Tue Nov 26 10:44:31 UTC 2026';
    const signature = clientClaimSignature({
      poolName: poolNameOf(t.pool.userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password: 'rita-password', a, A,
      B: p.SRP_B!, salt: p.SALT!, secretBlock: p.SECRET_BLOCK!, timestamp,
    });
    const done = await t.sdk.send(new AdminRespondToAuthChallengeCommand({
      UserPoolId: t.pool.userPoolId, ClientId: t.pool.clientId, ChallengeName: 'PASSWORD_VERIFIER',
      ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, TIMESTAMP: timestamp, PASSWORD_CLAIM_SIGNATURE: signature },
    }));
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
    await expect(t.sdk.send(new AdminInitiateAuthCommand({
      UserPoolId: 'us-east-1_000000000', ClientId: t.pool.clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'rita', SRP_A: A },
    }))).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool us-east-1_000000000 does not exist.' });
  });
});

describe('a native client with a secret, and clients with read and write attributes', () => {
  let t: TestPool;
  beforeAll(async () => {
    t = await startTestPool({ fixture: { generateSecret: true, clientAttributes: { read: ['email'], write: ['email'] } } });
  });
  afterAll(() => t.stop());

  it('only the native client has a secret; calls on it need SECRET_HASH', async () => {
    const [web, native] = t.pool.appClients;
    expect(web!.clientSecret).toBeUndefined();
    expect(native!.clientSecret).toMatch(/^[a-z0-9_-]{40,}$/);
    const described = await t.sdk.send(new DescribeUserPoolClientCommand({ UserPoolId: t.pool.userPoolId, ClientId: native!.clientId }));
    expect(described.UserPoolClient?.ClientSecret).toBe(native!.clientSecret);
    const signUp = (SecretHash?: string) => t.sdk.send(new SignUpCommand({
      ClientId: native!.clientId, Username: 'sam', Password: 'sams-password', SecretHash, UserAttributes: [{ Name: 'email', Value: 'sam@example.com' }],
    }));
    await expect(signUp()).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Client ${native!.clientId} is configured with secret but SECRET_HASH was not received` });
    await expect(signUp('d3Jvbmc=')).rejects.toMatchObject({ name: 'NotAuthorizedException', message: `Unable to verify secret hash for client ${native!.clientId}` });
    expect((await signUp(secretHashOf(native!, 'sam'))).UserSub).toBeTruthy();
  });

  it('attributes outside the client\'s write list are refused; GetUser shows only readable ones', async () => {
    await expect(t.sdk.send(new SignUpCommand({
      ClientId: t.pool.clientId, Username: 'nick', Password: 'nicks-password',
      UserAttributes: [{ Name: 'email', Value: 'nick@example.com' }, { Name: 'nickname', Value: 'Nicky' }],
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'A client attempted to write unauthorized attribute' });
    await createConfirmedUser(t.sdk, t.pool.userPoolId, 'nora', 'noras-password');
    const auth = await passwordSignIn(t, 'nora', 'noras-password');
    const AccessToken = auth.AuthenticationResult!.AccessToken!;
    await expect(t.sdk.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'name', Value: 'Nora' }] })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException' });
    const me = await t.sdk.send(new GetUserCommand({ AccessToken }));
    expect(me.UserAttributes!.map((a) => a.Name).sort()).toEqual(['email', 'sub']);
  });
});
