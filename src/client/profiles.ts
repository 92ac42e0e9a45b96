import type { WildRydesClient } from './create-client.js';
import { currentUser } from './current-user.js';
import {
  CreateRiderProfileDocument,
  DeleteRiderProfileDocument,
  GetRiderProfileDocument,
  ListRiderProfilesDocument,
  UpdateRiderProfileDocument,
  type RiderProfileFragment,
} from '../generated/graphql.js';
import { toPage, type Page } from './paging.js';
import { required } from './required.js';
import { runOperation } from './run-operation.js';

export type RiderProfile = RiderProfileFragment;

// A rider's own profile has the rider's Cognito sub as its id: one profile per rider, found with a
// single get, without a table scan (list queries filter by owner only after reading).

/** Creates the signed-in user's profile; a ConflictError if it already exists. */
export async function createMyProfile(client: WildRydesClient, input: { name: string; phone?: string }): Promise<RiderProfile> {
  const { userId } = await currentUser(client);
  return required((await runOperation(client, CreateRiderProfileDocument, { id: userId, ...input })).createRider, 'CreateRiderProfile');
}

/** The signed-in user's profile, or null before createMyProfile. */
export async function getMyProfile(client: WildRydesClient): Promise<RiderProfile | null> {
  const { userId } = await currentUser(client);
  return getRiderProfile(client, userId);
}

/** Changes the signed-in user's name or phone (an E.164 number such as +12065550123). */
export async function updateMyProfile(client: WildRydesClient, input: { name?: string; phone?: string }): Promise<RiderProfile> {
  const { userId } = await currentUser(client);
  return updateRiderProfile(client, { id: userId, ...input });
}

export async function deleteMyProfile(client: WildRydesClient): Promise<RiderProfile> {
  const { userId } = await currentUser(client);
  return deleteRiderProfile(client, userId);
}

/** Any rider's profile, for its owner, Dispatchers and Admins; null if there is none. */
export async function getRiderProfile(client: WildRydesClient, id: string): Promise<RiderProfile | null> {
  return (await runOperation(client, GetRiderProfileDocument, { id })).getRider;
}

/** Changes a profile: its owner, or Admins for anyone's. */
export async function updateRiderProfile(client: WildRydesClient, input: { id: string; name?: string; phone?: string }): Promise<RiderProfile> {
  return required((await runOperation(client, UpdateRiderProfileDocument, input)).updateRider, 'UpdateRiderProfile');
}

/** Deletes a profile: its owner, or Admins for anyone's. */
export async function deleteRiderProfile(client: WildRydesClient, id: string): Promise<RiderProfile> {
  return required((await runOperation(client, DeleteRiderProfileDocument, { id })).deleteRider, 'DeleteRiderProfile');
}

/** Every rider's profile, for Dispatchers and Admins (a rider sees only their own). */
export async function listRiderProfiles(
  client: WildRydesClient,
  options: { limit?: number; nextToken?: string | null } = {},
): Promise<Page<RiderProfile>> {
  return toPage((await runOperation(client, ListRiderProfilesDocument, options)).listRiders);
}
