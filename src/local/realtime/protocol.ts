// The AppSync real-time protocol (GraphQL over WebSocket, subprotocol `graphql-ws`) as the Amplify
// clients speak it: frames, the limits chosen for the local endpoint, and the error shapes AppSync
// answers with.
//
// Client → server: connection_init, start {id, payload: {data: "<JSON {query, variables}>",
//   extensions: {authorization: {Authorization, host}}}}, stop {id}.
// Server → client: connection_ack {payload: {connectionTimeoutMs}}, ka, start_ack {id},
//   data {id, payload: {data[, errors]}}, error {[id,] payload: {errors}}, complete {id},
//   connection_error {payload: {errors}}.

/** The path under the GraphQL endpoint's path: Amplify connects to `<graphql endpoint>/realtime`. */
export const REALTIME_PATH_SUFFIX = '/realtime';
export const SUBPROTOCOL = 'graphql-ws';

export const REALTIME_LIMITS = {
  /** Sent in connection_ack: the longest the client waits for a keep-alive before reconnecting. */
  connectionTimeoutMs: 300_000,
  /** How often `ka` is sent (Amplify flags a connection after 65 s without one). */
  keepAliveIntervalMs: 60_000,
  /** AppSync's default service quota of subscriptions per connection. */
  subscriptionsPerConnection: 100,
  /** Largest message a client may send: AppSync's 240 KB message size. Larger gets an error frame. */
  maxMessageBytes: 240 * 1024,
  /** Frames above this close the connection (1009) without being read into memory. */
  maxFrameBytes: 1024 * 1024,
  /** Largest event (data frame payload) delivered; AppSync's 240 KB subscription payload limit. */
  maxEventBytes: 240 * 1024,
  /** Messages of one connection waiting to be handled; more are refused with LimitExceededError. */
  maxQueuedMessages: 1_000,
  /** A connection that neither authenticates nor starts anything is closed after this. */
  unauthenticatedTimeoutMs: 10_000,
};

/** WebSocket close codes used (4400-4499 mirror HTTP statuses, as graphql-ws servers do). */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  unauthorized: 4401,
} as const;

/** One entry of `payload.errors` in error and connection_error frames. */
export interface RealtimeError {
  errorType?: string;
  message: string;
  errorCode?: number;
}

export const realtimeErrors = {
  /** A missing, malformed, forged or expired token (on the connection or a start). */
  unauthorized: (message: string): RealtimeError => ({ errorType: 'UnauthorizedException', message, errorCode: 401 }),
  /** An invalid document or variables, or a filter AppSync refuses. */
  validation: (message: string): RealtimeError => ({ message, errorCode: 400 }),
  /** A frame that is not a protocol message. */
  badRequest: (message: string): RealtimeError => ({ errorType: 'BadRequestException', message, errorCode: 400 }),
  /** A query or mutation sent to the realtime endpoint. */
  unsupportedOperation: (kind: string): RealtimeError => ({ errorType: 'UnsupportedOperation', message: `${kind} not supported through the realtime channel` }),
  maxSubscriptions: (limit: number): RealtimeError => ({ errorType: 'MaxSubscriptionsReachedError', message: `Max number of ${limit} subscriptions reached` }),
  duplicated: (id: string): RealtimeError => ({ errorType: 'DuplicatedOperationError', message: `Duplicated operation with id ${id}` }),
  /** Too many messages in flight on one connection. */
  rateLimited: (): RealtimeError => ({ errorType: 'LimitExceededError', message: 'Rate limit exceeded' }),
};

export type ServerFrame =
  | { type: 'connection_ack'; payload: { connectionTimeoutMs: number } }
  | { type: 'connection_error'; payload: { errors: RealtimeError[] } }
  | { type: 'ka' }
  | { type: 'start_ack'; id: string }
  | { type: 'complete'; id: string }
  | { type: 'error'; id?: string; payload: { errors: RealtimeError[] } };
