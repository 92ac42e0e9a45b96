// The embedded DynamoDB: dynalite (pure JavaScript, LevelDB on disk or in memory) listening on
// loopback. Tables become ACTIVE at once instead of after dynalite's default half second.
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { DEFAULT_DYNAMODB_PORT } from '../ports.js';

export interface EmbeddedDynamoDb {
  /** http://127.0.0.1:<port> */
  endpoint: string;
  /** The LevelDB folder, or undefined in memory. */
  dataDir: string | undefined;
  close(): Promise<void>;
}

export class DynamoDbStartError extends Error {
  override name = 'DynamoDbStartError';
}

export async function startEmbeddedDynamoDb(options: { dataDir?: string; port?: number; host?: string } = {}): Promise<EmbeddedDynamoDb> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? DEFAULT_DYNAMODB_PORT;
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
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
    endpoint: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`,
    dataDir: options.dataDir,
    // dynalite's close also closes LevelDB, which flushes what it acknowledged.
    close: () => (closed ??= new Promise<void>((resolve) => server.close(() => resolve()))),
  };
}
