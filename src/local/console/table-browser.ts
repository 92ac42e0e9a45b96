// The console's view of the tables: item counts, pages of items, deleting one item by its key.
import { DeleteItemCommand, DescribeTableCommand, ScanCommand, type AttributeValue, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ItemPage, TableSummary } from './wire.js';

export class TableBrowserError extends Error {
  override name = 'TableBrowserError';
}

export const MAX_PAGE_SIZE = 100;

export function createTableBrowser(client: DynamoDBClient, tables: () => Record<string, string>) {
  const tableOf = (model: string) => {
    const table = Object.hasOwn(tables(), model) ? tables()[model] : undefined;
    if (!table) throw new TableBrowserError(`No table for model ${JSON.stringify(model)}; the models are ${Object.keys(tables()).join(', ')}`);
    return table;
  };
  const keysOf = async (table: string) => {
    const description = await client.send(new DescribeTableCommand({ TableName: table }));
    return (description.Table?.KeySchema ?? []).map((key) => key.AttributeName!);
  };
  return {
    async list(): Promise<TableSummary[]> {
      return Promise.all(
        Object.entries(tables()).map(async ([model, table]) => {
          let itemCount = 0;
          let start: Record<string, AttributeValue> | undefined;
          do {
            const page = await client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: start }));
            itemCount += page.Count ?? 0;
            start = page.LastEvaluatedKey;
          } while (start);
          return { model, table, itemCount, keys: await keysOf(table) };
        }),
      );
    },
    async page(model: string, limit: number, cursor: string | null): Promise<ItemPage> {
      const table = tableOf(model);
      let start: Record<string, AttributeValue> | undefined;
      if (cursor) {
        try {
          start = marshall(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<string, unknown>);
        } catch {
          throw new TableBrowserError('The cursor is not one this console gave out; start from the first page');
        }
      }
      const size = Math.min(Math.max(1, Math.floor(limit) || 25), MAX_PAGE_SIZE);
      const page = await client.send(new ScanCommand({ TableName: table, Limit: size, ExclusiveStartKey: start }));
      return {
        items: (page.Items ?? []).map((item) => unmarshall(item)),
        cursor: page.LastEvaluatedKey ? Buffer.from(JSON.stringify(unmarshall(page.LastEvaluatedKey))).toString('base64url') : null,
      };
    },
    /** Deletes the item with the key of `item` (its other attributes are ignored); false when there was none. */
    async delete(model: string, item: Record<string, unknown>): Promise<boolean> {
      const table = tableOf(model);
      const keys = await keysOf(table);
      const key: Record<string, unknown> = {};
      for (const name of keys) {
        const value = item[name];
        if (typeof value !== 'string' && typeof value !== 'number') throw new TableBrowserError(`The item's key attribute ${name} is missing`);
        key[name] = value;
      }
      const result = await client.send(new DeleteItemCommand({ TableName: table, Key: marshall(key), ReturnValues: 'ALL_OLD' }));
      return result.Attributes !== undefined;
    },
  };
}

export type TableBrowser = ReturnType<typeof createTableBrowser>;
