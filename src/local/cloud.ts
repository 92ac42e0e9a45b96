// The local cloud: the project's Cognito user pool, its DynamoDB tables and its AppSync GraphQL API,
// on one machine. The API runs the compiled resolvers unchanged, behind AppSync's HTTP contract and
// token verification, over HTTPS with a locally made certificate authority.
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:https';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { findAppSyncApi } from '../compiler/amplify-project.js';
import { defineApi, readBuildFolder, type CompiledApiFiles } from './appsync/api-definition.js';
import { createGraphQLEngine, type GraphQLEngine, type GraphQLEngineOptions } from './appsync/graphql-engine.js';
import { validatedSdlFile } from './appsync/validated-sdl-file.js';
import { graphqlEndpoint, GRAPHQL_PATH } from './appsync/graphql-endpoint.js';
import { startHttpsServer } from './appsync/https-server.js';
import { createPathRouter, type PathRouter } from './appsync/path-router.js';
import { createTokenVerifier } from './appsync/token-verifier.js';
import { startCognito, type LocalCognito, type StartCognitoOptions } from './cognito/index.js';
import { dynamoDbClient, isLoopbackEndpoint, LOCAL_CREDENTIALS } from './dynamodb/client.js';
import { ExposureError, startEmbeddedDynamoDb, type EmbeddedDynamoDb } from './dynamodb/embedded.js';
import { inProcessClient } from './dynamodb/in-process-client.js';
import { hostsForBinding, isLoopbackAddress, ownOrigins, refuseForeign, type LocalOnlyPolicy } from './shared/local-only.js';
import { DEFAULT_COGNITO_PORT, DEFAULT_DYNAMODB_PORT, DEFAULT_GRAPHQL_PORT } from './ports.js';
import { ensureTables, type TableChange } from './dynamodb/tables.js';
import { loadOrCreateTls } from './tls/certificate-authority.js';
import { lockDataFolder } from './data-folder.js';
import { createRequestLog, type RequestLog } from './console/request-log.js';
import { createRealtimeEndpoint, type RealtimeEndpoint, type RealtimeEndpointOptions } from './realtime/index.js';

export { DEFAULT_COGNITO_PORT, DEFAULT_DYNAMODB_PORT, DEFAULT_GRAPHQL_PORT };

/** Under the data folder: the content hashes of the API schemas that passed SDL validation. */
export const VALIDATED_SDL_FILE = join('appsync', 'validated-sdl.json');

export interface LocalCloudOptions {
  /** The project folder holding `amplify/`: the user pool's settings and the API's build come from it. */
  projectRoot: string;
  /** The compiled API; by default the build folder of the project's API is read. */
  api?: CompiledApiFiles;
  /** amplify/backend/api/<apiName>; by default the only one in the project. */
  apiName?: string;
  /**
   * Where users, table data and keys are kept (`npm start` uses `amplify/mock-data`): `cognito/`,
   * `dynamodb/`, `tls/` under it. Omitted: everything is in memory and gone on close.
   */
  dataDir?: string;
  /** Default 127.0.0.1 for every server. Any other address needs `exposeBeyondLoopback`. */
  host?: string;
  /**
   * Required to listen beyond loopback: the Cognito admin actions and the embedded DynamoDB need no
   * credentials, so anyone who reaches the ports can change users and data. A warning is logged.
   */
  exposeBeyondLoopback?: boolean;
  /**
   * Browser origins of development servers (`http://localhost:5173`) allowed, besides the cloud's own
   * pages (https://127.0.0.1|localhost:<graphql port>), to use the local-only routes: the Cognito admin
   * actions and /_local routes, the embedded DynamoDB. Exactly as browsers send Origin: scheme://host:port.
   */
  allowedOrigins?: readonly string[];
  /** Default 20002 (GraphQL), 9325 (Cognito), 20003 (embedded DynamoDB); 0 picks free ports. */
  ports?: { graphql?: number; cognito?: number; dynamodb?: number };
  /**
   * Another DynamoDB (DynamoDB Local, or the real service with `https://dynamodb.<region>.amazonaws.com`)
   * instead of the embedded one. Its tables are created when missing and given new indexes with
   * UpdateTable, never deleted; new ones get the stack's settings (stream, encryption, billing). Without
   * credentials, a loopback endpoint gets LOCAL_CREDENTIALS and any other the AWS SDK's default chain.
   */
  dynamodb?: { endpoint: string; region?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
  /** Where the certificate authority is kept; default `<dataDir>/tls`, or a throwaway one in memory. */
  tlsDir?: string;
  /** The user pool's region (a new pool only); default us-east-1. */
  region?: string;
  /** Stand-ins for the AppSync API id and the Amplify environment: tables are `<Model>-<apiId>-<env>`. */
  apiId?: string;
  env?: string;
  /** Passed to the local Cognito (e.g. a clock for tests). */
  cognito?: Pick<StartCognitoOptions, 'clock'>;
  /** Overrides of the GraphQL engine's per-request execution limits (resolver-scheduler.ts: resolvers in flight, time limit). */
  execution?: GraphQLEngineOptions['execution'];
  /** Passed to the realtime endpoint (e.g. shorter keep-alive intervals for tests). */
  realtime?: Pick<RealtimeEndpointOptions, 'limits'>;
  log?: (line: string) => void;
}

/** What `Amplify.configure()` takes, unchanged. */
export interface AmplifyClientConfig {
  Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint: string } };
  API: { GraphQL: { endpoint: string; region: string; defaultAuthMode: 'userPool' } };
}

