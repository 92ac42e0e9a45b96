// The rides the benchmarks seed: `count` rides spread round-robin over `riders` riders, one a minute
// from 2026-01-01, rider 0 being the signed-in bench rider (its stored owner value given); the other
// riders are made-up identities no one signs in as. Written with BatchWriteItem through the
// DynamoDB API, so that any DynamoDB (the embedded one in another process included) takes them.
import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient, LOCAL_CREDENTIALS } from '../src/local/dynamodb/client.js';
import { batchPut } from '../src/local/dynamodb/tables.js';

export interface SeededRides {
  items: Array<Record<string, AttributeValue>>;
  /** The ids of rider 0's rides, in the order written (oldest first). */
  riderRides: string[];
}

export function seededRides(options: { count: number; riders: number; riderOwnerKey: string }): SeededRides {
  const base = Date.parse('2026-01-01T00:00:00.000Z');
  const items: Array<Record<string, AttributeValue>> = [];
  const riderRides: string[] = [];
  for (let i = 0; i < options.count; i++) {
    const rider = i % options.riders;
    const id = randomUUID();
    const at = new Date(base + i * 60_000).toISOString();
    if (rider === 0) riderRides.push(id);
    items.push(
      marshall({
        id,
        __typename: 'Ride',
        owner: rider === 0 ? options.riderOwnerKey : `00000000-0000-4000-8000-${String(rider).padStart(12, '0')}::rider-${rider}`,
        requestedAt: at,
        pickup: { latitude: 47 + (i % 100) / 100, longitude: -122 - (i % 50) / 100 },
        status: 'REQUESTED',
        createdAt: at,
        updatedAt: at,
      }),
    );
  }
  return { items, riderRides };
}

/** Writes the rides into `table` at the DynamoDB `endpoint` (any region, the local credentials). */
export async function putRides(dynamodb: { endpoint: string; region: string }, table: string, rides: SeededRides): Promise<void> {
  const client = dynamoDbClient({ endpoint: dynamodb.endpoint, region: dynamodb.region, credentials: LOCAL_CREDENTIALS });
  try {
    await batchPut(client, table, rides.items);
  } finally {
    client.destroy();
  }
}
