// Searching a geo set: read the score range of each cell of the search area, decode each member
// found there, keep those inside the shape, then order them by distance.
// Mirrors: redis src/geo.c (geoAppendIfWithinShape, geoGetPointsInRange, scoresOfGeoHashBox,
// membersOfGeoHashBox, membersOfAllNeighbors, sort_gp_asc, sort_gp_desc, and the sorting step of
// georadiusGeneric).
//
// A geo set is an ordinary sorted set whose scores are 52-bit geohashes (geohash.ts). A cell of
// step s is every score sharing its 2s-bit prefix: [cell << (52 - 2s), (cell + 1) << (52 - 2s)).
// The nine cells are read in Redis's order (centre, N, S, E, W, NE, NW, SE, SW), which is the
// order of the results when no sorting is asked for. With ANY, the search stops as soon as it has
// `limit` matches, even in the middle of a cell.

import { zsetEmitRange, zsetScoreRangePositions, type ZSetObject } from '../zset/zset-type.js';
import { decodeGeoScore, geohashAlign52Bits, isZeroHash, type GeoHashBits } from './geohash.js';
import { distanceIfInRadius, distanceIfInRectangle } from './distance.js';
import { partialSort } from './partial-sort.js';
import { calculateSearchArea, type GeoShape } from './search-area.js';

/** One match (geoPoint): where it is, how far from the centre (meters), its member and score. */
export interface GeoPoint {
  readonly longitude: number;
  readonly latitude: number;
  dist: number;
  readonly member: string;
  readonly score: number;
}

export type GeoSort = 'none' | 'asc' | 'desc';

/** geoAppendIfWithinShape: the point for this score if it lies inside the shape. */
function pointIfWithinShape(shape: GeoShape, score: number, member: string): GeoPoint | undefined {
  const [longitude, latitude] = decodeGeoScore(score);
  const dist = shape.type === 'radius'
    ? distanceIfInRadius(shape.longitude, shape.latitude, longitude, latitude, shape.radius * shape.conversion)
    : distanceIfInRectangle(
      shape.width * shape.conversion, shape.height * shape.conversion,
      shape.longitude, shape.latitude, longitude, latitude,
    );
  return dist === undefined ? undefined : { longitude, latitude, dist, member, score };
}

/** How many members a limited (ANY) search reads from the sorted set at a time. */
const ANY_CHUNK = 64;

/**
 * geoGetPointsInRange + scoresOfGeoHashBox: the members of one cell that are inside the shape,
 * appended to `points`; with a limit (> 0), stop once `points` holds that many.
 */
function membersOfCell(zset: ZSetObject, hash: GeoHashBits, shape: GeoShape, points: GeoPoint[], limit: number): void {
  const min = Number(geohashAlign52Bits(hash));
  const max = Number(geohashAlign52Bits({ bits: hash.bits + 1n, step: hash.step }));
  const [first, end] = zsetScoreRangePositions(zset, { min, max, minex: false, maxex: true });
  const take = (member: string, score: number): void => {
    const point = pointIfWithinShape(shape, score, member);
    if (point !== undefined) points.push(point);
  };
  if (limit === 0) {
    zsetEmitRange(zset, first, end - first, false, take);
    return;
  }
  for (let pos = first; pos < end && points.length < limit; pos += ANY_CHUNK) {
    const count = Math.min(ANY_CHUNK, end - pos);
    zsetEmitRange(zset, pos, count, false, (member, score) => {
      if (points.length < limit) take(member, score);
    });
  }
}

/**
 * membersOfAllNeighbors: every member inside the shape, cell by cell. A cell equal to the one read
 * just before is skipped (huge radii make neighbours coincide), except right after the centre: Redis
 * tests "the last cell read" with an index that is 0 both for "none yet" and for the centre, and we
 * keep that, duplicates included.
 */
export function geoSearchPoints(zset: ZSetObject, shape: GeoShape, limit: number): GeoPoint[] {
  const { hash, neighbors: n } = calculateSearchArea(shape);
  const cells: readonly GeoHashBits[] = [
    hash, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest,
  ];
  const points: GeoPoint[] = [];
  let lastProcessed = 0;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as GeoHashBits;
    if (isZeroHash(cell)) continue;
    const last = cells[lastProcessed] as GeoHashBits;
    if (lastProcessed !== 0 && cell.bits === last.bits && cell.step === last.step) continue;
    if (points.length > 0 && limit > 0 && points.length >= limit) break;
    membersOfCell(zset, cell, shape, points, limit);
    lastProcessed = i;
  }
  return points;
}

function ascending(a: GeoPoint, b: GeoPoint): number {
  if (a.dist > b.dist) return 1;
  if (a.dist === b.dist) return 0;
  return -1;
}

function descending(a: GeoPoint, b: GeoPoint): number {
  return -ascending(a, b);
}

/**
 * Order the matches as georadiusGeneric does before replying with the first `returned` of them:
 * all of them with a stable sort (glibc's qsort is a merge sort), or, when fewer are returned than
 * matched, Redis's partial quicksort over positions [0, returned - 1].
 */
export function sortGeoPoints(points: GeoPoint[], sort: GeoSort, returned: number): void {
  if (sort === 'none') return;
  const cmp = sort === 'asc' ? ascending : descending;
  if (returned === points.length) points.sort(cmp);
  else partialSort(points, cmp, 0, returned - 1);
}
