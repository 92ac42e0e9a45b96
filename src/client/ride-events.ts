import type { WildRydesClient } from './create-client.js';
import type { DispatchedRide } from './dispatch.js';
import {
  OnRideCancelledDocument,
  OnRideRequestedDocument,
  OnRideUpdatedDocument,
  OnRideUpdatedForDispatchDocument,
  type ModelSubscriptionRideFilterInput,
} from '../generated/graphql.js';
import type { Ride } from './rides.js';
import { subscribe, type LiveSubscription } from './subscribe.js';

// Without an owner argument the server narrows ride events to the rides the subscriber owns or
// rides in; Dispatchers and Admins get every ride. `filter` narrows further (e.g. one ride's id).

type RideEventFilter = ModelSubscriptionRideFilterInput;

export function onRideRequested(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<Ride> {
  return subscribe(client, OnRideRequestedDocument, { filter }, (data) => data.onCreateRide);
}

/** Updates of rides: a dispatch, a status change. */
export function onRideUpdated(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<Ride> {
  return subscribe(client, OnRideUpdatedDocument, { filter }, (data) => data.onUpdateRide);
}

export function onRideCancelled(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<Ride> {
  return subscribe(client, OnRideCancelledDocument, { filter }, (data) => data.onDeleteRide);
}

/** Ride updates with the dispatcher's note, for Dispatchers and Admins. */
export function onRideUpdatedForDispatch(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<DispatchedRide> {
  return subscribe(client, OnRideUpdatedForDispatchDocument, { filter }, (data) => data.onUpdateRide);
}
