// HTTP front of the pool: Cognito's JSON 1.1 protocol on POST, plus a few GET
// routes (JWKS, OpenID configuration, the local code outbox). Every failure a
// client can cause is a 400 with Cognito's {"__type", "message"} body; the
// process never dies on a request.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { actions } from './actions/index.js';
import { codesFor } from './codes.js';
import type { Context } from './context.js';
import { CognitoError, errorBody, errors, isCognitoError } from './errors.js';
import { findUser } from './users.js';
import { asInput } from './validate.js';
import { allowOriginHeader, refuseForeign, type LocalOnlyPolicy, type LocalRequestRefusal } from '../shared/local-only.js';

export const MAX_BODY_BYTES = 1024 * 1024;
// Past this, the rest of an oversized body is not even drained: the socket is cut.
const MAX_DRAIN_BYTES = 16 * MAX_BODY_BYTES;
const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';

// Access-Control-Allow-Origin is set per request: `*` only on the routes any origin may use.
const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'POST, GET, OPTIONS',
  'access-control-allow-headers': [
    'content-type', 'x-amz-target', 'x-amz-user-agent', 'cache-control', 'authorization', 'x-amz-date',
    'x-amz-security-token', 'x-amz-content-sha256', 'amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-client-context',
  ].join(', '),
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, date',
  'access-control-max-age': '86400',
};

export interface ServerHooks {
  ctx: Context;
  /** Persists the state if the last action changed it; resolves when it is on disk. */
  commit(): Promise<void>;
  /** The http origin clients reach this server on, for the OpenID document. */
  origin(): string;
  /** This machine's own pages: the only browser origins that may use the admin actions and /_local routes. */
  allowedOrigins: ReadonlySet<string>;
  /** Host names accepted besides loopback ones (the addresses of a server bound beyond loopback). */
  extraHosts?: ReadonlySet<string>;
}

// What browser apps call cross-origin on AWS (public client, or the user's own access token).
// Everything else (Admin*, ListUsers, groups: IAM-signed on AWS) and the /_local routes serve only this
// machine's own pages.
const PUBLIC_ACTIONS: ReadonlySet<string> = new Set([
  'SignUp', 'ConfirmSignUp', 'ResendConfirmationCode', 'InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword',
  'ConfirmForgotPassword', 'GetUser', 'UpdateUserAttributes', 'DeleteUser', 'VerifyUserAttribute',
  'GetUserAttributeVerificationCode', 'ChangePassword', 'GlobalSignOut', 'RevokeToken', 'GetTokensFromRefreshToken',
]);

export function createServer(hooks: ServerHooks): http.Server {
  return http.createServer((req, res) => {
    handle(hooks, req, res).catch((err: unknown) => {
      hooks.ctx.log(`[cognito] unexpected error: ${(err as Error)?.stack ?? String(err)}`);
      if (!res.headersSent) send(res, 500, errorBody(errors.internal()));
      else res.destroy();
    });
  });
}

async function handle(hooks: ServerHooks, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const target = headerValue(req.headers['x-amz-target']);
  const name = target?.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
  // A preflight names no action: it is answered for any origin, and the request that follows is judged.
  const open =
    req.method === 'OPTIONS' ||
    (req.method === 'POST' ? name !== undefined && PUBLIC_ACTIONS.has(name) : !url.pathname.startsWith('/_local/'));
  const policy: LocalOnlyPolicy = { allowedOrigins: hooks.allowedOrigins, crossOrigin: open ? 'allow' : 'refuse', extraHosts: hooks.extraHosts };
  for (const [header, value] of Object.entries(allowOriginHeader(req, policy))) res.setHeader(header, value);
  const refusal = refuseForeign(req, policy);
  if (refusal) {
    hooks.ctx.log(`[cognito] ${refusal.status} ${refusal.name}: ${req.method} ${url.pathname}${name ? ` ${name}` : ''}`);
    sendRefusal(res, refusal);
    req.resume();
    return;
  }
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS_HEADERS).end();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    handleGet(hooks, url, res);
    return;
  }
  if (req.method !== 'POST') {
    req.resume();
    sendError(res, errors.unknownOperation(`Method ${req.method} is not supported: send POST with an X-Amz-Target header`));
    return;
  }
  const body = await readBody(req);
  if (body === 'too-large') {
    sendError(res, errors.invalidParameter(`Request body is larger than ${MAX_BODY_BYTES} bytes`), { connection: 'close' });
    return;
  }
  if (body === 'aborted') return;
  if (name === undefined) {
    sendError(res, errors.unknownOperation(`Missing or unknown X-Amz-Target header; expected ${TARGET_PREFIX}<Action>`));
    return;
  }
  const action = Object.prototype.hasOwnProperty.call(actions, name) ? actions[name] : undefined;
  if (!action) {
    sendError(res, errors.unknownOperation(`The local Cognito pool does not implement ${name}`));
    return;
  }
  let input;
  try {
    input = asInput(body.length === 0 ? {} : JSON.parse(body.toString('utf8')));
  } catch (err) {
    sendError(res, isCognitoError(err) ? err : errors.serialization('The request body is not valid JSON'));
    return;
  }
  let result: unknown;
  let failure: CognitoError | undefined;
  try {
    result = action(input, hooks.ctx);
  } catch (err) {
    if (!isCognitoError(err)) throw err;
    failure = err;
  }
  // Also after a failure: a wrong password still counts towards the lockout.
  await hooks.commit();
  if (failure) sendError(res, failure);
  else send(res, 200, result ?? {});
}

