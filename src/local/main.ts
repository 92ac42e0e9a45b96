// `npm start`: the local cloud on this machine. Compiles the API first when the schema or resolvers
// changed since the last compile, starts Cognito, DynamoDB and the GraphQL endpoint (with its
// real-time endpoint) on 127.0.0.1, writes the client configuration, and stops cleanly on Ctrl-C
// (SIGINT) or SIGTERM. `npm start` runs it from its prebuilt bundle with `exec node` (src/local/bundle/:
// no transpiling at run time, and no tsx CLI, whose signal relay re-sent the signal and killed the
// process before the stop finished); `node --import tsx src/local/main.ts` runs the sources.
// Everything it writes (users, tables, keys) is for this user only: umask 077.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findAppSyncApi } from '../compiler/amplify-project.js';
import { staleBuildReasonsByContent } from '../compiler/build-freshness.js';
import type { LocalCloud } from './cloud.js';
import { writeDerivedJson } from './shared/atomicJson.js';
import { buildWebApp, CONFIG_PATH, distributionDir, hasWebApp, mountWebApp, staleWebBuildReason } from './web-host/index.js';
import { DEFAULT_COGNITO_PORT, DEFAULT_DYNAMODB_PORT, DEFAULT_GRAPHQL_PORT } from './ports.js';

// The AWS SDK warns on Node 20 about its releases from 2027 on (NodeVersionSupportWarning); not the
// concern of someone running the local cloud. Only that warning: as bin/wildrydes.mjs does.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
performance.mark('wildrydes:modules');

const USAGE = `npm start [-- options]

  --project <dir>            the Amplify project (default: the current folder)
  --host <address>           where every server listens (default 127.0.0.1)       WILDRYDES_HOST
  --expose-beyond-loopback   required with a --host beyond loopback: the Cognito admin actions and the
                             embedded DynamoDB need no credentials
  --allow-origin <origin>    a development server's origin (http://localhost:5173) that may use the
                             Cognito admin actions, /_local routes and DynamoDB from a browser;
                             repeatable (comma-separated in WILDRYDES_ALLOWED_ORIGINS)
  --graphql-port <n>         GraphQL endpoint, HTTPS (default ${DEFAULT_GRAPHQL_PORT}; 0 = free port) WILDRYDES_GRAPHQL_PORT
  --cognito-port <n>         Cognito user pool (default ${DEFAULT_COGNITO_PORT})                  WILDRYDES_COGNITO_PORT
  --dynamodb-port <n>        embedded DynamoDB (default ${DEFAULT_DYNAMODB_PORT})                 WILDRYDES_DYNAMODB_PORT
  --dynamodb-endpoint <url>  use this DynamoDB instead of the embedded one              WILDRYDES_DYNAMODB_ENDPOINT
                             (DynamoDB Local or moto: any credentials; https://dynamodb.<region>.amazonaws.com:
                             the AWS SDK's usual credentials. It creates missing tables: see the README)
  --dynamodb-region <region> region of --dynamodb-endpoint (default: the user pool's)  WILDRYDES_DYNAMODB_REGION
  --api-id <id>              tables are <Model>-<api-id>-<env> (default: the API's name) WILDRYDES_API_ID
  --env <name>               the Amplify environment in table names (default local)  WILDRYDES_ENV
  --data-dir <dir>           users, tables and keys (default amplify/mock-data)     WILDRYDES_DATA_DIR
  --in-memory                keep nothing: a fresh pool and empty tables every start; the client
                             configuration and the CA go to a temporary folder it names
  --reset                    empty the pool and the tables first (the CA is kept; as npx wildrydes reset)
  --config-out <path>        client configuration (default <data-dir>/client-config.json)
  --region <region>          region of a new user pool (default us-east-1)
  --no-compile               serve the existing build even if the schema changed
  --no-web                   do not build or serve the web app
  --log-requests             one line per GraphQL request (time, caller, operation, duration, outcome)
  --no-console               do not serve the console at /console
  --no-watch                 do not recompile and reload the API when its schema or resolvers change
  --help`;

