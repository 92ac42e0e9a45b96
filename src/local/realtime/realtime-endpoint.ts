// AppSync's real-time endpoint for the local cloud: WebSocket (subprotocol `graphql-ws`) at
// `<graphql endpoint>/realtime` on the GraphQL endpoint's own HTTPS server, where the Amplify v6
// client connects for a custom endpoint (always with wss://).
//
// - The connection's token comes in the `header-<base64url JSON>` subprotocol (or the older
//   `?header=<base64 JSON>` query parameter) and is verified as the HTTP endpoint verifies tokens;
//   a bad one is answered with connection_error (UnauthorizedException) and a close.
// - Every start is authorized on its own, from the token in its `payload.extensions.authorization`
//   (Amplify shares one socket between all the users of a process), then by the Subscription
//   field's resolvers (see subscriptions.ts).
// - Mutations executed over HTTP publish their results here (publishResult); each subscription whose
//   filter matches receives the event shaped by its own selection set.
// - A connection is closed, after an `error` frame (UnauthorizedException "Token has expired."), when
//   the token of the connection or of any of its subscriptions expires; clients reconnect with fresh
//   tokens and start their subscriptions again.
// - Hostile input (binary or malformed frames, unknown types, oversized messages) is answered with an
//   error frame and the connection keeps serving; frames beyond a hard limit close the connection.
import type { IncomingMessage } from 'node:http';
import type { Server } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { ApiDefinition } from '../appsync/api-definition.js';
import type { AppSyncResponseBody } from '../appsync/appsync-errors.js';
import type { GraphQLEngine, GraphQLRequest } from '../appsync/graphql-engine.js';
import { UnauthorizedError, type JwtClaims, type TokenVerifier } from '../appsync/token-verifier.js';
import { CLOSE, REALTIME_LIMITS, REALTIME_PATH_SUFFIX, realtimeErrors, SUBPROTOCOL, type RealtimeError, type ServerFrame } from './protocol.js';
import type { LocalRequestRefusal } from '../shared/local-only.js';
import { SubscriptionSchema, type Subscriber, type SubscriptionPlan } from './subscriptions.js';

export interface RealtimeEndpointOptions {
  engine: GraphQLEngine;
  api: ApiDefinition;
  verifier: TokenVerifier;
  /** The GraphQL endpoint's path (`/graphql`); the realtime endpoint is `<path>/realtime`. */
  graphqlPath: string;
  /** One line per refused connection, refused start or failure. */
  log?: (line: string) => void;
  /** Overrides of REALTIME_LIMITS (tests use short keep-alive intervals). */
  limits?: Partial<typeof REALTIME_LIMITS>;
  /** Refuses upgrades this machine's user did not make (src/local/shared/local-only.ts), before anything else. */
  guard?: (request: IncomingMessage) => LocalRequestRefusal | undefined;
}

export interface RealtimeStats {
  connections: number;
  subscriptions: number;
}

export interface RealtimeEndpoint {
  /** `/graphql/realtime` */
  path: string;
  /** Serves WebSocket upgrades at `path` on the server (other upgrade requests get a 404). */
  attach(server: Server): void;
  /**
   * Publishes the events of a request executed over HTTP: each root mutation field that returned
   * data, to the subscriptions of the Subscription fields that `@aws_subscribe` to it. Never throws.
   */
  publishResult(request: GraphQLRequest, result: AppSyncResponseBody): void;
  /** Publishes one mutation field's result (keyed by field names); returns how many subscriptions received it. */
  publish(mutation: string, payload: Record<string, unknown>): number;
  stats(): RealtimeStats;
  /**
   * Serves a reloaded API: new starts use its schema and resolvers. Each open subscription is started
   * again on the new API as its subscriber (same document, variables and token): when its Subscription
   * field still exists, its selection still validates and the new resolvers accept it, it carries on
   * (with the new plan); otherwise it ends with an `error` {errorType: "SchemaReloaded"} that says
   * what is gone, so the client can subscribe again to what the new schema has.
   */
  reload(engine: GraphQLEngine, api: ApiDefinition): Promise<{ kept: number; ended: number }>;
  /** Closes every connection (1001) and stops serving upgrades. */
  close(): Promise<void>;
}

interface ActiveSubscription {
  connection: Connection;
  id: string;
  plan: SubscriptionPlan;
  /** The schema the plan was made with (events are shaped with it; a reload replaces both). */
  schema: SubscriptionSchema;
  /** What started it, kept to start it again on a reloaded API. */
  request: GraphQLRequest;
  subscriber: Subscriber;
  /** When the token that started it expires (ms). */
  expiresAt: number;
}

