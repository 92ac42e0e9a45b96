// The CLI's failures: one line on stderr that says what to do, and a non-zero exit code. Nothing
// listening, a missing or stale configuration, an untrusted certificate, no AWS credentials for a
// deployed pool, and command lines it does not understand (exit 2, with the usage).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../local/helpers.js';
import { closedPort, run, runBin, runBinWith, runWith, startCliTestCloud, type CliTestCloud } from './helpers.js';

let t: CliTestCloud;
let scratch: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  t = await startCliTestCloud();
  scratch = await tempDir('cli-errors-');
});

afterAll(async () => {
  await t?.stop();
  await scratch?.remove();
});

/** A client-config.json like `npm start`'s, in a folder of its own. */
async function configFile(name: string, config: unknown): Promise<string> {
  const dir = join(scratch.dir, name);
  await mkdir(dir, { recursive: true });
  const path = join(dir, 'client-config.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

function localConfig(cognitoPort: number, graphqlPort: number, userPoolId = 'us-east-1_AbCdEfGhI') {
  return {
    Auth: { Cognito: { userPoolId, userPoolClientId: 'abcdefghijklmnopqrstuvwxyz', userPoolEndpoint: `http://127.0.0.1:${cognitoPort}` } },
    API: { GraphQL: { endpoint: `https://127.0.0.1:${graphqlPort}/graphql`, region: 'us-east-1', defaultAuthMode: 'userPool' } },
  };
}

function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr.endsWith('\n')).toBe(true);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stderr).toMatch(pattern);
}

describe('the local cloud is not running', () => {
  it('through the real bin file: nothing listens on the configured endpoints', async () => {
    const port = await closedPort();
    const config = await configFile('stopped', localConfig(port, port));
    const ran = await runBin(scratch.dir, 'users', 'list', '--config', config);
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expectOneLine(ran.stderr, new RegExp(`^wildrydes: the local cloud is not running: start it with \`npm start\` \\(nothing answers at http://127\\.0\\.0\\.1:${port};`));
  });

  it('every command says so', async () => {
    const port = await closedPort();
    const config = await configFile('stopped-all', localConfig(port, port));
    for (const argv of [['users', 'add', 'x'], ['users', 'groups', 'x'], ['seed']]) {
      const ran = await run(scratch.dir, ...argv, '--config', config);
      expect(ran.code, argv.join(' ')).toBe(1);
      expectOneLine(ran.stderr, /^wildrydes: the local cloud is not running: start it with `npm start`/);
    }
  });

  it('the user pool answers but the GraphQL endpoint does not: seed names the endpoint', async () => {
    const port = await closedPort();
    const config = await configFile('no-graphql', { ...t.cloud.config, API: { GraphQL: { ...t.cloud.config.API.GraphQL, endpoint: `https://127.0.0.1:${port}/graphql` } } });
    const ran = await run(scratch.dir, 'seed', '--config', config);
    expect(ran.code).toBe(1);
    expectOneLine(ran.stderr, new RegExp(`^wildrydes: the local cloud is not running: start it with \`npm start\` \\(nothing answers at https://127\\.0\\.0\\.1:${port}/graphql;`));
  });
});