class UsageError extends Error {
  override name = 'UsageError';
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        project: { type: 'string' },
        host: { type: 'string' },
        'expose-beyond-loopback': { type: 'boolean', default: false },
        'allow-origin': { type: 'string', multiple: true },
        'graphql-port': { type: 'string' },
        'cognito-port': { type: 'string' },
        'dynamodb-port': { type: 'string' },
        'dynamodb-endpoint': { type: 'string' },
        'dynamodb-region': { type: 'string' },
        'api-id': { type: 'string' },
        env: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean', default: false },
        reset: { type: 'boolean', default: false },
        'config-out': { type: 'string' },
        region: { type: 'string' },
        'no-compile': { type: 'boolean', default: false },
        'no-web': { type: 'boolean', default: false },
        'log-requests': { type: 'boolean', default: false },
        'no-console': { type: 'boolean', default: false },
        'no-watch': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function options() {
  const { values } = parseCommandLine();
  const env = process.env;
  const port = (flag: string, value: string | undefined, fallback: number): number => {
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number (0-65535), not ${value}`);
    return n;
  };
  // They become part of table names: DynamoDB allows letters, digits, _ . - only.
  const namePart = (flag: string, value: string | undefined): string | undefined => {
    if (value !== undefined && !/^[A-Za-z0-9_.-]{1,64}$/.test(value)) throw new UsageError(`${flag} may hold letters, digits, _ . - only (it is part of the table names), not ${JSON.stringify(value)}`);
    return value;
  };
  const projectRoot = resolve(values.project ?? process.cwd());
  const dataDir = resolve(projectRoot, values['data-dir'] ?? env.WILDRYDES_DATA_DIR ?? 'amplify/mock-data');
  return {
    help: values.help,
    projectRoot,
    host: values.host ?? env.WILDRYDES_HOST ?? '127.0.0.1',
    exposeBeyondLoopback: values['expose-beyond-loopback'],
    allowedOrigins: [...(values['allow-origin'] ?? []), ...(env.WILDRYDES_ALLOWED_ORIGINS ?? '').split(',')].map((o) => o.trim()).filter(Boolean).map(checkOrigin),
    ports: {
      graphql: port('--graphql-port', values['graphql-port'] ?? env.WILDRYDES_GRAPHQL_PORT, DEFAULT_GRAPHQL_PORT),
      cognito: port('--cognito-port', values['cognito-port'] ?? env.WILDRYDES_COGNITO_PORT, DEFAULT_COGNITO_PORT),
      dynamodb: port('--dynamodb-port', values['dynamodb-port'] ?? env.WILDRYDES_DYNAMODB_PORT, DEFAULT_DYNAMODB_PORT),
    },
    dynamodbEndpoint: values['dynamodb-endpoint'] ?? env.WILDRYDES_DYNAMODB_ENDPOINT,
    dynamodbRegion: values['dynamodb-region'] ?? env.WILDRYDES_DYNAMODB_REGION,
    apiId: namePart('--api-id', values['api-id'] ?? env.WILDRYDES_API_ID),
    env: namePart('--env', values.env ?? env.WILDRYDES_ENV),
    dataDir: values['in-memory'] ? undefined : dataDir,
    // An in-memory run leaves the persistent configuration alone: it would point at a stopped server.
    configOut: values['config-out'] ? resolve(projectRoot, values['config-out']) : values['in-memory'] ? undefined : resolve(dataDir, 'client-config.json'),
    reset: values.reset,
    region: values.region,
    compile: !values['no-compile'],
    web: !values['no-web'],
    logRequests: values['log-requests'],
    console: !values['no-console'],
    watch: !values['no-watch'],
  };
}

/** An origin exactly as browsers send it (scheme://host[:port], no path), else a usage error. */
function checkOrigin(origin: string): string {
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    // reported below
  }
  if (!url || url.origin !== origin) throw new UsageError(`--allow-origin takes an origin such as http://localhost:5173 (scheme://host:port, no path), not ${origin}`);
  return origin;
}

async function main(): Promise<void> {
  process.umask(0o077);
  const o = options();
  if (o.help) {
    console.log(USAGE);
    return;
  }
  const show = (path: string) => relative(process.cwd(), path) || '.';
  const apiName = findAppSyncApi(o.projectRoot);
  const stale = await staleBuildReasonsByContent(o.projectRoot, apiName);
  if (stale.length > 0 && o.compile) {
    console.log(`[compile] ${stale[0]}${stale.length > 1 ? ` (and ${stale.length - 1} more)` : ''}: compiling the API`);
    // Loaded only when needed: the transformer and aws-cdk-lib take a second to load.
    const { compileProject } = await import('../compiler/compile-project.js');
    const { compiled } = await compileProject(o.projectRoot);
    for (const warning of compiled.warnings) console.warn(`[compile] warning: ${warning}`);
  } else if (stale.length > 0) {
    console.warn(`[compile] ${stale[0]}; serving the existing build (--no-compile)`);
  }
  performance.mark('wildrydes:compile-check');

  const web = o.web && hasWebApp(o.projectRoot);
  if (web) {
    const reason = staleWebBuildReason(o.projectRoot);
    if (reason) {
      console.log(`[web] ${reason}: building the web app`);
      await buildWebApp(o.projectRoot);
    }
  }
  performance.mark('wildrydes:web-check');
  if (o.reset && o.dataDir) {
    const { resetDataFolder } = await import('./data-folder.js');
    const { removed } = resetDataFolder(o.dataDir);
    console.log(`[reset] ${removed.length ? `removed ${removed.map(show).join(', ')}` : 'nothing to remove'}; the certificate authority is kept`);
  }
  // In memory, the configuration and the CA still need a file each, for clients to use: a temporary folder.
  const scratch = o.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'wildrydes-in-memory-'));
  const configOut = o.configOut ?? (scratch ? join(scratch, 'client-config.json') : undefined)!;

