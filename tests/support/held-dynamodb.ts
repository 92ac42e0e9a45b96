// A DynamoDB endpoint in front of a real one that holds back the operations a test names until the
// test lets them go: a DynamoDB call made slow in a real way (the engine's SDK client waits on a real
// HTTP answer), with the order of events in the test's hands instead of a delay.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HeldDynamoDb {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Operations received, in order (`GetItem`, `UpdateItem`, …), held ones included. */
  received: string[];
  /** Holds every later request of this operation until release(). */
  hold(operation: string): void;
  /** Resolves when a request of this operation is being held. */
  held(operation: string): Promise<void>;
  /** Stops holding; forwards the held requests and resolves when their answers have been sent back. */
  release(): Promise<void>;
  close(): Promise<void>;
}

export async function startHeldDynamoDb(upstream: string): Promise<HeldDynamoDb> {
  const target = new URL(upstream);
  const holding = new Set<string>();
  const heldRequests: Array<{ operation: string; forward: () => Promise<void> }> = [];
  const heldWaiters: Array<{ operation: string; resolve: () => void }> = [];
  const received: string[] = [];

  const forward = (incoming: IncomingMessage, body: Buffer, response: ServerResponse) =>
    new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(
        { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
        (answer) => {
          response.writeHead(answer.statusCode ?? 500, answer.headers);
          answer.pipe(response);
          // 'close' also comes when the client has gone (an engine closed with a request held).
          response.on('close', () => resolve());
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const operation = String(incoming.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
      received.push(operation);
      const send = () => forward(incoming, Buffer.concat(chunks), response);
      if (!holding.has(operation)) return void send().catch(() => response.destroy());
      heldRequests.push({ operation, forward: send });
      for (const waiter of heldWaiters.filter((w) => w.operation === operation)) {
        heldWaiters.splice(heldWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    received,
    hold: (operation) => void holding.add(operation),
    held: (operation) =>
      heldRequests.some((r) => r.operation === operation) ? Promise.resolve() : new Promise((resolve) => heldWaiters.push({ operation, resolve })),
    async release() {
      holding.clear();
      await Promise.all(heldRequests.splice(0).map((r) => r.forward()));
    },
    async close() {
      holding.clear();
      await Promise.all(heldRequests.splice(0).map((r) => r.forward().catch(() => {})));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
