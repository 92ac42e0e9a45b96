// The access rules of access-rules.md as data: one row per model and operation, one cell per role.
// Each cell becomes a test (access-matrix.test.ts) and a cell of the generated table
// (docs/access-matrix.md). Adding a rule to the schema means adding rows here, not code.
//
// Outcomes:
//   yes      allowed: data returned with no error, and the operation's effect is stored
//   no       refused: null with an `Unauthorized` error, and the stored record is unchanged
//   hidden   a list answers, without the record
//   redacted the record is returned, the field is null with an `Unauthorized` error at its path
//   401      no valid token: HTTP 401 `UnauthorizedException` (on the WebSocket: connection_error), no
//            resolver runs, nothing written
// For subscriptions, `yes` means the event of the record was delivered and `hidden` that it was not
// (the subscription is accepted but withholds it).
import type { Actor } from './world.js';
import type { Model } from './operations.js';

export type Outcome = 'yes' | 'no' | 'hidden' | 'redacted' | '401';
export type Cells = Record<Exclude<Actor, 'anonymous'>, Outcome>;

export interface MatrixRow {
  model: Model;
  operation: string;
  /** The line of access-rules.md the row proves. */
  rule: string;
  cells: Record<Actor, Outcome>;
}

// Columns: owner, passenger, other rider, Dispatchers, Admins, both groups. "Owner" and "passenger"
// are the roles a user has towards the fixture record; for creates and the fleet they are riders.
const row = (model: Model, operation: string, rule: string, [owner, passenger, otherRider, dispatcher, admin, dispatcherAdmin]: Outcome[]): MatrixRow => ({
  model,
  operation,
  rule,
  cells: { anonymous: '401', owner: owner!, passenger: passenger!, otherRider: otherRider!, dispatcher: dispatcher!, admin: admin!, dispatcherAdmin: dispatcherAdmin! },
});

export const MATRIX: MatrixRow[] = [
  // Ride                                                                                                  owner      passenger  other     Dispatch  Admins    both
  row('Ride', 'create for oneself', 'create for oneself: yes for everyone signed in; a new ride starts REQUESTED', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Ride', 'create naming oneself as owner', 'create for oneself, with `owner` set to the caller', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Ride', 'create on behalf of someone else', 'create on behalf of someone else: no', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'create with status', '`status` written only by Dispatchers and Admins (on create)', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'create with unicornId', '`unicornId` written only by Dispatchers and Admins (on create)', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'create with fare', '`fare` written only by Dispatchers and Admins (on create)', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'create with zone', 'a pickup zone is derived from the pickup location by the API, never trusted from the client', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'create with board key', 'the dispatch board\'s key (status and zone) is derived by the API, never sent by a client', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'create with dispatcherNote', '`dispatcherNote` written only by Dispatchers and Admins', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'get', 'get: own rides, rides listing them, all for the groups; status, unicornId, fare, owner, passengers readable', ['yes', 'yes', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'read dispatcherNote', '`dispatcherNote` read only by Dispatchers and Admins; others get null and an error for that path', ['redacted', 'redacted', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'list', 'list: own rides, rides listing them, all for the groups; never another rider\'s ride', ['yes', 'yes', 'hidden', 'yes', 'yes', 'yes']),
  row('Ride', '"my rides" of the owner', '"my rides": own rides, all for the groups, no for passengers and other riders', ['yes', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'dispatch board of the ride\'s status and zone', 'dispatch board query: own rides, rides listing them, all for the groups; never another rider\'s ride', ['yes', 'yes', 'hidden', 'yes', 'yes', 'yes']),
  row('Ride', 'update status', 'update: Dispatchers and Admins; `status` written only by them', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'update unicornId', '`unicornId` written only by Dispatchers and Admins (on update)', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'update fare', '`fare` written only by Dispatchers and Admins (on update)', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'update dispatcherNote', '`dispatcherNote` written only by Dispatchers and Admins', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'update pickup', 'update: no for owner, passenger, other rider', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'update zone', 'a pickup zone is never written by a client, by anyone', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'update board key', 'the dispatch board\'s key is never written by a client, by anyone', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'update with no fields but id', 'update: no for owner, passenger, other rider (not even a no-op)', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'reassign owner', '`owner` never reassigned after create, by anyone', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'change passengers', '`passengers` set by the owner at create', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Ride', 'subscribe to updates', 'subscribe: own rides, rides listing them, all for the groups; a rider whose ride is dispatched sees it live', ['yes', 'yes', 'hidden', 'yes', 'yes', 'yes']),
  row('Ride', 'subscribe naming the owner', 'subscribe: another rider\'s rides, asked for by name, are refused', ['yes', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Ride', 'delete (cancel)', 'delete (cancel): own rides, Admins', ['yes', 'no', 'no', 'no', 'yes', 'yes']),

  // Unicorn (owner, passenger, other rider: riders)
  row('Unicorn', 'get', 'get: everyone signed in', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Unicorn', 'list', 'list: everyone signed in', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Unicorn', 'subscribe to updates', 'subscribe: everyone signed in', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Unicorn', 'create', 'create: Admins', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  row('Unicorn', 'update available', 'update `available`: Dispatchers, Admins', ['no', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Unicorn', 'update name', 'update `name`: Admins', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  row('Unicorn', 'update color', 'update `color`: Admins', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  row('Unicorn', 'update breed', 'update `breed`: Admins', ['no', 'no', 'no', 'no', 'yes', 'yes']),
  row('Unicorn', 'delete', 'delete: Admins', ['no', 'no', 'no', 'no', 'yes', 'yes']),

  // Rider profile (the passenger column is a rider who is not the profile's owner, like "other rider")
  row('Rider', 'create for oneself', 'create for oneself: everyone signed in', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Rider', 'create naming oneself as owner', 'create for oneself, with `owner` set to the caller', ['yes', 'yes', 'yes', 'yes', 'yes', 'yes']),
  row('Rider', 'create on behalf of someone else', 'create on behalf of someone else: no', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Rider', 'get (with phone)', 'get: own profile, Dispatchers, Admins; `phone` readable by them', ['yes', 'no', 'no', 'yes', 'yes', 'yes']),
  row('Rider', 'list', 'list: own profile, Dispatchers, Admins', ['yes', 'hidden', 'hidden', 'yes', 'yes', 'yes']),
  row('Rider', 'subscribe to updates', 'subscribe: own profile, Dispatchers, Admins (as get)', ['yes', 'hidden', 'hidden', 'yes', 'yes', 'yes']),
  row('Rider', 'update', 'update: own profile, Admins', ['yes', 'no', 'no', 'no', 'yes', 'yes']),
  row('Rider', 'reassign owner', '`owner` of a profile never reassigned, by anyone', ['no', 'no', 'no', 'no', 'no', 'no']),
  row('Rider', 'delete', 'delete: own profile, Admins', ['yes', 'no', 'no', 'no', 'yes', 'yes']),
];
