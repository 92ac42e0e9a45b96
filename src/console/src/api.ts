// Calls to the console's own API (/console/api), same origin.
export class ConsoleApiError extends Error {
  override name = 'ConsoleApiError';
}

export async function call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/console/api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const value = (await response.json().catch(() => ({}))) as { message?: string };
  if (!response.ok) throw new ConsoleApiError(value.message ?? `${method} ${path}: HTTP ${response.status}`);
  return value as T;
}

// The answers' shapes are the server's own (src/local/console/wire.ts).
export type { ActAs, ConsoleInfo, Identity, ItemPage, PoolUser, RefusalExplanation, RequestLogEntry, TableSummary } from '../../local/console/wire';
