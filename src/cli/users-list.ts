// wildrydes users list [--json]
import { ListUsersCommand, type UserType } from '@aws-sdk/client-cognito-identity-provider';
import { groupsOf } from './accounts.js';
import type { Command } from './command.js';

export interface ListedUser {
  username: string;
  status: string;
  enabled: boolean;
  email: string | null;
  groups: string[];
}

export const usersList: Command = {
  words: ['users', 'list'],
  summary: 'list the users of the pool with their status and groups',
  usage: `wildrydes users list [--json]

Lists every user of the user pool (ListUsers, then AdminListGroupsForUser for each) with their
status, email and groups.

  --json   print a JSON array of {"username","status","enabled","email","groups"}`,
  options: { json: { type: 'boolean' } },
  positionals: { names: [], min: 0 },
  async run({ values }, io, connect) {
    const conn = await connect();
    const users: UserType[] = [];
    let PaginationToken: string | undefined;
    do {
      const page = await conn.admin.send(new ListUsersCommand({ UserPoolId: conn.userPoolId, PaginationToken }));
      users.push(...(page.Users ?? []));
      PaginationToken = page.PaginationToken;
    } while (PaginationToken);

    const listed: ListedUser[] = [];
    for (const user of users) {
      const username = user.Username ?? '';
      listed.push({
        username,
        status: user.UserStatus ?? 'UNKNOWN',
        enabled: user.Enabled ?? true,
        email: user.Attributes?.find((a) => a.Name === 'email')?.Value ?? null,
        groups: await groupsOf(conn, username),
      });
    }
    listed.sort((a, b) => a.username.localeCompare(b.username));

    if (values.json) {
      io.out(JSON.stringify(listed, null, 2));
      return;
    }
    if (listed.length === 0) {
      io.err(`the user pool ${conn.userPoolId} has no users yet: add one with \`wildrydes users add <name>\``);
      return;
    }
    const rows = [
      ['USERNAME', 'STATUS', 'GROUPS', 'EMAIL'],
      ...listed.map((u) => [u.username, u.enabled ? u.status : `${u.status} (disabled)`, u.groups.join(',') || '-', u.email ?? '-']),
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    for (const row of rows) io.out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  '));
  },
};
