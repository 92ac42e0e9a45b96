// The console's HTTP API, under /console/api on the GraphQL endpoint's origin: acting as a user
// (tokens from the local pool), the pool's users, the tables, the request log, refusal explanations.
// It changes data without credentials, as local development tools do, so every call is first put
// through the local-only guard: a loopback Host, and no browser origin but this console's own.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from '../appsync/graphql-endpoint.js';
import { CognitoError, type LocalCognito } from '../cognito/index.js';
import { allowOriginHeader, refuseForeign, type LocalOnlyPolicy } from '../shared/local-only.js';
import { explainRefusals, readAuthRules } from './auth-rules.js';
import { answerIntrospection, IntrospectionOnlyError } from './introspection.js';
import type { RequestLog } from './request-log.js';
import { TableBrowserError, type TableBrowser } from './table-browser.js';
import type { ActAs, ConsoleInfo, PoolUser } from './wire.js';

export const CONSOLE_API_PREFIX = '/console/api';
const MAX_BODY_BYTES = 64 * 1024;

export class ConsoleRequestError extends Error {
  override name = 'ConsoleRequestError';
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface ConsoleApiOptions {
  cognito: LocalCognito;
  tables: TableBrowser;
  requestLog: RequestLog;
  /** The compiled schema (the engine's) and its templates, current after a reload. */
  schema: () => { getType(name: string): never };
  templateText: (path: string) => string | undefined;
  project: { root: string; apiName: string };
  endpoints: () => { graphql: string; realtime: string };
  /** The last schema reload, when live reload runs. */
  reloadStatus?: () => unknown;
  policy: LocalOnlyPolicy;
}

type Json = Record<string, unknown>;
interface Call {
  method: string;
  parts: string[];
  query: URLSearchParams;
  body: Json;
}

export function consoleApi(options: ConsoleApiOptions): RequestHandler {
  const { cognito } = options;
  const routes: Array<[method: string, pattern: string, run: (call: Call, params: string[]) => Promise<unknown> | unknown]> = [
    ['GET', 'info', (): ConsoleInfo => ({ ...options.endpoints(), userPoolId: cognito.userPoolId, groups: cognito.groups() })],
    ['GET', 'users', (): { users: PoolUser[]; groups: string[] } => ({ users: cognito.users(), groups: cognito.groups() })],
    ['POST', 'users', (call) => createUser(cognito, call.body)],
    ['DELETE', 'users/*', async (_call, [name]) => cognito.admin('AdminDeleteUser', { Username: name })],
    ['POST', 'users/*/groups', async (call, [name]) => cognito.admin('AdminAddUserToGroup', { Username: name, GroupName: text(call.body, 'group') })],
    ['DELETE', 'users/*/groups/*', async (_call, [name, group]) => cognito.admin('AdminRemoveUserFromGroup', { Username: name, GroupName: group })],
    ['POST', 'users/*/confirm', async (_call, [name]) => cognito.admin('AdminConfirmSignUp', { Username: name })],
    ['POST', 'users/*/disable', async (_call, [name]) => cognito.admin('AdminDisableUser', { Username: name })],
    ['POST', 'users/*/enable', async (_call, [name]) => cognito.admin('AdminEnableUser', { Username: name })],
    [
      'POST',
      'users/*/password',
      async (call, [name]) =>
        cognito.admin('AdminSetUserPassword', { Username: name, Password: text(call.body, 'password'), Permanent: call.body.permanent !== false }),
    ],
    ['GET', 'codes', () => ({ codes: cognito.allCodes() })],
    ['POST', 'act-as', (call) => actAs(cognito, text(call.body, 'username'))],
    // The explorer's docs before a user is chosen: the served schema, introspection only.
    ['POST', 'introspect', (call) => answerIntrospection(options.schema(), call.body)],
    ['GET', 'tables', async () => ({ tables: await options.tables.list() })],
    [
      'GET',
      'tables/*/items',
      (call, [model]) => options.tables.page(model!, Number(call.query.get('limit') ?? 25), call.query.get('cursor')),
    ],
    [
      'POST',
      'tables/*/delete',
      async (call, [model]) => {
        const item = call.body.item;
        if (!item || typeof item !== 'object' || Array.isArray(item)) throw new ConsoleRequestError('Send {"item": {...}} with the key of the item to delete');
        return { deleted: await options.tables.delete(model!, item as Json) };
      },
    ],
    ['GET', 'requests', (call) => ({ requests: options.requestLog.list(Number(call.query.get('after') ?? 0) || 0) })],
    [
      'GET',
      'templates',
      (call) => {
        const path = call.query.get('path') ?? '';
        const content = options.templateText(path);
        if (content === undefined) throw new ConsoleRequestError(`No resolver template ${JSON.stringify(path)} in the served API`, 404);
        return { path, content };
      },
    ],
    [
      'POST',
      'explain',
      (call) => {
        const errors = call.body.errors;
        if (!Array.isArray(errors)) throw new ConsoleRequestError('Send {"errors": [...]} as the GraphQL response gave them');
        return { explanations: explainRefusals(errors as never, readAuthRules(options.project.root, options.project.apiName), options.schema()) };
      },
    ],
    ['GET', 'reload', () => ({ reload: options.reloadStatus?.() ?? null })],
  ];

  return (request, response) => {
    const refusal = refuseForeign(request, options.policy);
    if (refusal) {
      request.resume();
      return send(response, refusal.status, { error: refusal.code, message: refusal.message });
    }
    const cors = allowOriginHeader(request, options.policy);
    if (request.method === 'OPTIONS') {
      response.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST, DELETE', 'access-control-allow-headers': 'content-type' });
      return response.end();
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    const parts = url.pathname.slice(CONSOLE_API_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    const method = request.method ?? 'GET';
    const match = routes
      .map(([m, pattern, run]) => ({ m, run, params: matchPattern(pattern, parts) }))
      .find((route) => route.m === method && route.params !== undefined);
    if (!match) {
      request.resume();
      return send(response, 404, { error: 'NotFound', message: `No console API route ${method} ${url.pathname}` }, cors);
    }
    readJsonBody(request)
      .then((body) => match.run({ method, parts, query: url.searchParams, body }, match.params!))
      .then(
        (result) => send(response, 200, result ?? {}, cors),
        (error: Error) => {
          if (error instanceof CognitoError) return send(response, 400, { error: error.type, message: error.message }, cors);
          if (error instanceof ConsoleRequestError) return send(response, error.status, { error: error.name, message: error.message }, cors);
          if (error instanceof TableBrowserError) return send(response, 400, { error: error.name, message: error.message }, cors);
          if (error instanceof IntrospectionOnlyError) return send(response, 400, { error: error.name, message: error.message }, cors);
          send(response, 500, { error: 'InternalError', message: error.message }, cors);
        },
      );
  };
}

function matchPattern(pattern: string, parts: string[]): string[] | undefined {
  const wanted = pattern.split('/');
  if (wanted.length !== parts.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < wanted.length; i++) {
    if (wanted[i] === '*') params.push(parts[i]!);
    else if (wanted[i] !== parts[i]) return undefined;
  }
  return params;
}

async function createUser(cognito: LocalCognito, body: Json) {
  const username = text(body, 'username');
  const password = typeof body.password === 'string' && body.password ? body.password : generatedPassword();
  // The pool requires an email (the auth category's default); a made-up one stands in when none is given.
  const email = typeof body.email === 'string' && body.email ? body.email : `${username}@example.com`;
  const groups = Array.isArray(body.groups) ? body.groups.map(String) : [];
  const unknown = groups.filter((group) => !cognito.groups().includes(group));
  if (unknown.length > 0) throw new ConsoleRequestError(`No group ${unknown.join(', ')} in the pool; its groups are ${cognito.groups().join(', ')}`);
  await cognito.admin('AdminCreateUser', {
    Username: username,
    MessageAction: 'SUPPRESS',
    UserAttributes: [{ Name: 'email', Value: email }, { Name: 'email_verified', Value: 'true' }],
  });
  // A console user is ready to sign in: a permanent password makes it CONFIRMED.
  await cognito.admin('AdminSetUserPassword', { Username: username, Password: password, Permanent: true });
  for (const group of groups) await cognito.admin('AdminAddUserToGroup', { Username: username, GroupName: group });
  return { user: cognito.users().find((user) => user.username === username), password };
}

async function actAs(cognito: LocalCognito, username: string): Promise<ActAs> {
  const tokens = await cognito.issueTokensFor(username);
  const claims = JSON.parse(Buffer.from(tokens.IdToken.split('.')[1]!, 'base64url').toString('utf8')) as Json;
  return {
    idToken: tokens.IdToken,
    accessToken: tokens.AccessToken,
    identity: {
      username: claims['cognito:username'] as string,
      sub: claims.sub as string,
      groups: (claims['cognito:groups'] as string[] | undefined) ?? [],
      expiresAt: Number(claims.exp) * 1000,
    },
  };
}

/** Meets the default Cognito password policy: upper, lower, digit, symbol, 8+. */
function generatedPassword(): string {
  return `Aa1!${randomBytes(12).toString('base64url')}`;
}

function text(body: Json, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new ConsoleRequestError(`"${name}" must be a non-empty string`);
  return value;
}

function readJsonBody(request: IncomingMessage): Promise<Json> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('error', reject);
    request.on('end', () => {
      if (size > MAX_BODY_BYTES) return reject(new ConsoleRequestError(`The request body is larger than ${MAX_BODY_BYTES} bytes`, 413));
      if (size === 0) return resolve({});
      // JSON only: a form post from another page cannot reach a route (and would need a preflight as JSON).
      if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) {
        return reject(new ConsoleRequestError('Send the body as application/json', 415));
      }
      try {
        const value: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Json);
      } catch {
        reject(new ConsoleRequestError('The request body must be a JSON object'));
      }
    });
  });
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(payload)),
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(payload);
}