  const { startLocalCloud } = await import('./cloud.js');
  performance.mark('wildrydes:cloud-modules');
  const cloud = await startLocalCloud({
    projectRoot: o.projectRoot,
    apiName,
    dataDir: o.dataDir,
    host: o.host,
    exposeBeyondLoopback: o.exposeBeyondLoopback,
    allowedOrigins: o.allowedOrigins,
    ports: o.ports,
    region: o.region,
    dynamodb: o.dynamodbEndpoint ? { endpoint: o.dynamodbEndpoint, ...(o.dynamodbRegion ? { region: o.dynamodbRegion } : {}) } : undefined,
    ...(o.apiId ? { apiId: o.apiId } : {}),
    ...(o.env ? { env: o.env } : {}),
    log: (line) => console.log(line),
  });
  stopOnSignals(cloud, o.dataDir ? `users and data are saved in ${show(o.dataDir)}` : 'in memory: users and data are discarded', scratch);

  const { watchApiSource } = await import('./schema-reload.js');
  const reloader = o.watch ? watchApiSource(cloud, { projectRoot: o.projectRoot, apiName, log: (line) => console.log(line) }) : undefined;
  performance.mark('wildrydes:watch');

  let consoleUrls: import('./console/index.js').ConsoleUrls | undefined;
  if (o.console) {
    const { ensureConsoleBuilt, mountConsole } = await import('./console/index.js');
    try {
      await ensureConsoleBuilt((line) => console.log(line));
    } catch (error) {
      console.warn(`[console] the console pages could not be built (${(error as Error).message}); its API still answers`);
    }
    consoleUrls = mountConsole(cloud, { reloadStatus: reloader?.status });
  }
  performance.mark('wildrydes:console');
  if (o.logRequests) {
    const { formatRequestLine } = await import('./console/index.js');
    cloud.requestLog.subscribe((entry) => console.log(formatRequestLine(entry)));
  }

  writeDerivedJson(configOut, cloud.config);
  if (web) mountWebApp(cloud, { distDir: distributionDir(o.projectRoot), clientConfig: cloud.config });
  let caPath = cloud.caCertPath;
  if (!caPath && scratch) writeFileSync((caPath = join(scratch, 'ca.pem')), cloud.caCertPem);

