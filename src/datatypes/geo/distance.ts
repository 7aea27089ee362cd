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
// DIFFERS FROM REDIS: sin, cos and asin come from V8 (fdlibm), Redis's from glibc's libm. Both are
// within one unit in the last place but they disagree on the last bit for a few percent of inputs,
// so a distance may differ from Redis's in its last bits. Replies print distances with 4 decimals
// and never show it; the full double does show in GEOSEARCHSTORE / GEORADIUS ... STOREDIST scores.

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

/** geohashGetDistance: the great-circle distance in meters between two (longitude, latitude). */
export function geohashGetDistance(lon1d: number, lat1d: number, lon2d: number, lat2d: number): number {
  const lat1r = degRad(lat1d);
  const lon1r = degRad(lon1d);
  const lat2r = degRad(lat2d);
  const lon2r = degRad(lon2d);
  const u = Math.sin((lat2r - lat1r) / 2);
  const v = Math.sin((lon2r - lon1r) / 2);
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v));
}

/** geohashGetDistanceIfInRadius: the distance, or undefined when it is beyond `radius` meters. */
export function distanceIfInRadius(x1: number, y1: number, x2: number, y2: number, radius: number): number | undefined {
  const distance = geohashGetDistance(x1, y1, x2, y2);
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
  const lonDistance = geohashGetDistance(x2, y2, x1, y2);
  const latDistance = geohashGetDistance(x2, y2, x2, y1);
  if (lonDistance > widthM / 2 || latDistance > heightM / 2) return undefined;
  return geohashGetDistance(x1, y1, x2, y2);
}
