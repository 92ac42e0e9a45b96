// AppSync's HTTP contract for `POST /graphql`: the caller's token is verified before anything runs,
// the body is a JSON object with `query` (and optional `variables`, `operationName`), the answer is
// `{data, errors}`. Browsers get CORS answers as from AppSync (any origin, preflight allowed).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestError, type AppSyncResponseBody } from './appsync-errors.js';
import type { GraphQLEngine, GraphQLRequest } from './graphql-engine.js';
import { checkVariables, RequestLimitError } from './request-limits.js';
import { UnauthorizedError, type TokenVerifier } from './token-verifier.js';

/**
 * The largest request body accepted. AppSync's own limit is not stated in the sources at hand; 1 MiB
 * is the largest GraphQL operation AWS documents for AppSync (EventBridge's AppSync target).
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;

export const GRAPHQL_PATH = '/graphql';

export interface GraphQLEndpointOptions {
  engine: GraphQLEngine;
  verifier: TokenVerifier;
  /** One line per refused or failed request. */
  log?: (line: string) => void;
  maxRequestBytes?: number;
  /** Called after each executed request is answered (the realtime endpoint publishes mutation results). */
  onResult?: (request: GraphQLRequest, result: AppSyncResponseBody) => void;
  /** Called once per answered POST (the console's request log, `npm start -- --log-requests`). */
  onRequest?: (record: EndpointRequestRecord) => void;
}

/** What one request to the endpoint did. */
export interface EndpointRequestRecord {
  requestId: string;
  /** Epoch milliseconds when the request arrived. */
  at: number;
  durationMs: number;
  status: number;
  /** The request-level errorType of a refused request (UnauthorizedException, ...). */
  errorType?: string;
  claims?: Record<string, unknown>;
  request?: GraphQLRequest;
  result?: AppSyncResponseBody;
  /** Resolver templates that ran, in order. */
  templates: string[];
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-amzn-requestid, x-amzn-errortype, x-amz-apigw-id, date',
};

export function graphqlEndpoint(options: GraphQLEndpointOptions): RequestHandler {
  const maxBytes = options.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const log = options.log ?? (() => {});

  return (request, response) => {
    const requestId = randomUUID();
    const at = Date.now();
    const started = performance.now();
    const templates: string[] = [];
    let claims: Record<string, unknown> | undefined;
    let parsed: GraphQLRequest | undefined;
    const record = (status: number, errorType?: string, result?: AppSyncResponseBody) => {
      if (request.method !== 'POST' || !options.onRequest) return;
      options.onRequest({ requestId, at, durationMs: performance.now() - started, status, errorType, claims, request: parsed, result, templates });
    };
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      const text = JSON.stringify(body);
      response.writeHead(status, {
        ...CORS_HEADERS,
        'content-type': 'application/json; charset=UTF-8',
        'content-length': String(Buffer.byteLength(text)),
        'x-amzn-requestid': requestId,
        ...headers,
      });
      response.end(text);
    };
    const refuse = (status: number, errorType: string, message: string, detail = message) => {
      log(`[graphql] ${status} ${errorType}: ${detail} (${request.method} ${request.url} from ${request.socket.remoteAddress})`);
      send(status, requestError(errorType, message), { 'x-amzn-errortype': errorType });
      record(status, errorType);
    };

    const path = (request.url ?? '/').split('?')[0];
    if (path !== GRAPHQL_PATH) {
      refuse(404, 'NotFoundException', `No resource at ${path}; the GraphQL endpoint is ${GRAPHQL_PATH}`);
      request.resume();
      return;
    }
    if (request.method === 'OPTIONS') {
      response.writeHead(200, {
        ...CORS_HEADERS,
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': request.headers['access-control-request-headers'] ?? 'authorization, content-type, x-amz-date, x-amz-user-agent, x-api-key',
        'access-control-max-age': '86400',
        'content-length': '0',
      });
      response.end();
      return;
    }
    if (request.method !== 'POST') {
      refuse(405, 'MethodNotAllowedException', `${request.method} is not supported; send the GraphQL request with POST`);
      request.resume();
      return;
    }

    // An oversized body is not read: the answer goes out and the connection is closed after it.
    const tooLarge = () => {
      response.on('finish', () => request.destroy());
      response.setHeader('connection', 'close');
      refuse(413, 'PayloadTooLargeException', `The request body is larger than ${maxBytes} bytes`);
    };
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      tooLarge();
      return;
    }

    readBody(request, maxBytes)
      .then(async (body) => {
        if (body === undefined) return tooLarge();
        const authorization = request.headers.authorization;
        try {
          claims = (await options.verifier.verify(Array.isArray(authorization) ? authorization[0] : authorization)).claims;
        } catch (error) {
          if (error instanceof UnauthorizedError) return refuse(401, 'UnauthorizedException', error.message, `${error.message} (${error.detail})`);
          throw error;
        }
        const graphqlRequest = parseGraphQLRequest(body);
        if ('problem' in graphqlRequest) return refuse(400, 'MalformedHttpRequestException', graphqlRequest.problem);
        parsed = graphqlRequest;
        let result: AppSyncResponseBody;
        try {
          checkVariables(parsed.variables);
          result = await options.engine.execute(parsed, { claims, sourceIp: request.socket.remoteAddress ?? '', headers: request.headers, trace: templates });
        } catch (error) {
          if (error instanceof RequestLimitError) return refuse(400, 'BadRequestException', error.message);
          throw error;
        }
        send(200, result);
        record(200, undefined, result);
        options.onResult?.(parsed, result);
      })
      .catch((error: Error) => {
        log(`[graphql] 500 ${error.stack ?? error.message}`);
        if (!response.headersSent) send(500, requestError('InternalFailure', 'The local AppSync endpoint failed to execute the request; see its log'));
        else response.destroy();
        record(500, 'InternalFailure');
      });
  };
}

/** The body, or undefined as soon as it grows larger than `maxBytes`. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    request.on('data', (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > maxBytes) {
        settled = true;
        resolve(undefined);
        request.pause();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!settled) {
        settled = true;
        resolve(Buffer.concat(chunks));
      }
    });
    request.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      }
    });
  });
}

function parseGraphQLRequest(body: Buffer): GraphQLRequest | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    const reason = error instanceof RangeError ? 'it is nested too deeply' : (error as Error).message;
    return { problem: `Unable to parse the request body as JSON: ${reason}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { problem: 'The request body must be a JSON object with a "query" string (batched requests are not supported)' };
  }
  const { query, variables, operationName } = value as Record<string, unknown>;
  if (typeof query !== 'string' || query.trim() === '') return { problem: 'The request body has no "query" string' };
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) {
    return { problem: '"variables" must be a JSON object' };
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return { problem: '"operationName" must be a string' };
  }
  return { query, variables: (variables ?? null) as Record<string, unknown> | null, operationName: (operationName ?? null) as string | null };
}
