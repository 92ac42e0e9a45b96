// Counts what DynamoDB read for the requests a simulator's data sources send: ScannedCount of each
// Query and Scan (items read before any filter), one per GetItem that found its item.
import type { AmplifyAppSyncSimulator } from '@aws-amplify/amplify-appsync-simulator';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export interface ReadCounter {
  reset(): void;
  /** Since the last reset: DynamoDB calls by name, and items read. */
  read(): { calls: Record<string, number>; itemsRead: number };
}

export function countDynamoDbReads(simulator: AmplifyAppSyncSimulator): ReadCounter {
  let calls: Record<string, number> = {};
  let itemsRead = 0;
  const loaders = (simulator as unknown as { dataSources: Map<string, { client?: DynamoDBClient }> }).dataSources;
  for (const loader of loaders.values()) {
    loader.client?.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const name = String(context.commandName ?? 'unknown').replace(/Command$/, '');
        calls[name] = (calls[name] ?? 0) + 1;
        const output = result.output as { ScannedCount?: number; Item?: unknown };
        if (typeof output.ScannedCount === 'number') itemsRead += output.ScannedCount;
        else if (name === 'GetItem' && output.Item) itemsRead += 1;
        return result;
      },
      { step: 'initialize', name: 'benchReadCounter' },
    );
  }
  return {
    reset: () => {
      calls = {};
      itemsRead = 0;
    },
    read: () => ({ calls: { ...calls }, itemsRead }),
  };
}