  const ca = caPath ? show(caPath) : '(none)';
  const data = o.dataDir ? show(o.dataDir) : `memory only: nothing is kept; configuration and CA in ${scratch} (removed on stop)`;
  console.log(
    [
      '',
      'Wild Rydes local cloud',
      `  GraphQL    ${cloud.graphqlEndpoint}  (Cognito user pool tokens, raw in Authorization)`,
      `  Realtime   ${realtimeEndpoint(cloud)}  (AppSync real-time subscriptions; Amplify derives it from the GraphQL endpoint)`,
      `  Cognito    ${cloud.cognito.endpoint}  pool ${cloud.cognito.userPoolId}, app client ${cloud.cognito.clientId}`,
      `  DynamoDB   ${cloud.dynamodb.endpoint}  ${o.dynamodbEndpoint ? '(external)' : `(embedded; tables ${Object.values(cloud.dynamodb.tables).join(', ')})`}`,
      `  Data       ${data}`,
      `  CA         ${ca}`,
      `             Node: NODE_EXTRA_CA_CERTS=${ca} node app.js   curl: curl --cacert ${ca} ...`,
      `  Client     ${show(configOut)}  (Amplify.configure(config) takes it as is)`,
      web
        ? `  Web app    ${new URL('/', cloud.graphqlEndpoint).href}  (trust the CA above in the browser; configuration at ${CONFIG_PATH})`
        : `  Web app    not served${o.web ? ' (this project has no src/web)' : ' (--no-web)'}`,
      reloader ? '  Reload     a saved change to the schema or a resolver slot is compiled and served (--no-watch: off)' : '',
      ...(consoleUrls
        ? [
            `  Console    ${consoleUrls.explorer}  (GraphiQL, acting as any user of the pool)`,
            `             ${consoleUrls.users}  ${consoleUrls.data}  ${consoleUrls.requests}`,
          ]
        : []),
      o.logRequests ? '' : '  Requests are not logged here (--log-requests prints one line each; the console lists them).',
      '',
      // performance.now() counts from the process's start: module loading included.
      `Ready in ${(performance.mark('wildrydes:ready').startTime / 1000).toFixed(2)} s. Ctrl-C stops.`,
    ].join('\n'),
  );
  if (process.env.WILDRYDES_START_TIMINGS) console.log(startTimings());
}

/** The start's phases as marked along the way (`wildrydes:<phase>`), in ms since the process started. */
function startTimings(): string {
  const marks = performance
    .getEntriesByType('mark')
    .filter((mark) => mark.name.startsWith('wildrydes:'))
    .sort((a, b) => a.startTime - b.startTime)
    .map((mark) => `${mark.name.slice('wildrydes:'.length)} ${Math.round(mark.startTime)}`);
  return `[start] timings (ms since process start): ${marks.join(', ')}`;
}

/** wss://<host>:<port>/graphql/realtime: the real-time endpoint on the GraphQL endpoint's server. */
function realtimeEndpoint(cloud: LocalCloud): string {
  return new URL(cloud.realtime.path, cloud.graphqlEndpoint.replace(/^https:/, 'wss:')).href;
}

// One Ctrl-C often arrives more than once: the terminal signals the whole process group (npm and
// node), and npm forwards its own copy to node. A repeat within this window is that echo, not a
// second press; only a later one gives up waiting.
const SIGNAL_ECHO_MS = 2_000;

function stopOnSignals(cloud: LocalCloud, kept: string, scratch: string | undefined): void {
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (performance.now() - stoppingSince < SIGNAL_ECHO_MS) return;
      console.log(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stoppingSince = performance.now();
    console.log(`\n${signal}: stopping; requests in flight are answered first (${kept})`);
    cloud.close().then(
      () => {
        if (scratch) rmSync(scratch, { recursive: true, force: true });
        console.log('Stopped.');
        process.exit(0);
      },
      (error: Error) => {
        console.error(`Stopping failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  console.error(`${error.name}: ${error.message}`);
  if (error instanceof UsageError) console.error(`\n${USAGE}`);
  process.exit(1);
});
