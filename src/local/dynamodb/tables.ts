// Brings the DynamoDB tables in line with the compiled stacks: creates missing tables, and adds or
// removes global secondary indexes when the schema changes (e.g. a new @index).
//
// DynamoDB (and DynamoDB Local) build a new index in place with UpdateTable. dynalite 4 validates
// GlobalSecondaryIndexUpdates.Create but never builds the index, so on the embedded store a table
// whose indexes changed is recreated and its items are copied back; the log says so.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  ScanCommand,
  UpdateContinuousBackupsCommand,
  UpdateTableCommand,
  type CreateTableCommandInput,
  type AttributeValue,
  type DynamoDBClient,
  type TableDescription,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import type { SecondaryIndex, TableDefinition } from '../appsync/api-definition.js';

export class TableSchemaError extends Error {
  override name = 'TableSchemaError';
}

export type TableChange =
  | { table: string; action: 'created' }
  | { table: string; action: 'unchanged' }
  | { table: string; action: 'indexes-updated'; added: string[]; removed: string[] }
  | { table: string; action: 'recreated'; reason: string; itemsCopied: number; itemsDropped: number };

export interface EnsureTablesOptions {
  /**
   * Whether a table may be deleted and recreated with its items copied back (the embedded store,
   * where UpdateTable cannot add an index). Never for an external endpoint: there a change that
   * UpdateTable cannot make is an error.
   */
  recreateOnChange: boolean;
  /**
   * Whether new tables get the stack's settings (billing mode, stream, server-side encryption,
   * point-in-time recovery) as the compiled stacks define them. For external endpoints; a setting
   * the endpoint refuses is dropped with a log line. The embedded store keeps plain tables.
   */
  applyStackSettings?: boolean;
  log?: (line: string) => void;
}

export async function ensureTables(client: DynamoDBClient, tables: TableDefinition[], options: EnsureTablesOptions): Promise<TableChange[]> {
  const changes: TableChange[] = [];
  for (const table of tables) changes.push(await ensureTable(client, table, options));
  return changes;
}

async function ensureTable(client: DynamoDBClient, table: TableDefinition, options: EnsureTablesOptions): Promise<TableChange> {
  const name = table.TableName;
  const existing = await describe(client, name);
  if (!existing) {
    await createTable(client, table, options.applyStackSettings ? options : undefined);
    return { table: name, action: 'created' };
  }
  const keyChanged = !sameKeys(existing.KeySchema ?? [], table.KeySchema);
  const localChanged = !sameIndexes(existing.LocalSecondaryIndexes ?? [], table.LocalSecondaryIndexes);
  const wanted = new Map(table.GlobalSecondaryIndexes.map((index) => [index.IndexName, index]));
  const present = new Map((existing.GlobalSecondaryIndexes ?? []).map((index) => [index.IndexName!, index]));
  // An index whose keys or projection changed is removed and added again, as DynamoDB requires.
  const removed = [...present.keys()].filter((indexName) => !wanted.has(indexName) || !sameIndex(present.get(indexName)!, wanted.get(indexName)!));
  const added = [...wanted.keys()].filter((indexName) => !present.has(indexName) || removed.includes(indexName));
  if (!keyChanged && !localChanged && added.length === 0 && removed.length === 0) return { table: name, action: 'unchanged' };

  const reason = keyChanged
    ? 'its primary key changed'
    : localChanged
      ? 'its local secondary indexes changed'
      : [added.length ? `index ${added.join(', ')} added` : '', removed.length ? `index ${removed.join(', ')} removed` : ''].filter(Boolean).join(', ');
  if (options.recreateOnChange) {
    const result = await recreateWithItems(client, table);
    options.log?.(
      `[dynamodb] ${name}: ${reason}; recreated the table and copied back ${result.itemsCopied} items` +
        (result.itemsDropped ? ` (${result.itemsDropped} items lacked the new key attributes and were dropped)` : '') +
        ' (the embedded store cannot build an index in place)',
    );
    return { table: name, action: 'recreated', reason, ...result };
  }
  if (keyChanged || localChanged) {
    throw new TableSchemaError(
      `table ${name} exists with a different ${keyChanged ? 'primary key' : 'set of local secondary indexes'} than the schema compiles to ` +
        '(DynamoDB cannot change that in place): delete the table, or point the local cloud at another endpoint or environment',
    );
  }
  for (const indexName of removed) {
    await client.send(new UpdateTableCommand({ TableName: name, GlobalSecondaryIndexUpdates: [{ Delete: { IndexName: indexName } }] }));
    await waitUntilActive(client, name);
  }
  for (const indexName of added) {
    const index = wanted.get(indexName)!;
    await client.send(new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: table.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
    await waitUntilActive(client, name);
  }
  options.log?.(`[dynamodb] ${name}: ${reason} with UpdateTable`);
  return { table: name, action: 'indexes-updated', added, removed };
}

async function createTable(client: DynamoDBClient, table: TableDefinition, withSettings?: { log?: (line: string) => void }): Promise<void> {
  const plain: CreateTableCommandInput = {
    TableName: table.TableName,
    KeySchema: table.KeySchema,
    AttributeDefinitions: table.AttributeDefinitions,
    BillingMode: 'PAY_PER_REQUEST',
    ...(table.GlobalSecondaryIndexes.length ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes } : {}),
    ...(table.LocalSecondaryIndexes.length ? { LocalSecondaryIndexes: table.LocalSecondaryIndexes } : {}),
  };
  const settings = withSettings ? table.settings : undefined;
  if (!settings) {
    await client.send(new CreateTableCommand(plain));
    await waitUntilActive(client, table.TableName);
    return;
  }
  const billing: Partial<CreateTableCommandInput> = settings.billingMode === 'PROVISIONED' && settings.provisionedThroughput
    ? {
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: settings.provisionedThroughput,
      // Each GSI of a provisioned table needs its own throughput, as the stack's indexes carry it.
      ...(table.GlobalSecondaryIndexes.length
        ? { GlobalSecondaryIndexes: table.GlobalSecondaryIndexes.map((index) => ({ ...index, ProvisionedThroughput: settings.provisionedThroughput })) }
        : {}),
    }
    : {};
  const extras: Partial<CreateTableCommandInput> = {
    ...(settings.streamViewType ? { StreamSpecification: { StreamEnabled: true, StreamViewType: settings.streamViewType } } : {}),
    ...(settings.sseEnabled !== undefined ? { SSESpecification: { Enabled: settings.sseEnabled } } : {}),
  };
  try {
    await client.send(new CreateTableCommand({ ...plain, ...billing, ...extras }));
  } catch (error) {
    if ((error as Error).name !== 'ValidationException' || Object.keys(extras).length === 0) throw error;
    withSettings?.log?.(`[dynamodb] ${table.TableName}: the endpoint refused ${Object.keys(extras).join(' and ')} (${(error as Error).message}); created without`);
    await client.send(new CreateTableCommand({ ...plain, ...billing }));
  }
  await waitUntilActive(client, table.TableName);
  if (settings.pointInTimeRecovery) {
    try {
      await client.send(new UpdateContinuousBackupsCommand({ TableName: table.TableName, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }));
    } catch (error) {
      withSettings?.log?.(`[dynamodb] ${table.TableName}: point-in-time recovery not set (${(error as Error).name}: ${(error as Error).message})`);
    }
  }
}

