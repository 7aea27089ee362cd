// GEOADD: positions become sorted set scores, then ZADD does the rest.
// Mirrors: redis src/geo.c (geoaddCommand).
//
// Redis turns `GEOADD key [NX|XX] [CH] lon lat member ...` into `ZADD key [NX|XX] [CH] score
// member ...`, each score the position's 52-bit geohash, and runs ZADD on it: the reply, the
// "zadd" keyspace event, the encoding rules and the AOF entry are ZADD's. We do the same, and log
// the ZADD form when something changed, as Redis's rewritten argv is what it propagates.

import { geoScoreText } from '../../datatypes/geo/geohash.js';
import { syntaxError } from '../../errors.js';
import type { Reply } from '../../protocol/reply.js';
import { optionWord } from '../args.js';
import type { CommandContext } from '../context.js';
import { zaddCommand } from '../zset/add.js';
import { longLatArgs } from './common.js';

const ZADD = Buffer.from('zadd');

/**
 * Add members at positions (a sorted set scored by geohash); replies how many were added (with CH,
 * added or moved).
 * Format: GEOADD key [NX | XX] [CH] longitude latitude member [longitude latitude member ...]
 */
export function geoaddCommand(ctx: CommandContext, argv: readonly Buffer[]): Reply {
  let nx = false;
  let xx = false;
  let longIdx = 2;
  for (; longIdx < argv.length; longIdx++) {
    const opt = optionWord(argv[longIdx] as Buffer);
    if (opt === 'NX') nx = true;
    else if (opt === 'XX') xx = true;
    else if (opt !== 'CH') break; // CH is ZADD's to handle
  }
  if ((argv.length - longIdx) % 3 !== 0 || (xx && nx)) throw syntaxError();

  const elements = (argv.length - longIdx) / 3;
  const zaddArgv: Buffer[] = [ZADD, ...argv.slice(1, longIdx)];
  for (let i = 0; i < elements; i++) {
    const at = longIdx + i * 3;
    const [longitude, latitude] = longLatArgs(argv[at] as Buffer, argv[at + 1] as Buffer);
    const score = geoScoreText(longitude, latitude) ?? '0';
    zaddArgv.push(Buffer.from(score, 'latin1'), argv[at + 2] as Buffer);
  }
  const dirtyBefore = ctx.server.dirty;
  const reply = zaddCommand(ctx, zaddArgv);
  if (ctx.server.dirty !== dirtyBefore && ctx.server.propagation !== undefined) ctx.propagateAs(zaddArgv);
  return reply;
}
