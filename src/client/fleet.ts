import type { WildRydesClient } from './create-client.js';
import {
  CreateUnicornDocument,
  DeleteUnicornDocument,
  GetUnicornDocument,
  ListUnicornsDocument,
  SetUnicornAvailabilityDocument,
  UpdateUnicornDocument,
  type UnicornDetailsFragment,
} from '../generated/graphql.js';
import { toPage, type Page } from './paging.js';
import { required } from './required.js';
import { runOperation } from './run-operation.js';

export type Unicorn = UnicornDetailsFragment;

/** The fleet, readable by everyone signed in; `availableOnly` keeps the unicorns free to dispatch. */
export async function listUnicorns(
  client: WildRydesClient,
  options: { availableOnly?: boolean; limit?: number; nextToken?: string | null } = {},
): Promise<Page<Unicorn>> {
  const { availableOnly, ...page } = options;
  const filter = availableOnly ? { available: { eq: true } } : undefined;
  return toPage((await runOperation(client, ListUnicornsDocument, { filter, ...page })).listUnicorns);
}

export async function getUnicorn(client: WildRydesClient, id: string): Promise<Unicorn | null> {
  return (await runOperation(client, GetUnicornDocument, { id })).getUnicorn;
}

/** Adds a unicorn to the fleet (Admins). */
export async function createUnicorn(
  client: WildRydesClient,
  input: { name: string; color: string; breed?: string; available?: boolean; id?: string },
): Promise<Unicorn> {
  return required((await runOperation(client, CreateUnicornDocument, input)).createUnicorn, 'CreateUnicorn');
}

/** Changes a unicorn's name, color, breed or availability (Admins; Dispatchers use setUnicornAvailability). */
export async function updateUnicorn(
  client: WildRydesClient,
  input: { id: string; name?: string; color?: string; breed?: string; available?: boolean },
): Promise<Unicorn> {
  return required((await runOperation(client, UpdateUnicornDocument, input)).updateUnicorn, 'UpdateUnicorn');
}

/** Marks a unicorn available or not (Dispatchers and Admins). */
export async function setUnicornAvailability(client: WildRydesClient, input: { id: string; available: boolean }): Promise<Unicorn> {
  return required((await runOperation(client, SetUnicornAvailabilityDocument, input)).updateUnicorn, 'SetUnicornAvailability');
}

/** Removes a unicorn from the fleet (Admins). */
export async function deleteUnicorn(client: WildRydesClient, id: string): Promise<Unicorn> {
  return required((await runOperation(client, DeleteUnicornDocument, { id })).deleteUnicorn, 'DeleteUnicorn');
}
