// Cognito's list pagination: an opaque token naming where the next page starts.
// Pages are cut from a sorted list, so a token stays meaningful while items are
// added or removed between calls.
import { errors } from './errors.js';

export function paginate<T>(items: T[], keyOf: (item: T) => string, limit: number, token: string | undefined): { page: T[]; next?: string } {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  let start = 0;
  if (token !== undefined) {
    let after: unknown;
    try {
      after = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    } catch {
      after = undefined;
    }
    if (typeof after !== 'string') throw errors.invalidParameter('The pagination token is invalid; pass the token from the previous response unchanged');
    start = sorted.findIndex((item) => keyOf(item) > after);
    if (start === -1) start = sorted.length;
  }
  const page = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return { page, ...(more ? { next: Buffer.from(JSON.stringify(keyOf(page[page.length - 1]!))).toString('base64url') } : {}) };
}
