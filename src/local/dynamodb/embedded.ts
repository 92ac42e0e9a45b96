// The embedded DynamoDB: dynalite (pure JavaScript, LevelDB on disk or in memory) listening on
// loopback. Tables become ACTIVE at once instead of after dynalite's default half second.
// The port needs no credentials and bypasses every @auth rule, so it answers only this machine's
// user: no request with a non-loopback Host (DNS rebinding) or from another browser origin reaches
// dynalite, binding beyond loopback needs `exposeBeyondLoopback`, and the files are private (0600/0700).
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import dynalite from 'dynalite';
import { DEFAULT_DYNAMODB_PORT } from '../ports.js';
import { hostsForBinding, isLoopbackAddress, refuseForeign, type LocalOnlyPolicy } from '../shared/local-only.js';
import { installAtomicIndexWrites } from './atomic-index-writes.js';
import { installIteratorRelease } from './iterator-release.js';
import { installIteratorTableReads } from './iterator-table-reads.js';
import { installLinearExpressionParsers } from './linear-expression-parsers.js';
import { inProcessStore, withDynaliteStore, type InProcessStore } from './in-process.js';
import { installNativeChecksum } from './native-checksum.js';
import { installParsedExpressionCache } from './parsed-expression-cache.js';
import { installTableDescriptionCache } from './table-description-cache.js';
import { installStoreOptions } from './store-options.js';

export interface EmbeddedDynamoDb {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** The LevelDB folder, or undefined in memory. */
  dataDir: string | undefined;
  /** The same store called in this process, without HTTP (in-process.ts): what the local cloud's resolvers use. */
  inProcess: InProcessStore;
  close(): Promise<void>;
}

export class DynamoDbStartError extends Error {
  override name = 'DynamoDbStartError';
}

/** Binding a server without credentials beyond loopback, without saying so. */
export class ExposureError extends Error {
  override name = 'ExposureError';
}

export interface EmbeddedDynamoDbOptions {
  dataDir?: string;
  port?: number;
  /** Default 127.0.0.1. Any other address needs `exposeBeyondLoopback`. */
  host?: string;
  /** Required to listen beyond loopback: anyone who reaches the port can read and write every table. */
  exposeBeyondLoopback?: boolean;
  /** Browser origins allowed besides none (the local cloud's own pages); read at each request. */
  allowedOrigins?: ReadonlySet<string>;
  log?: (line: string) => void;
}

export async function startEmbeddedDynamoDb(options: EmbeddedDynamoDbOptions = {}): Promise<EmbeddedDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_DYNAMODB_PORT;
  const log = options.log ?? ((line: string) => console.log(line));
  if (!isLoopbackAddress(host)) {
    if (!options.exposeBeyondLoopback) {
      throw new ExposureError(
        `The embedded DynamoDB needs no credentials and bypasses every @auth rule; it listens on ${host} (beyond loopback) only when ` +
          `asked explicitly (npm start -- --expose-beyond-loopback, or the exposeBeyondLoopback option). Use 127.0.0.1 otherwise.`,
      );
    }
    log(`[dynamodb] warning: listening on ${host}: anyone who reaches this port can read and write every table, without credentials`);
  }
  installLinearExpressionParsers();
  installParsedExpressionCache();
  installTableDescriptionCache();
  installAtomicIndexWrites();
  installIteratorRelease();
  installIteratorTableReads();
  installNativeChecksum();
  installStoreOptions();
  if (options.dataDir) makePrivate(options.dataDir);
  const { started: server, store } = withDynaliteStore(() => dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }));
  guardRequests(server, { allowedOrigins: options.allowedOrigins ?? new Set(), crossOrigin: 'refuse', extraHosts: hostsForBinding(host) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      server.close();
      reject(
        new DynamoDbStartError(
          error.code === 'EADDRINUSE'
            ? `port ${port} on ${host} is in use: stop what holds it, or choose another DynamoDB port (0 picks a free one)`
            : `embedded DynamoDB could not listen on ${host}:${port}: ${error.message}`,
        ),
      );
    });
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    endpoint: `http://${endpointHost(address)}:${address.port}`,
    dataDir: options.dataDir,
    inProcess: inProcessStore(store),
    // dynalite's close also closes LevelDB, which flushes what it acknowledged. The files LevelDB made
    // meanwhile (with the process umask) are made private too; the folder already keeps others out.
    close: () =>
      (closed ??= new Promise<void>((resolve) => server.close(() => resolve())).then(() => {
        if (options.dataDir) makePrivate(options.dataDir);
      })),
  };
}

/** The address clients use: loopback for a wildcard bind (0.0.0.0 is no Host a client should send). */
export function endpointHost(address: AddressInfo): string {
  if (address.address === '0.0.0.0') return '127.0.0.1';
  if (address.address === '::') return '[::1]';
  return address.family === 'IPv6' ? `[${address.address}]` : address.address;
}

/** Puts the guard of src/local/shared/local-only.ts in front of dynalite's request handler. */
function guardRequests(server: ReturnType<typeof dynalite>, policy: LocalOnlyPolicy): void {
  const handlers = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refusal = refuseForeign(req, policy);
    if (!refusal) {
      for (const handler of handlers) handler(req, res);
      return;
    }
    // DynamoDB's error shape, so that SDKs show the message.
    const body = JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${refusal.name}`, message: refusal.message });
    res.writeHead(refusal.status, {
      'content-type': 'application/x-amz-json-1.0',
      'content-length': String(Buffer.byteLength(body)),
      'x-amzn-errortype': refusal.name,
      vary: 'Origin',
      connection: 'close',
    });
    res.end(body);
    req.resume();
  });
}

/** The store's folder 0700 and its files 0600, created if missing. */
function makePrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    chmodSync(path, stat.isDirectory() ? 0o700 : 0o600);
  }
}
