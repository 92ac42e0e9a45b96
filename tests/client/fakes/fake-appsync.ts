// A scripted stand-in for an AppSync endpoint, for testing what the client does with each kind of
// answer without a backend: HTTPS POST for queries and mutations, and the AppSync real-time
// protocol over WSS at <endpoint>/realtime (connection_init/ack, start/start_ack, data, stop/complete).
// It serves over TLS with a throwaway self-signed certificate because Amplify always connects to
// a custom endpoint's realtime path with wss://.
import { generateKeyPairSync } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import forge from 'node-forge';
import { WebSocketServer, type WebSocket } from 'ws';

export interface FakeResponse {
  status?: number;
  headers?: Record<string, string>;
  body: unknown;
}

export interface FakeRequest {
  headers: IncomingHttpHeaders;
  body: { query: string; variables: Record<string, unknown> | null };
}

export interface FakeSubscription {
  id: string;
  query: string;
  variables: Record<string, unknown>;
  authorization: unknown;
}

export interface FakeAppSync {
  /** https://localhost:<port>/graphql */
  endpoint: string;
  caCertPem: string;
  requests: FakeRequest[];
  /** What the next POSTs are answered with (the last one repeats). */
  respondWith(...responses: FakeResponse[]): void;
  /** Subscriptions started and not stopped. */
  active(): FakeSubscription[];
  /** Resolves when `count` subscriptions are active. */
  waitForActive(count: number): Promise<FakeSubscription[]>;
  /** Sends a data message to a subscription. */
  publish(id: string, data: unknown): void;
  /** Answers the next start with an error instead of start_ack. */
  refuseNextStart(errors: unknown[]): void;
  stopped: string[];
  close(): Promise<void>;
}

export async function startFakeAppSync(): Promise<FakeAppSync> {
  const { keyPem, certPem } = selfSignedCertificate();
  const requests: FakeRequest[] = [];
  let responses: FakeResponse[] = [{ body: { data: {} } }];
  const subscriptions = new Map<string, FakeSubscription & { socket: WebSocket }>();
  const stopped: string[] = [];
  let refusal: unknown[] | undefined;
  let changed: () => void = () => {};

  const server = createServer({ key: keyPem, cert: certPem }, (req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      requests.push({ headers: req.headers, body: JSON.parse(text) as FakeRequest['body'] });
      const response = responses.length > 1 ? responses.shift()! : responses[0]!;
      res.writeHead(response.status ?? 200, { 'content-type': 'application/json', ...response.headers });
      res.end(JSON.stringify(response.body));
    });
  });
  const sockets = new WebSocketServer({ server, path: '/graphql/realtime', handleProtocols: () => 'graphql-ws' });
  sockets.on('connection', (socket) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as { type: string; id?: string; payload?: { data: string; extensions?: { authorization?: unknown } } };
      if (message.type === 'connection_init') {
        socket.send(JSON.stringify({ type: 'connection_ack', payload: { connectionTimeoutMs: 300_000 } }));
      } else if (message.type === 'start' && message.id && message.payload) {
        if (refusal) {
          socket.send(JSON.stringify({ type: 'error', id: message.id, payload: { errors: refusal } }));
          refusal = undefined;
          return;
        }
        const { query, variables } = JSON.parse(message.payload.data) as { query: string; variables?: Record<string, unknown> };
        subscriptions.set(message.id, {
          id: message.id,
          query,
          variables: variables ?? {},
          authorization: message.payload.extensions?.authorization,
          socket,
        });
        socket.send(JSON.stringify({ type: 'start_ack', id: message.id }));
        changed();
      } else if (message.type === 'stop' && message.id) {
        subscriptions.delete(message.id);
        stopped.push(message.id);
        socket.send(JSON.stringify({ type: 'complete', id: message.id }));
        changed();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const active = (): FakeSubscription[] => [...subscriptions.values()].map(({ socket: _socket, ...rest }) => rest);
  return {
    endpoint: `https://localhost:${port}/graphql`,
    caCertPem: certPem,
    requests,
    stopped,
    respondWith: (...next) => void (responses = next),
    active,
    waitForActive: (count) =>
      new Promise((resolve) => {
        const check = (): void => {
          if (subscriptions.size >= count) {
            changed = () => {};
            resolve(active());
          }
        };
        changed = check;
        check();
      }),
    publish: (id, data) => subscriptions.get(id)?.socket.send(JSON.stringify({ type: 'data', id, payload: { data } })),
    refuseNextStart: (errors) => void (refusal = errors),
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function selfSignedCertificate(): { keyPem: string; certPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }) as string;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 24 * 3600_000);
  const subject = [{ name: 'commonName', value: 'localhost' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { keyPem, certPem: forge.pki.certificateToPem(cert) };
}
