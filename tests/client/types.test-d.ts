// Compile-time guarantees of the client: checked by `tsc --noEmit` (the project's tsconfig includes
// tests/) and by types.test.ts, which runs the compiler on this file. Every @ts-expect-error line
// must be an error: if the types ever let one through, the unused directive fails the check.
import { expectTypeOf } from 'vitest';
import {
  dispatchRide,
  getRide,
  getRideForDispatch,
  myRides,
  onRideUpdated,
  requestRide,
  runOperation,
  setRideStatus,
  subscribe,
  updateMyProfile,
  WildRydesError,
  type DispatchedRide,
  type Page,
  type Ride,
  type RideDetails,
  type RideStatus,
  type WildRydesClient,
} from '../../src/client/index.js';
import {
  GetRideDocument,
  GetRideForDispatchDocument,
  ListUnicornsDocument,
  MyRidesDocument,
  OnUnicornUpdatedDocument,
  type GetRideQuery,
  type UnicornDetailsFragment,
} from '../../src/generated/graphql.js';

declare const client: WildRydesClient;

export async function typedResults(): Promise<void> {
  // A generated document fixes both the variables and the result of runOperation.
  const data = await runOperation(client, GetRideDocument, { id: 'r1' });
  expectTypeOf(data).toEqualTypeOf<GetRideQuery>();
  expectTypeOf(data.getRide).toEqualTypeOf<Ride | null>();
  expectTypeOf(data.getRide!.pickup.latitude).toEqualTypeOf<number>();
  expectTypeOf(data.getRide!.requestedAt).toEqualTypeOf<string>(); // AWSDateTime
  expectTypeOf(data.getRide!.status).toEqualTypeOf<RideStatus | null>();

  // A field the operation did not select is not there: riders' GetRide never has dispatcherNote...
  // @ts-expect-error dispatcherNote is not selected by GetRide
  void data.getRide?.dispatcherNote;
  // ...while the Dispatchers' version selects it.
  const dispatch = await runOperation(client, GetRideForDispatchDocument, { id: 'r1' });
  expectTypeOf(dispatch.getRide!.dispatcherNote).toEqualTypeOf<string | null>();

  // A mutation's result has no unicorn (AppSync always returns it as null there), so its type has none.
  const requested = await requestRide(client, { pickup: { latitude: 47.6, longitude: -122.3 }, passengers: ['pat'] });
  expectTypeOf(requested).toEqualTypeOf<RideDetails>();
  // @ts-expect-error RequestRide does not select unicorn
  void requested.unicorn;
  const ride = (await getRide(client, requested.id))!;
  // @ts-expect-error a rider's ride has no dispatcherNote
  void ride.dispatcherNote;
  // @ts-expect-error UnicornDetails does not select createdAt
  void ride.unicorn?.createdAt;

  expectTypeOf(await getRide(client, 'r1')).toEqualTypeOf<Ride | null>();
  expectTypeOf(await myRides(client, { limit: 10 })).toEqualTypeOf<Page<Ride>>();
  const dispatched = await dispatchRide(client, { rideId: 'r1', unicornId: 'u1', fare: 12.5, note: 'north gate' });
  expectTypeOf(dispatched).toEqualTypeOf<RideDetails>();
  // @ts-expect-error the note is stored but never in a mutation result: read it with getRideForDispatch
  void dispatched.dispatcherNote;
  expectTypeOf((await getRideForDispatch(client, 'r1'))!).toEqualTypeOf<DispatchedRide>();
}

export async function typedVariables(): Promise<void> {
  // @ts-expect-error id must be an ID (string or number), not a boolean
  await runOperation(client, GetRideDocument, { id: true });
  // @ts-expect-error id is required
  await runOperation(client, GetRideDocument, {});
  // @ts-expect-error GetRide has a required variable, so variables cannot be left out
  await runOperation(client, GetRideDocument);
  // @ts-expect-error GetRide has no variable `owner`
  await runOperation(client, GetRideDocument, { id: 'r1', owner: 'x' });
  // @ts-expect-error limit is an Int
  await runOperation(client, MyRidesDocument, { owner: 'sub::user', limit: '10' });
  // @ts-expect-error sortDirection is ASC or DESC
  await runOperation(client, MyRidesDocument, { owner: 'sub::user', sortDirection: 'NEWEST' });
  // Operations whose variables are all optional may be called without any.
  expectTypeOf((await runOperation(client, ListUnicornsDocument)).listUnicorns!.items).toEqualTypeOf<(UnicornDetailsFragment | null)[]>();

  // @ts-expect-error a rider cannot send a status: requestRide does not take one
  await requestRide(client, { pickup: { latitude: 1, longitude: 2 }, status: 'DISPATCHED' });
  // @ts-expect-error latitude is a Float
  await requestRide(client, { pickup: { latitude: '47.6', longitude: -122.3 } });
  // @ts-expect-error pickup is required
  await requestRide(client, { passengers: ['pat'] });
  // @ts-expect-error LOST is not a RideStatus
  await setRideStatus(client, { rideId: 'r1', status: 'LOST' });
  // @ts-expect-error unicornId is required to dispatch
  await dispatchRide(client, { rideId: 'r1' });
  // @ts-expect-error phone is an AWSPhone string
  await updateMyProfile(client, { phone: 5555550123 });
}

export async function typedSubscriptions(): Promise<void> {
  for await (const ride of onRideUpdated(client, { status: { eq: 'DISPATCHED' } })) {
    expectTypeOf(ride).toEqualTypeOf<RideDetails>();
    // @ts-expect-error ride events do not carry dispatcherNote
    void ride.dispatcherNote;
  }

  const changes = subscribe(client, OnUnicornUpdatedDocument, {}, (data) => data.onUpdateUnicorn);
  expectTypeOf(changes.ready).toEqualTypeOf<Promise<void>>();
  expectTypeOf(await changes.next()).toEqualTypeOf<IteratorResult<UnicornDetailsFragment>>();
  // @ts-expect-error the event filter takes the model's subscription filter fields only
  onRideUpdated(client, { colour: { eq: 'white' } });
  // @ts-expect-error a subscription's variables are checked like any operation's
  subscribe(client, OnUnicornUpdatedDocument, { filter: { available: { eq: 'yes' } } });
}

export function typedErrors(error: unknown): string {
  if (!(error instanceof WildRydesError)) return 'not ours';
  expectTypeOf(error.path).toEqualTypeOf<readonly (string | number)[] | null>();
  expectTypeOf(error.errorType).toEqualTypeOf<string | null>();
  // `kind` is a closed union: a switch over it is checked for exhaustiveness.
  switch (error.kind) {
    case 'NotSignedIn':
    case 'NotAuthorized':
    case 'Validation':
    case 'Conflict':
    case 'Network':
    case 'Api':
    case 'Auth':
    case 'Configuration':
      return error.kind;
    default: {
      const unreachable: never = error.kind;
      return unreachable;
    }
  }
}
