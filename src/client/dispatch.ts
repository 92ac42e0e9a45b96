import type { WildRydesClient } from './create-client.js';
import {
  DispatchQueueDocument,
  DispatchRideDocument,
  GetRideForDispatchDocument,
  RidesOfRiderDocument,
  SetRideStatusDocument,
  type DispatchedRideFragment,
  type ModelSortDirection,
  type RideStatus,
} from '../generated/graphql.js';
import { toPage, type Page } from './paging.js';
import { required } from './required.js';
import type { RideDetails } from './rides.js';
import { runOperation } from './run-operation.js';

/** A ride as Dispatchers and Admins see it, with the dispatcher's note. */
export type DispatchedRide = DispatchedRideFragment;

/**
 * Rides for Dispatchers and Admins, by status (REQUESTED: waiting for a unicorn). The filter runs
 * after each page is read, so pages can be short: follow nextToken (allItems()).
 */
export async function ridesForDispatch(
  client: WildRydesClient,
  options: { status?: RideStatus; limit?: number; nextToken?: string | null } = {},
): Promise<Page<DispatchedRide>> {
  const { status, ...page } = options;
  const filter = status ? { status: { eq: status } } : undefined;
  return toPage((await runOperation(client, DispatchQueueDocument, { filter, ...page })).listRides);
}

export async function getRideForDispatch(client: WildRydesClient, id: string): Promise<DispatchedRide | null> {
  return (await runOperation(client, GetRideForDispatchDocument, { id })).getRide;
}

/**
 * One rider's rides, newest first, for Dispatchers and Admins. `storedOwner` is that rider's
 * `<sub>::<username>` (a ride's `owner` field shows only the username).
 */
export async function ridesOfRider(
  client: WildRydesClient,
  options: { storedOwner: string; limit?: number; nextToken?: string | null; sortDirection?: ModelSortDirection },
): Promise<Page<DispatchedRide>> {
  const { storedOwner, ...page } = options;
  return toPage((await runOperation(client, RidesOfRiderDocument, { owner: storedOwner, ...page })).myRides);
}

/**
 * Assigns a unicorn to a ride and marks it DISPATCHED (Dispatchers and Admins). Like every
 * mutation result, the returned ride has no unicorn and no note (see RideDetails); they are
 * stored, and getRideForDispatch reads them.
 */
export async function dispatchRide(
  client: WildRydesClient,
  input: { rideId: string; unicornId: string; fare?: number; note?: string },
): Promise<RideDetails> {
  const data = await runOperation(client, DispatchRideDocument, {
    id: input.rideId,
    unicornId: input.unicornId,
    fare: input.fare,
    dispatcherNote: input.note,
  });
  return required(data.updateRide, 'DispatchRide');
}

/** Moves a ride to another status, e.g. COMPLETED or CANCELLED (Dispatchers and Admins). */
export async function setRideStatus(
  client: WildRydesClient,
  input: { rideId: string; status: RideStatus; note?: string },
): Promise<RideDetails> {
  const data = await runOperation(client, SetRideStatusDocument, { id: input.rideId, status: input.status, dispatcherNote: input.note });
  return required(data.updateRide, 'SetRideStatus');
}
