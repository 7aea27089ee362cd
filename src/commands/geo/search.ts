// GEOSEARCH, GEOSEARCHSTORE and the older GEORADIUS family: one generic search, as in Redis.
// Mirrors: redis src/geo.c (georadiusGeneric, georadiusCommand, georadiusbymemberCommand,
// georadiusroCommand, georadiusbymemberroCommand, geosearchCommand, geosearchstoreCommand).
//
// The order of checks is Redis's and clients can see it: the source key is looked up first
// (WRONGTYPE before anything else); GEORADIUS parses its centre and radius, GEORADIUSBYMEMBER
// decodes its member (only when the key exists) and radius; then the options left to right, each
// failing on its own error; then the combinations (STORE with WITH*, a GEOSEARCH without FROM* or
// BY*, ANY without COUNT). A missing key answers an empty array, or 0 after deleting the
// destination of a STORE form. COUNT without ANY forces ascending order (the nearest N).

import { geohashGetDistanceExact } from '../../datatypes/geo/distance.js';
import { decodeGeoScore, scoreToInt64 } from '../../datatypes/geo/geohash.js';
import { geoSearchPoints, sortGeoPoints, type GeoPoint, type GeoSort } from '../../datatypes/geo/search.js';
import type { GeoShape } from '../../datatypes/geo/search-area.js';
import { createZSet, zsetAdd, zsetScore, type ZSetObject } from '../../datatypes/zset/zset-type.js';
import {
  geoAnyWithoutCountError, geoByRequiredError, geoCountNotPositiveError, geoFromRequiredError, geoMemberNotFoundError,
  geoStoreWithOptionsError, notIntegerError, syntaxError,
} from '../../errors.js';
import { EMPTY_ARRAY, type Reply } from '../../protocol/reply.js';
import { parseLongLong } from '../../util/numbers.js';
import { keyOf, optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { lookupZSetRead, storeResult, zsetLimits } from '../zset/common.js';
import { boxArgs, coordinateReply, distanceReply, longLatArgs, radiusArgs } from './common.js';

/** Which command is searching (Redis's RADIUS_* / GEOSEARCH* flags). */
interface SearchVariant {
  /** GEORADIUS*: centre given as lon lat; GEORADIUSBYMEMBER*: as a member; else GEOSEARCH*. */
  readonly from: 'coords' | 'member' | 'search';
  /** The _RO forms refuse STORE / STOREDIST. */
  readonly noStore?: boolean;
  /** GEOSEARCHSTORE: destination at argv[1], source at argv[2]. */
  readonly searchStore?: boolean;
}

/** The centre as (longitude, latitude) or a shape still being assembled from the options. */
interface ShapeParts {
  centre?: [number, number];
  radius?: { radius: number; conversion: number };
  box?: { width: number; height: number; conversion: number };
}

function memberPosition(zset: ZSetObject, member: Buffer): [number, number] {
  const score = zsetScore(zset, keyOf(member));
  if (score === undefined) throw geoMemberNotFoundError();
  return decodeGeoScore(score);
}

function countArg(arg: Buffer): number {
  const count = parseLongLong(arg);
  if (count === null) throw notIntegerError();
  if (count <= 0) throw geoCountNotPositiveError();
  return Number(count);
}

/** georadiusGeneric. */
function geoSearchGeneric(ctx: CommandContext, argv: readonly Buffer[], srcIdx: number, variant: SearchVariant): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[srcIdx] as Buffer));
  const parts: ShapeParts = {};
  let storeKey: Buffer | undefined;
  let storeDist = false;
  let baseArgs: number;
  if (variant.from === 'coords') {
    baseArgs = 6;
    parts.centre = longLatArgs(argv[2] as Buffer, argv[3] as Buffer);
    parts.radius = radiusArgs(argv[4] as Buffer, argv[5] as Buffer);
  } else if (variant.from === 'member') {
    baseArgs = 5;
    // With no key there is nothing to decode; the options are still parsed for the right reply.
    if (zset !== undefined) {
      parts.centre = memberPosition(zset, argv[2] as Buffer);
      parts.radius = radiusArgs(argv[3] as Buffer, argv[4] as Buffer);
    }
  } else {
    baseArgs = 2;
    if (variant.searchStore === true) {
      baseArgs = 3;
      storeKey = argv[1] as Buffer;
    }
  }

  const isSearch = variant.from === 'search';
  let withDist = false;
  let withHash = false;
  let withCoords = false;
  let fromMember = false;
  let fromLoc = false;
  let byRadius = false;
  let byBox = false;
  let sort: GeoSort = 'none';
  let any = false;
  let count = 0;
  const remaining = argv.length - baseArgs;
  for (let i = 0; i < remaining; i++) {
    const at = baseArgs + i;
    const arg = optionWord(argv[at] as Buffer);
    const canStore = variant.noStore !== true && !isSearch;
    if (arg === 'WITHDIST') withDist = true;
    else if (arg === 'WITHHASH') withHash = true;
    else if (arg === 'WITHCOORD') withCoords = true;
    else if (arg === 'ANY') any = true;
    else if (arg === 'ASC') sort = 'asc';
    else if (arg === 'DESC') sort = 'desc';
    else if (arg === 'COUNT' && i + 1 < remaining) {
      count = countArg(argv[at + 1] as Buffer);
      i++;
    } else if (arg === 'STORE' && i + 1 < remaining && canStore) {
      storeKey = argv[at + 1] as Buffer;
      storeDist = false;
      i++;
    } else if (arg === 'STOREDIST' && i + 1 < remaining && canStore) {
      storeKey = argv[at + 1] as Buffer;
      storeDist = true;
      i++;
    } else if (arg === 'STOREDIST' && isSearch && variant.searchStore === true) {
      storeDist = true;
    } else if (arg === 'FROMMEMBER' && i + 1 < remaining && isSearch && !fromLoc) {
      // No source key: keep parsing, the reply is decided once the options are read.
      if (zset !== undefined) parts.centre = memberPosition(zset, argv[at + 1] as Buffer);
      fromMember = true;
      i++;
    } else if (arg === 'FROMLONLAT' && i + 2 < remaining && isSearch && !fromMember) {
      parts.centre = longLatArgs(argv[at + 1] as Buffer, argv[at + 2] as Buffer);
      fromLoc = true;
      i += 2;
    } else if (arg === 'BYRADIUS' && i + 2 < remaining && isSearch && !byBox) {
      parts.radius = radiusArgs(argv[at + 1] as Buffer, argv[at + 2] as Buffer);
      byRadius = true;
      i += 2;
    } else if (arg === 'BYBOX' && i + 3 < remaining && isSearch && !byRadius) {
      parts.box = boxArgs(argv[at + 1] as Buffer, argv[at + 2] as Buffer, argv[at + 3] as Buffer);
      byBox = true;
      i += 3;
    } else {
      throw syntaxError();
    }
  }

  if (storeKey !== undefined && (withDist || withHash || withCoords)) {
    throw geoStoreWithOptionsError(variant.searchStore === true ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS');
  }
  const name = (argv[0] as Buffer).latin1Slice(0, (argv[0] as Buffer).length);
  if (isSearch && !(fromMember || fromLoc)) throw geoFromRequiredError(name);
  if (isSearch && !(byRadius || byBox)) throw geoByRequiredError(name);
  if (any && count === 0) throw geoAnyWithoutCountError();

  if (zset === undefined) {
    if (storeKey === undefined) return EMPTY_ARRAY;
    storeResult(ctx, keyOf(storeKey), undefined, 'georadiusstore');
    return 0;
  }

  if (count !== 0 && sort === 'none' && !any) sort = 'asc';
  const [longitude, latitude] = parts.centre as [number, number];
  const shape: GeoShape = parts.box !== undefined
    ? { type: 'box', longitude, latitude, ...parts.box }
    : { type: 'radius', longitude, latitude, ...(parts.radius as { radius: number; conversion: number }) };

  const points = geoSearchPoints(zset, shape, any ? count : 0);
  if (points.length === 0 && storeKey === undefined) return EMPTY_ARRAY;
  const returned = count === 0 || points.length < count ? points.length : count;
  sortGeoPoints(points, sort, returned);

  if (storeKey === undefined) return searchReply(ctx, points, returned, shape, withDist, withHash, withCoords);
  return storeSearch(ctx, keyOf(storeKey), points, returned, shape, storeDist, isSearch);
}

