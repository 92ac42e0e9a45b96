// dynalite's response checksum (x-amz-crc32) computed by zlib instead of buffer-crc32's JavaScript
// (src/local/dynamodb/native-checksum.ts) must be the same number for every body: compared with
// buffer-crc32's own computation over bodies of every size and of multi-byte characters, and with
// the x-amz-crc32 header of the store's responses.
import bufferCrc32 from 'buffer-crc32';
import { CreateTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../src/local/dynamodb/client.js';
import { startEmbeddedDynamoDb } from '../../src/local/dynamodb/embedded.js';
import { installNativeChecksum } from '../../src/local/dynamodb/native-checksum.js';

const crc = bufferCrc32 as unknown as { unsigned(...args: unknown[]): number; signed(...args: unknown[]): number };

describe('the native response checksum', () => {
  it("equals buffer-crc32's for strings and buffers of every size", () => {
    installNativeChecksum();
    const samples = ['', 'a', '{"Items":[]}', 'é', '😀 ünïcödé ✓', 'x'.repeat(70_000)];
    let seed = 7;
    for (let i = 0; i < 300; i++) {
      let text = '';
      for (let j = 0; j < (i * 37) % 2000; j++) {
        seed = (seed * 1103515245 + 12345) >>> 0;
        text += String.fromCodePoint([32 + (seed % 95), 0xe9, 0x4e2d, 0x1f600][seed % 4 === 0 ? (seed >>> 8) % 4 : 0]!);
      }
      samples.push(text);
    }
    for (const text of samples) {
      // signed() is buffer-crc32's own loop, left in place.
      const expected = crc.signed(text) >>> 0;
      expect(crc.unsigned(text)).toBe(expected);
      expect(crc.unsigned(Buffer.from(text))).toBe(expected);
    }
    // Other forms (a previous value, a length) are buffer-crc32's.
    expect(crc.unsigned('abc', 5)).toBe(crc.signed('abc', 5) >>> 0);
    expect(crc.unsigned(16)).toBe(crc.signed(16) >>> 0);
  });

  it("is the x-amz-crc32 of the store's responses", async () => {
    const store = await startEmbeddedDynamoDb({ port: 0, log: () => {} });
    const client = new DynamoDBClient({ endpoint: store.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    try {
      await client.send(new CreateTableCommand({ TableName: 'Checksum-local', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }));
      for (let i = 0; i < 30; i++) await client.send(new PutItemCommand({ TableName: 'Checksum-local', Item: { id: { S: `ride-${i}-ü😀` }, note: { S: 'ñ'.repeat(i * 50) } } }));
      const response = await fetch(store.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.Scan',
          authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
          'x-amz-date': '20260101T000000Z',
        },
        body: JSON.stringify({ TableName: 'Checksum-local' }),
      });
      const body = await response.text();
      expect(JSON.parse(body).Count).toBe(30);
      expect(Number(response.headers.get('x-amz-crc32'))).toBe(crc.signed(body) >>> 0);
    } finally {
      client.destroy();
      await store.close();
    }
  });
});