async function recreateWithItems(client: DynamoDBClient, table: TableDefinition): Promise<{ itemsCopied: number; itemsDropped: number }> {
  const items = await scanAll(client, table.TableName);
  await client.send(new DeleteTableCommand({ TableName: table.TableName }));
  await waitUntilGone(client, table.TableName);
  await createTable(client, table);
  const keyNames = new Set([
    ...table.KeySchema.map((k) => k.AttributeName),
    ...table.LocalSecondaryIndexes.flatMap((index) => index.KeySchema.map((k) => k.AttributeName)),
  ]);
  const kept = items.filter((item) => [...keyNames].every((attribute) => item[attribute] !== undefined));
  await batchPut(client, table.TableName, kept);
  return { itemsCopied: kept.length, itemsDropped: items.length - kept.length };
}

export async function scanAll(client: DynamoDBClient, tableName: string): Promise<Array<Record<string, AttributeValue>>> {
  const items: Array<Record<string, AttributeValue>> = [];
  let start: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** BatchWriteItem in chunks of 25, retrying unprocessed items. */
export async function batchPut(client: DynamoDBClient, tableName: string, items: Array<Record<string, AttributeValue>>): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: WriteRequest[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 10) throw new TableSchemaError(`BatchWriteItem into ${tableName} kept returning unprocessed items`);
      if (attempt > 0) await sleep(20 * attempt);
      const result = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = result.UnprocessedItems?.[tableName] ?? [];
    }
  }
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException || (error as Error).name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const table = await describe(client, tableName);
    const busy = table?.TableStatus !== 'ACTIVE' || (table.GlobalSecondaryIndexes ?? []).some((index) => index.IndexStatus !== 'ACTIVE');
    if (!busy) return;
    if (attempt > 600) throw new TableSchemaError(`table ${tableName} did not become ACTIVE`);
    await sleep(attempt < 20 ? 10 : 500);
  }
}

async function waitUntilGone(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; (await describe(client, tableName)) !== undefined; attempt++) {
    if (attempt > 600) throw new TableSchemaError(`table ${tableName} was not deleted`);
    await sleep(attempt < 20 ? 10 : 500);
  }
}

function sameKeys(a: ReadonlyArray<{ AttributeName?: string; KeyType?: string }>, b: ReadonlyArray<{ AttributeName?: string; KeyType?: string }>): boolean {
  return a.length === b.length && a.every((key, i) => key.AttributeName === b[i]!.AttributeName && key.KeyType === b[i]!.KeyType);
}

function sameIndex(existing: { KeySchema?: Array<{ AttributeName?: string; KeyType?: string }>; Projection?: { ProjectionType?: string; NonKeyAttributes?: string[] } }, wanted: SecondaryIndex): boolean {
  const projection = (p: { ProjectionType?: string; NonKeyAttributes?: string[] } | undefined) =>
    `${p?.ProjectionType ?? 'ALL'}:${[...(p?.NonKeyAttributes ?? [])].sort().join(',')}`;
  return sameKeys(existing.KeySchema ?? [], wanted.KeySchema) && projection(existing.Projection) === projection(wanted.Projection);
}

function sameIndexes(existing: Array<{ IndexName?: string; KeySchema?: Array<{ AttributeName?: string; KeyType?: string }> }>, wanted: SecondaryIndex[]): boolean {
  if (existing.length !== wanted.length) return false;
  return wanted.every((index) => {
    const match = existing.find((e) => e.IndexName === index.IndexName);
    return match !== undefined && sameIndex(match, index);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
