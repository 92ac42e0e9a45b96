import { ApiError } from './errors.js';

/**
 * The item a mutation returned. AppSync types every mutation result as nullable, but a successful
 * mutation without errors always returns its item; null here means a broken backend, not a refusal.
 */
export function required<T>(item: T | null | undefined, operation: string): T {
  if (item === null || item === undefined) {
    throw new ApiError(`${operation}: the API returned no item and no error; check the backend's resolvers`, { operation });
  }
  return item;
}