function handleGet(hooks: ServerHooks, url: URL, res: http.ServerResponse): void {
  const { ctx } = hooks;
  const poolPrefix = `/${ctx.state.userPoolId}/.well-known/`;
  if (url.pathname === `${poolPrefix}jwks.json`) {
    send(res, 200, ctx.signer.jwks(), 'application/json');
  } else if (url.pathname === `${poolPrefix}openid-configuration`) {
    send(res, 200, openIdConfiguration(hooks), 'application/json');
  } else if (url.pathname === '/_local/codes') {
    const username = url.searchParams.get('username');
    if (!username) {
      sendError(res, errors.invalidParameter('Pass the user as /_local/codes?username=<name>'));
    } else if (!findUser(ctx, username)) {
      sendError(res, errors.userNotFound(), {}, 404);
    } else {
      const codes = codesFor(ctx, username);
      send(res, 200, { username, code: codes[0]?.code ?? null, codes }, 'application/json');
    }
  } else if (url.pathname === '/_local/pool') {
    send(res, 200, {
      userPoolId: ctx.state.userPoolId,
      clientId: ctx.state.clientId,
      region: ctx.state.region,
      issuer: ctx.issuer,
      endpoint: hooks.origin(),
    }, 'application/json');
  } else if (url.pathname === '/' || url.pathname === '') {
    sendError(res, errors.unknownOperation('Cognito operations are POST requests with an X-Amz-Target header'));
  } else {
    sendError(res, errors.resourceNotFound(`No local route ${url.pathname}`), {}, 404);
  }
}

function openIdConfiguration(hooks: ServerHooks): Record<string, unknown> {
  const { ctx } = hooks;
  return {
    issuer: ctx.issuer,
    // A local URL: the issuer names the real Cognito host, which is not where these keys are.
    jwks_uri: `${hooks.origin()}/${ctx.state.userPoolId}/.well-known/jwks.json`,
    id_token_signing_alg_values_supported: ['RS256'],
    subject_types_supported: ['public'],
    response_types_supported: ['code', 'token'],
    scopes_supported: ['openid', 'email', 'phone', 'profile'],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    claims_supported: ['sub', 'cognito:username', 'cognito:groups', 'email', 'email_verified', 'token_use', 'auth_time', 'iss', 'exp', 'iat', 'jti', 'origin_jti'],
  };
}

function readBody(req: http.IncomingMessage): Promise<Buffer | 'too-large' | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.destroy();
        resolve('aborted');
      }
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', () => resolve('aborted'));
    req.on('close', () => resolve('aborted'));
  });
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function sendError(res: http.ServerResponse, err: CognitoError, extraHeaders: Record<string, string> = {}, status = err.status): void {
  send(res, status, errorBody(err), 'application/x-amz-json-1.1', { 'x-amzn-errortype': err.type, ...extraHeaders });
}

function sendRefusal(res: http.ServerResponse, refusal: LocalRequestRefusal): void {
  send(res, refusal.status, { __type: refusal.name, message: refusal.message }, 'application/x-amz-json-1.1', {
    'x-amzn-errortype': refusal.name,
    connection: 'close',
  });
}

function send(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/x-amz-json-1.1',
  extraHeaders: Record<string, string> = {},
): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...CORS_HEADERS,
    'content-type': contentType,
    'content-length': Buffer.byteLength(payload),
    'x-amzn-requestid': randomUUID(),
    ...extraHeaders,
  });
  res.end(payload);
}
