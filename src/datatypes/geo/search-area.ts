// The search area: which geohash cells can hold a member inside a circle or a box, so a search
// reads a few score ranges instead of the whole sorted set.
// Mirrors: redis src/geohash_helper.c (geohashEstimateStepsByRadius, geohashBoundingBox,
// geohashCalculateAreasByShapeWGS84) and src/geohash.h (GeoShape, GeoHashRadius).
//
// The algorithm: pick the cell size (step) from the radius, so the cell holding the centre plus
// its eight neighbours cover the whole shape: halve the Mercator half-equator until it is below the
// radius, back off two steps to be safe, and one or two more towards the poles where meridians
// converge. If one of the four side neighbours still does not reach the shape's bounding box (the
// centre sits near a cell edge), use cells one step bigger. Then drop the neighbours that lie
// entirely outside the bounding box. Each remaining cell is one score range; every member found in
// one is then tested exactly against the shape (search.ts). The cover is an approximation:
// Redis's answer is whatever these cells hold, so we compute them the same way, step for step.

import {
  GEO_ZERO, geohashDecode, geohashEncode, geohashNeighbors, WGS84_LAT_RANGE, WGS84_LONG_RANGE,
  type GeoHashArea, type GeoHashBits, type GeoHashNeighbors,
} from './geohash.js';
import { EARTH_RADIUS_IN_METERS, MERCATOR_MAX, degRad, radDeg } from './distance.js';

/** A search shape (GeoShape): a circle of `radius` or a box of width x height, in `unit`s. */
export type GeoShape =
  | {
    readonly type: 'radius'; readonly longitude: number; readonly latitude: number;
    readonly radius: number; readonly conversion: number;
  }
  | {
    readonly type: 'box'; readonly longitude: number; readonly latitude: number;
    readonly width: number; readonly height: number; readonly conversion: number;
  };

/** [minLongitude, minLatitude, maxLongitude, maxLatitude] of the shape (GeoShape.bounds). */
export type GeoBounds = readonly [number, number, number, number];

/** The centre cell and its neighbours, some zeroed (GeoHashRadius). */
export interface GeoSearchArea {
  readonly hash: GeoHashBits;
  readonly neighbors: GeoHashNeighbors;
  readonly area: GeoHashArea;
}

/** geohashEstimateStepsByRadius: the cell precision for a search of `rangeMeters` around `lat`. */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let range = rangeMeters;
  let step = 1;
  while (range < MERCATOR_MAX) {
    range *= 2;
    step++;
  }
  step -= 2; // so the shape fits in the nine cells in most cases
  // Meridians converge towards the poles: a degree of longitude is shorter, cells must be wider.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

/**
 * geohashBoundingBox: the shape's extent in degrees. Its east-west extent is measured on the
 * parallel nearer the pole (where a degree is shortest) in each hemisphere.
 */
export function boundingBox(shape: GeoShape): GeoBounds {
  const { longitude, latitude } = shape;
  const height = shape.conversion * (shape.type === 'radius' ? shape.radius : shape.height / 2);
  const width = shape.conversion * (shape.type === 'radius' ? shape.radius : shape.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const longDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
  const longDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
  const southern = latitude < 0;
  return [
    southern ? longitude - longDeltaBottom : longitude - longDeltaTop,
    latitude - latDelta,
    southern ? longitude + longDeltaBottom : longitude + longDeltaTop,
    latitude + latDelta,
  ];
}

function encodeCentre(longitude: number, latitude: number, steps: number): GeoHashBits {
  // The centre is always within the limits (validated, or decoded from a member).
  return geohashEncode(WGS84_LONG_RANGE, WGS84_LAT_RANGE, longitude, latitude, steps) ?? { bits: 0n, step: steps };
}

function decodeCell(hash: GeoHashBits): GeoHashArea {
  return geohashDecode(WGS84_LONG_RANGE, WGS84_LAT_RANGE, hash) as GeoHashArea;
}

/** geohashCalculateAreasByShapeWGS84: the centre cell and the neighbours worth reading. */
export function calculateSearchArea(shape: GeoShape): GeoSearchArea {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(shape);
  const { longitude, latitude } = shape;
  // A box is covered by the circle through its corners.
  let radiusMeters = shape.type === 'radius'
    ? shape.radius
    : Math.sqrt((shape.width / 2) * (shape.width / 2) + (shape.height / 2) * (shape.height / 2));
  radiusMeters *= shape.conversion;

  let steps = estimateStepsByRadius(radiusMeters, latitude);
  let hash = encodeCentre(longitude, latitude, steps);
  let neighbors = geohashNeighbors(hash);
  let area = decodeCell(hash);

  // Near a cell edge the estimated step can be too fine for a side neighbour to reach the shape.
  const north = decodeCell(neighbors.north);
  const south = decodeCell(neighbors.south);
  const east = decodeCell(neighbors.east);
  const west = decodeCell(neighbors.west);
  const decreaseStep = north.latitude.max < maxLat || south.latitude.min > minLat ||
    east.longitude.max < maxLon || west.longitude.min > minLon;
  if (steps > 1 && decreaseStep) {
    steps--;
    hash = encodeCentre(longitude, latitude, steps);
    neighbors = geohashNeighbors(hash);
    area = decodeCell(hash);
  }

  // Drop the neighbours entirely outside the bounding box.
  if (steps >= 2) {
    if (area.latitude.min < minLat) {
      neighbors.south = GEO_ZERO;
      neighbors.southWest = GEO_ZERO;
      neighbors.southEast = GEO_ZERO;
    }
    if (area.latitude.max > maxLat) {
      neighbors.north = GEO_ZERO;
      neighbors.northEast = GEO_ZERO;
      neighbors.northWest = GEO_ZERO;
    }
    if (area.longitude.min < minLon) {
      neighbors.west = GEO_ZERO;
      neighbors.southWest = GEO_ZERO;
      neighbors.northWest = GEO_ZERO;
    }
    if (area.longitude.max > maxLon) {
      neighbors.east = GEO_ZERO;
      neighbors.southEast = GEO_ZERO;
      neighbors.northEast = GEO_ZERO;
    }
  }
  return { hash, neighbors, area };
}
