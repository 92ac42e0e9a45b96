// wildrydes users groups <name> [--json]
import { groupsOf } from './accounts.js';
import type { Command } from './command.js';

export const usersGroups: Command = {
  words: ['users', 'groups'],
  summary: "print a user's groups, one a line",
  usage: `wildrydes users groups <name> [--json]

Prints the groups of the user (AdminListGroupsForUser), one a line; nothing for a rider in no group.

  --json   print a JSON array of group names`,
  options: { json: { type: 'boolean' } },
  positionals: { names: ['name'], min: 1 },
  async run({ positionals, values }, io, connect) {
    const username = positionals[0]!;
    const conn = await connect();
    const groups = await groupsOf(conn, username);
    if (values.json) {
      io.out(JSON.stringify(groups));
      return;
    }
    for (const group of groups) io.out(group);
    if (groups.length === 0) io.err(`${username} is in no group (a rider)`);
  },
};