type ConnectionAuth = { ok: true; claims: JwtClaims; expiresAt: number } | { ok: false; error: RealtimeError };

const PENDING = Symbol('pending start');

export function createRealtimeEndpoint(options: RealtimeEndpointOptions): RealtimeEndpoint {
  const log = options.log ?? (() => {});
  const limits = { ...REALTIME_LIMITS, ...options.limits };
  const path = `${options.graphqlPath}${REALTIME_PATH_SUFFIX}`;
  let schema = new SubscriptionSchema(options.engine, options.api);
  const byMutation = new Map<string, Set<ActiveSubscription>>();
  const connections = new Set<Connection>();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  let attached: { server: Server; listener: (request: IncomingMessage, socket: Duplex, head: Buffer) => void } | undefined;

  const registry: Registry = {
    schema,
    verifier: options.verifier,
    limits,
    log,
    add(subscription) {
      for (const mutation of subscription.plan.mutations) {
        let set = byMutation.get(mutation);
        if (!set) byMutation.set(mutation, (set = new Set()));
        set.add(subscription);
      }
    },
    remove(subscription) {
      for (const mutation of subscription.plan.mutations) byMutation.get(mutation)?.delete(subscription);
    },
    closed(connection) {
      connections.delete(connection);
    },
  };

  const publish = (mutation: string, payload: Record<string, unknown>): number => {
    const subscriptions = byMutation.get(mutation);
    if (!subscriptions || subscriptions.size === 0) return 0;
    // Subscriptions with the same document and variables (on the same schema) receive the same data: shaped once.
    const shaped = new Map<SubscriptionSchema, Map<string, string>>();
    let delivered = 0;
    for (const subscription of subscriptions) {
      const { plan, connection, id, schema: planSchema } = subscription;
      try {
        if (!planSchema.matches(plan, payload)) continue;
        let bySchema = shaped.get(planSchema);
        if (!bySchema) shaped.set(planSchema, (bySchema = new Map()));
        let json = bySchema.get(plan.shapeKey);
        if (json === undefined) bySchema.set(plan.shapeKey, (json = JSON.stringify(planSchema.shape(plan, payload))));
        if (Buffer.byteLength(json) > limits.maxEventBytes) {
          log(`[realtime] an event of ${mutation} for ${plan.fieldName} (${id}) is larger than ${limits.maxEventBytes} bytes; not delivered`);
          continue;
        }
        if (connection.sendRaw(`{"type":"data","id":${JSON.stringify(id)},"payload":${json}}`)) delivered++;
      } catch (error) {
        log(`[realtime] delivering ${mutation} to ${plan.fieldName} (${id}) failed: ${(error as Error).stack ?? String(error)}`);
      }
    }
    return delivered;
  };

  return {
    path,
    attach(server) {
      if (attached) throw new Error('the realtime endpoint is already attached to a server');
      const listener = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
        socket.on('error', () => {});
        const refusal = options.guard?.(request);
        if (refusal) {
          log(`[realtime] ${refusal.status} ${refusal.name}: upgrade from ${request.socket.remoteAddress}`);
          return rejectUpgrade(socket, refusal.status, refusal.name, refusal.message);
        }
        const url = new URL(request.url ?? '/', 'https://localhost');
        if (url.pathname !== path) {
          return rejectUpgrade(socket, 404, 'NotFoundException', `No WebSocket endpoint at ${url.pathname}; the realtime endpoint is ${path}`);
        }
        const offered = String(request.headers['sec-websocket-protocol'] ?? '')
          .split(',')
          .map((p) => p.trim())
          .filter(Boolean);
        if (!offered.includes(SUBPROTOCOL)) {
          return rejectUpgrade(socket, 400, 'BadRequestException', `The WebSocket subprotocol must include ${SUBPROTOCOL}`);
        }
        sockets.handleUpgrade(request, socket, head, (ws) => {
          const authorization = connectionAuthorization(offered, url);
          const auth = verifyConnection(options.verifier, authorization, log, request);
          connections.add(new Connection(registry, ws, auth, request));
        });
      };
      server.on('upgrade', listener);
      attached = { server, listener };
    },
    publishResult(request, result) {
      try {
        for (const event of schema.mutationEvents(request, result)) publish(event.mutation, event.payload);
      } catch (error) {
        log(`[realtime] publishing the result of a request failed: ${(error as Error).stack ?? String(error)}`);
      }
    },
    publish,
    async reload(engine, api) {
      const next = new SubscriptionSchema(engine, api);
      // Starts and published results use the new API from here on; the open subscriptions keep
      // their old plans (and receive events) until their new ones are ready.
      schema = next;
      registry.schema = next;
      const active = new Set<ActiveSubscription>();
      for (const set of byMutation.values()) for (const subscription of set) if (subscription.schema !== next) active.add(subscription);
      const outcomes = await Promise.all(
        [...active].map(async (subscription) => ({ subscription, outcome: await restartOn(next, subscription) })),
      );
      let kept = 0;
      let ended = 0;
      for (const { subscription, outcome } of outcomes) {
        // Stopped, or its connection closed, meanwhile.
        if (!subscription.connection.holds(subscription)) continue;
        registry.remove(subscription);
        if (outcome.ok) {
          subscription.plan = outcome.plan;
          subscription.schema = next;
          registry.add(subscription);
          kept++;
        } else {
          subscription.connection.end(subscription.id, outcome.error);
          ended++;
        }
      }
      return { kept, ended };
    },
    stats() {
      let subscriptions = 0;
      for (const connection of connections) subscriptions += connection.activeCount();
      return { connections: connections.size, subscriptions };
    },
    async close() {
      if (attached) attached.server.off('upgrade', attached.listener);
      attached = undefined;
      const closing = [...connections].map((connection) => connection.shutdown());
      await Promise.all(closing);
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}

interface Registry {
  schema: SubscriptionSchema;
  verifier: TokenVerifier;
  limits: typeof REALTIME_LIMITS;
  log: (line: string) => void;
  add(subscription: ActiveSubscription): void;
  remove(subscription: ActiveSubscription): void;
  closed(connection: Connection): void;
}

/**
 * A subscription started again on a reloaded API, as its subscriber: its new plan, or the error that
 * ends it, saying what of the schema it needed is gone.
 */
async function restartOn(next: SubscriptionSchema, subscription: ActiveSubscription): Promise<{ ok: true; plan: SubscriptionPlan } | { ok: false; error: RealtimeError }> {
  const { fieldName } = subscription.plan;
  const schemaReloaded = (message: string): { ok: false; error: RealtimeError } => ({ ok: false, error: { errorType: 'SchemaReloaded', message } });
  if (!next.hasSubscriptionField(fieldName)) {
    return schemaReloaded(
      `The local API was reloaded and its schema has no Subscription field ${fieldName} any more; this subscription ended. ` +
        'Subscribe to a field of the new schema.',
    );
  }
  try {
    const result = await next.start(subscription.request, subscription.subscriber);
    if (result.ok) return result;
    return schemaReloaded(
      `The local API was reloaded and this subscription to ${fieldName} is not valid on the new schema: ` +
        `${result.errors.map((e) => e.message.replace(/\.$/, '')).join('; ')}. Subscribe again with a selection the new schema has.`,
    );
  } catch (error) {
    return schemaReloaded(`The local API was reloaded and starting this subscription to ${fieldName} again failed (${(error as Error).message}); subscribe again.`);
  }
}

function rejectUpgrade(socket: Duplex, status: number, errorType: string, message: string): void {
  const body = JSON.stringify({ errors: [{ errorType, message }] });
  const reason = ({ 403: 'Forbidden', 404: 'Not Found', 421: 'Misdirected Request' } as Record<number, string>)[status] ?? 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: application/json; charset=UTF-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nx-amzn-errortype: ${errorType}\r\n\r\n${body}`,
  );
}

/** The Authorization of the connection: from the `header-<base64url JSON>` subprotocol, or `?header=`. */
function connectionAuthorization(offered: string[], url: URL): string | undefined {
  const encoded = offered.find((p) => p.startsWith('header-'))?.slice('header-'.length) ?? url.searchParams.get('header') ?? undefined;
  if (!encoded) return undefined;
  try {
    // Node's base64 decoder reads both the standard and the URL-safe alphabet.
    const header = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as { Authorization?: unknown } | null;
    return typeof header?.Authorization === 'string' ? header.Authorization : undefined;
  } catch {
    return undefined;
  }
}

async function verifyConnection(verifier: TokenVerifier, authorization: string | undefined, log: (line: string) => void, request: IncomingMessage) {
  try {
    const { claims } = await verifier.verify(authorization);
    return { ok: true, claims, expiresAt: (claims.exp as number) * 1000 } satisfies ConnectionAuth;
  } catch (error) {
    if (error instanceof UnauthorizedError) {
      log(`[realtime] connection refused: ${error.message} (${error.detail}) from ${request.socket.remoteAddress}`);
      return { ok: false, error: realtimeErrors.unauthorized(error.message) } satisfies ConnectionAuth;
    }
    log(`[realtime] verifying a connection's token failed: ${(error as Error).stack ?? String(error)}`);
    return { ok: false, error: { errorType: 'InternalFailure', message: 'The local realtime endpoint failed to verify the token; see its log' } } satisfies ConnectionAuth;
  }
}

