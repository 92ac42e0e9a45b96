import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

/**
 * A client for a DynamoDB endpoint. Local endpoints ignore credentials but the SDK insists on some;
 * for real DynamoDB (no fixed credentials given) the SDK's default chain applies.
 */
export function dynamoDbClient(options: {
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}): DynamoDBClient {
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
}

/** What local DynamoDB endpoints accept (they do not check signatures). */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Whether an endpoint URL names this machine (127.0.0.0/8, ::1, localhost): DynamoDB Local, moto
 * and the like, which take any credentials. Only there are LOCAL_CREDENTIALS used by default; any
 * other endpoint keeps the SDK's credential chain.
 */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
