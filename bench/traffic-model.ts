// The traffic model of docs/scale.md, as data: who uses the API, how often, and what each ride
// costs in requests. bench/load-model.ts replays a scaled-down day of it against the local cloud;
// docs/scale.md turns its peak rates into quotas and a monthly bill. Change a number here and both
// follow (`npm run bench:load-model` prints the rates).

export const MODEL = {
  riders: 1_000_000,
  /** Rides each rider requests per day, on average (one ride every five days). */
  ridesPerRiderPerDay: 0.2,
  /** The busiest hour's rate over the day's average rate. */
  peakFactor: 3,
  /** Riders who open the app in a month (Cognito bills monthly active users). */
  monthlyActiveShare: 0.6,
  /** Sign-ins (SRP: two UserAuthentication calls) and token refreshes (one) per active rider per day. */
  signInsPerActiveRiderPerDay: 0.1,
  refreshesPerActiveRiderPerDay: 2,
  /** Riders active on a given day, as a share of all riders. */
  dailyActiveShare: 0.3,
  dispatchers: 2_000,
  /** Board pages a dispatcher loads per minute while on shift (one refresh plus paging); shifts cover the peak. */
  boardPagesPerDispatcherPerMinute: 1,
  /** Share of rides that list a passenger, and passengers per such ride. */
  sharedRideShare: 0.3,
  /** Per ride, what its owner reads while waiting and riding. */
  getRidePerRide: 2,
  myRidesPagesPerRide: 1,
  /** Per ride with a passenger: the passenger's "rides I'm on" list (the Scan of docs/scale.md). */
  ridesImOnPerPassengerRide: 1,
  /** Share of rides cancelled by their owner (a delete) instead of completed. */
  cancelledShare: 0.05,
  /** Minutes a rider's app holds its real-time connection per ride (request to drop-off). */
  subscriptionMinutesPerRide: 25,
  /** Real-time messages a ride causes per subscriber that hears it: created, dispatched, completed. */
  eventsPerRide: 3,
  /** Dispatchers of a zone who hear each ride event (their board's subscription). */
  dispatchersPerZone: 3,
  /** Average stored size of a ride, bytes (id, pickup, zone, keys, owner, passengers, fare, note). */
  rideItemBytes: 600,
  /** Days of history kept in the table. */
  retentionDays: 365,
} as const;

export type TrafficModel = typeof MODEL;

const DAY = 86_400;

/** Requests per second of each operation at the peak hour, and the counts behind them. */
export function peakRates(m: TrafficModel = MODEL) {
  const ridesPerSecond = (m.riders * m.ridesPerRiderPerDay * m.peakFactor) / DAY;
  const dailyActive = m.riders * m.dailyActiveShare;
  const perRide = {
    createRide: 1,
    dispatchBoard: 0, // from dispatchers, below
    dispatchRide: 1 - m.cancelledShare,
    setRideStatus: 1 - m.cancelledShare,
    cancelRide: m.cancelledShare,
    getRide: m.getRidePerRide,
    myRides: m.myRidesPagesPerRide,
    ridesImOn: m.sharedRideShare * m.ridesImOnPerPassengerRide,
  };
  const rates: Record<string, number> = {};
  for (const [operation, n] of Object.entries(perRide)) rates[operation] = n * ridesPerSecond;
  rates.dispatchBoard = (m.dispatchers * m.boardPagesPerDispatcherPerMinute) / 60;
  const cognitoUserAuthentication = ((dailyActive * (m.signInsPerActiveRiderPerDay * 2 + m.refreshesPerActiveRiderPerDay)) * m.peakFactor) / DAY;
  const realtimeConnections = ridesPerSecond * m.subscriptionMinutesPerRide * 60 + m.dispatchers;
  const realtimeMessagesPerSecond = ridesPerSecond * m.eventsPerRide * (1 + m.sharedRideShare + m.dispatchersPerZone);
  return { ridesPerSecond, rates, cognitoUserAuthentication, realtimeConnections, realtimeMessagesPerSecond };
}
