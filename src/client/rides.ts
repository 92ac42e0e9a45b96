import type { WildRydesClient } from './create-client.js';
import { currentUser } from './current-user.js';
import {
  CancelRideDocument,
  GetRideDocument,
  ListRidesDocument,
  MyRidesDocument,
  RequestRideDocument,
  type LocationInput,
  type ModelRideFilterInput,
  type ModelSortDirection,
  type RideDetailsFragment,
  type RideWithUnicornFragment,
} from '../generated/graphql.js';
import { toPage, type Page } from './paging.js';
import { required } from './required.js';
import { runOperation } from './run-operation.js';

/** A ride as its owner and passengers read it: everything but the dispatcher's note, with its unicorn. */
export type Ride = RideWithUnicornFragment;

/**
 * A ride without its unicorn: what mutations return and subscriptions deliver. AppSync leaves the
 * unicorn out of every mutation result (so that subscription events cannot leak it); read the
 * ride with getRide, or the unicorn with getUnicorn(unicornId), to see it.
 */
export type RideDetails = RideDetailsFragment;

/**
 * Requests a ride for the signed-in user, who becomes its owner; `passengers` are the usernames of
 * riders who may follow it. The server sets the status to REQUESTED.
 */
export async function requestRide(
  client: WildRydesClient,
  input: { pickup: LocationInput; passengers?: string[]; requestedAt?: Date | string },
): Promise<RideDetails> {
  const requestedAt = input.requestedAt instanceof Date ? input.requestedAt.toISOString() : (input.requestedAt ?? new Date().toISOString());
  const data = await runOperation(client, RequestRideDocument, { pickup: input.pickup, requestedAt, passengers: input.passengers });
  return required(data.createRide, 'RequestRide');
}

/** The signed-in user's own rides, newest first, one page at a time. */
export async function myRides(
  client: WildRydesClient,
  options: { limit?: number; nextToken?: string | null; sortDirection?: ModelSortDirection } = {},
): Promise<Page<Ride>> {
  const { storedOwner } = await currentUser(client);
  const data = await runOperation(client, MyRidesDocument, { owner: storedOwner, ...options });
  return toPage(data.myRides);
}

/** A ride the user owns or rides in (any ride for Dispatchers and Admins); null if there is none. */
export async function getRide(client: WildRydesClient, id: string): Promise<Ride | null> {
  return (await runOperation(client, GetRideDocument, { id })).getRide;
}

/**
 * Rides the user owns or rides in as a passenger (all rides for Dispatchers and Admins). The server
 * filters each page after reading it, so a page may be short or empty and still have a nextToken:
 * use allItems() to read to the end, or myRides() for one's own rides.
 */
export async function listRides(
  client: WildRydesClient,
  options: { filter?: ModelRideFilterInput; limit?: number; nextToken?: string | null } = {},
): Promise<Page<Ride>> {
  return toPage((await runOperation(client, ListRidesDocument, options)).listRides);
}

/** Cancels (deletes) one of the user's own rides; Admins may cancel any. */
export async function cancelRide(client: WildRydesClient, id: string): Promise<RideDetails> {
  return required((await runOperation(client, CancelRideDocument, { id })).deleteRide, 'CancelRide');
}