export interface LocalCloud {
  /** https://127.0.0.1:<port>/graphql */
  graphqlEndpoint: string;
  /** The HTTPS server of the GraphQL endpoint (the realtime endpoint attaches its upgrade handler here). */
  server: Server;
  cognito: LocalCognito;
  /** The certificate authority that clients must trust, and its file when kept on disk. */
  caCertPem: string;
  /** The HTTPS server's own certificate (browsers can pin its public key). */
  serverCertPem: string;
  caCertPath: string | undefined;
  config: AmplifyClientConfig;
  dynamodb: {
    endpoint: string;
    region: string;
    client: DynamoDBClient;
    /** Table name by model (`Ride` → `Ride-wildrydes-local`). */
    tables: Record<string, string>;
    /** What was done to the tables at start. */
    changes: TableChange[];
  };
  /** The engine serving requests now (a reload replaces it). */
  readonly engine: GraphQLEngine;
  /**
   * Serves a newly compiled API without a restart: tables are brought in line with its indexes, a
   * new engine takes the next requests; open subscriptions carry on when the new schema still has their
   * field and selection (and the new resolvers accept their subscriber), the others end with a
   * SchemaReloaded error. Throws
   * (and the current API keeps serving) when the API cannot be defined or its tables made.
   */
  reload(files: CompiledApiFiles): Promise<{ changes: TableChange[]; keptSubscriptions: number; endedSubscriptions: number }>;
  /** AppSync's real-time (subscriptions) endpoint, wss://<host>:<port>/graphql/realtime on `server`. */
  realtime: RealtimeEndpoint;
  /**
   * Serves pages of this machine's own tools (the web app, the console) on the GraphQL endpoint's
   * origin, at a path prefix; `/graphql` stays the API's.
   */
  mount: PathRouter['mount'];
  /** The last requests the GraphQL endpoint answered (a bounded ring). */
  requestLog: RequestLog;
  /** Where the API's source (schema, resolver slots) is: the console reads the @auth rules there. */
  project: { root: string; apiName: string };
  /**
   * This machine's own pages: the cloud's origins (https://127.0.0.1|localhost|[::1]:<graphql port>) and the
   * `allowedOrigins` option. A route served on `server` that only this machine's user may use guards itself
   * with refuseForeign(req, { allowedOrigins, crossOrigin: 'refuse' }) from src/local/shared/local-only.ts.
   */
  allowedOrigins: ReadonlySet<string>;
  close(): Promise<void>;
}