/** Bytes of a received message. */
function sizeOf(data: RawData): number {
  if (Buffer.isBuffer(data)) return data.length;
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

class Connection {
  private readonly subscriptions = new Map<string, ActiveSubscription | typeof PENDING>();
  /** Messages are handled one after the other, in the order they came. */
  private queue: Promise<void> = Promise.resolve();
  /** Messages received and not yet handled. */
  private queued = 0;
  private keepAlive: NodeJS.Timeout | undefined;
  private expiry: NodeJS.Timeout | undefined;
  private idle: NodeJS.Timeout | undefined;
  private connectionExpiresAt = Infinity;
  private open = true;
  private readonly sourceIp: string;
  private readonly headers: IncomingMessage['headers'];
  private readonly log: (line: string) => void;

  constructor(
    private readonly registry: Registry,
    private readonly socket: WebSocket,
    private readonly auth: Promise<ConnectionAuth>,
    request: IncomingMessage,
  ) {
    this.sourceIp = request.socket.remoteAddress ?? '';
    this.headers = request.headers;
    this.log = registry.log;
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.cleanup());
    socket.on('error', (error) => this.log(`[realtime] connection error from ${this.sourceIp}: ${error.message}`));
    // A connection that never gets going (no valid token, no connection_init or start) is closed.
    this.idle = setTimeout(() => {
      void this.auth.then((auth) => (auth.ok ? this.close(CLOSE.normal, 'No connection_init or start received') : this.refuseConnection(auth.error)));
    }, registry.limits.unauthenticatedTimeoutMs);
    this.idle.unref();
    void auth.then((result) => {
      if (result.ok) this.setConnectionExpiry(result.expiresAt);
    });
  }

  activeCount(): number {
    let count = 0;
    for (const entry of this.subscriptions.values()) if (entry !== PENDING) count++;
    return count;
  }

  /** Sends a frame; false when the connection is gone or too far behind. */
  sendRaw(text: string): boolean {
    if (!this.open || this.socket.readyState !== WebSocket.OPEN) return false;
    // A client that does not read its events is dropped rather than buffered without bound.
    if (this.socket.bufferedAmount > 16 * 1024 * 1024) {
      this.log(`[realtime] closing a connection from ${this.sourceIp} that does not read its events`);
      this.socket.terminate();
      return false;
    }
    this.socket.send(text);
    return true;
  }

  private send(frame: ServerFrame): boolean {
    return this.sendRaw(JSON.stringify(frame));
  }

  private sendError(id: string | undefined, errors: RealtimeError[]): void {
    this.send(id === undefined ? { type: 'error', payload: { errors } } : { type: 'error', id, payload: { errors } });
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (!this.open) return;
    if (isBinary) {
      this.sendError(undefined, [realtimeErrors.badRequest('Binary messages are not supported; send JSON text')]);
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
    } catch (error) {
      this.sendError(undefined, [realtimeErrors.badRequest(`Unable to parse the message as JSON: ${(error as Error).message}`)]);
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message) || typeof (message as { type?: unknown }).type !== 'string') {
      this.sendError(undefined, [realtimeErrors.badRequest('A message must be a JSON object with a "type"')]);
      return;
    }
    const frame = message as { type: string; id?: unknown; payload?: unknown };
    const id = typeof frame.id === 'string' ? frame.id : undefined;
    // Oversized messages are refused with their id, so that a client's start fails at once.
    const size = sizeOf(data);
    if (size > this.registry.limits.maxMessageBytes) {
      this.sendError(id, [realtimeErrors.badRequest(`Message of ${size} bytes is larger than the limit of ${this.registry.limits.maxMessageBytes} bytes`)]);
      return;
    }
    if (this.queued >= this.registry.limits.maxQueuedMessages) {
      this.sendError(id, [realtimeErrors.rateLimited()]);
      return;
    }
    this.queued++;
    this.queue = this.queue
      .then(() => this.handle(frame))
      .catch((error: Error) => {
        this.log(`[realtime] handling a ${frame.type} message failed: ${error.stack ?? error.message}`);
        if (id !== undefined && this.subscriptions.get(id) === PENDING) this.subscriptions.delete(id);
        this.sendError(id, [{ errorType: 'InternalFailure', message: 'The local realtime endpoint failed to handle the message; see its log' }]);
      })
      .finally(() => this.queued--);
  }

  private async handle(frame: { type: string; id?: unknown; payload?: unknown }): Promise<void> {
    if (!this.open) return;
    switch (frame.type) {
      case 'connection_init': {
        const auth = await this.auth;
        if (!auth.ok) return this.refuseConnection(auth.error);
        this.acknowledge(true);
        return;
      }
      case 'start': {
        const auth = await this.auth;
        if (!auth.ok) return this.refuseConnection(auth.error);
        this.acknowledge(false);
        return this.start(frame);
      }
      case 'stop':
        return this.stop(frame);
      default:
        this.sendError(typeof frame.id === 'string' ? frame.id : undefined, [realtimeErrors.badRequest(`Unsupported message type: ${frame.type}`)]);
    }
  }

  /** connection_ack (when asked) and the keep-alive, once the connection is authenticated. */
  private acknowledge(sendAck: boolean): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = undefined;
    if (sendAck) this.send({ type: 'connection_ack', payload: { connectionTimeoutMs: this.registry.limits.connectionTimeoutMs } });
    if (!this.keepAlive) {
      this.send({ type: 'ka' });
      this.keepAlive = setInterval(() => this.send({ type: 'ka' }), this.registry.limits.keepAliveIntervalMs);
      this.keepAlive.unref();
    }
  }

  private refuseConnection(error: RealtimeError): void {
    this.send({ type: 'connection_error', payload: { errors: [error] } });
    this.close(CLOSE.unauthorized, error.message);
  }

  private async start(frame: { id?: unknown; payload?: unknown }): Promise<void> {
    const { id, payload } = frame;
    if (typeof id !== 'string' || id === '') {
      return this.sendError(undefined, [realtimeErrors.badRequest('A start message needs a non-empty string "id"')]);
    }
    const limit = this.registry.limits.subscriptionsPerConnection;
    if (this.subscriptions.has(id)) return this.sendError(id, [realtimeErrors.duplicated(id)]);
    if (this.subscriptions.size >= limit) return this.sendError(id, [realtimeErrors.maxSubscriptions(limit)]);
    const request = parseStartPayload(payload);
    if ('problem' in request) return this.sendError(id, [realtimeErrors.badRequest(request.problem)]);

    this.subscriptions.set(id, PENDING);
    const refuse = (errors: RealtimeError[]) => {
      this.subscriptions.delete(id);
      this.sendError(id, errors);
    };
    let claims: JwtClaims;
    try {
      ({ claims } = await this.registry.verifier.verify(request.authorization));
    } catch (error) {
      if (!(error instanceof UnauthorizedError)) throw error;
      this.log(`[realtime] start ${id} refused: ${error.message} (${error.detail}) from ${this.sourceIp}`);
      return refuse([realtimeErrors.unauthorized(error.message)]);
    }
    const subscriber: Subscriber = { claims, sourceIp: this.sourceIp, headers: this.headers };
    // A reload that comes while it starts does not see it yet: it starts again on the new API.
    let planSchema: SubscriptionSchema;
    let result: Awaited<ReturnType<SubscriptionSchema['start']>>;
    do {
      planSchema = this.registry.schema;
      result = await planSchema.start(request.graphql, subscriber);
    } while (planSchema !== this.registry.schema);
    // Stopped or disconnected meanwhile.
    if (!this.open || this.subscriptions.get(id) !== PENDING) return;
    if (!result.ok) {
      this.log(`[realtime] start ${id} refused: ${result.errors.map((e) => `${e.errorType ?? e.errorCode ?? ''} ${e.message}`).join('; ')}`);
      return refuse(result.errors);
    }
    const subscription: ActiveSubscription = {
      connection: this,
      id,
      plan: result.plan,
      schema: planSchema,
      request: request.graphql,
      subscriber,
      expiresAt: (claims.exp as number) * 1000,
    };
    this.subscriptions.set(id, subscription);
    this.registry.add(subscription);
    this.send({ type: 'start_ack', id });
    this.scheduleExpiry();
  }

  /** Whether this subscription is still one of the connection's open ones. */
  holds(subscription: ActiveSubscription): boolean {
    return this.open && this.subscriptions.get(subscription.id) === subscription;
  }

  /** Ends a subscription from the server side, telling the client why. */
  end(id: string, error: RealtimeError): void {
    if (!this.subscriptions.delete(id)) return;
    this.sendError(id, [error]);
    this.scheduleExpiry();
  }

  private stop(frame: { id?: unknown }): void {
    const { id } = frame;
    if (typeof id !== 'string' || id === '') return this.sendError(undefined, [realtimeErrors.badRequest('A stop message needs a non-empty string "id"')]);
    const entry = this.subscriptions.get(id);
    this.subscriptions.delete(id);
    if (entry && entry !== PENDING) this.registry.remove(entry);
    this.send({ type: 'complete', id });
    this.scheduleExpiry();
  }

  private setConnectionExpiry(expiresAt: number): void {
    this.connectionExpiresAt = expiresAt;
    this.scheduleExpiry();
  }

  /** One timer, at the earliest expiry of the connection's token and its subscriptions' tokens. */
  private scheduleExpiry(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = undefined;
    if (!this.open) return;
    let next = this.connectionExpiresAt;
    for (const entry of this.subscriptions.values()) if (entry !== PENDING && entry.expiresAt < next) next = entry.expiresAt;
    if (next === Infinity) return;
    // setTimeout holds at most ~24.8 days; a later expiry is looked at again then.
    const delay = Math.min(Math.max(0, next - Date.now()), 2 ** 31 - 1);
    this.expiry = setTimeout(() => (Date.now() >= next ? this.expire() : this.scheduleExpiry()), delay);
    this.expiry.unref();
  }

  private expire(): void {
    this.log(`[realtime] closing a connection from ${this.sourceIp}: a token of the connection or of one of its subscriptions expired`);
    this.sendError(undefined, [realtimeErrors.unauthorized('Token has expired.')]);
    this.close(CLOSE.unauthorized, 'Token has expired.');
  }

  private close(code: number, reason: string): void {
    if (!this.open) return;
    this.cleanup();
    // The close reason is limited to 123 bytes.
    this.socket.close(code, Buffer.from(reason).subarray(0, 123).toString());
  }

  /** Closes for a stop of the local cloud; resolves when the socket is closed. */
  shutdown(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.readyState === WebSocket.CLOSED) return resolve();
      this.socket.once('close', () => resolve());
      this.close(CLOSE.goingAway, 'The local cloud is stopping');
      // Clients get a moment to answer the close; then the socket goes.
      setTimeout(() => this.socket.terminate(), 200).unref();
    });
  }

  private cleanup(): void {
    if (!this.open) return;
    this.open = false;
    for (const timer of [this.keepAlive, this.expiry, this.idle]) if (timer) clearTimeout(timer);
    for (const entry of this.subscriptions.values()) if (entry !== PENDING) this.registry.remove(entry);
    this.subscriptions.clear();
    this.registry.closed(this);
  }
}

