// `npm start` runs the local cloud from its prebuilt bundle with node alone (no tsx), and loads the
// Amplify transformer only when the API's source changed: a start on an unchanged schema, even one
// whose file is newer (a checkout, a save without changes), neither compiles nor imports it; nor
// does it load the packages that only making certificates or the simulator's own server need.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { prepareNodeRuntime } from '../../src/client/node/node-runtime.js';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { projectCopy } from './helpers.js';
import { untilReady } from '../support/until-ready.js';
import { BUILD_DIR } from '../../src/local/bundle/local-bundle.cjs';
import { readManifest } from '../../src/local/bundle/bundle-freshness.cjs';
import { RESULT_CACHE_MARK } from '../../src/local/dynamodb/peg-result-cache.mjs';
import { adminClient, createConfirmedUser, signInWithSrp } from '../support/cognito-users.js';

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
    // A mutation's template calls $util.time.nowISO8601(): moment and its timezone data, left out of
    // the bundle and of a start, are loaded then and give the time.
    const pool = { region: config.API.GraphQL.region, endpoint: config.Auth.Cognito.userPoolEndpoint };
    const admin = adminClient(pool);
    await createConfirmedUser(admin, config.Auth.Cognito.userPoolId, 'rider', 'Wild-Rydes-1');
    const { AccessToken } = await signInWithSrp(admin, { userPoolId: config.Auth.Cognito.userPoolId, clientId: config.Auth.Cognito.userPoolClientId }, 'rider', 'Wild-Rydes-1');
    admin.destroy();
    const before = Date.now();
    const created = await fetch(config.API.GraphQL.endpoint, {
      method: 'POST',
      headers: { authorization: AccessToken!, 'content-type': 'application/json' },
      body: JSON.stringify({
        query: 'mutation ($input: CreateRideInput!) { createRide(input: $input) { id createdAt } }',
        variables: { input: { pickup: { latitude: 47.6, longitude: -122.3 }, requestedAt: new Date().toISOString() } },
      }),
    });
    const { data, errors } = (await created.json()) as { data: { createRide: { createdAt: string } }; errors?: unknown };
    expect(errors).toBeUndefined();
    expect(Date.parse(data.createRide.createdAt)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toMatch(/Stopped\./);
    const first_ = await importedBy(firstImports);
    // The bundle is CommonJS: it requires the packages it leaves out (recorded as cjs:<package>).
    expect(first_).toContain('cjs:@aws-amplify/graphql-transformer');
    // The bundle's entry, run with a V8 code cache that is saved beside it once the start is ready.
    expect(first_).toContain('cjs-file:src/local/bundle/run-bundle.cjs');
    const cacheFile = () => readdirSync(join(BUILD_DIR, readManifest(BUILD_DIR)!.dir)).find((name) => /^local-cloud\.cjs\.[0-9a-f]{16}\.v8-cache$/.test(name));
    expect(cacheFile()).toBeDefined();
    const cacheMade = statSync(join(BUILD_DIR, readManifest(BUILD_DIR)!.dir, cacheFile()!)).mtimeMs;
    expect(first_.filter((specifier) => /(^|\/)tsx(\/|$)|\.ts$/.test(specifier))).toEqual([]);
    expect(first_).toEqual(expect.arrayContaining(['cjs:moment', 'cjs:moment-timezone', 'cjs:moment-jdateformatparser']));
    // The store's patches of dynalite's modules are in the bundle, installed on the copy it holds.
    const bundled_ = await readFile(join(BUILD_DIR, readManifest(BUILD_DIR)!.dir, 'local-cloud.cjs'), 'utf8');
    for (const install of ['installLinearExpressionParsers', 'installParsedExpressionCache', 'installTableDescriptionCache', 'installIteratorTableReads', 'installAtomicIndexWrites', 'installStoreOptions']) {
      expect(bundled_).toMatch(new RegExp(`\\b${install}\\d*\\(\\);`));
    }
    // dynalite's expression parsers are bundled with their result cache and its mark, so the start
    // leaves them as they are instead of reading and compiling them again from node_modules.
    for (const parser of ['condition', 'update', 'projection']) {
      const at = bundled_.indexOf(`"node_modules/dynalite/db/${parser}Parser.js"(`);
      expect(at).toBeGreaterThan(-1);
      const source = bundled_.slice(at, bundled_.indexOf('__commonJS(', at));
      expect(source).toMatch(/\bvar peg\$resultsCache\d*\s*=\s*(\/\*[^*]*\*\/\s*)?new Map\b/);
      expect(source).toMatch(new RegExp(`\\bpeg\\$parse\\d*\\.${RESULT_CACHE_MARK}\\s*=\\s*(true|!0)`));
    }

    // The schema saved again without a change: newer than the build, same content.
    const later = new Date(Date.now() + 2_000);
    utimesSync(join(work.dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql'), later, later);
    const againImports = join(work.dir, 'again-imports.txt');
    const again = await npmStart(againImports);
    expect(again.output()).not.toMatch(/\[compile\]/);
    // The cache fitted: it was used, not made again.
    expect(statSync(join(BUILD_DIR, readManifest(BUILD_DIR)!.dir, cacheFile()!)).mtimeMs).toBe(cacheMade);
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
    // The packages are in the bundle: node loads only the native LevelDB binding (a file in
    // classic-level's folder) and node-gyp-build, which loads it, from node_modules; not dynalite,
    // its LevelDB stores, the simulator, graphql or the AWS SDK.
    expect(again_).toEqual(expect.arrayContaining(['cjs:node-gyp-build', 'cjs:classic-level']));
    const bundled = ['dynalite', '@aws-amplify/amplify-appsync-simulator', 'graphql', '@aws-sdk/client-dynamodb', 'ws', 'aws-jwt-verify', 'level', 'abstract-level', 'memory-level'];
    expect(again_.filter((specifier) => bundled.includes(specifier.replace(/^cjs:/, '')))).toEqual([]);
    const compiling = (specifier: string) => /^(cjs:)?(@aws-amplify\/graphql-transformer|aws-cdk-lib$|vite$)/.test(specifier);
    expect(again_.filter(compiling)).toEqual([]);
    expect(first_.filter(compiling)).not.toEqual([]);
    // With its data kept, the start loads what serving needs only: no certificate maker (node-forge),
    // no simulator HTTP server (express), no phone number metadata until an AWSPhone value comes, no
    // moment until $util.time is called (the bundle leaves each of them in node_modules, for node to
    // load at its first use).
    const deferred = ['node-forge', 'cjs:node-forge', 'cjs:express', 'cjs:libphonenumber-js', 'cjs:@aws-amplify/amplify-cli-core', 'cjs:@aws-amplify/amplify-prompts', 'cjs:moment', 'cjs:moment-timezone'];
    expect(again_.filter((specifier) => deferred.includes(specifier))).toEqual([]);
    await rm(againImports);
  });
});
