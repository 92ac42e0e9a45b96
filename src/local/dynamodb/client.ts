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
