// The local cloud on another DynamoDB implementation: moto's server (PyPI `moto[server]`), which runs
// without Java. With no AWS credentials anywhere, a loopback endpoint must still work (it takes
// any), and the tables it makes carry the compiled stacks' settings (stream, encryption, billing).
// Runs only where `moto_server` is installed; says so when it skips.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestRide } from '../../src/client/index.js';
import { findAppSyncApi } from '../../src/compiler/amplify-project.js';
import { isLoopbackEndpoint } from '../../src/local/dynamodb/client.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { startTrustedCloud, withUsers, type CloudWithUsers } from '../support/local-cloud.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const hasMoto = spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
if (!hasMoto) console.log('[skip] tests/local/external-dynamodb.test.ts: moto_server is not installed (pip install "moto[server]")');

describe('isLoopbackEndpoint', () => {
  it('only this machine gets the local credentials', () => {
    for (const url of ['http://127.0.0.1:8000', 'http://localhost:8000', 'http://[::1]:8000', 'http://127.1.2.3']) expect(isLoopbackEndpoint(url)).toBe(true);
    for (const url of ['https://dynamodb.us-east-1.amazonaws.com', 'http://10.0.0.5:8000', 'http://127.0.0.1.example.com', 'not a url']) expect(isLoopbackEndpoint(url)).toBe(false);
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    try {
      await fetch(url);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`moto_server did not answer at ${url}`);
}

describe.skipIf(!hasMoto)('--dynamodb-endpoint pointing at moto_server, without AWS credentials', () => {
  let moto: ChildProcess;
  let endpoint: string;
  let t: CloudWithUsers;
  let cloud: LocalCloud;
  const saved: Record<string, string | undefined> = {};

  beforeAll(async () => {
    // No credentials anywhere: the SDK's chain would fail with CredentialsProviderError.
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE']) {
      saved[name] = process.env[name];
      delete process.env[name];
    }
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/credentials';
    process.env.AWS_CONFIG_FILE = '/nonexistent/config';
    const port = await freePort();
    endpoint = `http://127.0.0.1:${port}`;
    moto = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    await waitForHttp(endpoint, moto);
    cloud = await startTrustedCloud({ projectRoot, apiName: findAppSyncApi(projectRoot), dynamodb: { endpoint }, apiId: 'motoapi', env: 'dev' });
    t = withUsers(cloud, 'moto-password');
  }, 120_000);

  afterAll(async () => {
    await t?.stop();
    moto?.kill();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('makes <Model>-<apiId>-<env> tables with the stack\'s stream, encryption and billing settings', async () => {
    expect(Object.values(cloud.dynamodb.tables).sort()).toEqual(['Ride-motoapi-dev', 'Rider-motoapi-dev', 'Unicorn-motoapi-dev'].sort());
    const direct = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
    try {
      const { Table } = await direct.send(new DescribeTableCommand({ TableName: 'Ride-motoapi-dev' }));
      expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
      expect(Table?.LatestStreamArn).toBeTruthy();
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect(Table?.GlobalSecondaryIndexes?.length).toBeGreaterThan(0);
    } finally {
      direct.destroy();
    }
  });

  it('serves the API from it: a ride requested through the Amplify client lands in moto', async () => {
    const rider = await t.user('mo');
    const ride = await requestRide(rider, { pickup: { latitude: 47.6, longitude: -122.3 } });
    const { Items } = await cloud.dynamodb.client.send(new ScanCommand({ TableName: 'Ride-motoapi-dev' }));
    expect(Items?.map((item) => item.id?.S)).toContain(ride.id);
  });
});
