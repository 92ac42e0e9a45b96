import type { WildRydesClient } from './create-client.js';
import {
  DispatchBoardDocument,
  DispatchQueueDocument,
  DispatchRideDocument,
  GetRideForDispatchDocument,
  RideBoardPositionDocument,
  RiderBoardDocument,
  RidesOfRiderDocument,
  SetRideStatusDocument,
  type DispatchedRideFragment,
  type LocationInput,
  type ModelRideConditionInput,
  type ModelSortDirection,
  type RideStatus,
} from '../generated/graphql.js';
import { currentUser, isInGroup } from './current-user.js';
import { ConflictError } from './errors.js';
import { toPage, type Page } from './paging.js';
import { required } from './required.js';
import type { RideDetails } from './rides.js';
import { runOperation } from './run-operation.js';
import { boardKey } from './zones.js';

/** A ride as Dispatchers and Admins see it, with the dispatcher's note. */
export type DispatchedRide = DispatchedRideFragment;

/**
 * The dispatch board: rides of one status in one pickup zone, oldest first (REQUESTED: the queue of
 * rides waiting for a unicorn). A DynamoDB Query on the board index, so a page costs its own size at
 * any number of rides. Dispatchers and Admins get every ride of that status and zone, with the
 * note; a rider gets their own rides and the rides listing them (the rest of each page is filtered
 * out, so a rider's pages can be short: follow nextToken), with `dispatcherNote` null.
 * `zone` is a ride's `zone`, or zoneOf(a place). A city that spans several zones is several boards:
 * there is deliberately no all-zones board (its one key would take every request of every city).
 */
export async function dispatchBoard(
  client: WildRydesClient,
  options: { status: RideStatus; zone: string; limit?: number; nextToken?: string | null },
): Promise<Page<DispatchedRide>> {
  const { status, zone, ...page } = options;
  const variables = { statusZone: boardKey(status, zone), ...page };
  const user = await currentUser(client);
  if (isInGroup(user, 'Dispatchers') || isInGroup(user, 'Admins')) {
    return toPage((await runOperation(client, DispatchBoardDocument, variables)).dispatchBoard);
  }
  const rides = toPage((await runOperation(client, RiderBoardDocument, variables)).dispatchBoard);
  return { ...rides, items: rides.items.map((ride) => ({ ...ride, dispatcherNote: null })) };
}

/**
 * Rides for Dispatchers and Admins, by status, across all zones: a Scan of the whole table (its cost
 * grows with every ride ever stored; dispatchBoard is the query to use). The filter runs after
 * each page is read, so pages can be short: follow nextToken (allItems()).
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
 * What a status change sends so that the server moves the ride between boards: the condition that
 * the ride is still in `zone` (checked by DynamoDB in the same write), or, for a ride stored before
 * zones existed, its own pickup, from which the server derives the zone. Without `zone` the ride
 * is read first (one get).
 */
async function boardPosition(
  client: WildRydesClient,
  rideId: string,
  zone: string | undefined,
  operation: string,
): Promise<{ condition?: ModelRideConditionInput; pickup?: LocationInput }> {
  if (zone) return { condition: { zone: { eq: zone } } };
  const ride = (await runOperation(client, RideBoardPositionDocument, { id: rideId })).getRide;
  if (!ride) throw new ConflictError(`${operation}: ride ${rideId} does not exist.`, { operation, errors: [] });
  if (ride.zone) return { condition: { zone: { eq: ride.zone } } };
  return { pickup: { latitude: ride.pickup.latitude, longitude: ride.pickup.longitude } };
}

/**
 * Assigns a unicorn to a ride and marks it DISPATCHED (Dispatchers and Admins): it leaves the
 * REQUESTED board for the DISPATCHED one. Pass the ride's `zone` when you have it (a board item
 * has it) to save a read. Like every mutation result, the returned ride has no unicorn and no note
 * (see RideDetails); they are stored, and getRideForDispatch reads them. A ConflictError means the
 * ride is gone or was moved meanwhile: read it again.
 */
export async function dispatchRide(
  client: WildRydesClient,
  input: { rideId: string; unicornId: string; fare?: number; note?: string; zone?: string },
): Promise<RideDetails> {
  const position = await boardPosition(client, input.rideId, input.zone, 'DispatchRide');
  const data = await runOperation(client, DispatchRideDocument, {
    id: input.rideId,
    unicornId: input.unicornId,
    fare: input.fare,
    dispatcherNote: input.note,
    ...position,
  });
  return required(data.updateRide, 'DispatchRide');
}

/**
 * Moves a ride to another status, e.g. COMPLETED or CANCELLED (Dispatchers and Admins), and to
 * that status's board. `zone` as for dispatchRide.
 */
export async function setRideStatus(
  client: WildRydesClient,
  input: { rideId: string; status: RideStatus; note?: string; zone?: string },
): Promise<RideDetails> {
  const position = await boardPosition(client, input.rideId, input.zone, 'SetRideStatus');
  const data = await runOperation(client, SetRideStatusDocument, { id: input.rideId, status: input.status, dispatcherNote: input.note, ...position });
  return required(data.updateRide, 'SetRideStatus');
}
