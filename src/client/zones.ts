// Pickup zones: the cells the dispatch board is keyed by. The API derives a ride's zone from its
// pickup (resolvers/Mutation.createRide.postAuth.3.req.vtl); this is the same function, so that a
// client can name the zone of a place (a dispatcher's own position, a map's centre) to ask for its
// board. It never sends a zone for the API to store: the API would refuse it.
import type { LocationInput } from '../generated/graphql.js';

/** Geohash characters per zone: 4 gives cells of about 39 x 20 km at the equator (smaller towards the poles). */
export const ZONE_PRECISION = 4;

const BASE32 = '0123456789bcdefghjkmnpqrstuvwxyz';

export class InvalidLocationError extends RangeError {
  override name = 'InvalidLocationError';
}

/** The pickup zone of a place: its geohash to ZONE_PRECISION characters, as the API computes it. */
export function zoneOf(location: LocationInput): string {
  const { latitude, longitude } = location;
  if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
    throw new InvalidLocationError(`not a place on Earth: latitude ${latitude} must be within -90 and 90, longitude ${longitude} within -180 and 180`);
  }
  const lat = [-90, 90];
  const lon = [-180, 180];
  let zone = '';
  let cell = 0;
  for (let bit = 1; bit <= ZONE_PRECISION * 5; bit++) {
    // Odd bits halve the longitude range, even bits the latitude range, as geohash interleaves them.
    const [range, value] = bit % 2 === 1 ? [lon, longitude] : [lat, latitude];
    const mid = (range[0]! + range[1]!) / 2;
    if (value >= mid) {
      cell = cell * 2 + 1;
      range[0] = mid;
    } else {
      cell = cell * 2;
      range[1] = mid;
    }
    if (bit % 5 === 0) {
      zone += BASE32[cell];
      cell = 0;
    }
  }
  return zone;
}

/** The dispatch board index's partition key: one status in one zone. */
export function boardKey(status: string, zone: string): string {
  return `${status}#${zone}`;
}
