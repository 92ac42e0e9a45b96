// A DynamoDB client whose item operations reach the embedded store in this process (in-process.ts)
// instead of going through the SDK's middleware and a loopback socket. What goes in and what comes
// out is still the SDK's own work: the command's input is serialized by the client's protocol (the
// same JSON the SDK sends, its quirks included: a number given as `S` is sent as "", a null member
// is left out), and dynalite's answer is read back by the same protocol (the same output shapes,
// Uint8Array binaries, the same error classes, names, messages and `$metadata`). Only the transport
// is skipped: endpoint resolution, signing, retries (dynalite never throttles), HTTP.
//
// Anything this path does not know (an operation not answered in process, a command or client
// without the schema-based protocol of the pinned SDK) goes through the client as before, over HTTP
// to the same store.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InProcessStore } from './in-process.js';

/** The operation schema of a command of the schema-based SDK: [kind, namespace, name, traits, input, output]. */
type OperationSchema = [number, string, string, unknown, unknown, unknown];

interface Protocol {
  serializeRequest(operation: unknown, input: unknown, context: unknown): Promise<{ headers: Record<string, string>; body?: unknown }>;
  deserializeResponse(operation: unknown, context: unknown, response: unknown): Promise<Record<string, unknown> & { $metadata: Record<string, unknown> }>;
}

interface SchemaCommand {
  schema?: unknown;
  input?: unknown;
}

// What the SDK's JSON protocol names the API in `x-amz-target`, as dynalite's handler checks it.
const TARGET_PREFIX = 'DynamoDB_20120810.';

/**
 * `client` with its `send` answering the store's item operations in process. The returned client
 * is `client` for everything else (its configuration, `destroy`).
 */
export function inProcessClient(client: DynamoDBClient, store: InProcessStore): DynamoDBClient {
  const config = client.config as unknown as Record<string, unknown> & { protocol?: Partial<Protocol> };
  const protocol = config.protocol;
  if (typeof protocol?.serializeRequest !== 'function' || typeof protocol.deserializeResponse !== 'function') return client;
  const { serializeRequest, deserializeResponse } = protocol as Protocol;
  // The serializer's context: the client's configuration, with no endpoint to put in the request's URL.
  const context = { ...config, endpoint: async () => undefined };
  const send = client.send.bind(client) as (command: unknown, ...rest: unknown[]) => Promise<unknown>;

  const sendInProcess = async (schema: OperationSchema, input: unknown): Promise<unknown> => {
    const [, namespace, name, traits, inputSchema, outputSchema] = schema;
    // As the SDK's schema serde middleware gives it to the protocol.
    const operation = { name, namespace, traits, input: inputSchema, output: outputSchema };
    const request = await serializeRequest.call(protocol, operation, input, context);
    if (request.headers['x-amz-target'] !== TARGET_PREFIX + name) return undefined;
    const answer = await store.call(name, bodyText(request.body));
    const body = Buffer.from(answer.body);
    const response = {
      statusCode: answer.statusCode,
      headers: { 'x-amzn-requestid': answer.requestId, 'content-type': 'application/x-amz-json-1.0', 'content-length': String(body.byteLength) },
      body,
    };
    try {
      const output = await deserializeResponse.call(protocol, operation, config, response);
      return withOneAttempt(output);
    } catch (error) {
      // As the SDK's deserializing middleware leaves a failure: the raw response at hand, hidden.
      if (error !== null && typeof error === 'object') Object.defineProperty(error, '$response', { value: response, enumerable: false, writable: false, configurable: false });
      throw withOneAttempt(error);
    }
  };

  const shortcut = Object.create(client) as DynamoDBClient;
  shortcut.send = ((command: SchemaCommand, ...rest: unknown[]) => {
    const schema = command?.schema;
    if (rest.length > 0 || !isOperationSchema(schema) || !store.answers(schema[2])) return send(command, ...rest);
    return sendInProcess(schema, command.input).then((output) => output ?? send(command));
  }) as DynamoDBClient['send'];
  return shortcut;
}

function isOperationSchema(schema: unknown): schema is OperationSchema {
  return Array.isArray(schema) && schema.length >= 6 && typeof schema[2] === 'string';
}

/** The request body as text: the SDK's JSON protocol gives bytes (or "{}" for an empty input). */
function bodyText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  return '';
}

/** What the SDK's retry middleware adds to every answer's and error's `$metadata` on a first try. */
function withOneAttempt<T>(value: T): T {
  const metadata = (value as { $metadata?: Record<string, unknown> } | null)?.$metadata;
  if (metadata && typeof metadata === 'object') {
    metadata.attempts = 1;
    metadata.totalRetryDelay = 0;
  }
  return value;
}
