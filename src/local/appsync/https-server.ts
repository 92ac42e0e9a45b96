// The HTTPS listener of the local AppSync endpoint. The server object is handed out so that the
// realtime (WebSocket) endpoint can attach its `upgrade` handler at `/realtime` on the same host
// and port, as AppSync's client expects for a custom endpoint (`<endpoint>/realtime`, always wss).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { IncomingMessage } from 'node:http';
import type { LocalRequestRefusal } from '../shared/local-only.js';
import { drainingClose } from '../shared/draining-close.js';
import { requestError } from './appsync-errors.js';
import type { RequestHandler } from './graphql-endpoint.js';

export interface LocalHttpsServer {
  server: Server;
  /** https://<host>:<port>, with 127.0.0.1 for a wildcard host. */
  origin: string;
  port: number;
  close(): Promise<void>;
}

export class ListenError extends Error {
  override name = 'ListenError';
}

export async function startHttpsServer(options: {
  host: string;
  port: number;
  tls: { key: string; cert: string };
  handler: RequestHandler;
  /** What the port is for, in error messages. */
  purpose: string;
  /** Refuses requests this machine's user did not make (src/local/shared/local-only.ts) before the handler sees them. */
  guard?: (request: IncomingMessage) => LocalRequestRefusal | undefined;
}): Promise<LocalHttpsServer> {
  const { guard, handler } = options;
  const guarded: RequestHandler = guard
    ? (request, response) => {
        const refusal = guard(request);
        if (!refusal) return handler(request, response);
        const body = JSON.stringify(requestError(refusal.name, refusal.message));
        response.writeHead(refusal.status, {
          'content-type': 'application/json; charset=UTF-8',
          'content-length': String(Buffer.byteLength(body)),
          'x-amzn-errortype': refusal.name,
          connection: 'close',
        });
        response.end(body);
        request.resume();
      }
    : handler;
  // `ca: []`: the server asks for no client certificate, so it needs no trust store. Without a `ca`,
  // node parses its 140 bundled root certificates when the context is made (about 25 ms of a start);
  // our CA is not among them, so the chain served is the same: the leaf alone.
  const server = createServer({ key: options.tls.key, cert: options.tls.cert, ca: [] }, guarded);
  // Idle keep-alive connections would hold a stop up to the client's timeout.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ListenError(
          error.code === 'EADDRINUSE'
            ? `${options.purpose}: port ${options.port} on ${options.host} is in use; stop what holds it or choose another port (0 picks a free one)`
            : `${options.purpose}: cannot listen on ${options.host}:${options.port}: ${error.message}`,
        ),
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    server,
    port: address.port,
    origin: `https://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    close: drainingClose(server),
  };
}
