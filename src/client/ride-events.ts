import type { WildRydesClient } from './create-client.js';
import {
  OnRideCancelledDocument,
  OnRideRequestedDocument,
  OnRideUpdatedDocument,
  type ModelSubscriptionRideFilterInput,
} from '../generated/graphql.js';
import type { RideDetails } from './rides.js';
import { subscribe, type LiveSubscription } from './subscribe.js';

// Without an owner argument the server narrows ride events to the rides the subscriber owns or
// rides in; Dispatchers and Admins get every ride. `filter` narrows further (e.g. one ride's id).
// An event is the ride as the mutation returned it: without its unicorn or dispatcher's note.

type RideEventFilter = ModelSubscriptionRideFilterInput;

export function onRideRequested(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<RideDetails> {
  return subscribe(client, OnRideRequestedDocument, { filter }, (data) => data.onCreateRide);
}

/** Updates of rides: a dispatch (status DISPATCHED and the unicornId), a status change. */
export function onRideUpdated(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<RideDetails> {
  return subscribe(client, OnRideUpdatedDocument, { filter }, (data) => data.onUpdateRide);
}

export function onRideCancelled(client: WildRydesClient, filter?: RideEventFilter): LiveSubscription<RideDetails> {
  return subscribe(client, OnRideCancelledDocument, { filter }, (data) => data.onDeleteRide);
}
