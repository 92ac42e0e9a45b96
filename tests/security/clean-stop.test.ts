// Ctrl-C on a busy `npm start` stops cleanly: the terminal's SIGINT reaches npm and node at once and
// npm forwards another copy; the server answers what it is handling, saves, prints "Stopped." and
// exits 0; every change it acknowledged is there at the next start. (Before, the tsx CLI re-sent the
// signal and the second copy made the process exit 1 "without waiting".)
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { AdminCreateUserCommand, ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognito } from '../../src/local/cognito/index.js';
import { dynamoDbClient, LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { adminClient } from '../support/cognito-users.js';
import { projectRoot, projectCopy } from '../local/helpers.js';
import { untilReady } from '../support/until-ready.js';

const REPO = join(import.meta.dirname, '..', '..');
let work: Awaited<ReturnType<typeof projectCopy>>;
let child: ChildProcess | undefined;

beforeAll(async () => {
  work = await projectCopy('security-stop-');
});
afterAll(async () => {
  try {
    if (child?.pid && child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await work?.remove();
});

describe('Ctrl-C on a busy npm start', () => {
  it('answers what is in flight, exits 0 with its clean-stop message, and keeps every acknowledged change', async () => {
    // Its own process group, as a terminal runs it: Ctrl-C signals npm and node together.
    child = spawn('npm', ['start', '--', '--project', work.dir, '--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0'], {
      cwd: REPO,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const { output, exited } = await untilReady(child);
    const cognitoEndpoint = /Cognito\s+(http:\/\/\S+)\s+pool (\S+),/.exec(output())!;
    const dynamoEndpoint = /DynamoDB\s+(http:\/\/\S+)/.exec(output())![1]!;
    const table = /tables ([^,)]+)/.exec(output())![1]!.trim();
    const pool = { endpoint: cognitoEndpoint[1]!, region: 'us-east-1' };
    const userPoolId = cognitoEndpoint[2]!;

    const admin = adminClient(pool);
    const db = dynamoDbClient({ endpoint: dynamoEndpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    const acknowledged = { users: [] as string[], items: [] as string[] };
    let first: () => void;
    const firstAnswer = new Promise<void>((resolve) => (first = resolve));
    const requests = Array.from({ length: 120 }, async (_, i) => {
      const username = `busy${i}`;
      try {
        if (i % 2 === 0) {
          await admin.send(new AdminCreateUserCommand({ UserPoolId: userPoolId, Username: username, MessageAction: 'SUPPRESS' }));
          acknowledged.users.push(username);
        } else {
          await db.send(new PutItemCommand({ TableName: table, Item: { id: { S: username }, name: { S: 'n' }, color: { S: 'c' } } }));
          acknowledged.items.push(username);
        }
        first();
      } catch {
        // refused or cut by the stop: not acknowledged, so not expected afterwards
      }
    });
    await firstAnswer;
    process.kill(-child.pid!, 'SIGINT');
    await Promise.all(requests);
    admin.destroy();
    db.destroy();

    expect(await exited).toBe(0);
    expect(output()).toMatch(/SIGINT: stopping/);
    expect(output()).toMatch(/Stopped\./);
    expect(output()).not.toMatch(/without waiting/);
    expect(acknowledged.users.length + acknowledged.items.length).toBeGreaterThan(0);

    // The next start finds everything that was acknowledged.
    const dataDir = join(work.dir, 'amplify', 'mock-data');
    const cognito = await startCognito({ projectRoot: work.dir, dataDir: join(dataDir, 'cognito'), port: 0, log: () => {} });
    const embedded = await startEmbeddedDynamoDb({ dataDir: join(dataDir, 'dynamodb'), port: 0, log: () => {} });
    const admin2 = adminClient(cognito);
    const db2 = dynamoDbClient({ endpoint: embedded.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    try {
      const users = (await admin2.send(new ListUsersCommand({ UserPoolId: userPoolId, Limit: 60 }))).Users!.map((u) => u.Username);
      for (const username of acknowledged.users) expect(users).toContain(username);
      const items = (await db2.send(new ScanCommand({ TableName: table }))).Items!.map((item) => item.id!.S);
      for (const id of acknowledged.items) expect(items).toContain(id);
    } finally {
      admin2.destroy();
      db2.destroy();
      await embedded.close();
      await cognito.close();
    }
  });
});
