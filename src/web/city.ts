// The city the map draws: downtown Seattle, where the Wild Rydes workshop's rides start. No map tiles
// can be fetched, so the map is this drawing; its frame is a latitude/longitude box and points map
// linearly between the two (at this scale the earth's curvature is far below a pickup's precision).

export const MAP_WIDTH = 800;
export const MAP_HEIGHT = 520;

/** The box the map shows: north edge at the top, west edge at the left. */
export const BOUNDS = { north: 47.63, south: 47.59, west: -122.36, east: -122.31 };

export interface LatLng {
  latitude: number;
  longitude: number;
}

export function toLatLng(x: number, y: number): LatLng {
  const latitude = BOUNDS.north - (y / MAP_HEIGHT) * (BOUNDS.north - BOUNDS.south);
  const longitude = BOUNDS.west + (x / MAP_WIDTH) * (BOUNDS.east - BOUNDS.west);
  // Six decimals: about 10 cm, more than any pickup needs.
  return { latitude: round6(latitude), longitude: round6(longitude) };
}

export function toPoint({ latitude, longitude }: LatLng): { x: number; y: number } {
  return {
    x: ((longitude - BOUNDS.west) / (BOUNDS.east - BOUNDS.west)) * MAP_WIDTH,
    y: ((BOUNDS.north - latitude) / (BOUNDS.north - BOUNDS.south)) * MAP_HEIGHT,
  };
}

export function isOnMap(point: LatLng): boolean {
  return point.latitude <= BOUNDS.north && point.latitude >= BOUNDS.south && point.longitude >= BOUNDS.west && point.longitude <= BOUNDS.east;
}

const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

export interface Landmark {
  name: string;
  x: number;
  y: number;
}

export const LANDMARKS: Landmark[] = [
  { name: 'Space Needle', x: 190, y: 70 },
  { name: 'Pike Place Market', x: 330, y: 250 },
  { name: 'Seattle Central Library', x: 440, y: 320 },
  { name: 'Pioneer Square', x: 470, y: 430 },
  { name: 'Westlake Center', x: 430, y: 220 },
  { name: 'Capitol Hill', x: 660, y: 190 },
  { name: 'Lake Union Park', x: 420, y: 40 },
];

/** Where the pin is when a person picks the pickup point with the keyboard before any click. */
export const MAP_CENTER = { x: MAP_WIDTH / 2, y: MAP_HEIGHT / 2 };

/** A name for a point: the nearest landmark when it is close, else its coordinates. */
export function describePoint(point: LatLng): string {
  const { x, y } = toPoint(point);
  const near = LANDMARKS.map((l) => ({ l, d: Math.hypot(l.x - x, l.y - y) })).sort((a, b) => a.d - b.d)[0];
  const coordinates = `${point.latitude.toFixed(4)}, ${point.longitude.toFixed(4)}`;
  return near && near.d < 40 ? `near ${near.l.name} (${coordinates})` : coordinates;
}
