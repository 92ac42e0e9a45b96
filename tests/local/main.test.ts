// `npm start` as a user runs it: compiles a stale build, prints the endpoints, writes the client
// configuration, answers over HTTPS, stops on SIGINT with exit code 0, and starts again on the
// same users and keys.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareNodeRuntime } from '../../src/client/node/node-runtime.js';
import { projectCopy } from './helpers.js';
import { untilReady } from '../support/until-ready.js';

// What `npm start` runs (the bundle of src/local/main.ts, with node alone), from the repository, on a
// copy of the project given with --project.
const REPO = join(import.meta.dirname, '..', '..');
const MAIN = join(REPO, 'src', 'local', 'bundle', 'start.cjs');
let work: Awaited<ReturnType<typeof projectCopy>>;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  // A copy of the project's committed amplify/ files, so that compiling writes only there.
  work = await projectCopy('local-main-');
});

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  await work?.remove();
});

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(...extra: string[]): Promise<Started> {
  // Without the AWS SDK's switch for its Node version notice: npm start must turn it off itself.
  const env = { ...process.env };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const child = spawn(
    process.execPath,
    [MAIN, '--project', work.dir, '--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0', ...extra],
    { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.add(child);
  const { output, exited } = await untilReady(child);
  void exited.then(() => running.delete(child));
  return { child, output, exited };
}

describe('npm start', () => {
  it('compiles, serves, writes the client configuration and stops cleanly; a second start finds the same pool', async () => {
    const first = await start();
    expect(first.output()).toMatch(/\[compile\] .* compiling the API/);
    const config = JSON.parse(await readFile(join(work.dir, 'amplify', 'mock-data', 'client-config.json'), 'utf8'));
    expect(config).toEqual({
      Auth: { Cognito: { userPoolId: expect.stringMatching(/^us-east-1_/), userPoolClientId: expect.any(String), userPoolEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) } },
      API: { GraphQL: { endpoint: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+\/graphql$/), region: 'us-east-1', defaultAuthMode: 'userPool' } },
    });
    // The real-time endpoint, on the GraphQL endpoint's server; and no AWS SDK notice about Node 22.
    expect(first.output()).toContain(`  Realtime   ${config.API.GraphQL.endpoint.replace(/^https:/, 'wss:')}/realtime  `);
    expect(first.output()).not.toMatch(/NodeVersionSupportWarning/);
    // Over HTTPS, trusting only the CA file it printed.
    await prepareNodeRuntime({ trustedCaPem: await readFile(join(work.dir, 'amplify', 'mock-data', 'tls', 'ca.pem'), 'utf8') });
    const response = await fetch(config.API.GraphQL.endpoint, { method: 'POST', body: '{"query":"{ __typename }"}' });
    expect(response.status).toBe(401);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/Stopped\./);

    const second = await start();
    expect(second.output()).not.toMatch(/\[compile\]/);
    const again = JSON.parse(await readFile(join(work.dir, 'amplify', 'mock-data', 'client-config.json'), 'utf8'));
    expect(again.Auth.Cognito.userPoolId).toBe(config.Auth.Cognito.userPoolId);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('explains a bad flag', async () => {
    const child = spawn(process.execPath, [MAIN, '--project', work.dir, '--graphql-port', 'x'], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/UsageError: --graphql-port must be a port number/);
  });
});