/** The reply: members, or [member, dist?, hash?, [lon, lat]?] when any WITH* option was given. */
function searchReply(
  ctx: CommandContext, points: readonly GeoPoint[], returned: number, shape: GeoShape,
  withDist: boolean, withHash: boolean, withCoords: boolean,
): Reply {
  const conversion = shape.conversion;
  const withAny = withDist || withHash || withCoords;
  const items: Reply[] = [];
  for (let i = 0; i < returned; i++) {
    const point = points[i] as GeoPoint;
    const dist = point.dist / conversion; // back to the unit asked
    const member = Buffer.from(point.member, 'latin1');
    if (!withAny) {
      items.push(member);
      continue;
    }
    const entry: Reply[] = [member];
    if (withDist) {
      // 4 decimals hide the last bits of the fast distance, unless it sits on a rounding midpoint.
      const exact = nearRoundingMidpoint(dist)
        ? geohashGetDistanceExact(shape.longitude, shape.latitude, point.longitude, point.latitude) / conversion
        : dist;
      entry.push(distanceReply(exact));
    }
    if (withHash) entry.push(scoreToInt64(point.score));
    if (withCoords) entry.push([coordinateReply(ctx, point.longitude), coordinateReply(ctx, point.latitude)]);
    items.push(entry);
  }
  return items;
}

