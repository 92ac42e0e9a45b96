// Connecting to a Wild Rydes backend: its client configuration (the local cloud's
// client-config.json or a deployed backend's amplifyconfiguration.json), the Cognito admin API of
// its user pool, and SDK clients signed in to its GraphQL API.
//
// The local cloud: the admin API at the pool's userPoolEndpoint with dummy credentials (the local
// pool does not check them), and its certificate authority trusted for the HTTPS GraphQL endpoint.
// A deployed backend: the admin API of Cognito in the pool's region with the caller's AWS
// credentials (the SDK's default chain: environment, AWS_PROFILE, SSO, instance role).
import { existsSync, readFileSync } from 'node:fs';
import { connect as netConnect, isIP } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { connect as tlsConnect, rootCertificates } from 'node:tls';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { ResourcesConfig } from 'aws-amplify';
import { ConsoleLogger } from 'aws-amplify/utils';
import { createClient, signIn, toResourcesConfig, type WildRydesClient } from '../client/index.js';
import { LOCAL_CLIENT_CONFIG, prepareNodeRuntime, readClientConfig } from '../client/node/index.js';
import { CliError, networkCode, unreachableError, type ErrorContext } from './errors.js';
import type { CliIo } from './io.js';

/** Credentials for the local pool's admin API, which does not check them. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export interface ConnectOptions {
  /** --config: client-config.json or amplifyconfiguration.json. */
  config?: string;
  /** --ca: the local cloud's CA certificate (PEM). */
  ca?: string;
}

export interface Connection {
  configPath: string;
  /** The configuration file's contents, as createClient() takes them. */
  rawConfig: unknown;
  config: ResourcesConfig;
  /** The local cloud (its pool has a userPoolEndpoint), not a deployed backend. */
  local: boolean;
  userPoolId: string;
  region: string;
  /** The local pool's URL, or "Cognito in <region>". */
  cognitoLabel: string;
  graphqlEndpoint: string;
  admin: CognitoIdentityProviderClient;
  errorContext: ErrorContext;
  /**
   * Makes the GraphQL endpoint usable from this process (trusts the local CA) and checks that it
   * accepts a connection with a trusted certificate, so that a stopped cloud or an untrusted
   * certificate is reported as such.
   */
  prepareGraphql(): Promise<void>;
  /** An SDK client signed in as this user (Cognito SRP, as the app signs in). */
  signIn(username: string, password: string): Promise<WildRydesClient>;
  close(): void;
}

/** The client configuration's path: --config, else `npm start`'s (WILDRYDES_DATA_DIR honoured). */
export function configPathOf(options: ConnectOptions, io: CliIo): string {
  if (options.config) return resolve(io.cwd, options.config);
  const dataDir = io.env.WILDRYDES_DATA_DIR;
  return dataDir ? resolve(io.cwd, dataDir, 'client-config.json') : resolve(io.cwd, LOCAL_CLIENT_CONFIG);
}

/** The local CA: --ca, WILDRYDES_CA, or `tls/ca.pem` next to the configuration or in `npm start`'s data folder. */
function caPathOf(options: ConnectOptions, io: CliIo, configPath: string): string | undefined {
  if (options.ca) return resolve(io.cwd, options.ca);
  if (io.env.WILDRYDES_CA) return resolve(io.cwd, io.env.WILDRYDES_CA);
  const candidates = [join(dirname(configPath), 'tls', 'ca.pem'), join(resolve(io.cwd, io.env.WILDRYDES_DATA_DIR ?? 'amplify/mock-data'), 'tls', 'ca.pem')];
  return candidates.find((path) => existsSync(path));
}

