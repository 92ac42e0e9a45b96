// A raw client of the AppSync real-time protocol (the `ws` package) on the local cloud's
// `<graphql endpoint>/realtime`, for what the Amplify client never sends (forged tokens, malformed
// frames, oversized messages, duplicate ids) and for counting exactly what arrives.
import WebSocket from 'ws';
import type { LocalCloud } from '../../src/local/cloud.js';

/** `<graphql endpoint>/realtime`, always `wss://`: where the Amplify client connects for a custom endpoint. */
export function realtimeUrl(cloud: LocalCloud): string {
  return `${cloud.graphqlEndpoint.replace(/^https:/, 'wss:')}/realtime`;
}

/** The auth subprotocol Amplify offers: `header-<base64url(JSON {Authorization, host})>`. */
export function authProtocol(cloud: LocalCloud, token: string): string {
  const host = new URL(cloud.graphqlEndpoint).host;
  return `header-${Buffer.from(JSON.stringify({ Authorization: token, host })).toString('base64url')}`;
}

export interface Frame {
  type: string;
  id?: string;
  payload?: any;
}

/** A raw client of the AppSync real-time protocol. */
export class RawRealtime {
  /** Frames received and not yet taken by next(). */
  private readonly inbox: Frame[] = [];
  private readonly waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  /** Every frame received, in order (ka included). */
  readonly log: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly protocol: string;

  private constructor(
    private readonly cloud: LocalCloud,
    readonly socket: WebSocket,
  ) {
    this.protocol = socket.protocol;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.log.push(frame);
      const waiter = this.waiters.findIndex((w) => w.match(frame));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(frame);
      else this.inbox.push(frame);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a connection with the given token in the auth subprotocol (none: no auth subprotocol). */
  static connect(cloud: LocalCloud, options: { token?: string; protocols?: string[]; url?: string } = {}): Promise<RawRealtime> {
    const protocols = options.protocols ?? ['graphql-ws', ...(options.token ? [authProtocol(cloud, options.token)] : [])];
    const socket = new WebSocket(options.url ?? realtimeUrl(cloud), protocols, { ca: cloud.caCertPem });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawRealtime(cloud, socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode, body })));
      });
      socket.once('error', reject);
    });
  }

  /** connection_init, then the connection_ack (or the connection_error). */
  async init(): Promise<Frame> {
    this.send({ type: 'connection_init' });
    return this.next((f) => f.type === 'connection_ack' || f.type === 'connection_error');
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  /** A start as Amplify sends it, with its own authorization. */
  start(id: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): void {
    const host = new URL(this.cloud.graphqlEndpoint).host;
    this.send({
      id,
      type: 'start',
      payload: { data: JSON.stringify({ query, variables }), extensions: { authorization: token === undefined ? { host } : { Authorization: token, host } } },
    });
  }

  /** Starts and waits for the start_ack (or the error). */
  async subscribe(id: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Frame> {
    this.start(id, token, query, variables);
    return this.next((f) => f.id === id && (f.type === 'start_ack' || f.type === 'error'));
  }

  /** The next frame that matches (keep-alives are skipped unless asked for); fails after `ms`. */
  next(match: (f: Frame) => boolean = (f) => f.type !== 'ka', ms = 5_000): Promise<Frame> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${ms} ms; received: ${JSON.stringify(this.log.slice(-5))}`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  /** Data frames received so far for a subscription id, and not taken by next(). */
  pendingData(id: string): Frame[] {
    return this.inbox.filter((f) => f.type === 'data' && f.id === id);
  }

  close(): void {
    this.socket.close();
  }
}
