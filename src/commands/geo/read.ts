// GEOPOS, GEOHASH and GEODIST: reading members' positions back out of their scores.
// Mirrors: redis src/geo.c (geoposCommand, geohashCommand, geodistCommand).

import { decodeGeoScore, geohashString } from '../../datatypes/geo/geohash.js';
import { geohashGetDistanceExact } from '../../datatypes/geo/distance.js';
import { zsetScore } from '../../datatypes/zset/zset-type.js';
import { syntaxError } from '../../errors.js';
import { NULL_ARRAY, type Reply } from '../../protocol/reply.js';
import { keyOf } from '../args.js';
import type { CommandContext } from '../context.js';
import { lookupZSetRead } from '../zset/common.js';
import { coordinateReply, distanceReply, unitArg } from './common.js';

/**
 * The position of each member: [longitude, latitude] (the centre of its geohash cell), or a null
 * array for a missing member.
 * Format: GEOPOS key [member [member ...]]
 */
export function geoposCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  const items: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = zset === undefined ? undefined : zsetScore(zset, keyOf(argv[j] as Buffer));
    if (score === undefined) {
      items.push(NULL_ARRAY);
      continue;
    }
    const [longitude, latitude] = decodeGeoScore(score);
    items.push([coordinateReply(ctx, longitude), coordinateReply(ctx, latitude)]);
  }
  return items;
}

/**
 * Each member's position as an 11-character standard geohash, or null for a missing member.
 * Format: GEOHASH key [member [member ...]]
 */
export function geohashCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  const items: Reply[] = [];
  for (let j = 2; j < argv.length; j++) {
    const score = zset === undefined ? undefined : zsetScore(zset, keyOf(argv[j] as Buffer));
    items.push(score === undefined ? null : geohashString(score));
  }
  return items;
}

/**
 * The distance between two members, in meters or the unit given (4 decimals); null when the key
 * or either member is missing.
 * Format: GEODIST key member1 member2 [M | KM | FT | MI]
 */
export function geodistCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  // The unit is checked before the key is looked up.
  let toMeters = 1;
  if (argv.length === 5) toMeters = unitArg(argv[4] as Buffer);
  else if (argv.length > 5) throw syntaxError();
  const zset = lookupZSetRead(ctx, keyOf(argv[1] as Buffer));
  if (zset === undefined) return null;
  const score1 = zsetScore(zset, keyOf(argv[2] as Buffer));
  const score2 = zsetScore(zset, keyOf(argv[3] as Buffer));
  if (score1 === undefined || score2 === undefined) return null;
  const [lon1, lat1] = decodeGeoScore(score1);
  const [lon2, lat2] = decodeGeoScore(score2);
  return distanceReply(geohashGetDistanceExact(lon1, lat1, lon2, lat2) / toMeters);
}
