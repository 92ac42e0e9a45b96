import type { WildRydesClient } from './create-client.js';
import type { Unicorn } from './fleet.js';
import {
  OnUnicornAddedDocument,
  OnUnicornRemovedDocument,
  OnUnicornUpdatedDocument,
  type ModelSubscriptionUnicornFilterInput,
} from '../generated/graphql.js';
import { subscribe, type LiveSubscription } from './subscribe.js';

type UnicornEventFilter = ModelSubscriptionUnicornFilterInput;

export function onUnicornAdded(client: WildRydesClient, filter?: UnicornEventFilter): LiveSubscription<Unicorn> {
  return subscribe(client, OnUnicornAddedDocument, { filter }, (data) => data.onCreateUnicorn);
}

/** Changes to the fleet, availability included. */
export function onUnicornUpdated(client: WildRydesClient, filter?: UnicornEventFilter): LiveSubscription<Unicorn> {
  return subscribe(client, OnUnicornUpdatedDocument, { filter }, (data) => data.onUpdateUnicorn);
}

export function onUnicornRemoved(client: WildRydesClient, filter?: UnicornEventFilter): LiveSubscription<Unicorn> {
  return subscribe(client, OnUnicornRemovedDocument, { filter }, (data) => data.onDeleteUnicorn);
}
