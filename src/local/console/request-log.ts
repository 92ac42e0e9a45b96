// The last requests the GraphQL endpoint answered, as the console and `npm start -- --log-requests`
// show them: who called, which operation, how long it took, how it ended. Kept in a fixed-size ring,
// so a long-running local cloud's memory stays flat whatever the traffic.
import { getOperationAST, parse } from 'graphql';
import type { EndpointRequestRecord } from '../appsync/graphql-endpoint.js';
import type { RequestLogEntry, RequestOutcome } from './wire.js';

export const DEFAULT_REQUEST_LOG_SIZE = 500;

export interface RequestLog {
  record(request: EndpointRequestRecord): RequestLogEntry;
  /** Newest last; only entries with an id above `afterId` when given. */
  list(afterId?: number): RequestLogEntry[];
  get(id: number): RequestLogEntry | undefined;
  /** Called with each new entry; returns the unsubscribe function. */
  subscribe(listener: (entry: RequestLogEntry) => void): () => void;
}

export function createRequestLog(size = DEFAULT_REQUEST_LOG_SIZE): RequestLog {
  const ring: Array<RequestLogEntry | undefined> = new Array(size);
  let nextId = 1;
  const listeners = new Set<(entry: RequestLogEntry) => void>();
  const entries = () => {
    const all: RequestLogEntry[] = [];
    for (let id = Math.max(1, nextId - size); id < nextId; id++) all.push(ring[id % size]!);
    return all;
  };
  return {
    record(request) {
      const entry = summarize(nextId, request);
      ring[nextId % size] = entry;
      nextId++;
      for (const listener of listeners) listener(entry);
      return entry;
    },
    list: (afterId = 0) => entries().filter((entry) => entry.id > afterId),
    get: (id) => (id >= Math.max(1, nextId - size) && id < nextId ? ring[id % size] : undefined),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function summarize(id: number, record: EndpointRequestRecord): RequestLogEntry {
  const errors = record.result?.errors ?? [];
  const unauthorized = errors.filter((error) => error.errorType === 'Unauthorized');
  const operation = describeOperation(record.request?.query, record.request?.operationName);
  const claims = record.claims;
  const groups = claims?.['cognito:groups'];
  return {
    id,
    requestId: record.requestId,
    at: record.at,
    durationMs: Math.round(record.durationMs * 10) / 10,
    status: record.status,
    caller: claims
      ? {
          username: String(claims['cognito:username'] ?? claims.username ?? ''),
          sub: String(claims.sub ?? ''),
          groups: Array.isArray(groups) ? groups.map(String) : [],
        }
      : null,
    operationName: record.request?.operationName ?? operation.name,
    kind: operation.kind,
    outcome:
      record.status === 401
        ? '401'
        : record.status !== 200
          ? `${record.status} ${record.errorType ?? 'error'}`
          : unauthorized.length > 0
            ? 'Unauthorized'
            : errors.some((error) => error.path === null && error.errorType === undefined)
              ? 'validation error'
              : errors.length > 0
                ? 'error'
                : 'ok',
    unauthorizedPaths: unauthorized.map((error) => (error.path ?? []).join('.')),
    messages: errors.slice(0, 5).map((error) => error.message),
    templates: [...record.templates],
  };
}

function describeOperation(query: string | undefined, operationName: string | null | undefined) {
  if (!query) return { name: null, kind: null };
  try {
    const operation = getOperationAST(parse(query), operationName ?? undefined);
    return { name: operation?.name?.value ?? null, kind: operation?.operation ?? null };
  } catch {
    return { name: null, kind: null };
  }
}

/** One line per request, for the terminal: time, caller, kind and name, duration, outcome. */
export function formatRequestLine(entry: RequestLogEntry): string {
  const time = new Date(entry.at).toISOString().slice(11, 23);
  const caller = entry.caller ? entry.caller.username || entry.caller.sub : '-';
  const operation = `${entry.kind ?? '?'} ${entry.operationName ?? '(anonymous)'}`;
  const outcome = entry.outcome === 'Unauthorized' ? `Unauthorized ${entry.unauthorizedPaths.join(', ')}` : entry.outcome;
  return `[request] ${time} ${caller} ${operation} ${entry.durationMs.toFixed(1)} ms ${outcome}`;
}
