// The Cognito admin API calls the commands share: the pool's groups, creating an account in one
// step (no message, permanent password, groups), looking a user up, a user's groups.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminSetUserPasswordCommand,
  ListGroupsCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Connection } from './connect.js';
import { CliError, toCliError } from './errors.js';

/** The names of the user pool's groups. */
export async function poolGroups(conn: Connection): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await conn.admin.send(new ListGroupsCommand({ UserPoolId: conn.userPoolId, NextToken }));
    for (const group of page.Groups ?? []) if (group.GroupName) names.push(group.GroupName);
    NextToken = page.NextToken;
  } while (NextToken);
  return names;
}

/** Fails with the pool's groups named when one of the wanted groups is not among them. */
export async function checkGroups(conn: Connection, wanted: readonly string[]): Promise<void> {
  if (wanted.length === 0) return;
  const existing = await poolGroups(conn);
  const unknown = wanted.filter((group) => !existing.includes(group));
  if (unknown.length > 0) {
    const list = existing.length > 0 ? existing.join(', ') : 'no groups';
    throw new CliError(`unknown group ${unknown.map((g) => `"${g}"`).join(', ')}: the user pool has ${list}`);
  }
}

export interface AccountInput {
  username: string;
  password: string;
  email?: string;
  groups: readonly string[];
}

/**
 * Creates a confirmed user with a permanent password in the given groups, sending no message.
 * The password goes in AdminCreateUser as the temporary one first, so that the pool checks it
 * before the user exists; if a later step fails the user is deleted again.
 */
export async function createAccount(conn: Connection, input: AccountInput): Promise<{ sub: string | undefined }> {
  const UserPoolId = conn.userPoolId;
  const Username = input.username;
  const attributes: AttributeType[] = input.email
    ? [
        { Name: 'email', Value: input.email },
        // The operator vouches for the address; no verification message is sent.
        { Name: 'email_verified', Value: 'true' },
      ]
    : [];
  let created;
  try {
    created = await conn.admin.send(
      new AdminCreateUserCommand({ UserPoolId, Username, MessageAction: 'SUPPRESS', TemporaryPassword: input.password, UserAttributes: attributes }),
    );
  } catch (error) {
    throw accountError(conn, error, input);
  }
  try {
    await conn.admin.send(new AdminSetUserPasswordCommand({ UserPoolId, Username, Password: input.password, Permanent: true }));
    for (const GroupName of input.groups) await conn.admin.send(new AdminAddUserToGroupCommand({ UserPoolId, Username, GroupName }));
  } catch (error) {
    await conn.admin.send(new AdminDeleteUserCommand({ UserPoolId, Username })).catch(() => undefined);
    throw new CliError(`${toCliError(accountError(conn, error, input), conn.errorContext).message} (${Username} was not created)`);
  }
  return { sub: created.User?.Attributes?.find((a) => a.Name === 'sub')?.Value };
}

function accountError(conn: Connection, error: unknown, input: AccountInput): unknown {
  const name = (error as { name?: unknown })?.name;
  const message = String((error as { message?: unknown })?.message ?? error);
  if (name === 'UsernameExistsException') {
    return new CliError(`the user ${input.username} already exists: choose another name (\`wildrydes users groups ${input.username}\` shows their groups)`);
  }
  if (name === 'InvalidParameterException' && /email/i.test(message) && !input.email) {
    return new CliError(`the user pool requires an email address: give --email <address> (${message})`);
  }
  if (name === 'InvalidParameterException') return new CliError(`the user pool refused ${input.username}: ${message}`);
  return error;
}

export interface UserSummary {
  username: string;
  sub: string | undefined;
  status: string | undefined;
  enabled: boolean | undefined;
  email: string | undefined;
}

/** The user, or undefined if the pool has no such user. */
export async function findUser(conn: Connection, username: string): Promise<UserSummary | undefined> {
  try {
    const user = await conn.admin.send(new AdminGetUserCommand({ UserPoolId: conn.userPoolId, Username: username }));
    const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
    return { username: user.Username ?? username, sub: attribute('sub'), status: user.UserStatus, enabled: user.Enabled, email: attribute('email') };
  } catch (error) {
    if ((error as { name?: unknown })?.name === 'UserNotFoundException') return undefined;
    throw error;
  }
}

/** The names of the user's groups; fails clearly when the user does not exist. */
export async function groupsOf(conn: Connection, username: string): Promise<string[]> {
  const names: string[] = [];
  let NextToken: string | undefined;
  try {
    do {
      const page = await conn.admin.send(new AdminListGroupsForUserCommand({ UserPoolId: conn.userPoolId, Username: username, NextToken }));
      for (const group of page.Groups ?? []) if (group.GroupName) names.push(group.GroupName);
      NextToken = page.NextToken;
    } while (NextToken);
  } catch (error) {
    if ((error as { name?: unknown })?.name === 'UserNotFoundException') {
      throw new CliError(`there is no user ${username} in the user pool (\`wildrydes users list\` shows them)`);
    }
    throw error;
  }
  return names;
}

export async function addToGroup(conn: Connection, username: string, group: string): Promise<void> {
  await conn.admin.send(new AdminAddUserToGroupCommand({ UserPoolId: conn.userPoolId, Username: username, GroupName: group }));
}

export async function setPermanentPassword(conn: Connection, username: string, password: string): Promise<void> {
  await conn.admin.send(new AdminSetUserPasswordCommand({ UserPoolId: conn.userPoolId, Username: username, Password: password, Permanent: true }));
}