export async function connect(options: ConnectOptions, io: CliIo): Promise<Connection> {
  const configPath = configPathOf(options, io);
  const shown = display(io, configPath);
  if (!existsSync(configPath)) {
    throw new CliError(
      options.config
        ? `the configuration file ${shown} does not exist: give the local cloud's client-config.json or a deployed backend's amplifyconfiguration.json`
        : `no client configuration at ${shown}: start the local cloud with \`npm start\` (it writes that file), ` +
          'or give --config <path> (client-config.json, or a deployed backend\'s amplifyconfiguration.json)',
    );
  }
  const rawConfig = await readClientConfig(configPath);
  const config = toResourcesConfig(rawConfig);
  const cognito = config.Auth!.Cognito;
  // toResourcesConfig has checked that the pool id and the endpoint are there.
  const userPoolId = cognito.userPoolId ?? '';
  const region = userPoolId.split('_')[0] || config.API?.GraphQL?.region || 'us-east-1';
  const endpoint = cognito.userPoolEndpoint;
  const local = endpoint !== undefined && endpoint !== '';
  const graphqlEndpoint = config.API!.GraphQL!.endpoint;
  const cognitoLabel = local ? endpoint : `Cognito in ${region}`;
  const errorContext: ErrorContext = { local, cognito: cognitoLabel, graphql: graphqlEndpoint, configPath: shown };

  const admin = new CognitoIdentityProviderClient(
    local ? { region, endpoint, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 } : { region },
  );

  // Only a path given with --ca or WILDRYDES_CA can be missing: the default places are looked up.
  const caPath = caPathOf(options, io, configPath);
  if (caPath && !existsSync(caPath)) {
    throw new CliError(`the CA certificate ${display(io, caPath)} does not exist: give the local cloud's tls/ca.pem (under its data folder)`);
  }
  const caPem = caPath ? readFileSync(caPath, 'utf8') : undefined;

  let prepared: Promise<void> | undefined;
  const prepareGraphql = (): Promise<void> =>
    (prepared ??= (async () => {
      await prepareNodeRuntime({ trustedCaPem: caPem });
      try {
        await reachable(new URL(graphqlEndpoint), caPem);
      } catch (error) {
        const code = networkCode(error);
        if (code) throw unreachableError(errorContext, graphqlEndpoint, code);
        throw new CliError(`the GraphQL endpoint ${graphqlEndpoint} could not be reached (${(error as Error).message}): check API.GraphQL.endpoint in ${shown}`);
      }
    })());

  return {
    configPath,
    rawConfig,
    config,
    local,
    userPoolId,
    region,
    cognitoLabel,
    graphqlEndpoint,
    admin,
    errorContext,
    prepareGraphql,
    async signIn(username, password) {
      await prepareGraphql();
      // Amplify warns on every sign-in that the pool's endpoint is a custom one: for the local
      // cloud that is the point. Its errors still reach the CLI as thrown errors.
      if (local && ConsoleLogger.LOG_LEVEL === null) ConsoleLogger.LOG_LEVEL = 'ERROR';
      const client = createClient(rawConfig);
      await signIn(client, { username, password });
      return client;
    },
    close: () => admin.destroy(),
  };
}

/** A path as the operator gave it: relative to the working folder when inside it. */
function display(io: CliIo, path: string): string {
  const inside = relative(io.cwd, path);
  return inside && !inside.startsWith('..') ? inside : path;
}

/**
 * Whether the endpoint accepts a connection and, for https, presents a certificate this process
 * trusts (the same trust prepareNodeRuntime gives fetch). A handshake only: no request reaches the
 * server, so its log stays quiet.
 */
function reachable(url: URL, caPem: string | undefined): Promise<void> {
  const secure = url.protocol === 'https:';
  const port = Number(url.port || (secure ? 443 : 80));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const socket = secure
      ? tlsConnect({ host, port, servername: isIP(host) ? undefined : host, ca: caPem ? [...rootCertificates, caPem] : undefined })
      : netConnect({ host, port });
    socket.setTimeout(15_000, () => socket.destroy(Object.assign(new Error(`no answer from ${url.host} within 15 s`), { code: 'ETIMEDOUT' })));
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.destroy();
      resolve();
    });
    socket.once('error', reject);
  });
}
