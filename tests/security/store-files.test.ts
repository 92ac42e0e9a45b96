// The embedded store's files hold every table: private to this user, as the pool's files are
// (folder 0700, files 0600), also when an older version left them world-readable.
import { chmod, mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamoDbClient, LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { tempDir } from '../local/helpers.js';

let dir: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  dir = await tempDir('security-store-');
});
afterAll(async () => {
  await dir?.remove();
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('the embedded store on disk', () => {
  it('is a 0700 folder of 0600 files, old world-readable ones included', async () => {
    const dataDir = join(dir.dir, 'dynamodb');
    await mkdir(dataDir, { mode: 0o755 });
    await chmod(dataDir, 0o755);
    await writeFile(join(dataDir, 'LOG.old'), 'from an older version', { mode: 0o644 });
    const db = await startEmbeddedDynamoDb({ dataDir, port: 0, log: () => {} });
    expect(await mode(dataDir)).toBe(0o700);
    const client = dynamoDbClient({ endpoint: db.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    try {
      await client.send(
        new CreateTableCommand({ TableName: 'Secrets', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
      );
      await client.send(new PutItemCommand({ TableName: 'Secrets', Item: { id: { S: 'secret' } } }));
    } finally {
      client.destroy();
      await db.close();
    }
    const names = await readdir(dataDir);
    expect(names.length).toBeGreaterThan(1);
    for (const name of names) expect([name, await mode(join(dataDir, name))]).toEqual([name, 0o600]);
    expect(await mode(dataDir)).toBe(0o700);
  });
});
