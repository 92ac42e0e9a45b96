// Parsed and validated GraphQL documents, by query text. A client sends the same few queries over
// and over (the typed SDK's documents are constants), and parsing plus validating them against the
// schema is a fixed cost of every request, about as large as a small resolver. Validation depends on
// the document and the schema only, so its outcome is kept with the document. What depends on the
// request (the operation name's limits, the variables) is still checked on every request.
//
// Bounded: at most MAX_ENTRIES documents of at most MAX_QUERY_CHARS each are kept (a larger query is
// parsed every time, as before); the least recently used goes first.
import type { GraphQLErrorLike } from './simulator-internals.js';

const MAX_ENTRIES = 500;
const MAX_QUERY_CHARS = 16 * 1024;

export interface CheckedDocument {
  document: unknown;
  validationErrors: ReadonlyArray<GraphQLErrorLike>;
}

export interface DocumentCache {
  /** A document kept earlier for this query text, now the most recently used. */
  lookup(query: string): CheckedDocument | undefined;
  /**
   * Keeps a document the engine parsed, found within the request limits and validated (in that
   * order: validating a document beyond the limits is what the limits prevent).
   */
  keep(query: string, checked: CheckedDocument): void;
  readonly size: number;
}

export function createDocumentCache(): DocumentCache {
  const entries = new Map<string, CheckedDocument>();
  return {
    lookup(query) {
      const hit = entries.get(query);
      if (hit) {
        // Map keeps insertion order: moving a hit to the end makes the first entry the least recently used.
        entries.delete(query);
        entries.set(query, hit);
      }
      return hit;
    },
    keep(query, checked) {
      if (query.length > MAX_QUERY_CHARS) return;
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(query, checked);
    },
    get size() {
      return entries.size;
    },
  };
}
