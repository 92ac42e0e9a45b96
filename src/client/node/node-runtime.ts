import { rootCertificates } from 'node:tls';
import WebSocket from 'ws';
import { ConfigurationError } from '../errors.js';

/**
 * Gives Amplify in Node what a browser has: a global WebSocket (for subscriptions; Node 20 has
 * none), and, with `trustedCaPem`, trust in a local certificate authority, such as the local
 * cloud's, for every HTTPS and WSS call Amplify makes. Call once, before the first subscription.
 */
export async function prepareNodeRuntime(options: { trustedCaPem?: string } = {}): Promise<void> {
  const ca = options.trustedCaPem ? [...rootCertificates, options.trustedCaPem] : undefined;
  installWebSocket(ca);
  if (ca) await trustForFetch(ca);
}

function installWebSocket(ca: string[] | undefined): void {
  // Amplify calls `new WebSocket(url, protocols)`; ws takes TLS options as a third argument.
  class NodeWebSocket extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, ca ? { ca } : {});
    }
  }
  (globalThis as { WebSocket?: unknown }).WebSocket = NodeWebSocket;
}

/**
 * Node 20 offers no call to add a CA to `fetch` at run time (NODE_EXTRA_CA_CERTS is read only at
 * start-up). Its fetch (undici) takes its connection pool from a documented global slot, the one
 * undici's own `setGlobalDispatcher` writes; this replaces it with a pool of the same class that
 * also trusts the given CA. The slot is filled by the first fetch, hence the data: URL.
 */
async function trustForFetch(ca: string[]): Promise<void> {
  const slot = Symbol.for('undici.globalDispatcher.1');
  const global = globalThis as unknown as Record<symbol, unknown>;
  if (!global[slot]) await (await fetch('data:,')).text();
  const current = global[slot] as { constructor?: new (options: object) => unknown } | undefined;
  if (typeof current?.constructor !== 'function' || current.constructor.name !== 'Agent') {
    throw new ConfigurationError(
      'this Node.js does not let a CA be added to fetch at run time: start it with NODE_EXTRA_CA_CERTS=<path of the CA certificate> instead',
    );
  }
  global[slot] = new current.constructor({ connect: { ca } });
}