describe('configuration', () => {
  it('no configuration where `npm start` writes it', async () => {
    const ran = await run(scratch.dir, 'users', 'list');
    expect(ran.code).toBe(1);
    expectOneLine(ran.stderr, /^wildrydes: no client configuration at amplify\/mock-data\/client-config\.json: start the local cloud with `npm start`/);
  });

  it('WILDRYDES_DATA_DIR moves the default, as it moves `npm start`\'s', async () => {
    const ran = await runWith({ cwd: scratch.dir, env: { WILDRYDES_DATA_DIR: 'elsewhere' } }, 'users', 'list');
    expectOneLine(ran.stderr, /^wildrydes: no client configuration at elsewhere\/client-config\.json:/);
    // The cloud's own folder as the data dir: found, with its CA.
    const found = await runWith({ cwd: scratch.dir, env: { WILDRYDES_DATA_DIR: t.dir } }, 'users', 'groups', 'nobody');
    expectOneLine(found.stderr, /^wildrydes: there is no user nobody in the user pool/);
  });

  it('a --config path that does not exist, and one that is not JSON', async () => {
    const missing = await run(scratch.dir, 'users', 'list', '--config', 'nope/amplifyconfiguration.json');
    expect(missing.code).toBe(1);
    expectOneLine(missing.stderr, /^wildrydes: the configuration file nope\/amplifyconfiguration\.json does not exist: give the local cloud's client-config\.json or a deployed backend's amplifyconfiguration\.json/);

    const bad = join(scratch.dir, 'bad.json');
    await writeFile(bad, '{ not json');
    const broken = await run(scratch.dir, 'users', 'list', '--config', bad);
    expect(broken.code).toBe(1);
    expectOneLine(broken.stderr, /is not valid JSON/);
  });

  it('a configuration of another pool than the running one', async () => {
    const config = await configFile('stale', { ...t.cloud.config, Auth: { Cognito: { ...t.cloud.config.Auth.Cognito, userPoolId: 'us-east-1_Stale1234' } } });
    const ran = await run(scratch.dir, 'users', 'list', '--config', config);
    expect(ran.code).toBe(1);
    expectOneLine(ran.stderr, /^wildrydes: User pool us-east-1_Stale1234 does not exist\. The configuration .* does not match the user pool at http:\/\/127\.0\.0\.1:\d+: restart `npm start`/);
  });

  it('the local CA not found: an untrusted certificate, and --ca fixes it', async () => {
    // The configuration alone, without tls/ca.pem beside it.
    const config = await configFile('no-ca', t.cloud.config);
    const ran = await runBin(scratch.dir, 'seed', '--config', config);
    expect(ran.code).toBe(1);
    expectOneLine(ran.stderr, /^wildrydes: the certificate of https:\/\/127\.0\.0\.1:\d+\/graphql is not trusted \(\w+\): give the local cloud's CA with --ca <path>/);

    const missing = await runBin(scratch.dir, 'seed', '--config', config, '--ca', 'no-such-ca.pem');
    expectOneLine(missing.stderr, /^wildrydes: the CA certificate no-such-ca\.pem does not exist/);

    const fixed = await runBin(scratch.dir, 'seed', '--config', config, '--ca', join(t.dir, 'tls', 'ca.pem'));
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
  });

  it("a deployed backend's amplifyconfiguration.json: the admin API wants AWS credentials, and says so", async () => {
    const gen1 = join(scratch.dir, 'amplifyconfiguration.json');
    await writeFile(
      gen1,
      JSON.stringify({
        aws_project_region: 'eu-west-1',
        aws_cognito_region: 'eu-west-1',
        aws_user_pools_id: 'eu-west-1_AbCdEfGhI',
        aws_user_pools_web_client_id: 'abcdefghijklmnopqrstuvwxyz',
        aws_appsync_graphqlEndpoint: 'https://example1234567890abcdef.appsync-api.eu-west-1.amazonaws.com/graphql',
        aws_appsync_region: 'eu-west-1',
        aws_appsync_authenticationType: 'AMAZON_COGNITO_USER_POOLS',
      }),
    );
    // No credentials anywhere the default chain looks (and no instance metadata): nothing is sent.
    const env = {
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_PROFILE: 'wildrydes-cli-test-none',
      AWS_CONFIG_FILE: join(scratch.dir, 'no-aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(scratch.dir, 'no-aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
      AWS_WEB_IDENTITY_TOKEN_FILE: '',
    };
    const ran = await runBinWith({ cwd: scratch.dir, env }, 'users', 'list', '--config', gen1);
    expect(ran.code).toBe(1);
    expectOneLine(ran.stderr, /^wildrydes: no AWS credentials for the admin API of Cognito in eu-west-1: configure them/);
  });
});

describe('the command line', () => {
  it('--help for the CLI and for each command, exit 0', async () => {
    const top = await run(scratch.dir, '--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/users add .*\n.*users list.*\n.*users groups.*\n.*users delete.*\n.*seed.*\n.*reset/);
    for (const argv of [['users', 'add'], ['users', 'list'], ['users', 'groups'], ['users', 'delete'], ['seed'], ['reset']]) {
      const ran = await run(scratch.dir, ...argv, '--help');
      expect(ran.code).toBe(0);
      expect(ran.stdout.startsWith(`wildrydes ${argv.join(' ')}`)).toBe(true);
      expect(ran.stdout).toContain('--config <path>');
    }
    expect((await run(scratch.dir, 'help', 'seed')).stdout).toMatch(/^wildrydes seed/);
    expect((await run(scratch.dir, 'users', '-h')).stdout).toMatch(/users add/);
    expect((await runBin(scratch.dir, 'users', 'add', '--help')).stdout).toMatch(/^wildrydes users add <name> \[--group Dispatchers\|Admins\]/);
  });

  it('what it does not understand: exit 2, the problem on the first line, then the usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /^wildrydes: no command given\n/],
      [['frobnicate'], /^wildrydes: unknown command "frobnicate"\n/],
      [['users'], /^wildrydes: unknown command "users"\n/],
      [['users', 'add'], /^wildrydes: users add: missing <name>\n/],
      [['users', 'add', 'a', 'b'], /^wildrydes: users add: unexpected argument "b"\n/],
      [['users', 'list', '--frob'], /^wildrydes: Unknown option '--frob'/],
      [['users', 'list', '--group', 'Admins'], /^wildrydes: Unknown option '--group'/],
      [['users', 'add', 'a', '--password'], /^wildrydes: Option '--password <value>' argument missing/],
      [['users', 'add', 'a', '--email='], /^wildrydes: --email must not be empty/],
    ];
    for (const [argv, pattern] of cases) {
      const ran = await run(scratch.dir, ...argv);
      expect(ran.code, argv.join(' ')).toBe(2);
      expect(ran.stderr, argv.join(' ')).toMatch(pattern);
      expect(ran.stderr, argv.join(' ')).toMatch(/\n\nwildrydes /);
    }
  });
});
