// Where the dispatch board's rides come from: the rides waiting for a unicorn, then each new request
// as it is made. Kept to this module so that moving to the API's dispatchBoard query changes one line.
import { allItems, onRideRequested, ridesForDispatch, type DispatchedRide, type LiveSubscription, type RideDetails, type WildRydesClient } from '../client/index.js';

export function waitingRides(client: WildRydesClient): Promise<DispatchedRide[]> {
  return allItems((nextToken) => ridesForDispatch(client, { status: 'REQUESTED', nextToken }));
}

export function newRequests(client: WildRydesClient): LiveSubscription<RideDetails> {
  return onRideRequested(client);
}
