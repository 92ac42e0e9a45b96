// The client SDK as a new user gets it: packed, installed from the tarball into a fresh project
// outside the repository (offline, from the npm cache), type-checked under node16 and bundler
// resolution, run in Node against a local cloud, and bundled for a browser with esbuild.
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/local/cloud.js';
import { adminClient, createConfirmedUser } from '../support/cognito-users.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';
import { installOffline } from '../support/offline-install.js';
import { sharedPackedClient } from '../support/pack-client.js';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const fixture = join(import.meta.dirname, 'consumer');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const project = mkdtempSync(join(tmpdir(), 'wildrydes-consumer-'));
const PASSWORD = 'Wild-Rydes-1';

beforeAll(async () => {
  // Packed once for the run (tests/package/tarball.test.ts checks the same tarball).
  const packed = await sharedPackedClient();
  await installOffline(project, { local: packed, devPackages: ['@types/node'] });
  for (const file of readdirSync(fixture)) copyFileSync(join(fixture, file), join(project, file));
}, 300_000);

afterAll(async () => {
  await rm(project, { recursive: true, force: true });
}, 120_000);

it('installs with the client stack only: nothing of the server, compiler or tests', () => {
  const installed = readdirSync(join(project, 'node_modules'));
  for (const name of ['aws-cdk-lib', 'dynalite', 'tsx', 'vitest', 'esbuild', 'typescript', 'node-forge', 'aws-jwt-verify']) expect(installed).not.toContain(name);
  const amplify = readdirSync(join(project, 'node_modules', '@aws-amplify'));
  expect(amplify.filter((name) => /transformer|simulator|cli/.test(name))).toEqual([]);
  const awsSdk = readdirSync(join(project, 'node_modules', '@aws-sdk'));
  expect(awsSdk.filter((name) => /dynamodb|cognito-identity-provider/.test(name))).toEqual([]);
});

it('type-checks a program under node16 resolution (and emits it as JavaScript for Node)', { timeout: 120_000 }, async () => {
  await expect(run(process.execPath, [tsc, '-p', 'tsconfig.node16.json'], { cwd: project })).resolves.toBeDefined();
});

it('type-checks under bundler resolution', { timeout: 120_000 }, async () => {
  await expect(run(process.execPath, [tsc, '-p', 'tsconfig.bundler.json'], { cwd: project })).resolves.toBeDefined();
});

// What runs is the JavaScript that the node16 type-check above emitted (out/rider.js).
describe('the program in Node, against a local cloud', () => {
  let cloud: LocalCloud;

  beforeAll(async () => {
    cloud = await startCloudOnFreePorts({ projectRoot: root });
    const admin = adminClient(cloud.cognito);
    await createConfirmedUser(admin, cloud.cognito.userPoolId, 'riley', PASSWORD);
    await createConfirmedUser(admin, cloud.cognito.userPoolId, 'dana', PASSWORD, ['Dispatchers']);
    admin.destroy();
    writeFileSync(join(project, 'client-config.json'), JSON.stringify(cloud.config));
    writeFileSync(join(project, 'ca.pem'), cloud.caCertPem);
  }, 120_000);

  afterAll(async () => {
    await cloud?.close();
  });

  const runRider = async (ca: string) => {
    // No NODE_EXTRA_CA_CERTS from this process leaks in: trust comes from the program alone.
    const env = { ...process.env, NODE_EXTRA_CA_CERTS: '' };
    const { stdout } = await run(process.execPath, ['out/rider.js', 'client-config.json', ca, PASSWORD, PASSWORD], {
      cwd: project,
      env,
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  };

  it('signs in, requests a ride, reads it back and receives its update over a subscription', { timeout: 120_000 }, async () => {
    const result = await runRider('ca.pem');
    expect(result.error).toBeUndefined();
    const requested = result.requested as { id: string; status: string; owner: string };
    expect(requested).toMatchObject({ status: 'REQUESTED', owner: 'riley' });
    expect(result.readBack).toEqual({ id: requested.id, status: 'REQUESTED' });
    expect(result.mine).toContain(requested.id);
    expect(result.update).toEqual({ id: requested.id, status: 'COMPLETED' });
  });

  it('says that the certificate is not trusted when the program does not trust the local CA', { timeout: 120_000 }, async () => {
    const result = await runRider('untrusted');
    const error = result.error as { name: string; kind: string; message: string };
    expect(error.name).toBe('UntrustedCertificateError');
    expect(error.kind).toBe('Network');
    expect(error.message).toContain(`the certificate of ${new URL(cloud.graphqlEndpoint).origin} is not trusted: `);
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
  });
});

it('bundles for a browser with esbuild, keeping only what the program uses', async () => {
  const result = await build({
    absWorkingDir: project,
    entryPoints: ['browser.ts'],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    minify: true,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const [output] = Object.values(result.metafile.outputs);
  const used = Object.entries(output!.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path);
  expect(used.filter((path) => !path.startsWith('node_modules/') && path !== 'browser.ts')).toEqual([]);
  const sdk = used.filter((path) => path.startsWith('node_modules/@wildrydes/client/')).map((path) => path.slice('node_modules/@wildrydes/client/dist/'.length));
  expect(sdk).toEqual(expect.arrayContaining(['client/auth.js', 'client/rides.js', 'generated/graphql.js']));
  // Neither the fleet nor dispatch (nor profiles, live events, Node helpers) are in it.
  expect(sdk.filter((path) => /fleet|dispatch|profiles|events|subscribe|node\//.test(path))).toEqual([]);
  const text = result.outputFiles[0]!.text;
  for (const operation of ['DispatchRide', 'CreateUnicorn', 'ListUnicorns', 'OnRideUpdated', 'CreateMyProfile']) expect(text).not.toContain(operation);
  expect(text).toContain('RequestRide');
  // Nothing of the server: no Node built-ins, no WebSocket library, no local cloud, compiler or AWS SDK.
  expect(used.filter((path) => /^node:|node_modules\/(ws|dynalite|aws-cdk-lib|@aws-sdk|@aws-amplify\/graphql-)/.test(path))).toEqual([]);
});
