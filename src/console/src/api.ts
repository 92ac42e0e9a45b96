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

export interface PoolUser {
  username: string;
  sub: string;
  status: string;
  enabled: boolean;
  email?: string;
  groups: string[];
  createdAt: number;
}

export interface Identity {
  username: string;
  sub: string;
  groups: string[];
  expiresAt: number;
}

export interface ActAs {
  idToken: string;
  identity: Identity;
}

export interface Explanation {
  path: string;
  type: string;
  field: string;
  model: string | null;
  modelRules: string | null;
  fieldRules: string | null;
}

export interface RequestEntry {
  id: number;
  at: number;
  durationMs: number;
  status: number;
  caller: { username: string; sub: string; groups: string[] } | null;
  operationName: string | null;
  kind: string | null;
  outcome: string;
  unauthorizedPaths: string[];
  messages: string[];
  templates: string[];
}
