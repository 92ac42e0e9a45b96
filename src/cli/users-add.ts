// wildrydes users add <name> [--group G] [--password P] [--email E]
import { checkGroups, createAccount } from './accounts.js';
import { stringList, stringOption, type Command } from './command.js';
import { generatePassword } from './password.js';

export const usersAdd: Command = {
  words: ['users', 'add'],
  summary: 'create a user with a permanent password, optionally in a group',
  usage: `wildrydes users add <name> [--group Dispatchers|Admins] [--password <password>] [--email <address>] [--json]

Creates a confirmed user through the Cognito admin API (AdminCreateUser without sending a message,
AdminSetUserPassword permanent, AdminAddUserToGroup), so they can sign in at once.

  <name>              the username
  --group <group>     a group of the user pool (Dispatchers or Admins); repeat for several
  --password <pw>     the password (the pool's policy applies); without it a strong one is
                      generated and printed once
  --email <address>   the user's email, marked verified (default for the local cloud:
                      <name>@example.com; a deployed pool that requires one needs it)
  --json              print {"username","groups","email","password"?} instead of text`,
  options: {
    group: { type: 'string', multiple: true },
    password: { type: 'string' },
    email: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: { names: ['name'], min: 1 },
  async run({ positionals, values }, io, connect) {
    const username = positionals[0]!;
    const groups = [...new Set(stringList(values, 'group'))];
    const given = stringOption(values, 'password');
    const conn = await connect();
    const email = stringOption(values, 'email') ?? (conn.local ? `${username}@example.com` : undefined);
    const password = given ?? generatePassword();
    await checkGroups(conn, groups);
    await createAccount(conn, { username, password, email, groups });

    if (values.json) {
      io.out(JSON.stringify({ username, groups, email: email ?? null, ...(given ? {} : { password }) }));
      return;
    }
    io.out(`created ${username}${groups.length > 0 ? ` in ${groups.join(', ')}` : ' (a rider: no group)'}${email ? `, email ${email}` : ''}`);
    if (!given) io.out(`password: ${password}   (generated: give it to ${username}; it is not shown again)`);
  },
};
