/** One page of a list: the items (never null) and the token for the next page (null at the end). */
export interface Page<T> {
  items: T[];
  nextToken: string | null;
}

/** The page of a generated list result, without the nulls AppSync's list types allow. */
export function toPage<T>(connection: { items: (T | null)[]; nextToken: string | null } | null): Page<T> {
  return {
    items: (connection?.items ?? []).filter((item): item is T => item !== null),
    nextToken: connection?.nextToken ?? null,
  };
}

/**
 * Every item of a paged list, following nextToken until the end:
 * `await allItems((nextToken) => myRides(client, { nextToken }))`.
 */
export async function allItems<T>(fetchPage: (nextToken: string | null) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | null = null;
  do {
    const page: Page<T> = await fetchPage(nextToken);
    items.push(...page.items);
    nextToken = page.nextToken;
  } while (nextToken);
  return items;
}
