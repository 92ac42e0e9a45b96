// Admin operations through the AWS SDK v3 client with dummy credentials.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  CreateGroupCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt, passwordSignIn, startTestPool, type TestPool } from './helpers.js';

let t: TestPool;
const poolId = () => t.pool.userPoolId;

beforeAll(async () => {
  t = await startTestPool();
});
afterAll(() => t.stop());

function passwordAuth(username: string, password: string) {
  return passwordSignIn(t, username, password);
}

describe.sequential('admin operations', () => {
  it('AdminCreateUser with a given temporary password, then NEW_PASSWORD_REQUIRED over the wire', async () => {
    const created = await t.sdk.send(new AdminCreateUserCommand({
      UserPoolId: poolId(), Username: 'driver1', TemporaryPassword: 'Temp-pass-1', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'driver1@example.com' }, { Name: 'email_verified', Value: 'true' }],
    }));
    expect(created.User).toMatchObject({ Username: 'driver1', Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(created.User!.UserCreateDate).toBeInstanceOf(Date);
    expect(t.pool.lastCode('driver1')).toBeUndefined();

    const start = await passwordAuth('driver1', 'Temp-pass-1');
    expect(start.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(JSON.parse(start.ChallengeParameters!.requiredAttributes!)).toEqual([]);
    await expect(t.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: t.pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: start.Session,
      ChallengeResponses: { USERNAME: 'driver1', NEW_PASSWORD: 'short' },
    }))).rejects.toMatchObject({ name: 'InvalidPasswordException' });
    const done = await t.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: t.pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: start.Session,
      ChallengeResponses: { USERNAME: 'driver1', NEW_PASSWORD: 'drivers-own-pass', 'userAttributes.name': 'Driver One' },
    }));
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();
    expect(decodeJwt(done.AuthenticationResult!.IdToken!).payload.name).toBe('Driver One');
    const user = await t.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: 'driver1' }));
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Driver One' }]));
    await expect(t.sdk.send(new RespondToAuthChallengeCommand({
      ClientId: t.pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'made-up',
      ChallengeResponses: { USERNAME: 'driver1', NEW_PASSWORD: 'whatever-123' },
    }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('temporary passwords expire after 7 days', async () => {
    await t.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId(), Username: 'late', TemporaryPassword: 'Temp-pass-2', UserAttributes: [{ Name: 'email', Value: 'late@example.com' }] }));
    t.clock.advance(7 * 24 * 3600 * 1000 + 1000);
    await expect(passwordAuth('late', 'Temp-pass-2')).rejects.toMatchObject({
      name: 'NotAuthorizedException', message: 'Temporary password has expired and must be reset by an administrator.',
    });
  });

  it('AdminSetUserPassword: permanent and temporary', async () => {
    await t.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId(), Username: 'late', Password: 'permanent-1', Permanent: true }));
    expect((await passwordAuth('late', 'permanent-1')).AuthenticationResult).toBeTruthy();
    await t.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId(), Username: 'late', Password: 'temporary-1', Permanent: false }));
    expect((await passwordAuth('late', 'temporary-1')).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    await expect(passwordAuth('late', 'permanent-1')).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    await expect(t.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId(), Username: 'late', Password: 'x', Permanent: true })))
      .rejects.toMatchObject({ name: 'InvalidPasswordException' });
  });

  it('groups: configured ones exist, CreateGroup, membership, listing, tokens', async () => {
    const listed = await t.sdk.send(new ListGroupsCommand({ UserPoolId: poolId() }));
    expect(listed.Groups!.map((g) => [g.GroupName, g.Precedence])).toEqual([['Admins', 1], ['Dispatchers', 2]]);
    const created = await t.sdk.send(new CreateGroupCommand({ UserPoolId: poolId(), GroupName: 'Riders', Precedence: 5, Description: 'riders' }));
    expect(created.Group).toMatchObject({ GroupName: 'Riders', Precedence: 5, UserPoolId: poolId() });
    await expect(t.sdk.send(new CreateGroupCommand({ UserPoolId: poolId(), GroupName: 'Riders' }))).rejects.toMatchObject({ name: 'GroupExistsException' });

    await t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: 'driver1', GroupName: 'Riders' }));
    await t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: 'DRIVER1', GroupName: 'Dispatchers' }));
    await expect(t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId(), Username: 'driver1', GroupName: 'Nope' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    const mine = await t.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId(), Username: 'driver1' }));
    expect(mine.Groups!.map((g) => g.GroupName)).toEqual(['Dispatchers', 'Riders']);

    const auth = await passwordAuth('driver1', 'drivers-own-pass');
    expect(decodeJwt(auth.AuthenticationResult!.AccessToken!).payload['cognito:groups']).toEqual(['Dispatchers', 'Riders']);
    await t.sdk.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId(), Username: 'driver1', GroupName: 'Riders' }));
    // Membership changes reach tokens on the next refresh.
    const refreshed = await t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: auth.AuthenticationResult!.RefreshToken! }));
    expect(decodeJwt(refreshed.AuthenticationResult!.IdToken!).payload['cognito:groups']).toEqual(['Dispatchers']);
  });

  it('ListUsers: filters and pagination', async () => {
    for (let i = 0; i < 5; i++) {
      await t.sdk.send(new AdminCreateUserCommand({ UserPoolId: poolId(), Username: `bulk${i}`, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `bulk${i}@fleet.example` }] }));
    }
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await t.sdk.send(new ListUsersCommand({ UserPoolId: poolId(), Limit: 2, PaginationToken: token }));
      expect(page.Users!.length).toBeLessThanOrEqual(2);
      seen.push(...page.Users!.map((u) => u.Username!));
      token = page.PaginationToken;
    } while (token);
    expect(seen).toEqual(['bulk0', 'bulk1', 'bulk2', 'bulk3', 'bulk4', 'driver1', 'late']);

    const byPrefix = await t.sdk.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: 'email ^= "bulk3"' }));
    expect(byPrefix.Users!.map((u) => u.Username)).toEqual(['bulk3']);
    const byStatus = await t.sdk.send(new ListUsersCommand({ UserPoolId: poolId(), Filter: 'cognito:user_status = "CONFIRMED"', AttributesToGet: ['email'] }));
    expect(byStatus.Users!.map((u) => u.Username)).toEqual(['driver1']);
    expect(byStatus.Users![0]!.Attributes).toEqual([{ Name: 'email', Value: 'driver1@example.com' }]);
  });

  it('UpdateUserAttributes: a changed email is unverified until VerifyUserAttribute', async () => {
    const auth = await passwordAuth('driver1', 'drivers-own-pass');
    const access = auth.AuthenticationResult!.AccessToken!;
    const out = await t.sdk.send(new UpdateUserAttributesCommand({ AccessToken: access, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }] }));
    expect(out.CodeDeliveryDetailsList).toEqual([{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    let user = await t.sdk.send(new GetUserCommand({ AccessToken: access }));
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email', Value: 'new@example.com' }, { Name: 'email_verified', Value: 'false' }]));
    await t.sdk.send(new VerifyUserAttributeCommand({ AccessToken: access, AttributeName: 'email', Code: t.pool.lastCode('driver1', 'verifyAttribute')! }));
    user = await t.sdk.send(new GetUserCommand({ AccessToken: access }));
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'true' }]));
    await expect(t.sdk.send(new UpdateUserAttributesCommand({ AccessToken: access, UserAttributes: [{ Name: 'sub', Value: 'x' }] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('AdminUserGlobalSignOut revokes access and refresh tokens', async () => {
    const auth = await passwordAuth('driver1', 'drivers-own-pass');
    await t.sdk.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId(), Username: 'driver1' }));
    await expect(t.sdk.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult!.AccessToken! })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Access Token has been revoked' });
    await expect(t.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: t.pool.clientId, RefreshToken: auth.AuthenticationResult!.RefreshToken! })))
      .rejects.toMatchObject({ name: 'NotAuthorizedException', message: 'Refresh Token has been revoked' });
    expect(t.pool.isRevoked(decodeJwt(auth.AuthenticationResult!.IdToken!).payload)).toBe(true);
  });

  it('AdminDeleteUser removes the user and invalidates its tokens', async () => {
    const auth = await passwordAuth('driver1', 'drivers-own-pass');
    await t.sdk.send(new AdminDeleteUserCommand({ UserPoolId: poolId(), Username: 'driver1' }));
    await expect(t.sdk.send(new AdminGetUserCommand({ UserPoolId: poolId(), Username: 'driver1' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(t.sdk.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult!.AccessToken! }))).rejects.toMatchObject({ name: 'NotAuthorizedException' });
    expect(t.pool.isRevoked(decodeJwt(auth.AuthenticationResult!.AccessToken!).payload)).toBe(true);
  });
});
