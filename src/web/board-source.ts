// Where the dispatch board's rides come from: the rides waiting for a unicorn in the pickup zones the
// map covers (the API's dispatchBoard query, a DynamoDB Query per zone at any number of rides), then
// each new request in those zones as it is made. Kept to this module: the board's one source.
import { allItems, dispatchBoard, onRideRequested, zoneOf, type DispatchedRide, type LiveSubscription, type RideDetails, type WildRydesClient } from '../client/index.js';
import { BOUNDS } from './city.js';

/**
 * The zones (geohash cells of about 39 x 20 km) the map's box touches: the map is far smaller than a
 * cell, so its four corners name every cell it overlaps (downtown Seattle straddles two).
 */
export const CITY_ZONES = [
  ...new Set(
    [BOUNDS.north, BOUNDS.south].flatMap((latitude) => [BOUNDS.west, BOUNDS.east].map((longitude) => zoneOf({ latitude, longitude }))),
  ),
];

export async function waitingRides(client: WildRydesClient): Promise<DispatchedRide[]> {
  const boards = await Promise.all(CITY_ZONES.map((zone) => allItems((nextToken) => dispatchBoard(client, { status: 'REQUESTED', zone, nextToken }))));
  return boards.flat();
}

export function newRequests(client: WildRydesClient): LiveSubscription<RideDetails> {
  return onRideRequested(client, { zone: { in: CITY_ZONES } });
}
