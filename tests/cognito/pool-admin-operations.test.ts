// The describe/list and admin operations people call from the AWS SDK and CLI, with Cognito's
// validation, paging and error shapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AdminAddUserToGroupCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminResetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  ConfirmForgotPasswordCommand,
  DeleteGroupCommand,
  DescribeUserPoolCommand,
  GetGroupCommand,
  ListUserPoolsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createConfirmedUser } from '../support/cognito-users.js';
import { passwordSignIn, rawCall, startTestPool, type TestPool } from './helpers.js';

let t: TestPool;
const UserPoolId = () => t.pool.userPoolId;

beforeAll(async () => {
  t = await startTestPool();
  for (const name of ['gail', 'gus', 'gwen', 'hal']) {
    await createConfirmedUser(t.sdk, UserPoolId(), name, `${name}-password`, name.startsWith('g') ? ['Dispatchers'] : []);
  }
});
afterAll(() => t.stop());

describe('describe and list', () => {
  it('DescribeUserPool gives the project\'s settings', async () => {
    const { UserPool } = await t.sdk.send(new DescribeUserPoolCommand({ UserPoolId: UserPoolId() }));
    expect(UserPool).toMatchObject({
      Id: UserPoolId(),
      Name: 'wildrydesauth_userpool-local',
      Policies: { PasswordPolicy: { MinimumLength: 8, RequireUppercase: false, RequireLowercase: false, RequireNumbers: false, RequireSymbols: false, TemporaryPasswordValidityDays: 7 } },
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      MfaConfiguration: 'OFF',
      EstimatedNumberOfUsers: 4,
    });
    expect(UserPool!.SchemaAttributes!.find((a) => a.Name === 'email')).toMatchObject({ Required: true, Mutable: true });
    expect(UserPool!.CreationDate).toBeInstanceOf(Date);
    await expect(t.sdk.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_000000000' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'User pool us-east-1_000000000 does not exist.' });
  });

  it('ListUserPools: MaxResults is required and bounded', async () => {
    const { UserPools } = await t.sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    expect(UserPools!.map((p) => p.Id)).toEqual([UserPoolId()]);
    expect((await rawCall(t.pool, 'ListUserPools', '{}')).body).toMatchObject({ __type: 'InvalidParameterException' });
    await expect(t.sdk.send(new ListUserPoolsCommand({ MaxResults: 61 }))).rejects.toMatchObject({
      name: 'InvalidParameterException', message: "1 validation error detected: Value at 'MaxResults' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
  });

  it('ListUsersInGroup pages with NextToken; an unknown group is ResourceNotFoundException', async () => {
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page = await t.sdk.send(new ListUsersInGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Dispatchers', Limit: 2, NextToken }));
      seen.push(...page.Users!.map((u) => u.Username!));
      NextToken = page.NextToken;
      pages += 1;
    } while (NextToken);
    expect(seen).toEqual(['gail', 'gus', 'gwen']);
    expect(pages).toBe(2);
    await expect(t.sdk.send(new ListUsersInGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Nobody' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
    await expect(t.sdk.send(new ListUsersInGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Dispatchers', NextToken: 'garbage' })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});

describe('groups', () => {
  it('GetGroup, UpdateGroup (fields left out are kept), DeleteGroup (members leave it)', async () => {
    expect((await t.sdk.send(new GetGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Admins' }))).Group).toMatchObject({ GroupName: 'Admins', Precedence: 1 });
    const updated = await t.sdk.send(new UpdateGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Admins', Description: 'the fleet owners' }));
    expect(updated.Group).toMatchObject({ GroupName: 'Admins', Description: 'the fleet owners', Precedence: 1 });
    await expect(t.sdk.send(new UpdateGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Admins', Precedence: -1 })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });

    await t.sdk.send(new AdminAddUserToGroupCommand({ UserPoolId: UserPoolId(), Username: 'hal', GroupName: 'Admins' }));
    await t.sdk.send(new DeleteGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Admins' }));
    await expect(t.sdk.send(new GetGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Admins' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
    await expect(t.sdk.send(new DeleteGroupCommand({ UserPoolId: UserPoolId(), GroupName: 'Admins' })))
      .rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    expect((await t.sdk.send(new AdminListGroupsForUserCommand({ UserPoolId: UserPoolId(), Username: 'hal' }))).Groups).toEqual([]);
  });
});

describe('admin user operations', () => {
  it('AdminUpdateUserAttributes: an admin may mark an address verified; the required email cannot be emptied', async () => {
    await t.sdk.send(new AdminUpdateUserAttributesCommand({
      UserPoolId: UserPoolId(), Username: 'gail', UserAttributes: [{ Name: 'email', Value: 'gail@new.example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Gail' }],
    }));
    const user = await t.sdk.send(new AdminGetUserCommand({ UserPoolId: UserPoolId(), Username: 'gail' }));
    const attrs = Object.fromEntries(user.UserAttributes!.map((a) => [a.Name, a.Value]));
    expect(attrs).toMatchObject({ email: 'gail@new.example.com', email_verified: 'true', name: 'Gail' });
    expect(t.pool.lastCode('gail', 'verifyAttribute')).toBeUndefined();

    await t.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: UserPoolId(), Username: 'gail', UserAttributes: [{ Name: 'email', Value: 'gail@other.example.com' }] }));
    expect(t.pool.lastCode('gail', 'verifyAttribute')).toMatch(/^\d{6}$/);

    await expect(t.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: UserPoolId(), Username: 'gail', UserAttributes: [{ Name: 'email', Value: '' }] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.sdk.send(new AdminUpdateUserAttributesCommand({ UserPoolId: UserPoolId(), Username: 'ghost', UserAttributes: [{ Name: 'name', Value: 'x' }] })))
      .rejects.toMatchObject({ name: 'UserNotFoundException' });
  });

  it('AdminDeleteUserAttributes removes optional attributes only', async () => {
    await t.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: UserPoolId(), Username: 'gail', UserAttributeNames: ['name'] }));
    const user = await t.sdk.send(new AdminGetUserCommand({ UserPoolId: UserPoolId(), Username: 'gail' }));
    expect(user.UserAttributes!.map((a) => a.Name)).not.toContain('name');
    await expect(t.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: UserPoolId(), Username: 'gail', UserAttributeNames: ['email'] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(t.sdk.send(new AdminDeleteUserAttributesCommand({ UserPoolId: UserPoolId(), Username: 'gail', UserAttributeNames: ['sub'] })))
      .rejects.toMatchObject({ name: 'InvalidParameterException' });
    expect((await rawCall(t.pool, 'AdminDeleteUserAttributes', JSON.stringify({ UserPoolId: UserPoolId(), Username: 'gail' }))).body)
      .toMatchObject({ __type: 'InvalidParameterException' });
  });

  it('AdminResetUserPassword: the old password stops working until the code sets a new one', async () => {
    await t.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: UserPoolId(), Username: 'gus' }));
    expect((await t.sdk.send(new AdminGetUserCommand({ UserPoolId: UserPoolId(), Username: 'gus' }))).UserStatus).toBe('RESET_REQUIRED');
    await expect(passwordSignIn(t, 'gus', 'gus-password')).rejects.toMatchObject({ name: 'PasswordResetRequiredException' });
    const code = t.pool.lastCode('gus', 'forgotPassword')!;
    await t.sdk.send(new ConfirmForgotPasswordCommand({ ClientId: t.pool.clientId, Username: 'gus', ConfirmationCode: code, Password: 'gus-new-password' }));
    expect((await passwordSignIn(t, 'gus', 'gus-new-password')).AuthenticationResult?.AccessToken).toBeTruthy();
    await expect(t.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: UserPoolId(), Username: 'ghost' }))).rejects.toMatchObject({ name: 'UserNotFoundException' });
  });
});
