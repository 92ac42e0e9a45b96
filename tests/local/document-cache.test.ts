import { describe, expect, it } from 'vitest';
import { createDocumentCache } from '../../src/local/appsync/document-cache.js';

describe('document cache', () => {
  it('gives back what was kept for the same query text, and nothing for another', () => {
    const cache = createDocumentCache();
    const checked = { document: { kind: 'Document' }, validationErrors: [] };
    cache.keep('{ a }', checked);
    expect(cache.lookup('{ a }')).toBe(checked);
    expect(cache.lookup('{ a } ')).toBeUndefined();
  });

  it('keeps at most 500 documents and drops the least recently used first', () => {
    const cache = createDocumentCache();
    for (let i = 0; i < 500; i++) cache.keep(`{ f${i} }`, { document: i, validationErrors: [] });
    cache.lookup('{ f0 }'); // used again: now the newest
    cache.keep('{ g }', { document: 'g', validationErrors: [] });
    expect(cache.size).toBe(500);
    expect(cache.lookup('{ f0 }')?.document).toBe(0);
    expect(cache.lookup('{ f1 }')).toBeUndefined();
    expect(cache.lookup('{ g }')?.document).toBe('g');
  });

  it('does not keep a query longer than 16 KiB', () => {
    const cache = createDocumentCache();
    const long = `{ a ${' '.repeat(16 * 1024)}}`;
    cache.keep(long, { document: 1, validationErrors: [] });
    expect(cache.lookup(long)).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
