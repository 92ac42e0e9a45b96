// `npm start` runs the local cloud from its prebuilt bundle with node alone (no tsx), and loads the
// Amplify transformer only when the API's source changed: a start on an unchanged schema, even one
// whose file is newer (a checkout, a save without changes), neither compiles nor imports it; nor
// does it load the packages that only making certificates or the simulator's own server need.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, rm } from 'node:fs/promises';
import { utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { prepareNodeRuntime } from '../../src/client/node/node-runtime.js';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { projectCopy } from './helpers.js';
import { untilReady } from '../support/until-ready.js';

const REPO = join(import.meta.dirname, '..', '..');
const RECORDER = pathToFileURL(join(REPO, 'tests', 'support', 'record-imports.mjs')).href;
let work: Awaited<ReturnType<typeof projectCopy>>;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  work = await projectCopy('start-bundle-');
});

afterAll(async () => {
  for (const child of running) if (child.pid) process.kill(-child.pid, 'SIGKILL');
  await work?.remove();
});

/** `npm start` on the copy until it is ready, with every module it imports recorded. */
async function npmStart(imports: string): Promise<{ output: () => string; stop: () => Promise<number | null> }> {
  const child = spawn('npm', ['start', '--', '--project', work.dir, '--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0', '--no-web', '--no-console', '--no-watch'], {
    cwd: REPO,
    detached: true,
    env: { ...process.env, NODE_OPTIONS: `--import ${RECORDER}`, WILDRYDES_RECORD_IMPORTS: imports },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const { output, exited } = await untilReady(child);
  void exited.then(() => running.delete(child));
  return {
    output,
    stop: async () => {
      process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

async function importedBy(file: string): Promise<string[]> {
  return (await readFile(file, 'utf8')).split('\n').filter(Boolean);
}

describe('npm start from the bundle', () => {
  it('compiles and loads the transformer for a new build only, serves without tsx, and stops cleanly', async () => {
    const firstImports = join(work.dir, 'first-imports.txt');
    const first = await npmStart(firstImports);
    expect(first.output()).toMatch(/\[compile\] .* compiling the API/);
    const config = JSON.parse(await readFile(join(work.dir, 'amplify', 'mock-data', 'client-config.json'), 'utf8'));
    await prepareNodeRuntime({ trustedCaPem: await readFile(join(work.dir, 'amplify', 'mock-data', 'tls', 'ca.pem'), 'utf8') });
    const response = await fetch(config.API.GraphQL.endpoint, { method: 'POST', body: '{"query":"{ __typename }"}' });
    expect(response.status).toBe(401);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toMatch(/Stopped\./);
    const first_ = await importedBy(firstImports);
    expect(first_).toContain('@aws-amplify/graphql-transformer');
    expect(first_.some((specifier) => /\.wildrydes\/build\/build-[0-9a-f]+\/local-cloud\.mjs$/.test(specifier))).toBe(true);
    expect(first_.filter((specifier) => /(^|\/)tsx(\/|$)|\.ts$/.test(specifier))).toEqual([]);
    // The store's patches of dynalite's modules are in the bundle, installed on the copy it holds.
    const bundle = first_.find((specifier) => /local-cloud\.mjs$/.test(specifier))!;
    const buildFolder = dirname(bundle.startsWith('file:') ? fileURLToPath(bundle) : bundle);
    const chunks = (await readdir(buildFolder)).filter((file) => file.endsWith('.mjs'));
    const bundled_ = (await Promise.all(chunks.map((file) => readFile(join(buildFolder, file), 'utf8')))).join('\n');
    for (const install of ['installLinearExpressionParsers', 'installParsedExpressionCache', 'installTableDescriptionCache', 'installIteratorTableReads', 'installAtomicIndexWrites']) {
      expect(bundled_).toMatch(new RegExp(`\\b${install}\\d*\\(\\);`));
    }

    // The schema saved again without a change: newer than the build, same content.
    const later = new Date(Date.now() + 2_000);
    utimesSync(join(work.dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql'), later, later);
    const againImports = join(work.dir, 'again-imports.txt');
    const again = await npmStart(againImports);
    expect(again.output()).not.toMatch(/\[compile\]/);
    // dynalite is bundled, and its patched expression parser is the one the bundled copy uses: 30
    // nested NOTs, which its parser without the cache takes longer than this test's time to parse.
    let filter = '(#id = :v)';
    for (let i = 0; i < 30; i++) filter = `(NOT ${filter})`;
    const dynamodb = new DynamoDBClient({ endpoint: /DynamoDB\s+(http:\S+)/.exec(again.output())![1], region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    const scanned = await dynamodb.send(
      new ScanCommand({ TableName: 'Ride-wildrydes-local', FilterExpression: filter, ExpressionAttributeNames: { '#id': 'id' }, ExpressionAttributeValues: { ':v': { S: 'x' } } }),
    );
    expect(scanned.Count).toBe(0);
    dynamodb.destroy();
    expect(await again.stop()).toBe(0);
    const again_ = await importedBy(againImports);
    // The packages are in the bundle: node loads only the external ones from node_modules (the
    // LevelDB binding and its stores), not dynalite, the simulator, graphql or the AWS SDK.
    expect(again_).toContain('cjs:classic-level');
    const bundled = ['dynalite', '@aws-amplify/amplify-appsync-simulator', 'graphql', '@aws-sdk/client-dynamodb', 'ws', 'aws-jwt-verify'];
    expect(again_.filter((specifier) => bundled.includes(specifier.replace(/^cjs:/, '')))).toEqual([]);
    expect(again_.filter((specifier) => specifier.startsWith('@aws-amplify/graphql-transformer') || specifier === 'aws-cdk-lib' || specifier === 'vite')).toEqual([]);
    // With its data kept, the start loads what serving needs only: no certificate maker (node-forge),
    // no simulator HTTP server (express), no phone number metadata until an AWSPhone value comes
    // (the bundle leaves each of them in node_modules, for node to load at its first use).
    expect(again_.filter((specifier) => ['node-forge', 'cjs:node-forge', 'cjs:express', 'cjs:libphonenumber-js', 'cjs:@aws-amplify/amplify-cli-core', 'cjs:@aws-amplify/amplify-prompts'].includes(specifier))).toEqual([]);
    await rm(againImports);
  });
});