/** A start's payload: `data` (a JSON string of {query, variables, operationName}) and its authorization. */
function parseStartPayload(payload: unknown): { graphql: GraphQLRequest; authorization: string | undefined } | { problem: string } {
  if (payload === null || typeof payload !== 'object' || typeof (payload as { data?: unknown }).data !== 'string') {
    return { problem: 'A start message needs a payload with a "data" string (the JSON of {query, variables})' };
  }
  const { data, extensions } = payload as { data: string; extensions?: { authorization?: Record<string, unknown> } };
  let request: unknown;
  try {
    request = JSON.parse(data);
  } catch (error) {
    return { problem: `Unable to parse payload.data as JSON: ${(error as Error).message}` };
  }
  if (request === null || typeof request !== 'object' || Array.isArray(request)) return { problem: 'payload.data must be a JSON object with a "query" string' };
  const { query, variables, operationName } = request as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return { problem: 'payload.data has no "query" string' };
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return { problem: '"variables" must be a JSON object' };
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return { problem: '"operationName" must be a string' };
  const authorization = extensions?.authorization?.Authorization ?? extensions?.authorization?.authorization;
  return {
    graphql: { query, variables: (variables ?? null) as Record<string, unknown> | null, operationName: (operationName ?? null) as string | null },
    authorization: typeof authorization === 'string' ? authorization : undefined,
  };
}