export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? ((line: string) => console.log(line));
  const host = options.host ?? '127.0.0.1';
  const ports = { graphql: DEFAULT_GRAPHQL_PORT, cognito: DEFAULT_COGNITO_PORT, dynamodb: DEFAULT_DYNAMODB_PORT, ...options.ports };
  const apiName = options.apiName ?? findAppSyncApi(options.projectRoot);
  const files = options.api ?? readBuildFolder(apiBuildDir(options.projectRoot, apiName));
  if (!isLoopbackAddress(host)) {
    if (!options.exposeBeyondLoopback) {
      throw new ExposureError(
        `The local cloud's Cognito admin actions and embedded DynamoDB need no credentials; it listens on ${host} (beyond loopback) ` +
          `only when asked explicitly (npm start -- --expose-beyond-loopback, or the exposeBeyondLoopback option). Use 127.0.0.1 otherwise.`,
      );
    }
    log(`[local] warning: listening on ${host}: anyone who reaches these ports can create users and read and write every table`);
  }
  // The cloud's own pages join once the GraphQL port is known (it may be a free port).
  const allowedOrigins = new Set(options.allowedOrigins ?? []);
  const openPolicy: LocalOnlyPolicy = { allowedOrigins, crossOrigin: 'allow', extraHosts: hostsForBinding(host) };
  const guard = (request: IncomingMessage) => refuseForeign(request, openPolicy);

  // Everything started so far is stopped again if a later step fails.
  const started: Array<() => Promise<void> | void> = [];
  const stopAll = async () => {
    for (const stop of started.reverse()) await stop();
    started.length = 0;
  };
  try {
    // Two clouds on one folder would share dynalite's files and die on "Database is closed".
    if (options.dataDir) {
      const lock = lockDataFolder(options.dataDir);
      started.push(() => lock.release());
    }
    const tlsDir = options.tlsDir ?? (options.dataDir ? join(options.dataDir, 'tls') : undefined);
    // The performance marks time the start's phases (npm start prints them with WILDRYDES_START_TIMINGS=1).
    const [tls, cognito, embedded] = await Promise.all([
      loadOrCreateTls({ dir: tlsDir, hosts: [host], log }).then((tls) => (performance.mark('wildrydes:tls'), tls)),
      startCognito({
        projectRoot: options.projectRoot,
        dataDir: options.dataDir ? join(options.dataDir, 'cognito') : undefined,
        port: ports.cognito,
        host,
        allowedOrigins,
        region: options.region,
        log,
        ...options.cognito,
      }).then((pool) => (started.push(() => pool.close()), performance.mark('wildrydes:cognito'), pool)),
      options.dynamodb
        ? Promise.resolve(undefined)
        : startEmbeddedDynamoDb({
            dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined,
            port: ports.dynamodb,
            host,
            exposeBeyondLoopback: options.exposeBeyondLoopback,
            allowedOrigins,
            log,
          }).then(
            (db: EmbeddedDynamoDb) => (started.push(() => db.close()), performance.mark('wildrydes:dynamodb'), db),
          ),
    ]);

    const region = options.dynamodb?.region ?? cognito.region;
    const target = embedded
      ? { endpoint: embedded.endpoint, region, credentials: LOCAL_CREDENTIALS, inProcess: embedded.inProcess }
      : {
        endpoint: options.dynamodb!.endpoint,
        region,
        credentials: options.dynamodb!.credentials ?? (isLoopbackEndpoint(options.dynamodb!.endpoint) ? LOCAL_CREDENTIALS : undefined),
      };
    const api = defineApi(files, { apiId: options.apiId ?? apiName, env: options.env ?? 'local', region: cognito.region });
    // The embedded store answers the start's DescribeTable calls in process, as it answers resolvers.
    const client = embedded ? inProcessClient(dynamoDbClient(target), embedded.inProcess) : dynamoDbClient(target);
    started.push(() => client.destroy());
    const changes = await ensureTables(client, api.tables, { recreateOnChange: embedded !== undefined, applyStackSettings: embedded === undefined, log });
    performance.mark('wildrydes:tables');

    // Templates are parsed and compiled as they first render; a reload does all of them at once, so
    // that one that does not parse leaves the current API serving. A schema text validated by an
    // earlier start on this data folder is not validated again; a reload always validates.
    const validatedSdl = options.dataDir ? validatedSdlFile(join(options.dataDir, VALIDATED_SDL_FILE)) : undefined;
    let engine = createGraphQLEngine(api, target, { log, execution: options.execution, templates: 'first-use', validatedSdl });
    performance.mark('wildrydes:engine');
    // Engines replaced by a reload may still be finishing a request: closed with the cloud.
    const retired: GraphQLEngine[] = [];
    started.push(() => {
      engine.close();
      for (const old of retired) old.close();
    });
    // The endpoints hold this one, which always answers with the current engine.
    const currentEngine: GraphQLEngine = {
      execute: (request, caller) => engine.execute(request, caller),
      operationKind: (request) => engine.operationKind(request),
      cacheSizes: () => engine.cacheSizes(),
      get simulator() {
        return engine.simulator;
      },
      get execution() {
        return engine.execution;
      },
      close: () => engine.close(),
    };
    const verifier = createTokenVerifier({
      userPoolId: cognito.userPoolId,
      issuer: cognito.issuer,
      jwks: () => cognito.jwks(),
      isRevoked: (claims) => cognito.isRevoked(claims),
    });
    const realtime = createRealtimeEndpoint({ engine: currentEngine, api, verifier, graphqlPath: GRAPHQL_PATH, log, guard, ...options.realtime });
    const requestLog = createRequestLog();
    const router = createPathRouter(
      graphqlEndpoint({ engine: currentEngine, verifier, log, onResult: realtime.publishResult, onRequest: (record) => requestLog.record(record) }),
      [GRAPHQL_PATH],
    );
    const https = await startHttpsServer({
      host,
      port: ports.graphql,
      tls: { key: tls.serverKeyPem, cert: tls.serverCertPem },
      handler: router.handler,
      purpose: 'GraphQL endpoint',
      guard,
    });
    started.push(() => https.close());
    performance.mark('wildrydes:listening');
    for (const origin of ownOrigins(https.port)) allowedOrigins.add(origin);
    // Stopped before the HTTPS server (stops run in reverse), whose close waits for open sockets.
    realtime.attach(https.server);
    started.push(() => realtime.close());

    const graphqlEndpointUrl = `${https.origin}${GRAPHQL_PATH}`;
    let closing: Promise<void> | undefined;
    const tables: Record<string, string> = {};
    const setTables = (definition: typeof api) => {
      for (const key of Object.keys(tables)) delete tables[key];
      for (const table of definition.tables) tables[table.origin.split('.')[0]!] = table.TableName;
    };
    setTables(api);
    return {
      graphqlEndpoint: graphqlEndpointUrl,
      server: https.server,
      cognito,
      caCertPem: tls.caCertPem,
      caCertPath: tls.caCertPath,
      serverCertPem: tls.serverCertPem,
      config: {
        Auth: { Cognito: { userPoolId: cognito.userPoolId, userPoolClientId: cognito.clientId, userPoolEndpoint: cognito.endpoint } },
        API: { GraphQL: { endpoint: graphqlEndpointUrl, region: cognito.region, defaultAuthMode: 'userPool' } },
      },
      dynamodb: {
        endpoint: target.endpoint,
        region,
        client,
        tables,
        changes,
      },
      get engine() {
        return engine;
      },
      async reload(nextFiles) {
        const next = defineApi(nextFiles, { apiId: options.apiId ?? apiName, env: options.env ?? 'local', region: cognito.region });
        const tableChanges = await ensureTables(client, next.tables, { recreateOnChange: embedded !== undefined, log });
        const nextEngine = createGraphQLEngine(next, target, { log, execution: options.execution });
        retired.push(engine);
        engine = nextEngine;
        setTables(next);
        const { kept, ended } = await realtime.reload(nextEngine, next);
        return { changes: tableChanges, keptSubscriptions: kept, endedSubscriptions: ended };
      },
      realtime,
      mount: router.mount,
      requestLog,
      project: { root: options.projectRoot, apiName },
      allowedOrigins,
      close: () => (closing ??= stopAll()),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** amplify/backend/api/<apiName>/build, where `npm run compile` writes the compiled API. */
export function apiBuildDir(projectRoot: string, apiName: string): string {
  return join(projectRoot, 'amplify', 'backend', 'api', apiName, 'build');
}