/** Is `value` so close to a midpoint between two 4-decimal numbers that its last bits decide? */
function nearRoundingMidpoint(value: number): boolean {
  const scaled = value * 1e4;
  return Math.abs(scaled - Math.floor(scaled) - 0.5) <= 1e-12 * Math.max(1, scaled);
}

/**
 * The STORE forms: a sorted set of the returned members scored by their geohash (so the result is
 * a geo set again) or, with STOREDIST, by their distance in the unit asked.
 */
function storeSearch(
  ctx: CommandContext, dst: string, points: readonly GeoPoint[], returned: number, shape: GeoShape,
  storeDist: boolean, isSearch: boolean,
): Reply {
  const event = isSearch ? 'geosearchstore' : 'georadiusstore';
  if (returned === 0) {
    storeResult(ctx, dst, undefined, event);
    return 0;
  }
  let maxLength = 0;
  for (let i = 0; i < returned; i++) maxLength = Math.max(maxLength, (points[i] as GeoPoint).member.length);
  // Redis builds a skiplist and converts it when it fits: the same as sizing it up front.
  const limits = zsetLimits(ctx);
  const result = createZSet(limits, returned, maxLength);
  for (let i = 0; i < returned; i++) {
    const point = points[i] as GeoPoint;
    // Every bit of a stored distance shows: recompute it with glibc's rounding (distance.ts).
    const score = storeDist
      ? geohashGetDistanceExact(shape.longitude, shape.latitude, point.longitude, point.latitude) / shape.conversion
      : point.score;
    zsetAdd(result, score, point.member, 0, limits);
  }
  storeResult(ctx, dst, result, event);
  // Redis counts one change per stored member (server.dirty += returned_items).
  ctx.server.dirty += returned - 1;
  return returned;
}

// --- Handlers ---

/**
 * Members within a radius of a point (deprecated: GEOSEARCH ... FROMLONLAT ... BYRADIUS).
 * Format: GEORADIUS key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
 *   [COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]
 */
export function georadiusCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return geoSearchGeneric(ctx, argv, 1, { from: 'coords' });
}

/**
 * Members within a radius of a member (deprecated: GEOSEARCH ... FROMMEMBER ... BYRADIUS).
 * Format: GEORADIUSBYMEMBER key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
 *   [COUNT count [ANY]] [ASC | DESC] [STORE key] [STOREDIST key]
 */
export function georadiusbymemberCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return geoSearchGeneric(ctx, argv, 1, { from: 'member' });
}

/**
 * GEORADIUS without STORE / STOREDIST, so it is a read-only command.
 * Format: GEORADIUS_RO key longitude latitude radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
 *   [COUNT count [ANY]] [ASC | DESC]
 */
export function georadiusRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return geoSearchGeneric(ctx, argv, 1, { from: 'coords', noStore: true });
}

/**
 * GEORADIUSBYMEMBER without STORE / STOREDIST.
 * Format: GEORADIUSBYMEMBER_RO key member radius M|KM|FT|MI [WITHCOORD] [WITHDIST] [WITHHASH]
 *   [COUNT count [ANY]] [ASC | DESC]
 */
export function georadiusbymemberRoCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return geoSearchGeneric(ctx, argv, 1, { from: 'member', noStore: true });
}

/**
 * Members inside a circle or a box around a member or a point.
 * Format: GEOSEARCH key FROMMEMBER member | FROMLONLAT longitude latitude
 *   BYRADIUS radius M|KM|FT|MI | BYBOX width height M|KM|FT|MI [ASC | DESC] [COUNT count [ANY]]
 *   [WITHCOORD] [WITHDIST] [WITHHASH]
 */
export function geosearchCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return geoSearchGeneric(ctx, argv, 1, { from: 'search' });
}

/**
 * GEOSEARCH storing its result in `destination` (scored by geohash, or by distance with STOREDIST).
 * Format: GEOSEARCHSTORE destination source FROMMEMBER member | FROMLONLAT longitude latitude
 *   BYRADIUS radius M|KM|FT|MI | BYBOX width height M|KM|FT|MI [ASC | DESC] [COUNT count [ANY]]
 *   [STOREDIST]
 */
export function geosearchstoreCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  return geoSearchGeneric(ctx, argv, 2, { from: 'search', searchStore: true });
}

