// Distances on the globe: the haversine formula on a sphere of Redis's radius, and the two
// membership tests a search applies to each candidate (inside the circle, inside the box).
// Mirrors: redis src/geohash_helper.c (EARTH_RADIUS_IN_METERS, deg_rad, rad_deg,
// geohashGetDistance, geohashGetDistanceIfInRadius, geohashGetDistanceIfInRectangle).
//
// Redis treats the Earth as a sphere of radius 6372797.560856 m (the quadratic mean radius of
// WGS-84), so a distance may be off by up to ~0.5% from the ellipsoid's, and it computes in degrees
// converted with M_PI / 180. The operations below are written in the same order as the C, so every
// addition and multiplication rounds the same way.
//
// sin, cos and asin: Redis calls glibc's libm, V8 has fdlibm; both are within an ulp but round
// differently for a few percent of arguments. Where every bit of a distance shows (GEODIST's
// input, STOREDIST scores) or decides the answer (a point within a hair of the radius or the box
// edge), we use correctly rounded versions (exact-trig.ts), which agree with glibc for all but
// ~0.1% of arguments. Everywhere else the fast ones: a 4-decimal WITHDIST only changes on a
// rounding midpoint (the reply recomputes those), the order of two distinct distances only if they
// are within an ulp of each other.
// DIFFERS FROM REDIS: in those ~0.1% (and in those one-ulp coincidences) the last bit can differ.

import { exactAsin, exactCos, exactSin } from './exact-trig.js';

/** Earth's quadratic mean radius (WGS-84), in meters: the sphere every distance is measured on. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
/** Half the equator in the Web Mercator projection, in meters (MERCATOR_MAX). */
export const MERCATOR_MAX = 20037726.37;

/** M_PI / 180.0, rounded once to a double as the C compiler folds it. */
const D_R = Math.PI / 180.0;

export function degRad(angle: number): number {
  return angle * D_R;
}

export function radDeg(angle: number): number {
  return angle / D_R;
}

type Trig = (x: number) => number;

function haversine(sin: Trig, cos: Trig, asin: Trig, lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lat1r = degRad(lat1d);
  const lon1r = degRad(lon1d);
  const lat2r = degRad(lat2d);
  const lon2r = degRad(lon2d);
  const u = sin((lat2r - lat1r) / 2);
  const v = sin((lon2r - lon1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * asin(Math.sqrt(u * u + cos(lat1r) * cos(lat2r) * v * v));
}

/** geohashGetDistance with V8's sin/cos/asin: fast, the last bit may differ from Redis's. */
export function geohashGetDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  return haversine(Math.sin, Math.cos, Math.asin, lon1d, lat1d, lon2d, lat2d);
}

/** geohashGetDistance with correctly rounded sin/cos/asin: the bits glibc gives, but ~10x slower. */
export function geohashGetDistanceExact(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  return haversine(exactSin, exactCos, exactAsin, lon1d, lat1d, lon2d, lat2d);
}

/** Two distances this close (relative) may compare differently with the two libms. */
const EDGE = 1e-12;

function nearEdge(distance: number, limit: number): boolean {
  return Math.abs(distance - limit) <= EDGE * Math.max(distance, limit);
}

/** geohashGetDistanceIfInRadius: the distance, or undefined when it is beyond `radius` meters. */
export function distanceIfInRadius(x1: number, y1: number, x2: number, y2: number, radius: number): number | undefined {
  let distance = geohashGetDistance(x1, y1, x2, y2);
  if (nearEdge(distance, radius)) distance = geohashGetDistanceExact(x1, y1, x2, y2);
  return distance > radius ? undefined : distance;
}

/**
 * geohashGetDistanceIfInRectangle: is (x2, y2) inside the box of widthM x heightM meters centred
 * on (x1, y1)? The box is axis-aligned on the sphere: the point is in when its east-west distance
 * along its own parallel is within half the width, and its north-south distance along its
 * meridian within half the height. Returns the distance to the centre, or undefined.
 */
export function distanceIfInRectangle(
  widthM: number, heightM: number, x1: number, y1: number, x2: number, y2: number,
): number | undefined {
  let lonDistance = geohashGetDistance(x2, y2, x1, y2);
  let latDistance = geohashGetDistance(x2, y2, x2, y1);
  if (nearEdge(lonDistance, widthM / 2) || nearEdge(latDistance, heightM / 2)) {
    lonDistance = geohashGetDistanceExact(x2, y2, x1, y2);
    latDistance = geohashGetDistanceExact(x2, y2, x2, y1);
  }
  if (lonDistance > widthM / 2 || latDistance > heightM / 2) return undefined;
  return geohashGetDistance(x1, y1, x2, y2);
}
