// wildrydes users delete <name>
import { AdminDeleteUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import type { Command } from './command.js';

export const usersDelete: Command = {
  words: ['users', 'delete'],
  summary: 'delete a user from the pool',
  usage: `wildrydes users delete <name>

Deletes the user (AdminDeleteUser); their tokens stop working. Their rides and profile stay.`,
  options: {},
  positionals: { names: ['name'], min: 1 },
  async run({ positionals }, io, connect) {
    const username = positionals[0]!;
    const conn = await connect();
    await conn.admin.send(new AdminDeleteUserCommand({ UserPoolId: conn.userPoolId, Username: username }));
    io.out(`Deleted ${username} from ${conn.cognitoLabel}`);
  },
};
